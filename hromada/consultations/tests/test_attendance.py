"""Ticking off who came to a public hearing: the department marks the confirmed registrants on the
attendance list from the start of the hearing until the report; the report, the page and the API give
how many came; the transparency log records the count and never the names; a resident sees their hearings
in "My consultations"."""

import datetime as dt
import json

import pytest
from django.test import Client

from hromada.consultations.actions import (
    consultation_announce,
    consultation_create,
    hearing_add,
    hearing_attendance_mark,
    hearing_register,
)
from hromada.consultations.models import HearingRegistration, RegistrationStatus
from hromada.core.errors import ApplicationError, PermissionDeniedError
from hromada.ledger.models import Entry, PendingEntry
from tests.factories import login_with_totp, make_official

from .factories import make_participant

pytestmark = pytest.mark.django_db


def _payloads(kind):
    rows = list(PendingEntry.objects.filter(kind=kind).order_by("pk")) + list(
        Entry.objects.filter(kind=kind).order_by("index")
    )
    return [json.loads(bytes(row.data))["payload"] for row in rows]


@pytest.fixture
def hearing(clock, hromada, consultation_official):
    """An announced hearing with two places, five days after the opening; the clock stays at the opening."""
    opens = clock()
    consultation = consultation_create(
        hromada=hromada,
        by=consultation_official,
        title="Нова зупинка",
        summary="Де поставити зупинку?",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=20),
    )
    hearing = hearing_add(
        consultation=consultation,
        by=consultation_official,
        title="Громадські слухання",
        starts_at=opens + dt.timedelta(days=5),
        ends_at=opens + dt.timedelta(days=5, hours=2),
        place="Будинок культури",
        capacity=2,
    )
    consultation_announce(consultation=consultation, by=consultation_official)
    return hearing


def _registered(hearing, hromada, *names):
    return [
        hearing_register(hearing=hearing, person=make_participant(hromada, full_name=name)) for name in names
    ]


def test_the_department_ticks_off_who_came_and_the_report_gives_the_count(
    clock, hearing, hromada, consultation_official
):
    came, stayed_home, waiting = _registered(hearing, hromada, "Ґудзь Олег", "Іваненко Петро", "Єрмак Анна")
    clock.advance(dt.timedelta(days=5, minutes=10))

    counted = hearing_attendance_mark(hearing=hearing, by=consultation_official, present=[came.pk])

    assert counted == 1
    assert HearingRegistration.objects.get(pk=came.pk).attended_at == clock()
    assert HearingRegistration.objects.get(pk=stayed_home.pk).attended_at is None
    assert waiting.status == RegistrationStatus.WAITING
    report = Client().get(f"/consultations/{hearing.consultation_id}/report/").content.decode()
    assert "1 особа, за списком присутніх" in report
    api = Client().get(f"/api/v1/consultations/{hearing.consultation_id}").json()
    assert api["hearings"][0]["attended"] == 1


def test_the_log_records_how_many_came_and_never_who(clock, hearing, hromada, consultation_official):
    first, second = _registered(hearing, hromada, "Ґудзь Олег", "Іваненко Петро")
    clock.advance(dt.timedelta(days=5, minutes=10))

    hearing_attendance_mark(hearing=hearing, by=consultation_official, present=[first.pk, second.pk])
    hearing_attendance_mark(hearing=hearing, by=consultation_official, present=[first.pk])
    hearing_attendance_mark(hearing=hearing, by=consultation_official, present=[first.pk])  # no change

    entries = _payloads("consultation.hearing_attendance")
    assert [e["attended"] for e in entries] == [2, 1]
    assert all(e["confirmed"] == 2 and e["hearing"] == hearing.pk for e in entries)
    assert all(set(e) == {"hearing", "attended", "walk_ins", "confirmed", "waiting"} for e in entries)
    assert HearingRegistration.objects.filter(attended_at__isnull=False).count() == 1


def test_attendance_before_the_start_is_refused(clock, hearing, hromada, consultation_official):
    (registration,) = _registered(hearing, hromada, "Ґудзь Олег")
    clock.advance(dt.timedelta(days=4))

    with pytest.raises(ApplicationError) as refused:
        hearing_attendance_mark(hearing=hearing, by=consultation_official, present=[registration.pk])

    assert refused.value.code == "not_started"
    assert HearingRegistration.objects.get().attended_at is None


def test_only_confirmed_places_of_this_hearing_can_be_ticked(clock, hearing, hromada, consultation_official):
    _confirmed_a, _confirmed_b, waiting = _registered(hearing, hromada, "А", "Б", "В")
    clock.advance(dt.timedelta(days=5, minutes=10))

    with pytest.raises(ApplicationError) as refused:
        hearing_attendance_mark(hearing=hearing, by=consultation_official, present=[waiting.pk])

    assert refused.value.code == "not_confirmed"
    assert not HearingRegistration.objects.filter(attended_at__isnull=False).exists()


def test_a_resident_or_another_department_cannot_tick_off_attendance(
    clock, hearing, hromada, participant, consultation_official
):
    (registration,) = _registered(hearing, hromada, "Ґудзь Олег")
    clock.advance(dt.timedelta(days=5, minutes=10))
    url = f"/consultations/{hearing.consultation_id}/hearings/{hearing.pk}/attendance/"

    with pytest.raises(PermissionDeniedError):
        hearing_attendance_mark(hearing=hearing, by=participant, present=[registration.pk])
    response = login_with_totp(participant).post(url, {"present": [registration.pk]})

    assert response.status_code == 403
    assert HearingRegistration.objects.get().attended_at is None


def test_the_attendance_page_ticks_off_through_its_form(clock, hearing, hromada, consultation_official):
    first, second = _registered(hearing, hromada, "Ґудзь Олег", "Іваненко Петро")
    staff = login_with_totp(consultation_official)
    url = f"/consultations/{hearing.consultation_id}/hearings/{hearing.pk}/attendance/"
    before = staff.get(url).content.decode()
    clock.advance(dt.timedelta(days=5, minutes=10))

    during = staff.get(url).content.decode()
    saved = staff.post(url, {"present": [str(second.pk)]}, follow=True)

    assert 'name="present"' not in before
    assert f'value="{first.pk}"' in during and f'value="{second.pk}"' in during
    assert saved.status_code == 200 and "1 особа прийшла" in saved.content.decode()
    assert list(HearingRegistration.objects.filter(attended_at__isnull=False)) == [second]
    assert f'value="{second.pk}" id="present-{second.pk}" checked' in saved.content.decode()


def test_attendance_cannot_change_after_the_report(clock, hearing, hromada, consultation_official):
    from hromada.consultations.actions import report_publish

    (registration,) = _registered(hearing, hromada, "Ґудзь Олег")
    clock.advance(dt.timedelta(days=21))
    report_publish(consultation=hearing.consultation, by=consultation_official, summary="Підсумки.")

    with pytest.raises(ApplicationError) as refused:
        hearing_attendance_mark(hearing=hearing, by=consultation_official, present=[registration.pk])

    assert refused.value.code == "reported"


def test_my_consultations_lists_my_hearing_registrations(clock, hearing, hromada, participant):
    others = [make_participant(hromada) for _ in range(2)]
    for person in others:
        hearing_register(hearing=hearing, person=person)
    hearing_register(hearing=hearing, person=participant)  # the third: waits
    client = Client()
    client.force_login(participant)

    page = client.get("/consultations/mine/").content.decode()

    assert "Громадські слухання" in page and f"#hearing-{hearing.pk}" in page
    assert "ви у списку очікування" in page
    client.force_login(others[0])
    assert "ваше місце підтверджено" in client.get("/consultations/mine/").content.decode()


def test_another_officials_colleague_of_another_hromada_gets_no_attendance(
    clock, hearing, other_hromada, hromada
):
    (registration,) = _registered(hearing, hromada, "Ґудзь Олег")
    stranger = make_official(other_hromada)
    clock.advance(dt.timedelta(days=5, minutes=10))

    with pytest.raises(PermissionDeniedError):
        hearing_attendance_mark(hearing=hearing, by=stranger, present=[registration.pk])


def test_walk_ins_are_counted_in_the_report_the_api_and_the_log_without_their_names(
    clock, hearing, hromada, consultation_official
):
    (came,) = _registered(hearing, hromada, "Ґудзь Олег")
    clock.advance(dt.timedelta(days=5, minutes=10))

    counted = hearing_attendance_mark(
        hearing=hearing,
        by=consultation_official,
        present=[came.pk],
        walk_ins=3,
        walk_in_names=["Петренко Марія", " ", "Сидоренко Іван"],
    )

    assert counted == 4
    hearing.refresh_from_db()
    assert hearing.walk_ins == 3 and hearing.walk_in_names == "Петренко Марія\nСидоренко Іван"
    report = Client().get(f"/consultations/{hearing.consultation_id}/report/").content.decode()
    assert "4 особи, за списком присутніх" in report and "з них 3 особи прийшли без реєстрації" in report
    assert "Петренко" not in report
    api = Client().get(f"/api/v1/consultations/{hearing.consultation_id}").json()
    assert api["hearings"][0]["attended"] == 4 and api["hearings"][0]["walk_ins"] == 3
    assert "Петренко" not in json.dumps(api, ensure_ascii=False)
    (entry,) = _payloads("consultation.hearing_attendance")
    assert entry["attended"] == 1 and entry["walk_ins"] == 3
    assert "Петренко" not in json.dumps(entry, ensure_ascii=False)


def test_more_names_than_walk_ins_is_refused_and_a_name_alone_is_not_logged(
    clock, hearing, hromada, consultation_official
):
    clock.advance(dt.timedelta(days=5, minutes=10))

    with pytest.raises(ApplicationError) as refused:
        hearing_attendance_mark(
            hearing=hearing, by=consultation_official, present=[], walk_ins=1, walk_in_names=["А", "Б"]
        )
    hearing_attendance_mark(hearing=hearing, by=consultation_official, present=[], walk_ins=2)
    hearing_attendance_mark(
        hearing=hearing, by=consultation_official, present=[], walk_ins=2, walk_in_names=["Гнатюк Ліна"]
    )

    assert refused.value.code == "invalid_walk_ins" and "walk_ins" in refused.value.fields
    assert [e["walk_ins"] for e in _payloads("consultation.hearing_attendance")] == [2]
    hearing.refresh_from_db()
    assert hearing.walk_in_names == "Гнатюк Ліна"


def test_the_database_refuses_names_of_walk_ins_without_a_count(hearing):
    from django.db import IntegrityError, transaction

    from hromada.consultations.models import Hearing

    with pytest.raises(IntegrityError), transaction.atomic():
        Hearing.objects.filter(pk=hearing.pk).update(walk_ins=0, walk_in_names="Хтось")


def test_the_attendance_page_records_walk_ins_and_keeps_the_input_on_a_refusal(
    clock, hearing, hromada, consultation_official
):
    (first,) = _registered(hearing, hromada, "Ґудзь Олег")
    staff = login_with_totp(consultation_official)
    url = f"/consultations/{hearing.consultation_id}/hearings/{hearing.pk}/attendance/"
    clock.advance(dt.timedelta(days=5, minutes=10))

    refused = staff.post(url, {"present": [str(first.pk)], "walk_ins": "1", "walk_in_names": "Перша\nДруга"})
    saved = staff.post(
        url, {"present": [str(first.pk)], "walk_ins": "2", "walk_in_names": "Перша"}, follow=True
    )

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Перша\nДруга" in page and f'id="present-{first.pk}" checked' in page
    assert 'id="id_walk_ins_error"' in page
    assert "3 особи прийшли" in saved.content.decode()
    hearing.refresh_from_db()
    assert hearing.walk_ins == 2 and hearing.walk_in_names == "Перша"


def test_the_minutes_page_gives_how_many_came_with_the_walk_ins(
    clock, hearing, hromada, consultation_official
):
    (came,) = _registered(hearing, hromada, "Ґудзь Олег")
    staff = login_with_totp(consultation_official)
    url = f"/consultations/{hearing.consultation_id}/hearings/{hearing.pk}/minutes/"
    clock.advance(dt.timedelta(days=5, minutes=10))
    before = staff.get(url).content.decode()
    hearing_attendance_mark(hearing=hearing, by=consultation_official, present=[came.pk], walk_ins=4)

    after = staff.get(url).content.decode()

    assert 'id="turnout"' not in before
    assert "За списком присутніх прийшли 5 осіб (1 за реєстрацією, 4 без реєстрації)." in after


def test_the_walk_ins_names_are_deleted_after_their_term_and_the_count_stays(
    clock, hearing, hromada, consultation_official
):
    from hromada.consultations.actions import walk_in_names_erase_due
    from hromada.consultations.models import WALK_IN_NAMES_KEPT

    clock.advance(dt.timedelta(days=5, minutes=10))
    hearing_attendance_mark(
        hearing=hearing,
        by=consultation_official,
        present=[],
        walk_ins=2,
        walk_in_names=["Нечуйвітер Квітослава"],
    )
    clock.set(hearing.ends_at + WALK_IN_NAMES_KEPT - dt.timedelta(minutes=1))
    early = walk_in_names_erase_due()
    clock.advance(dt.timedelta(minutes=1))

    erased, again = walk_in_names_erase_due(), walk_in_names_erase_due()

    assert (early, erased, again) == (0, 1, 0)
    hearing.refresh_from_db()
    assert hearing.walk_in_names == "" and hearing.walk_ins == 2
    assert hearing.walk_in_names_erased_at == clock()
    page = login_with_totp(consultation_official).get(
        f"/consultations/{hearing.consultation_id}/hearings/{hearing.pk}/attendance/"
    )
    assert "Нечуйвітер" not in page.content.decode() and "Імена видалено" in page.content.decode()


def test_names_of_walk_ins_are_refused_after_their_term(clock, hearing, consultation_official):
    from hromada.consultations.models import WALK_IN_NAMES_KEPT

    clock.set(hearing.ends_at + WALK_IN_NAMES_KEPT)

    with pytest.raises(ApplicationError) as refused:
        hearing_attendance_mark(
            hearing=hearing,
            by=consultation_official,
            present=[],
            walk_ins=1,
            walk_in_names=["Нечуйвітер Квітослава"],
        )
    counted = hearing_attendance_mark(hearing=hearing, by=consultation_official, present=[], walk_ins=1)

    assert refused.value.code == "names_expired" and "walk_in_names" in refused.value.fields
    assert counted == 1


def test_the_walk_in_names_job_is_registered():
    from hromada.core import registry

    assert "consultations.walk_in_names" in {job.key for job in registry.periodic_jobs()}
