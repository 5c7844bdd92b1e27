"""Public hearings: set up while preparing (frozen at the announcement), registration with a limit of
places and a waiting list, cancelling until the start, minutes (text and document) published once by the
department, shown in the report; every registration and the minutes in the transparency log."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from hromada.accounts.models import DepartmentMembership
from hromada.consultations.actions import (
    consultation_announce,
    consultation_create,
    consultation_data_erase,
    hearing_add,
    hearing_cancel,
    hearing_minutes_publish,
    hearing_places_free,
    hearing_register,
    hearing_reminders_send,
    hearing_update,
)
from hromada.consultations.models import Hearing, HearingRegistration, HearingReminder, RegistrationStatus
from hromada.consultations.selectors import hearing_attendance
from hromada.core import clock as core_clock
from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from hromada.core.models import Notification
from hromada.core.notifications import notification_render
from hromada.core.registry import periodic_jobs
from hromada.core.uploads import clean_upload
from hromada.ledger.models import Entry, PendingEntry
from tests.factories import login_with_totp, make_official

from .factories import make_participant

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
MINUTES = "Виступили 12 мешканців; запропоновано перенести зупинку ближче до ліцею."


def _entries(kind):
    """The payloads of the log entries of ``kind``, in order (pending or integrated)."""
    rows = list(PendingEntry.objects.filter(kind=kind).order_by("pk")) + list(
        Entry.objects.filter(kind=kind).order_by("index")
    )
    return [json.loads(bytes(row.data))["payload"] for row in rows]


def _prepared(hromada, official):
    opens = core_clock.now()
    return consultation_create(
        hromada=hromada,
        by=official,
        title="Нова зупинка",
        summary="Де поставити зупинку?",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=20),
    )


def _hearing(consultation, official, *, places=2, **changes):
    values = {
        "title": "Громадські слухання",
        "starts_at": consultation.opens_at + dt.timedelta(days=5),
        "ends_at": consultation.opens_at + dt.timedelta(days=5, hours=2),
        "place": "Будинок культури, вул. Соборна, 1",
        "online_url": "https://meet.example.org/zupynka",
        "capacity": places,
    }
    values.update(changes)
    return hearing_add(consultation=consultation, by=official, **values)


KYIV_WINTER = dt.timezone(dt.timedelta(hours=2))


def _hearing_on_10_december(clock, hromada, official, **changes):
    """An announced hearing "Громадські слухання" / "Public hearing" on 10 December 2026, 18:00–20:00 in
    Kyiv, prepared on 1 December (the clock is left there)."""
    clock.set(dt.datetime(2026, 12, 1, 9, 0, tzinfo=KYIV_WINTER))
    consultation = _prepared(hromada, official)
    _hearing(
        consultation,
        official,
        title_en="Public hearing",
        starts_at=dt.datetime(2026, 12, 10, 18, 0, tzinfo=KYIV_WINTER),
        ends_at=dt.datetime(2026, 12, 10, 20, 0, tzinfo=KYIV_WINTER),
        **changes,
    )
    consultation_announce(consultation=consultation, by=official)


@pytest.fixture
def hearing(hromada, consultation_official):
    consultation = _prepared(hromada, consultation_official)
    hearing = _hearing(consultation, consultation_official)
    consultation_announce(consultation=consultation, by=consultation_official)
    return Hearing.objects.get(pk=hearing.pk)


def test_a_hearing_needs_a_time_within_the_consultation_a_place_and_places(hromada, consultation_official):
    consultation = _prepared(hromada, consultation_official)
    opens = consultation.opens_at

    for changes, field in (
        ({"ends_at": opens + dt.timedelta(days=4)}, "ends_at"),
        ({"starts_at": opens + dt.timedelta(days=30), "ends_at": opens + dt.timedelta(days=31)}, "starts_at"),
        ({"place": "", "online_url": ""}, "place"),
        ({"online_url": "http://meet.example.org/x"}, "online_url"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"places": 0}, "capacity"),
    ):
        with pytest.raises(ApplicationError) as refused:
            _hearing(consultation, consultation_official, **changes)
        assert field in refused.value.fields, changes

    assert not Hearing.objects.exists()


def test_only_the_responsible_department_sets_up_a_hearing(hromada, consultation_official):
    consultation = _prepared(hromada, consultation_official)
    other = make_official(hromada, email="x@example.org")
    consultation.department = DepartmentMembership.objects.get(user=other).department
    consultation.save(update_fields=["department"])

    with pytest.raises(PermissionDeniedError):
        _hearing(consultation, consultation_official)
    _hearing(consultation, other)

    assert Hearing.objects.count() == 1


def test_a_hearing_cannot_change_after_the_announcement(hearing, consultation_official):
    with pytest.raises(ApplicationError) as refused:
        hearing_update(
            hearing=hearing,
            by=consultation_official,
            title="Інші слухання",
            starts_at=hearing.starts_at,
            ends_at=hearing.ends_at,
            place=hearing.place,
            capacity=500,
        )

    assert refused.value.code == "frozen"
    hearing.refresh_from_db()
    assert hearing.capacity == 2
    assert hearing.consultation.frozen_rules["hearings"][0]["places"] == 2


def test_registrations_take_the_places_then_wait_in_turn(hearing, hromada):
    people = [make_participant(hromada) for _ in range(4)]

    statuses = [hearing_register(hearing=hearing, person=p).status for p in people]

    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    payloads = _entries("consultation.hearing_registration")
    assert [p["status"] for p in payloads] == statuses
    assert payloads[-1]["confirmed"] == 2 and payloads[-1]["waiting"] == 2
    assert all(set(p) == {"hearing", "status", "confirmed", "waiting"} for p in payloads)  # nobody named


def test_registering_twice_is_refused(hearing, participant):
    hearing_register(hearing=hearing, person=participant)

    with pytest.raises(ConflictError) as refused:
        hearing_register(hearing=hearing, person=participant)

    assert refused.value.code == "registered"
    assert HearingRegistration.objects.count() == 1


def test_a_cancelled_place_goes_to_the_first_one_waiting_who_is_told(
    hearing, hromada, django_capture_on_commit_callbacks
):
    first, second, third, fourth = (make_participant(hromada) for _ in range(4))
    for person in (first, second, third, fourth):
        hearing_register(hearing=hearing, person=person)

    with django_capture_on_commit_callbacks(execute=True):
        hearing_cancel(hearing=hearing, person=first)

    status = dict(HearingRegistration.objects.values_list("person_id", "status"))
    assert status == {
        first.pk: RegistrationStatus.CANCELLED,
        second.pk: RegistrationStatus.CONFIRMED,
        third.pk: RegistrationStatus.CONFIRMED,
        fourth.pk: RegistrationStatus.WAITING,
    }
    assert Notification.objects.filter(recipient=third, kind="consultations.hearing_place").exists()
    assert _entries("consultation.hearing_cancelled")[0]["promoted"] is True


def test_an_erased_account_gives_its_place_to_the_first_one_waiting(
    hearing, hromada, django_capture_on_commit_callbacks
):
    first, second, third = (make_participant(hromada) for _ in range(3))
    for person in (first, second, third):
        hearing_register(hearing=hearing, person=person)

    with django_capture_on_commit_callbacks(execute=True):
        consultation_data_erase(person=first)

    status = dict(HearingRegistration.objects.values_list("person_id", "status"))
    assert status == {second.pk: RegistrationStatus.CONFIRMED, third.pk: RegistrationStatus.CONFIRMED}
    assert Notification.objects.filter(recipient=third, kind="consultations.hearing_place").exists()
    logged = _entries("consultation.hearing_cancelled")
    assert logged[-1]["promoted"] is True and logged[-1]["confirmed"] == 2
    assert hearing_places_free(person=first) == 0  # nothing of theirs is left to free


def test_one_who_cancelled_may_register_again_at_the_end_of_the_queue(hearing, hromada):
    first, second, third = (make_participant(hromada) for _ in range(3))
    for person in (first, second, third):
        hearing_register(hearing=hearing, person=person)
    hearing_cancel(hearing=hearing, person=first)

    again = hearing_register(hearing=hearing, person=first)

    assert again.status == RegistrationStatus.WAITING
    assert HearingRegistration.objects.filter(person=first).count() == 1


def test_registering_or_cancelling_after_the_start_is_refused_with_the_date(hearing, participant, clock):
    hearing_register(hearing=hearing, person=participant)
    clock.advance(dt.timedelta(days=6))

    with pytest.raises(ConflictError) as late:
        hearing_register(hearing=hearing, person=make_participant(hearing.consultation.hromada))
    with pytest.raises(ConflictError) as late_cancel:
        hearing_cancel(hearing=hearing, person=participant)

    assert late.value.code == "started" and late_cancel.value.code == "started"
    assert str(timezone.localtime(hearing.starts_at).year) in str(late.value.message)


def test_only_eligible_people_register(hearing, hromada, other_hromada):
    stranger = make_participant(other_hromada)

    with pytest.raises(PermissionDeniedError):
        hearing_register(hearing=hearing, person=stranger)

    assert not HearingRegistration.objects.exists()


def test_the_minutes_are_published_once_after_the_hearing_with_a_document(
    hearing, hromada, consultation_official, clock, django_capture_on_commit_callbacks
):
    participant = make_participant(hromada)
    hearing_register(hearing=hearing, person=participant)
    document = clean_upload(PDF, filename="protokol.pdf")

    with pytest.raises(ApplicationError) as early:
        hearing_minutes_publish(hearing=hearing, by=consultation_official, text=MINUTES)
    clock.advance(dt.timedelta(days=6))
    with pytest.raises(ApplicationError) as short:
        hearing_minutes_publish(hearing=hearing, by=consultation_official, text="Коротко")
    with django_capture_on_commit_callbacks(execute=True):
        hearing_minutes_publish(hearing=hearing, by=consultation_official, text=MINUTES, document=document)
    with pytest.raises(ConflictError) as twice:
        hearing_minutes_publish(hearing=hearing, by=consultation_official, text=MINUTES + " Ще.")

    assert (
        early.value.code == "not_ended"
        and "minutes" in short.value.fields
        and twice.value.code == "published"
    )
    hearing.refresh_from_db()
    assert hearing.minutes == MINUTES and hearing.minutes_document.read() == PDF
    entry = _entries("consultation.hearing_minutes")[0]
    assert entry["document_sha256"] and entry["minutes_sha256"] and hearing.minutes_receipt_id
    assert Notification.objects.filter(recipient=participant, kind="consultations.hearing_minutes").exists()


def test_another_departments_official_cannot_publish_the_minutes(
    hearing, hromada, clock, consultation_official
):
    from hromada.accounts.models import DepartmentMembership

    hearing.consultation.department = DepartmentMembership.objects.get(user=consultation_official).department
    hearing.consultation.save(update_fields=["department"])
    clock.advance(dt.timedelta(days=6))

    with pytest.raises(PermissionDeniedError):
        hearing_minutes_publish(hearing=hearing, by=make_official(hromada), text=MINUTES)

    hearing.refresh_from_db()
    assert hearing.minutes_published_at is None


# -------------------------------------------------------------------------------------------- pages


def test_a_resident_registers_and_cancels_on_the_consultations_page(hearing, participant):
    client = Client()
    client.force_login(participant)
    url = f"/consultations/{hearing.consultation_id}/hearings/{hearing.pk}/"

    page = client.get(f"/consultations/{hearing.consultation_id}/").content.decode()
    registered = client.post(url + "register/", follow=True).content.decode()
    cancelled = client.post(url + "cancel/", follow=True).content.decode()

    assert "Будинок культури" in page and "https://meet.example.org/zupynka" in page
    assert url + "register/" in page
    assert "0 з 2" in page
    assert "1 з 2" in registered and url + "cancel/" in registered
    assert HearingRegistration.objects.get(person=participant).status == "cancelled"
    assert url + "register/" in cancelled


def test_the_minutes_page_takes_a_document_and_the_report_shows_it(hearing, consultation_official, clock):
    clock.advance(dt.timedelta(days=6))
    staff = login_with_totp(consultation_official)
    url = f"/consultations/{hearing.consultation_id}/hearings/{hearing.pk}/minutes/"

    not_a_document = staff.post(
        url, {"minutes": MINUTES, "document": SimpleUploadedFile("p.pdf", b"not really a pdf")}
    )
    published = staff.post(url, {"minutes": MINUTES, "document": SimpleUploadedFile("p.pdf", PDF)})
    report = Client().get(f"/consultations/{hearing.consultation_id}/report/").content.decode()
    download = Client().get(url + "document/")

    assert not_a_document.status_code == 400 and MINUTES in not_a_document.content.decode()
    assert published.status_code == 302
    assert MINUTES in report and url + "document/" in report
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF


def test_a_resident_cannot_open_the_minutes_page(hearing, participant):
    resident = login_with_totp(participant)

    assert (
        resident.get(f"/consultations/{hearing.consultation_id}/hearings/{hearing.pk}/minutes/").status_code
        == 403
    )


def test_a_hearing_of_another_consultation_or_hromada_is_not_found(hearing, other_hromada, participant):
    theirs_official = make_official(other_hromada)
    theirs = _prepared(other_hromada, theirs_official)
    their_hearing = _hearing(theirs, theirs_official)
    consultation_announce(consultation=theirs, by=theirs_official)
    client = Client()
    client.force_login(participant)

    here = client.post(f"/consultations/{hearing.consultation_id}/hearings/{their_hearing.pk}/register/")
    there = client.post(f"/consultations/{theirs.pk}/hearings/{their_hearing.pk}/register/")

    assert here.status_code == 404 and there.status_code == 404
    assert not HearingRegistration.objects.exists()


def test_a_hearing_is_added_and_changed_through_the_preparation_pages(hromada, consultation_official):
    consultation = _prepared(hromada, consultation_official)
    staff = login_with_totp(consultation_official)
    starts = consultation.opens_at + dt.timedelta(days=3)
    form = {
        "hearing-title": "Слухання",
        "hearing-starts_at": timezone.localtime(starts).strftime("%Y-%m-%dT%H:%M"),
        "hearing-ends_at": timezone.localtime(starts + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "hearing-place": "Зала ради",
        "hearing-online_url": "",
        "hearing-capacity": "30",
    }

    bad = staff.post(f"/consultations/{consultation.pk}/prepare/hearings/", {**form, "hearing-place": ""})
    staff.post(f"/consultations/{consultation.pk}/prepare/hearings/", form)
    added = Hearing.objects.get()
    changed = staff.post(
        f"/consultations/{consultation.pk}/prepare/hearings/{added.pk}/",
        {**form, "hearing-capacity": "40"},
    )

    assert bad.status_code == 200 and "id_hearing-place_error" in bad.content.decode()
    assert changed.status_code == 302
    added.refresh_from_db()
    assert added.capacity == 40 and added.place == "Зала ради"


def test_a_hearing_notification_gives_the_time_in_the_recipients_language(
    clock, hromada, consultation_official, django_capture_on_commit_callbacks
):
    _hearing_on_10_december(clock, hromada, consultation_official)
    person = make_participant(hromada)

    with django_capture_on_commit_callbacks(execute=True):
        hearing_register(hearing=Hearing.objects.get(), person=person)

    notification = Notification.objects.get(recipient=person, kind="consultations.hearing_registered")
    ukrainian = notification_render(kind=notification.kind, params=notification.params, language="uk")
    english = notification_render(kind=notification.kind, params=notification.params, language="en")
    assert ukrainian.subject.endswith(": Громадські слухання") and ukrainian.body == "10 грудня 2026, 18:00"
    assert english.subject.endswith(": Public hearing") and english.body == "10 December 2026, 18:00"


# ---------------------------------------------------------------------------------------------- reminders


def _reminder_job():
    return next(job for job in periodic_jobs() if job.key == "consultations.hearing_reminders")


def test_each_confirmed_registrant_is_reminded_once_the_day_before(
    hearing, hromada, clock, django_capture_on_commit_callbacks
):
    first, second, waiting = (make_participant(hromada) for _ in range(3))
    for person in (first, second, waiting):
        hearing_register(hearing=hearing, person=person)
    job = _reminder_job()

    clock.set(hearing.starts_at - dt.timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        too_early = hearing_reminders_send()
    clock.set(hearing.starts_at - dt.timedelta(hours=23, minutes=50))
    with django_capture_on_commit_callbacks(execute=True):
        job.run()
    clock.advance(dt.timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        again = hearing_reminders_send()

    assert too_early == 0 and again == 0
    reminded = Notification.objects.filter(kind="consultations.hearing_reminder")
    assert sorted(reminded.values_list("recipient_id", flat=True)) == sorted([first.pk, second.pk])
    assert HearingReminder.objects.count() == 2


def test_a_place_given_on_the_day_is_reminded_and_a_cancelled_one_is_not(
    hearing, hromada, clock, django_capture_on_commit_callbacks
):
    leaving, staying, waiting = (make_participant(hromada) for _ in range(3))
    for person in (leaving, staying, waiting):
        hearing_register(hearing=hearing, person=person)
    clock.set(hearing.starts_at - dt.timedelta(hours=5))
    hearing_cancel(hearing=hearing, person=leaving)  # the place goes to the one waiting

    with django_capture_on_commit_callbacks(execute=True):
        sent = hearing_reminders_send()

    assert sent == 2
    reminded = Notification.objects.filter(kind="consultations.hearing_reminder")
    assert sorted(reminded.values_list("recipient_id", flat=True)) == sorted([staying.pk, waiting.pk])


def test_the_reminder_gives_the_time_and_place_in_the_recipients_language(
    clock, hromada, consultation_official, django_capture_on_commit_callbacks
):
    _hearing_on_10_december(clock, hromada, consultation_official, online_url="")
    person = make_participant(hromada)
    hearing_register(hearing=Hearing.objects.get(), person=person)
    clock.set(dt.datetime(2026, 12, 9, 18, 5, tzinfo=KYIV_WINTER))

    with django_capture_on_commit_callbacks(execute=True):
        hearing_reminders_send()

    notification = Notification.objects.get(recipient=person, kind="consultations.hearing_reminder")
    ukrainian = notification_render(kind=notification.kind, params=notification.params, language="uk")
    english = notification_render(kind=notification.kind, params=notification.params, language="en")
    assert ukrainian.subject.endswith(": Громадські слухання") and "10 грудня 2026, 18:00" in ukrainian.body
    assert english.subject.endswith(": Public hearing") and "10 December 2026, 18:00" in english.body
    assert "Будинок культури, вул. Соборна, 1" in ukrainian.body
    assert notification.url.endswith(f"#hearing-{Hearing.objects.get().pk}")


# ---------------------------------------------------------------------------------------- attendance list


def test_the_department_gets_the_attendance_list_of_confirmed_registrants_in_alphabetical_order(
    hromada, consultation_official
):
    consultation = _prepared(hromada, consultation_official)
    hearing = _hearing(consultation, consultation_official, places=4)
    consultation_announce(consultation=consultation, by=consultation_official)
    names = [
        "Шевченко Ірина",
        "Ґудзь Олег",
        "Іваненко Петро",
        "=HYPERLINK(1)",
        "Єрмак Анна",
    ]  # the last waits
    for name in names:
        hearing_register(hearing=hearing, person=make_participant(hromada, full_name=name))
    staff = login_with_totp(consultation_official)
    url = f"/consultations/{consultation.pk}/hearings/{hearing.pk}/attendance"

    page = staff.get(url + "/")
    csv = staff.get(url + ".csv")

    text = page.content.decode()
    assert page.status_code == 200
    order = [text.index(n) for n in ("Ґудзь Олег", "Іваненко Петро", "Шевченко Ірина")]
    assert order == sorted(order) and "Єрмак Анна" not in text
    assert "Прізвище та ім’я" in text and "3 особи" not in text and "4 особи мають підтверджене місце" in text
    assert csv.status_code == 200 and csv["Content-Disposition"].startswith("attachment")
    rows = csv.content.decode().splitlines()
    assert rows[0] == "№,Прізвище та ім’я"
    assert rows[1:] == ["1,Ґудзь Олег", "2,Іваненко Петро", "3,Шевченко Ірина", "4,'=HYPERLINK(1)"]


def test_a_resident_and_another_department_are_refused_the_attendance_list(
    hearing, hromada, participant, consultation_official
):
    hearing_register(hearing=hearing, person=participant)
    consultation = hearing.consultation
    consultation.department = DepartmentMembership.objects.get(user=consultation_official).department
    consultation.save(update_fields=["department"])
    other = make_official(hromada)  # of another department
    url = f"/consultations/{consultation.pk}/hearings/{hearing.pk}/attendance"

    resident = login_with_totp(participant)
    colleague = login_with_totp(other)
    responsible = login_with_totp(consultation_official)

    assert resident.get(url + "/").status_code == 403 and resident.get(url + ".csv").status_code == 403
    for response in (colleague.get(url + "/"), colleague.get(url + ".csv")):
        assert response.status_code == 403 and participant.full_name not in response.content.decode()
    assert participant.full_name in responsible.get(url + "/").content.decode()
    with pytest.raises(PermissionDeniedError):
        hearing_attendance(consultation=consultation, hearing=hearing, by=other)


def test_the_attendance_list_of_another_hromadas_hearing_is_not_found(
    hearing, other_hromada, consultation_official
):
    theirs_official = make_official(other_hromada)
    theirs = _prepared(other_hromada, theirs_official)
    their_hearing = _hearing(theirs, theirs_official)
    consultation_announce(consultation=theirs, by=theirs_official)
    staff = login_with_totp(consultation_official)

    here = staff.get(f"/consultations/{hearing.consultation_id}/hearings/{their_hearing.pk}/attendance/")
    there = staff.get(f"/consultations/{theirs.pk}/hearings/{their_hearing.pk}/attendance.csv")

    assert here.status_code == 404 and there.status_code == 404


def _registration_url(hearing):
    return f"/api/v1/consultations/{hearing.consultation_id}/hearings/{hearing.pk}/registration"


def test_the_api_registers_for_a_hearing_with_a_waiting_list_and_cancels(hearing, hromada):
    from tests.factories import token_client

    first, second, third = (token_client(make_participant(hromada)) for _ in range(3))

    placed = first.post(_registration_url(hearing))
    second.post(_registration_url(hearing))
    waiting = third.post(_registration_url(hearing))
    twice = first.post(_registration_url(hearing))
    mine = third.get(_registration_url(hearing))
    cancelled = first.delete(_registration_url(hearing))
    promoted = third.get(_registration_url(hearing))
    gone = first.get(_registration_url(hearing))
    again = first.delete(_registration_url(hearing))

    assert placed.status_code == 201
    assert placed.json() == {"hearing": hearing.pk, "status": "confirmed", "waiting_place": None}
    assert waiting.json() == {"hearing": hearing.pk, "status": "waiting", "waiting_place": 1}
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "registered"
    assert mine.json()["status"] == "waiting"
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert promoted.json() == {"hearing": hearing.pk, "status": "confirmed", "waiting_place": None}
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "not_registered"
    assert again.status_code == 409 and again.json()["error"]["code"] == "not_registered"
    assert len(_entries("consultation.hearing_registration")) == 3


def test_the_api_applies_the_pages_eligibility_start_and_rate_limit(hearing, hromada, clock, settings):
    from tests.factories import UserFactory, token_client

    settings.HROMADA_RATE_LIMITS = True
    outsider = token_client(UserFactory(verification_level=1))
    anonymous = Client().post(_registration_url(hearing))
    refused = outsider.post(_registration_url(hearing))
    person = make_participant(hromada)
    page = Client()
    page.force_login(person)
    for n in range(20):  # the page's registrations and cancellations count against the same limit
        page.post(
            f"/consultations/{hearing.consultation_id}/hearings/{hearing.pk}/"
            + ("register/" if n % 2 == 0 else "cancel/")
        )
    limited = token_client(person).post(_registration_url(hearing))
    clock.set(hearing.starts_at + dt.timedelta(minutes=1))
    late = token_client(make_participant(hromada)).post(_registration_url(hearing))

    assert anonymous.status_code == 401
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_eligible"
    assert limited.status_code == 429
    assert late.status_code == 409 and late.json()["error"]["code"] == "started"
