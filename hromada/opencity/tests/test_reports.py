"""Filing, routing, SLA clocks, the state machine with its ledger entries, support and the reporter's
verdict."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.test import TestCase
from PIL import Image

from hromada.core.errors import ApplicationError, PermissionDeniedError
from hromada.core.models import Notification
from hromada.ledger.models import PendingEntry
from hromada.opencity import actions, selectors
from hromada.opencity.models import ApiKey, Report, Status, Update
from tests.factories import DepartmentFactory, UserFactory, make_administrator

from .factories import INSIDE, make_category, make_city, make_report, make_zone, member_of

KYIV = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture
def city(hromada):
    return make_city(hromada)


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_report_is_routed_by_zone_and_category_and_tagged_with_its_channel(hromada, city):
    water = DepartmentFactory(hromada=hromada, name="Водоканал")
    leak = make_category(hromada, code="leak", department=None)
    make_zone(hromada, city["east"].boundary, department=water, categories=[leak], name="Зона водоканалу")

    pothole = make_report(hromada, city["category"], lat=50.01, lon=30.03)
    leaking = make_report(hromada, leak, lat=50.01, lon=30.03)

    assert (pothole.department, pothole.zone, pothole.district) == (
        city["roads"],
        city["east_zone"],
        city["east"],
    )
    assert leaking.department == water and not leaking.needs_triage
    assert pothole.channel == "web"


def test_report_outside_every_zone_goes_to_triage_never_nowhere(hromada, city):
    city["east_zone"].delete()

    report = make_report(hromada, city["category"], lat=50.01, lon=30.03)

    assert report.needs_triage and report.department is None
    admin = make_administrator(hromada)
    assert list(selectors.staff_queue(hromada=hromada, person=admin, triage=True)) == [report]
    actions.report_reassign(report=report, by=admin, department=city["roads"])
    report.refresh_from_db()
    assert not report.needs_triage and report.department == city["roads"]
    assert PendingEntry.objects.filter(kind="opencity.report_routed").count() == 1


def test_pin_outside_the_hromada_is_refused_with_a_clear_message(hromada, city):
    with pytest.raises(ApplicationError) as refused:
        make_report(hromada, city["category"], lat=51.5, lon=31.0)
    assert refused.value.code == "outside_hromada"
    assert "location" in refused.value.fields
    assert not Report.objects.exists()


def test_over_long_description_is_refused(hromada, city):
    with pytest.raises(ApplicationError) as refused:
        make_report(hromada, city["category"], description="я" * 4001)
    assert refused.value.code == "description_too_long"


def test_public_text_hides_every_contact_but_the_department_sees_it(hromada, city):
    report = make_report(
        hromada, city["category"], description="Яма. Мій номер 067 123 45 67, а сусіда 050 765 43 21"
    )
    assert "067" not in report.public_description and "050" not in report.public_description
    assert "067 123 45 67" in report.description


def test_sla_deadline_counts_working_days_from_the_kyiv_date(hromada, city, clock):
    clock.set(dt.datetime(2026, 12, 4, 10, 0, tzinfo=KYIV))  # a Friday

    report = make_report(hromada, city["category"])  # 5 working days

    assert report.due_at.astimezone(KYIV).date() == dt.date(2026, 12, 11)  # the next Friday, weekend skipped


def test_a_photo_is_re_encoded_without_exif_and_kept_private_until_published(hromada, city):
    report = make_report(hromada, city["category"], photos=[(_jpeg_with_exif(), "IMG_1.jpg")])

    photo = report.photos.get()
    stored = photo.image.read()
    assert b"SpyCam" not in stored and not photo.is_public
    assert list(selectors.report_photos(report=report, staff=False)) == []
    staff = member_of(city["roads"])
    actions.report_photo_publish(photo=photo, by=staff)
    assert list(selectors.report_photos(report=report, staff=False)) == [photo]


def test_a_file_that_is_not_an_image_is_refused(hromada, city):
    with pytest.raises(ApplicationError):
        make_report(hromada, city["category"], photos=[(b"%PDF-1.4 nope %%EOF", "a.jpg")])
    assert not Report.objects.exists()


def test_fixed_and_closed_not_fixed_are_ledgered_and_counted_apart(hromada, city, clock):
    staff = member_of(city["roads"])
    fixed = make_report(hromada, city["category"])
    refused = make_report(hromada, city["category"])
    actions.report_transition(report=fixed, by=staff, target=Status.ACCEPTED)
    actions.report_transition(report=fixed, by=staff, target=Status.FIXED, text="Залатали")
    clock.advance(dt.timedelta(days=30))
    actions.report_transition(
        report=refused,
        by=staff,
        target=Status.CLOSED,
        reason="not_responsible",
        responsible_elsewhere="Укравтодор",
    )

    [row] = selectors.department_clocks(hromada=hromada)
    assert (row.fixed, row.closed_not_fixed, row.on_time, row.late, row.open) == (1, 1, 1, 1, 0)
    entries = list(PendingEntry.objects.filter(kind="opencity.report_status").values_list("data", flat=True))
    assert len(entries) == 3
    assert all(b"Appleseed" not in bytes(e) for e in entries)
    refused.refresh_from_db()
    assert refused.responsible_elsewhere == "Укравтодор" and refused.closed_at is not None


def test_closing_without_a_reason_is_refused_and_nothing_changes(hromada, city):
    staff = member_of(city["roads"])
    report = make_report(hromada, city["category"])

    with pytest.raises(ApplicationError) as refused:
        actions.report_transition(report=report, by=staff, target=Status.CLOSED)
    assert refused.value.code == "reason_required"
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_not_our_responsibility_forwards_the_report_by_e_mail(
    hromada, city, django_capture_on_commit_callbacks
):
    staff = member_of(city["roads"])
    report = make_report(hromada, city["category"], description="Яма, дзвоніть 0671234567")

    with django_capture_on_commit_callbacks(execute=True):
        actions.report_transition(
            report=report,
            by=staff,
            target=Status.CLOSED,
            reason="not_responsible",
            responsible_elsewhere="ДТЕК",
            forwarded_to_email="dtek@example.com",
        )

    [sent] = [m for m in mail.outbox if m.to == ["dtek@example.com"]]
    assert sent.to == ["dtek@example.com"] and "0671234567" not in sent.body


def test_duplicate_needs_the_original(hromada, city):
    staff = member_of(city["roads"])
    original = make_report(hromada, city["category"])
    copy = make_report(hromada, city["category"])
    actions.report_transition(
        report=copy, by=staff, target=Status.CLOSED, reason="duplicate", duplicate_of=original
    )
    copy.refresh_from_db()
    assert copy.duplicate_of == original and copy.close_reason == "duplicate"


def test_staff_of_another_department_cannot_move_a_report(hromada, city):
    outsider = member_of(DepartmentFactory(hromada=hromada))
    report = make_report(hromada, city["category"])
    with pytest.raises(PermissionDeniedError):
        actions.report_transition(report=report, by=outsider, target=Status.ACCEPTED)


def test_reporter_disputes_a_fix_and_the_report_reopens_and_the_department_is_told(hromada, city):
    staff = member_of(city["roads"])
    report = make_report(hromada, city["category"])
    actions.report_transition(report=report, by=staff, target=Status.FIXED)

    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.report_verdict(report=report, person=report.reporter, fixed=False, text="Яма на місці")

    report.refresh_from_db()
    assert report.status == Status.REOPENED and report.reopen_count == 1 and report.closed_at is None
    assert Notification.objects.filter(recipient=staff, kind="opencity.disputed").exists()
    actions.report_transition(report=report, by=staff, target=Status.FIXED)
    actions.report_verdict(report=report, person=report.reporter, fixed=True)
    report.refresh_from_db()
    assert report.reporter_verdict == "confirmed"


def test_only_the_reporter_may_give_the_verdict(hromada, city):
    staff = member_of(city["roads"])
    report = make_report(hromada, city["category"])
    actions.report_transition(report=report, by=staff, target=Status.FIXED)
    with pytest.raises(PermissionDeniedError):
        actions.report_verdict(report=report, person=UserFactory(hromada=hromada), fixed=False)


def test_support_counts_once_and_subscribes_to_updates(hromada, city):
    staff = member_of(city["roads"])
    report = make_report(hromada, city["category"])
    neighbour = UserFactory(hromada=hromada)

    actions.report_support(report=report, person=neighbour)
    actions.report_support(report=report, person=neighbour)
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.report_update_add(report=report, by=staff, text="Бригада виїхала", public=True)
        actions.report_update_add(report=report, by=staff, text="Внутрішнє", public=False)

    report.refresh_from_db()
    assert report.supporters_count == 1
    told = Notification.objects.filter(kind="opencity.update")
    assert {n.recipient_id for n in told} == {neighbour.pk, report.reporter_id}
    assert [
        u.text for u in selectors.report_updates(report=report, staff=False) if u.kind != Update.Kind.STATUS
    ] == ["Бригада виїхала"]


def test_nearby_open_reports_of_the_category_within_50_m_across_a_district_boundary(hromada, city):
    there = make_report(hromada, city["category"], lat=50.01, lon=30.0202)  # east district
    make_report(hromada, city["category"], lat=50.01, lon=30.0212)  # 100 m away
    other = make_category(hromada, code="light")
    make_report(hromada, other, lat=50.01, lon=30.0201)

    found = selectors.reports_nearby(hromada=hromada, category=city["category"], lat=50.01, lon=30.0198)

    assert [n.report for n in found] == [there]


def test_call_centre_files_for_a_caller_and_a_resident_cannot(hromada, city):
    agent = member_of(city["roads"])
    report = actions.report_create(
        hromada=hromada,
        category=city["category"],
        lat=INSIDE[0],
        lon=INSIDE[1],
        description="Дзвінок",
        channel="callcentre",
        by=agent,
        contact_name="Петро",
        contact_phone="0501112233",
    )
    assert report.channel == "callcentre" and report.reporter is None
    with pytest.raises(PermissionDeniedError):
        actions.report_create(
            hromada=hromada,
            category=city["category"],
            lat=INSIDE[0],
            lon=INSIDE[1],
            description="x",
            channel="callcentre",
            by=UserFactory(hromada=hromada),
        )


def test_required_extra_questions_are_asked(hromada, city):
    category = make_category(
        hromada,
        code="tree",
        questions=[
            {
                "code": "SIZE",
                "datatype": "singlevaluelist",
                "required": True,
                "values": [{"key": "s", "name": "мале"}, {"key": "l", "name": "велике"}],
            }
        ],
    )
    with pytest.raises(ApplicationError):
        make_report(hromada, category)
    with pytest.raises(ApplicationError):
        make_report(hromada, category, answers={"SIZE": "huge"})
    assert make_report(hromada, category, answers={"SIZE": "l"}).attributes == {"SIZE": "l"}


def test_setup_actions_check_their_input(hromada, city):
    admin = make_administrator(hromada)
    category = city["category"]
    category.questions = [{"code": "A"}, {"code": "A"}]
    with pytest.raises(ApplicationError):
        actions.category_save(category=category, by=admin)
    category.questions = [{"code": "A", "datatype": "number"}]
    actions.category_save(category=category, by=admin)
    zone = city["west_zone"]
    zone.boundary = {"type": "Point", "coordinates": [30, 50]}
    with pytest.raises(ApplicationError):
        actions.zone_save(zone=zone, by=admin)
    key, secret = actions.api_key_issue(hromada=hromada, name="Міський бот", by=admin)
    assert secret not in key.key_hash and ApiKey.objects.get().prefix == secret[:8]
    actions.api_key_revoke(api_key=key, by=admin)
    assert not ApiKey.objects.get().is_active
    with pytest.raises(PermissionDeniedError):
        actions.api_key_issue(hromada=hromada, name="x", by=member_of(city["roads"]))


def test_erasure_unlinks_the_reporter_and_keeps_only_the_redacted_text(hromada, city):
    report = make_report(hromada, city["category"], description="Яма, 0671234567", contact_phone="0671234567")
    reporter = report.reporter

    actions.opencity_person_erase(person=reporter)

    report.refresh_from_db()
    assert report.reporter is None and report.contact_phone == "" and "0671234567" not in report.description


def test_an_official_sets_the_point_of_a_report_placed_from_its_address(hromada, city):
    key, _secret = actions.api_key_issue(hromada=hromada, name="Міський бот", by=make_administrator(hromada))
    report = actions.report_create(
        hromada=hromada,
        category=city["category"],
        lat=INSIDE[0],
        lon=INSIDE[1],
        description="Яма",
        channel="api",
        api_key=key,
        address="Соборна",
        location_precision="street",
    )
    assert report.needs_triage and report.district == city["west"]
    official = member_of(city["roads"])

    moved = actions.report_relocate(
        report=report, by=official, lat=50.01, lon=30.03, text="Уточнили на місці"
    )

    moved.refresh_from_db()
    assert (moved.lat, moved.lon, moved.location_precision) == (50.01, 30.03, "point")
    assert (moved.district, moved.needs_triage, moved.department) == (city["east"], False, city["roads"])
    assert moved.updates.filter(kind="internal", text="Уточнили на місці").exists()
    assert PendingEntry.objects.filter(kind="opencity.report_relocated").count() == 1


def test_setting_the_point_is_refused_outside_the_hromada_and_to_people_who_do_not_handle_it(hromada, city):
    report = make_report(hromada, city["category"])
    with pytest.raises(ApplicationError):
        actions.report_relocate(report=report, by=member_of(city["roads"]), lat=10.0, lon=10.0)
    with pytest.raises(PermissionDeniedError):
        actions.report_relocate(report=report, by=UserFactory(hromada=hromada), lat=50.01, lon=30.03)

    report.refresh_from_db()
    assert (report.lat, report.lon) == INSIDE
    assert not PendingEntry.objects.filter(kind="opencity.report_relocated").exists()
