import hashlib
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hromada.accounts.identity import normalise_phone, rnokpp_is_valid
from hromada.accounts.models import (
    DepartmentMembership,
    HromadaRole,
    User,
    VerificationLevel,
    VerificationRecord,
)
from hromada.cnapqueue.models import Office
from hromada.core.geo import contains, polygon_problems
from hromada.core.models import Hromada, HromadaHost, TenantModel
from hromada.portal.demo import names, svitlohirsk, verbivka
from hromada.portal.demo.credentials import DEMO_PASSWORD, backup_codes, totp_key, totp_secret
from hromada.portal.demo.installation import DEMO_RESIDENT, OPERATOR, PLANS
from hromada.portal.demo.loader import demo_load
from hromada.portal.models import Article, HelpPage
from hromada.territory.models import Department, District, Institution
from hromada.territory.selectors import district_by_street
from tests.factories import totp_now

DOCS = Path(settings.BASE_DIR) / "docs" / "demo.md"
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture
def summary(demo_loaded, db):
    return demo_loaded.summary


def fingerprint() -> dict[str, tuple[int, str]]:
    """Row count and a digest of every stored value, per model."""
    result = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = [field.attname for field in model._meta.concrete_fields]
        rows = list(model._base_manager.order_by("pk").values_list(*columns))
        result[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return result


def staff_of_the_demo() -> list[User]:
    return list(
        User.objects.filter(
            models.Q(is_staff=True)
            | models.Q(is_superuser=True)
            | models.Q(hromada_roles__isnull=False)
            | models.Q(memberships__isnull=False)
        ).distinct()
    )


def test_loading_again_writes_nothing(summary):
    before = fingerprint()

    with CaptureQueriesContext(connection) as queries:
        second = demo_load()

    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert fingerprint() == before
    assert (second.created, second.updated) == (0, 0)
    assert before["accounts.User"][0] > 200


def test_loading_again_repairs_what_drifted_from_the_demo(summary):
    institution = Institution.objects.get(short_name="ЦНАП", hromada__slug=svitlohirsk.SLUG)
    Institution.objects.filter(pk=institution.pk).update(phone="0", opening_hours={})
    TOTPDevice.objects.filter(user__email=OPERATOR.email).update(key="00" * 20)

    again = demo_load()

    institution.refresh_from_db()
    assert institution.phone == "(04736) 2-30-00"
    assert institution.opening_hours["tue"] == [["08:00", "20:00"]]
    assert TOTPDevice.objects.get(user__email=OPERATOR.email).key == totp_key(OPERATOR.email)
    assert (again.created, again.updated) == (0, 2)


def test_the_default_hromada_has_the_advertised_size(summary):
    hromada = Hromada.objects.get(slug=svitlohirsk.SLUG)
    institutions = Institution.objects.filter(hromada=hromada)
    kinds = {kind: institutions.filter(kind=kind).count() for kind in Institution.Kind.values}
    residents = User.objects.filter(hromada=hromada, is_staff=False, is_superuser=False)
    articles = Article.objects.filter(hromada=hromada)

    assert hromada.is_default
    assert HromadaHost.objects.filter(hromada=hromada, host="svitlohirsk.localhost").exists()
    assert District.objects.filter(hromada=hromada).count() == 5
    assert District.objects.filter(hromada=hromada, kind=District.Kind.STAROSTA_DISTRICT).count() == 1
    assert Department.objects.filter(hromada=hromada).count() == 8
    assert institutions.count() >= 40
    assert kinds["cnap"] == 3  # the main one, a remote workplace and the mobile office (a van)
    assert institutions.filter(kind="cnap", district__kind=District.Kind.STAROSTA_DISTRICT).count() == 1
    assert kinds["kindergarten"] >= 12
    assert kinds["school"] >= 10
    assert kinds["club"] >= 5
    assert kinds["clinic"] + kinds["hospital"] >= 4
    assert kinds["library"] >= 2
    assert kinds["utility"] >= 1
    assert all(i.phone and i.address for i in institutions)
    # The mobile office has stops, not opening hours (cnapqueue:stops).
    vans = Office.objects.filter(hromada=hromada, is_mobile=True).values("institution_id")
    assert vans.count() == 1
    assert all(i.opening_hours for i in institutions.exclude(pk__in=vans))
    assert (
        DepartmentMembership.objects.filter(department__hromada=hromada).values("user").distinct().count()
        >= 10
    )
    assert DepartmentMembership.objects.filter(
        department__hromada=hromada,
        role=DepartmentMembership.Role.CNAP_OFFICER,
        department__name__contains="адміністративних послуг",
    ).exists()
    assert HromadaRole.objects.filter(hromada=hromada, role=HromadaRole.Role.ADMINISTRATOR).count() == 1
    assert HromadaRole.objects.filter(hromada=hromada, role=HromadaRole.Role.MODERATOR).count() == 1
    assert User.objects.get(email=OPERATOR.email).is_superuser
    assert residents.count() >= 200
    assert set(residents.values_list("verification_level", flat=True)) == set(VerificationLevel.values)
    assert residents.exclude(phone=None).count() >= 50
    assert articles.count() >= 8
    assert all(a.is_published and a.published_at <= timezone.now() for a in articles)
    assert articles.exclude(title_en="").count() >= 3
    assert HelpPage.objects.filter(hromada=hromada, is_published=True).count() >= 4


def test_the_second_hromada_is_small_and_separate(summary):
    hromada = Hromada.objects.get(slug=verbivka.SLUG)

    assert not hromada.is_default
    assert list(HromadaHost.objects.filter(hromada=hromada).values_list("host", flat=True)) == [
        "verbivka.localhost"
    ]
    assert District.objects.filter(hromada=hromada, kind=District.Kind.STAROSTA_DISTRICT).count() == 2
    assert Department.objects.filter(hromada=hromada).count() == 2
    assert Institution.objects.filter(hromada=hromada).count() >= 6
    assert list(HromadaRole.objects.filter(hromada=hromada).values_list("role", flat=True)) == [
        "administrator"
    ]
    assert User.objects.filter(hromada=hromada, is_staff=False).count() == 10
    assert Article.objects.filter(hromada=hromada).count() == 3
    assert HelpPage.objects.filter(hromada=hromada).count() == 2


def test_every_row_points_only_at_rows_of_its_own_hromada(summary):
    for model in apps.get_models():
        if not issubclass(model, TenantModel):
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and issubclass(field.related_model, TenantModel):
                strays = model.objects.exclude(**{field.name: None}).exclude(
                    **{f"{field.name}__hromada": models.F("hromada")}
                )
                assert not strays.exists(), f"{model._meta.label}.{field.name}"
    assert not User.objects.exclude(district=None).exclude(district__hromada=models.F("hromada")).exists()
    verbivka_people = User.objects.filter(hromada__slug=verbivka.SLUG)
    for record in VerificationRecord.objects.filter(user__in=verbivka_people).select_related("verified_by"):
        assert record.verified_by is None or record.verified_by.hromada.slug == verbivka.SLUG
    assert (
        not Article.objects.filter(hromada__slug=verbivka.SLUG).exclude(author__in=verbivka_people).exists()
    )


def test_districts_tile_the_city_and_institutions_lie_inside_their_own_district(summary):
    for hromada in Hromada.objects.all():
        districts = list(District.objects.filter(hromada=hromada))
        for district in districts:
            assert polygon_problems(district.boundary) == []
        for institution in Institution.objects.filter(hromada=hromada):
            inside = [d for d in districts if contains(d.boundary, institution.lon, institution.lat)]
            assert inside == [institution.district], institution.name

    city = [d for d in District.objects.filter(hromada__slug=svitlohirsk.SLUG) if d.kind == "city_district"]
    # An offset grid over the city's rectangle (32.54–32.66 E, 49.17–49.23 N) never meets a border exactly.
    for i in range(60):
        for j in range(30):
            lon, lat = 32.5401 + i * 0.001997, 49.1701 + j * 0.001993
            assert sum(contains(d.boundary, lon, lat) for d in city) == 1, (lon, lat)


def test_the_street_lists_give_every_demo_address_its_own_district_and_split_two_streets(summary):
    for hromada in Hromada.objects.all():
        for institution in Institution.objects.filter(hromada=hromada):
            found = district_by_street(hromada=hromada, address=institution.address)
            assert found is not None and found.district == institution.district_id, institution.address
        for person in User.objects.filter(district__hromada=hromada).exclude(registered_address=""):
            found = district_by_street(hromada=hromada, address=person.registered_address)
            assert found is not None and found.district == person.district_id, person.registered_address
    city = Hromada.objects.get(slug=svitlohirsk.SLUG)
    by_name = {d.name: d.pk for d in District.objects.filter(hromada=city)}
    for address, district in (
        ("вул. Київська, 59", "Центральний район"),
        ("вул. Київська, 60", "Заводський район"),
        ("вул. Степова, 7", "Північний район"),
        ("вул. Степова, 8", "Лісовий район"),
    ):
        found = district_by_street(hromada=city, address=address)
        assert found is not None and found.district == by_name[district], address


def test_every_staff_member_has_the_printed_confirmed_two_factor_devices(summary):
    printed = {login.login: login for login in summary.logins}
    staff = staff_of_the_demo()

    assert len(staff) >= 14
    for user in staff:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        assert device.key == totp_key(user.email)
        assert printed[user.email].totp_secret == totp_secret(device.key)
        codes = StaticDevice.objects.get(user=user, confirmed=True).token_set.values_list("token", flat=True)
        assert sorted(codes) == sorted(backup_codes(user.email)) == sorted(printed[user.email].backup_codes)
        assert user.check_password(DEMO_PASSWORD)
    assert TOTPDevice.objects.get(user=staff[0]).verify_token(totp_now(TOTPDevice.objects.get(user=staff[0])))


def test_the_printed_demo_resident_logs_in_and_was_verified_in_person_at_cnap(summary):
    resident = User.objects.get(email=DEMO_RESIDENT)
    record = VerificationRecord.objects.get(user=resident, level=VerificationLevel.STRONG)

    assert resident.check_password(summary.password)
    assert not resident.is_staff
    assert resident.verification_level == VerificationLevel.STRONG
    assert resident.national_id_hash
    assert record.method == VerificationRecord.Method.IN_PERSON
    assert record.verified_by.memberships.get().role == DepartmentMembership.Role.CNAP_OFFICER
    assert DEMO_RESIDENT in [login.login for login in summary.logins]


def test_generated_people_have_consistent_names_identifiers_and_logins():
    people = [person for plan in PLANS for person in plan.residents]
    female_given = set(names.FEMALE_NAMES)
    male_given = set(names.MALE_NAMES)
    female_only = {female for male, female in names.GENDERED_SURNAMES if male != female}
    male_only = {male for male, female in names.GENDERED_SURNAMES if male != female}

    for person in people:
        surname, given, patronymic = person.full_name.split(" ")
        if given in female_given:
            assert patronymic.endswith(("івна", "ївна")) and surname not in male_only, person.full_name
        else:
            assert given in male_given and patronymic.endswith("ович") and surname not in female_only
        if person.verification == "strong":
            assert rnokpp_is_valid(person.national_id) and person.document_kind
        if person.phone:
            assert normalise_phone(person.phone) == person.phone
    for attribute in ("email", "phone", "national_id"):
        values = [getattr(p, attribute) for p in people if getattr(p, attribute)]
        assert len(values) == len(set(values)), attribute
    assert [p.email for p in svitlohirsk.PLAN.residents] == [p.email for p in svitlohirsk.RESIDENTS]


def test_the_command_prints_urls_password_and_every_staff_secret(summary):
    out = io.StringIO()

    call_command("demo", stdout=out)

    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    assert "http://verbivka.localhost:8000/" in text
    assert DEMO_PASSWORD in text
    assert DEMO_RESIDENT in text
    for user in staff_of_the_demo():
        assert totp_secret(totp_key(user.email)) in text
        assert " ".join(backup_codes(user.email)) in text


def test_the_docs_list_the_logins_the_command_prints():
    text = DOCS.read_text()

    assert DEMO_PASSWORD in text
    assert DEMO_RESIDENT in text
    for staff in [OPERATOR, *(spec for plan in PLANS for spec in plan.staff)]:
        assert staff.email in text
        assert totp_secret(totp_key(staff.email)) in text
