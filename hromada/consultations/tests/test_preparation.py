"""The officials' pages that prepare a consultation: new → survey question → draft → announce."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from hromada.consultations.models import Consultation, Question
from hromada.ledger.models import Entry, PendingEntry
from tests.factories import DepartmentFactory, DistrictFactory, login_with_totp

from .factories import ConsultationFactory, make_consultation, make_participant

pytestmark = pytest.mark.django_db


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _new_consultation(opens: dt.datetime, closes: dt.datetime, **extra: object) -> dict[str, object]:
    return {
        "title": "Перейменування вулиць",
        "title_en": "Renaming streets",
        "summary": "Громада обирає нові назви вулиць.",
        "summary_en": "",
        "subject": "question",
        "audience": "residents",
        "district": "",
        "min_age": "14",
        "department": "",
        "opens_at": _when(opens),
        "closes_at": _when(closes),
        "report_term_days": "30",
        "with_opinion_map": "",
        **extra,
    }


def test_an_official_prepares_and_announces_a_consultation_through_the_pages(
    hromada,
    consultation_official,
):
    staff = login_with_totp(consultation_official)
    opens = timezone.now() + dt.timedelta(days=2)

    created = staff.post("/consultations/new/", _new_consultation(opens, opens + dt.timedelta(days=14)))

    consultation = Consultation.objects.get(hromada=hromada, title="Перейменування вулиць")
    assert created.status_code == 302
    assert created["Location"] == f"/consultations/{consultation.pk}/prepare/"
    assert consultation.min_age == 14 and consultation.title_en == "Renaming streets"
    assert consultation.published_at is None

    url = f"/consultations/{consultation.pk}/prepare/"
    staff.post(
        url + "questions/",
        {
            "question-kind": "single",
            "question-text": "Яку назву ви обираєте?",
            "question-options": "Соборна\r\nКвітнева\r\n\r\nЛипова",
            "question-required": "on",
            "question-scale_min": "1",
            "question-scale_max": "5",
        },
    )
    staff.post(url + "draft/", {"draft-text": "1. Перейменувати вулицю.\r\n\r\n2. Оновити таблички."})

    question = Question.objects.get(consultation=consultation)
    assert [o.text for o in question.options.order_by("position")] == ["Соборна", "Квітнева", "Липова"]
    assert question.required
    assert consultation.versions.get().paragraphs.count() == 2
    page = staff.get(url).content.decode()
    assert "Яку назву ви обираєте?" in page and "Липова" in page

    announced = staff.post(url + "announce/")

    consultation.refresh_from_db()
    assert announced.status_code == 302
    assert consultation.published_at is not None
    assert consultation.frozen_rules["min_age"] == 14
    kind = "consultation.announced"
    assert PendingEntry.objects.filter(kind=kind).count() + Entry.objects.filter(kind=kind).count() == 1
    public = staff.get(f"/consultations/{consultation.pk}/").content.decode()
    assert "Яку назву ви обираєте?" in public
    assert f"/consultations/{consultation.pk}/prepare/" in public  # a new draft version can still come


def test_a_resident_is_refused_the_preparation_pages(hromada):
    resident = login_with_totp(make_participant(hromada))
    draft = ConsultationFactory(hromada=hromada)
    opens = timezone.now() + dt.timedelta(days=1)

    assert resident.get("/consultations/new/").status_code == 403
    assert (
        resident.post(
            "/consultations/new/", _new_consultation(opens, opens + dt.timedelta(days=3))
        ).status_code
        == 403
    )
    assert resident.get(f"/consultations/{draft.pk}/prepare/").status_code == 403
    assert resident.post(f"/consultations/{draft.pk}/prepare/announce/").status_code == 403
    assert Consultation.objects.count() == 1
    draft.refresh_from_db()
    assert draft.published_at is None


def test_a_consultation_closing_before_it_opens_keeps_the_form_and_writes_nothing(
    hromada,
    consultation_official,
):
    staff = login_with_totp(consultation_official)
    opens = timezone.now() + dt.timedelta(days=5)

    page = staff.post("/consultations/new/", _new_consultation(opens, opens - dt.timedelta(days=1)))

    assert page.status_code == 200
    body = page.content.decode()
    assert "closes_at_error" in body  # the refusal sits on the closing date's field
    assert 'value="Перейменування вулиць"' in body
    assert not Consultation.objects.exists()


def test_a_choice_question_without_options_keeps_the_form_and_writes_nothing(hromada, consultation_official):
    staff = login_with_totp(consultation_official)
    draft = ConsultationFactory(hromada=hromada)

    page = staff.post(
        f"/consultations/{draft.pk}/prepare/questions/",
        {
            "question-kind": "multiple",
            "question-text": "Що змінити?",
            "question-options": "Лише одне",
            "question-scale_min": "1",
            "question-scale_max": "5",
        },
    )

    assert page.status_code == 200
    body = page.content.decode()
    assert "id_question-options_error" in body
    assert 'value="Що змінити?"' in body
    assert not Question.objects.exists()


def test_only_the_hromadas_own_districts_and_departments_are_offered(
    hromada,
    other_hromada,
    consultation_official,
):
    own_district = DistrictFactory(hromada=hromada, name="Центральний")
    foreign_district = DistrictFactory(hromada=other_hromada, name="Чужий район")
    own_department = DepartmentFactory(hromada=hromada, name="Управління культури")
    foreign_department = DepartmentFactory(hromada=other_hromada, name="Чуже управління")
    staff = login_with_totp(consultation_official)

    page = staff.get("/consultations/new/").content.decode()

    assert own_district.name in page and own_department.name in page
    assert foreign_district.name not in page and foreign_department.name not in page
    opens = timezone.now() + dt.timedelta(days=1)
    refused = staff.post(
        "/consultations/new/",
        _new_consultation(
            opens,
            opens + dt.timedelta(days=3),
            audience="district",
            district=str(foreign_district.pk),
            department=str(foreign_department.pk),
        ),
    )
    assert refused.status_code == 200
    assert not Consultation.objects.exists()


def test_the_forms_of_the_preparation_page_have_unique_field_ids(hromada, consultation_official):
    staff = login_with_totp(consultation_official)
    draft = ConsultationFactory(hromada=hromada)

    page = staff.get(f"/consultations/{draft.pk}/prepare/").content.decode()

    ids = re.findall(r'\sid="([^"]+)"', page)
    assert "id_question-text" in ids and "id_draft-text" in ids
    assert len(ids) == len(set(ids))


def test_the_list_offers_officials_the_new_page_and_the_consultations_in_preparation(
    client, hromada, consultation_official
):
    draft = ConsultationFactory(hromada=hromada, title="Ще готується")
    staff = login_with_totp(consultation_official)

    page = staff.get("/consultations/").content.decode()
    public = client.get("/consultations/").content.decode()

    assert "/consultations/new/" in page and f"/consultations/{draft.pk}/prepare/" in page
    assert "/consultations/new/" not in public and "Ще готується" not in public


def test_an_announced_consultation_takes_a_new_draft_version_but_no_new_question(
    hromada, consultation_official
):
    consultation = make_consultation(hromada, official=consultation_official)
    staff = login_with_totp(consultation_official)
    url = f"/consultations/{consultation.pk}/prepare/"

    page = staff.get(url).content.decode()
    staff.post(url + "draft/", {"draft-text": "1. Нова редакція.", "draft-note": "Скорочено."})
    refused = staff.post(
        url + "questions/",
        {
            "question-kind": "text",
            "question-text": "Ще?",
            "question-scale_min": "1",
            "question-scale_max": "5",
        },
    )

    assert "id_draft-text" in page and "id_question-text" not in page
    assert consultation.versions.count() == 2
    assert refused.status_code == 200 and consultation.questions.count() == 5


def test_announcing_an_empty_consultation_is_refused_with_a_message(hromada, consultation_official):
    staff = login_with_totp(consultation_official)
    draft = ConsultationFactory(hromada=hromada, opens_at=timezone.now() + dt.timedelta(days=1))

    refused = staff.post(f"/consultations/{draft.pk}/prepare/announce/", follow=True)

    draft.refresh_from_db()
    assert draft.published_at is None
    assert refused.redirect_chain[-1][0] == f"/consultations/{draft.pk}/prepare/"
    assert "Спершу додайте опитування, текст проєкту, слухання або карту думок." in refused.content.decode()
