"""Staff petition pages: the moderator queue and moderation, anti-fraud, the addressee's answer form."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from hromada.accounts.models import VerificationLevel
from hromada.petitions import actions
from hromada.petitions.models import (
    FraudAlert,
    PetitionAnswer,
    PetitionStatus,
    PetitionTally,
    PetitionUpdate,
    Signature,
    SignatureStatus,
)
from tests.factories import totp_device

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.HROMADA_RATE_LIMITS = False


def with_second_factor(user) -> Client:
    """A client logged in as ``user`` who passed TOTP (as after /accounts/two-factor/)."""
    device = totp_device(user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return response.content.decode()


# ------------------------------------------------------------------------------------- permissions


def test_resident_and_official_get_403_from_the_moderator_queue(world):
    for person in (world.resident(), world.official):
        response = with_second_factor(person).get("/en/petitions/moderation/")
        assert response.status_code == 403
        assert "Only moderators and administrators" in text_of(response)


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get("/en/petitions/moderation/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_moderator_without_the_second_factor_is_sent_to_it(world):
    response = logged_in(world.moderator).get("/en/petitions/moderation/")
    assert response.status_code == 302
    assert "/accounts/two-factor/" in response["Location"] and "next=" in response["Location"]


def test_moderator_of_another_hromada_gets_403_and_sees_nothing(world, other_world):
    petition = world.submitted()
    theirs = with_second_factor(other_world.moderator)
    assert theirs.get("/en/petitions/moderation/").status_code == 403
    assert theirs.post(f"/en/petitions/{petition.pk}/moderate/publish/").status_code == 403
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.SUBMITTED


def test_resident_cannot_publish_or_answer(world):
    petition = world.submitted()
    resident = with_second_factor(world.resident())
    assert resident.post(f"/en/petitions/{petition.pk}/moderate/publish/").status_code == 403
    assert resident.get(f"/en/petitions/{petition.pk}/respond/").status_code == 403
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.SUBMITTED


# -------------------------------------------------------------------------------------- moderation


def test_queue_renders_in_both_languages_and_publishing_via_the_page_starts_collection(world):
    petition = world.submitted()
    client = with_second_factor(world.moderator)

    uk = client.get("/petitions/moderation/")
    en = client.get("/en/petitions/moderation/")
    assert uk.status_code == 200 and en.status_code == 200
    assert petition.title in text_of(en) and "Waiting for moderation" in text_of(en)

    page = client.get(f"/en/petitions/{petition.pk}/moderate/")
    assert "Publish the petition" in text_of(page) and "Refuse publication" in text_of(page)

    response = client.post(f"/en/petitions/{petition.pk}/moderate/publish/", follow=True)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.COLLECTING and petition.rules == world.rules
    assert "The petition is published" in text_of(response)


def test_moderator_takes_a_petition(world):
    petition = world.submitted()
    with_second_factor(world.moderator).post(f"/en/petitions/{petition.pk}/moderate/take/")
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.MODERATION and petition.moderator == world.moderator


def test_refusal_needs_a_category_and_reasons_and_keeps_the_input(world):
    petition = world.submitted()
    client = with_second_factor(world.moderator)

    bad = client.post(
        f"/en/petitions/{petition.pk}/moderate/reject/", {"reason": "", "text": "Погано написано"}
    )
    assert bad.status_code == 400
    assert "Погано написано" in text_of(bad) and "errorlist" in text_of(bad)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.SUBMITTED

    reasons = "Текст містить нецензурну лексику у другому абзаці."
    client.post(f"/en/petitions/{petition.pk}/moderate/reject/", {"reason": "obscene", "text": reasons})
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.REJECTED
    assert petition.rejection_reason == "obscene" and petition.rejection_text == reasons


def test_duplicate_refusal_links_to_the_open_petition(world, other_world):
    open_one = world.collecting()
    duplicate = world.submitted()
    client = with_second_factor(world.moderator)
    reasons = "Дублює відкриту петицію про ту саму дорогу на вулиці Шевченка."

    missing = client.post(
        f"/en/petitions/{duplicate.pk}/moderate/reject/", {"reason": "duplicate", "text": reasons}
    )
    assert missing.status_code == 400 and "Name the open petition" in text_of(missing)
    foreign = other_world.collecting()
    elsewhere = client.post(
        f"/en/petitions/{duplicate.pk}/moderate/reject/",
        {"reason": "duplicate", "text": reasons, "duplicate_of": foreign.pk},
    )
    assert elsewhere.status_code == 400 and "There is no such petition here" in text_of(elsewhere)

    client.post(
        f"/en/petitions/{duplicate.pk}/moderate/reject/",
        {"reason": "duplicate", "text": reasons, "duplicate_of": open_one.pk},
    )
    duplicate.refresh_from_db()
    assert duplicate.status == PetitionStatus.REJECTED and duplicate.duplicate_of == open_one
    public = text_of(Client().get(f"/en/petitions/{duplicate.pk}/"))
    assert f"/en/petitions/{open_one.pk}/" in public


def test_moderator_sees_alerts_and_invalidates_signatures_from_a_network(world):
    petition = world.collecting()
    people = [world.resident() for _ in range(4)]
    for person in people[:3]:
        actions.signature_add(petition=petition, signer=person, address="198.51.100.7")
    actions.signature_add(petition=petition, signer=people[3], address="203.0.113.9")
    FraudAlert.objects.create(
        hromada=world.hromada,
        petition=petition,
        kind=FraudAlert.Kind.NETWORK,
        key="198.51.100.0/24",
        window_start=petition.published_at,
        count=3,
        share=0.75,
    )
    client = with_second_factor(world.moderator)

    queue = text_of(client.get("/en/petitions/moderation/"))
    assert "Anti-fraud alerts" in queue and "198.51.100.0/24" in queue and "75%" in queue
    page = text_of(client.get(f"/en/petitions/{petition.pk}/moderate/"))
    assert "Invalidate signatures" in page

    short = client.post(
        f"/en/petitions/{petition.pk}/moderate/invalidate/", {"network": "198.51.100.0/24", "reason": "бот"}
    )
    assert short.status_code == 400 and "198.51.100.0/24" in text_of(short)
    nothing = client.post(
        f"/en/petitions/{petition.pk}/moderate/invalidate/", {"reason": "Підписи з одного ботнету"}
    )
    assert nothing.status_code == 400 and "Choose which signatures" in text_of(nothing)

    done = client.post(
        f"/en/petitions/{petition.pk}/moderate/invalidate/",
        {"network": "198.51.100.0/24", "reason": "Підписи з одного ботнету"},
        follow=True,
    )
    assert "3 signatures invalidated" in text_of(done)
    statuses = dict(Signature.objects.filter(petition=petition).values_list("signer_id", "status"))
    assert [statuses[p.pk] for p in people] == [SignatureStatus.INVALIDATED] * 3 + [SignatureStatus.VALID]
    assert PetitionTally.objects.get(petition=petition).count_for == 1


def test_moderator_does_not_moderate_their_own_petition(world):
    world.moderator.verification_level = VerificationLevel.STRONG
    world.moderator.birth_date = dt.date(1980, 1, 1)
    world.moderator.save()
    petition = world.submitted(author=world.moderator)
    client = with_second_factor(world.moderator)
    assert "your own petition" in text_of(client.get(f"/en/petitions/{petition.pk}/moderate/"))
    response = client.post(f"/en/petitions/{petition.pk}/moderate/publish/", follow=True)
    assert "do not moderate their own" in text_of(response)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.SUBMITTED


# ------------------------------------------------------------------------------------------ answers


def _reached(world):
    petition = world.collecting()
    world.sign(petition, 3)
    actions.petitions_aggregate()
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.THRESHOLD_REACHED
    return petition


def test_official_forwards_answers_with_a_document_and_reports_implementation(world):
    petition = _reached(world)
    client = with_second_factor(world.official)

    page = client.get(f"/en/petitions/{petition.pk}/respond/")
    assert page.status_code == 200 and "Consideration started" in text_of(page)
    client.post(f"/en/petitions/{petition.pk}/respond/forward/")
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.UNDER_CONSIDERATION and petition.answer_due_at

    public = text_of(Client().get(f"/en/petitions/{petition.pk}/"))
    assert "To the answer" in public and "working day" in public

    bad = client.post(f"/en/petitions/{petition.pk}/respond/answer/", {"decision": "", "text": "Так"})
    assert bad.status_code == 400 and ">\nТак</textarea>" in text_of(bad)

    reasons = "Виконавчий комітет підтримує петицію: ремонт дороги включено до плану на травень."
    answered = client.post(
        f"/en/petitions/{petition.pk}/respond/answer/",
        {
            "decision": "supported",
            "text": reasons,
            "document": SimpleUploadedFile("рішення.pdf", PDF, content_type="application/pdf"),
        },
        follow=True,
    )
    answer = PetitionAnswer.objects.get(petition=petition)
    assert answer.decision == "supported" and answer.on_time and answer.document
    body = text_of(answered)
    assert reasons in body and "supported" in body and "The decision (document)" in body

    client.post(f"/en/petitions/{petition.pk}/respond/update/", {"text": "Ремонт розпочато 5 травня."})
    assert PetitionUpdate.objects.get(petition=petition).text == "Ремонт розпочато 5 травня."
    assert "Ремонт розпочато 5 травня." in text_of(Client().get(f"/en/petitions/{petition.pk}/"))


def test_answer_document_of_a_wrong_type_is_refused_and_the_text_kept(world):
    petition = _reached(world)
    actions.petition_forward(petition=petition)
    client = with_second_factor(world.official)
    reasons = "Петицію не підтримано: дорога належить до державної мережі, а не громади."

    response = client.post(
        f"/en/petitions/{petition.pk}/respond/answer/",
        {
            "decision": "not_supported",
            "text": reasons,
            "document": SimpleUploadedFile("note.txt", b"plain text", content_type="text/plain"),
        },
    )
    assert response.status_code == 400
    assert "not accepted" in text_of(response) and reasons in text_of(response)
    assert not PetitionAnswer.objects.filter(petition=petition).exists()


def test_staff_pages_render_in_ukrainian_and_english(world):
    submitted = world.submitted()
    collecting = world.collecting()
    moderator = with_second_factor(world.moderator)
    official = with_second_factor(world.official)
    for client, path in (
        (moderator, "/petitions/moderation/"),
        (moderator, f"/petitions/{submitted.pk}/moderate/"),
        (moderator, f"/petitions/{collecting.pk}/moderate/"),
        (official, f"/petitions/{collecting.pk}/respond/"),
    ):
        uk = client.get(path)
        en = client.get("/en" + path)
        assert uk.status_code == 200 and en.status_code == 200, path
        assert 'lang="uk"' in text_of(uk) and 'lang="en"' in text_of(en), path


def test_queue_shows_the_moderation_clock(world):
    world.submitted()
    page = text_of(with_second_factor(world.moderator).get("/en/petitions/moderation/"))
    assert "To publication" in page and "working day" in page


def test_the_answer_document_link_works_on_the_page_in_the_api_and_in_open_data(world):
    """The probe found /media/… links that nothing served: the document comes from a checked view."""
    import re

    petition = _reached(world)
    official = with_second_factor(world.official)
    official.post(f"/en/petitions/{petition.pk}/respond/forward/")
    official.post(
        f"/en/petitions/{petition.pk}/respond/answer/",
        {
            "decision": "supported",
            "text": "Виконавчий комітет підтримує петицію: ремонт дороги включено до плану.",
            "document": SimpleUploadedFile("рішення.pdf", PDF, content_type="application/pdf"),
        },
    )
    public = Client()

    page = text_of(public.get(f"/en/petitions/{petition.pk}/"))
    link = re.search(r'<a href="([^"]+)">The decision \(document\)', page)
    api_link = public.get(f"/api/v1/petitions/{petition.pk}").json()["answer"]["document"]
    open_data = public.get("/petitions/open-data/answers.json", follow=True)
    data_link = json.loads(b"".join(open_data.streaming_content))["items"][0]["document"]

    assert link is not None and not link.group(1).startswith("/media/")
    for url in {link.group(1), api_link, data_link}:
        response = public.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")


def test_no_document_is_served_for_a_petition_the_visitor_may_not_see(world, other_world):
    draft = world.draft()
    foreign = other_world.collecting()

    assert Client().get(f"/petitions/{draft.pk}/answer/document/").status_code == 404
    assert Client().get(f"/petitions/{foreign.pk}/answer/document/").status_code == 404
    assert (
        Client().get(f"/petitions/{foreign.pk}/answer/document/", HTTP_HOST="verbivka.localhost").status_code
        == 404
    )
