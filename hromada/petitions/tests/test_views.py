"""The petition web pages: list, petition page with signing, wizard, author's dashboard, accountability."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hromada.accounts.models import VerificationLevel
from hromada.petitions import actions
from hromada.petitions.models import Petition, PetitionStatus, Signature, SignatureStatus, Topic

pytestmark = pytest.mark.django_db

OTHER_TEXT = (
    "Просимо встановити сучасні ліхтарі вуличного освітлення у парку Молодіжному, бо ввечері там темно "
    "і небезпечно для дітей та літніх людей."
)


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.HROMADA_RATE_LIMITS = False


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return response.content.decode()


# -------------------------------------------------------------------------------------------- list


def test_list_shows_public_petitions_in_ukrainian_and_english_but_no_drafts(client, world):
    collecting = world.collecting(title="Відремонтувати дорогу на вулиці Лесі Українки")
    draft = world.draft(title="Приватна чернетка про дорогу на вулиці Садовій")
    submitted = world.submitted(title="Петиція на модерації про вулицю Миру")

    uk = client.get("/petitions/")
    en = client.get("/en/petitions/")

    assert uk.status_code == 200 and en.status_code == 200
    for response in (uk, en):
        body = text_of(response)
        assert collecting.title in body
        assert draft.title not in body and submitted.title not in body
    assert 'lang="uk"' in text_of(uk) and 'lang="en"' in text_of(en)
    assert "1 petition found" in text_of(en)
    assert "Petitions" in text_of(en)


def test_list_searches_ukrainian_words_filters_and_sorts(client, world):
    roads = world.collecting(title="Відремонтувати дорогу на вулиці Лесі Українки")
    lights = world.collecting(
        title="Встановити ліхтарі у парку Молодіжному", text=OTHER_TEXT, topic=Topic.SAFETY
    )

    found = text_of(client.get("/en/petitions/", {"q": "ліхтарів"}))
    assert lights.title in found and roads.title not in found

    by_topic = text_of(client.get("/en/petitions/", {"topic": "roads"}))
    assert roads.title in by_topic and lights.title not in by_topic

    by_addressee = text_of(client.get("/en/petitions/", {"addressee": world.council.pk}))
    assert "0 petitions found" in by_addressee

    by_status = text_of(client.get("/en/petitions/", {"status": "answered"}))
    assert "0 petitions found" in by_status

    popular = client.get("/en/petitions/", {"sort": "popular"})
    assert popular.status_code == 200


def test_list_with_bad_filters_still_answers_and_says_so(client, world):
    world.collecting()
    response = client.get("/en/petitions/", {"status": "nonsense", "district": "x", "page": "999"})
    assert response.status_code == 200
    assert "errorlist" in text_of(response)


def test_list_answers_htmx_with_the_results_only(client, world):
    petition = world.collecting()
    response = client.get("/en/petitions/", {"q": "дорогу"}, headers={"HX-Request": "true"})
    body = text_of(response)
    assert petition.title in body
    assert "<html" not in body and 'id="results-inner"' in body


def test_another_hromada_sees_nothing(client, world, other_world):
    ours = world.collecting(title="Наша петиція про ремонт дороги на вулиці Лісовій")
    theirs = other_world.collecting(title="Їхня петиція про ремонт дороги на вулиці Польовій")

    listing = text_of(client.get("/en/petitions/"))
    assert ours.title in listing and theirs.title not in listing
    assert client.get(f"/en/petitions/{theirs.pk}/").status_code == 404
    signer = world.resident()
    assert logged_in(signer).post(f"/en/petitions/{theirs.pk}/sign/", {"show_name": "on"}).status_code == 404
    assert not Signature.objects.filter(petition=theirs).exists()


# ------------------------------------------------------------------------------------------ detail


def test_petition_page_shows_clocks_count_rules_and_signatories(client, world):
    petition = world.collecting()
    people = world.sign(petition, 2)
    actions.petitions_aggregate()

    response = client.get(f"/en/petitions/{petition.pk}/")
    body = text_of(response)

    assert response.status_code == 200
    assert petition.title in body
    assert "version 1" in body
    assert "To publication" in body and "on time" in body
    assert "Collection started" in body
    assert re.search(r'class="count">2<', body)
    assert "of 3 signatures needed" in body
    for person in people:
        assert person.full_name in body
    assert "Signatures by district" in body
    assert "Log in</a> to sign" in body


def test_draft_page_is_private(client, world):
    draft = world.draft()
    assert client.get(f"/en/petitions/{draft.pk}/").status_code == 404
    assert logged_in(world.resident()).get(f"/en/petitions/{draft.pk}/").status_code == 404
    assert logged_in(draft.author).get(f"/en/petitions/{draft.pk}/").status_code == 200


def test_resident_signs_on_the_page_and_gets_the_receipt_reference(world):
    petition = world.collecting()
    signer = world.resident(full_name="Коваленко Марія Іванівна")
    client = logged_in(signer)

    form = text_of(client.get(f"/en/petitions/{petition.pk}/"))
    assert "Sign the petition" in form and "Show my name" in form

    response = client.post(f"/en/petitions/{petition.pk}/sign/", {"show_name": "on"}, follow=True)
    body = text_of(response)

    signature = Signature.objects.get(petition=petition, signer=signer)
    assert signature.status == SignatureStatus.VALID and signature.public_name == signer.full_name
    assert signature.channel == "web"
    assert f"Receipt reference: {signature.receipt_id}" in body
    assert "/en/ledger/receipts/" in body
    assert "Withdraw my signature" in body


def test_signing_twice_on_the_page_is_refused_with_a_clear_message(world):
    petition = world.collecting()
    signer = world.resident()
    client = logged_in(signer)
    client.post(f"/en/petitions/{petition.pk}/sign/", {"show_name": "on"})

    again = client.post(f"/en/petitions/{petition.pk}/sign/", {"show_name": "on"})

    assert again.status_code == 409
    assert "You have already signed this petition." in text_of(again)
    assert Signature.objects.filter(petition=petition).count() == 1


def test_signer_without_consent_is_counted_but_not_named(world):
    petition = world.collecting()
    signer = world.resident(full_name="Петренко Олег Іванович")
    logged_in(signer).post(f"/en/petitions/{petition.pk}/sign/", {})
    actions.petitions_aggregate()

    body = text_of(Client().get(f"/en/petitions/{petition.pk}/"))
    assert Signature.objects.get(petition=petition).show_name is False
    assert signer.full_name not in body
    assert re.search(r'class="count">1<', body)


def test_ineligible_resident_is_told_why_and_refused(world):
    petition = world.collecting()
    unverified = world.resident(verification_level=VerificationLevel.EMAIL, birth_date=None)
    client = logged_in(unverified)

    page = text_of(client.get(f"/en/petitions/{petition.pk}/"))
    assert "You cannot sign this petition" in page
    assert "Your identity is not verified enough" in page
    assert "Your date of birth is not known" in page
    assert "Sign the petition" not in page

    refused = client.post(f"/en/petitions/{petition.pk}/sign/", {"show_name": "on"})
    assert refused.status_code == 403
    assert not Signature.objects.filter(petition=petition).exists()

    outsider = world.resident(hromada=None)
    assert "Only residents of this hromada" in text_of(
        logged_in(outsider).get(f"/en/petitions/{petition.pk}/")
    )


def test_signer_withdraws_the_signature_on_the_page(world):
    petition = world.collecting()
    signer = world.resident()
    client = logged_in(signer)
    client.post(f"/en/petitions/{petition.pk}/sign/", {"show_name": "on"})

    response = client.post(f"/en/petitions/{petition.pk}/unsign/", follow=True)

    assert Signature.objects.get(petition=petition, signer=signer).status == SignatureStatus.WITHDRAWN
    assert "Your signature is withdrawn" in text_of(response)
    assert "Sign the petition" in text_of(response)


def test_anonymous_sign_goes_to_login(client, world):
    petition = world.collecting()
    response = client.post(f"/en/petitions/{petition.pk}/sign/", {"show_name": "on"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_rejected_petition_shows_the_category_reasons_and_the_duplicated_petition(client, world):
    open_one = world.collecting(title="Відремонтувати дорогу на вулиці Шевченка, відкрита")
    duplicate = world.submitted()
    actions.petition_reject(
        petition=duplicate,
        actor=world.moderator,
        reason="duplicate",
        text="Ця петиція дублює відкриту петицію про ту саму дорогу.",
        duplicate_of=open_one,
    )
    body = text_of(client.get(f"/en/petitions/{duplicate.pk}/"))
    assert "A duplicate of an open petition" in body
    assert "Ця петиція дублює" in body
    assert f"/en/petitions/{open_one.pk}/" in body


# ---------------------------------------------------------------------------------- creation wizard


def test_wizard_keeps_the_input_on_errors(world):
    author = world.resident()
    client = logged_in(author)
    text = "Коротко"  # too short

    response = client.post(
        "/en/petitions/new/",
        {"title": "Дорога на вулиці Лісовій", "text": text, "topic": "roads", "addressee": world.mayor.pk},
    )

    body = text_of(response)
    assert response.status_code == 400
    assert "Дорога на вулиці Лісовій" in body and ">\nКоротко</textarea>" in body
    assert "errorlist" in body
    assert not Petition.objects.filter(author=author).exists()


def test_wizard_drafts_previews_with_similar_petitions_and_submits(world):
    existing = world.collecting(title="Відремонтувати дорогу на вулиці Шевченка негайно")
    author = world.resident()
    client = logged_in(author)
    assert "Start a petition" in text_of(client.get("/en/petitions/new/"))

    created = client.post(
        "/en/petitions/new/",
        {
            "title": "Полагодити дорогу на вулиці Шевченка",
            "text": "Просимо відремонтувати дорогу на вулиці Шевченка: ями глибокі, після дощу не проїхати.",
            "topic": "roads",
            "addressee": world.mayor.pk,
            "district": world.district.pk,
        },
    )
    draft = Petition.objects.get(author=author)
    assert created.status_code == 302 and created["Location"] == f"/en/petitions/{draft.pk}/preview/"
    assert draft.status == PetitionStatus.DRAFT

    preview = text_of(client.get(created["Location"]))
    assert "Similar open petitions" in preview and existing.title in preview

    edited = client.post(
        f"/en/petitions/{draft.pk}/edit/",
        {"title": "x", "text": draft.text, "topic": "roads", "addressee": world.mayor.pk},
    )
    assert edited.status_code == 400 and draft.text in text_of(edited)

    submitted = client.post(f"/en/petitions/{draft.pk}/submit/", follow=True)
    draft.refresh_from_db()
    assert draft.status == PetitionStatus.SUBMITTED
    assert "sent to moderation" in text_of(submitted)


def test_wizard_live_hint_lists_similar_open_petitions(client, world):
    existing = world.collecting(title="Відремонтувати дорогу на вулиці Шевченка негайно")
    response = client.get(
        "/en/petitions/similar/", {"title": "дорога Шевченка", "text": "ремонт дороги на вулиці Шевченка"}
    )
    assert existing.title in text_of(response)


def test_wizard_explains_who_may_not_create(world):
    person = world.resident(verification_level=VerificationLevel.EMAIL)
    client = logged_in(person)
    page = text_of(client.get("/en/petitions/new/"))
    assert "Your identity is not verified enough" in page
    refused = client.post(
        "/en/petitions/new/",
        {"title": "Дорога на вулиці Лісовій потребує ремонту", "text": OTHER_TEXT, "topic": "roads",
         "addressee": world.mayor.pk},
    )  # fmt: skip
    assert refused.status_code == 400
    assert "You cannot create a petition here" in text_of(refused)
    assert OTHER_TEXT in text_of(refused)


def test_another_persons_draft_cannot_be_edited_or_submitted(world):
    draft = world.draft()
    intruder = logged_in(world.resident())
    assert intruder.get(f"/en/petitions/{draft.pk}/edit/").status_code == 404
    assert intruder.post(f"/en/petitions/{draft.pk}/submit/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == PetitionStatus.DRAFT


# --------------------------------------------------------------------------------- author dashboard


def test_author_dashboard_lists_petitions_with_clocks_and_withdraws_before_threshold(world):
    author = world.resident()
    petition = world.submitted(author=author)
    client = logged_in(author)

    page = text_of(client.get("/en/petitions/mine/"))
    assert petition.title in page and "To publication" in page and "working day" in page
    assert "My petitions" in page

    signed = world.collecting()
    actions.signature_add(petition=signed, signer=author)
    page = text_of(client.get("/en/petitions/mine/"))
    assert "Petitions I signed" in page and signed.title in page

    cabinet = text_of(client.get("/en/cabinet/"))
    assert "My petitions" in cabinet

    client.post(f"/en/petitions/{petition.pk}/withdraw/", {"confirm": "yes"})
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.WITHDRAWN


def test_withdrawal_after_the_threshold_is_refused_with_a_message(world):
    author = world.resident()
    petition = world.collecting(author=author)
    world.sign(petition, 3)
    actions.petitions_aggregate()
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.THRESHOLD_REACHED

    response = logged_in(author).post(
        f"/en/petitions/{petition.pk}/withdraw/", {"confirm": "yes"}, follow=True
    )
    assert "only before it reaches the threshold" in text_of(response)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.THRESHOLD_REACHED


# ----------------------------------------------------------------------------------- accountability


def test_accountability_page_counts_per_addressee_and_links_open_data(client, world, other_world):
    petition = world.collecting()
    world.sign(petition, 3)
    actions.petitions_aggregate()
    petition.refresh_from_db()
    actions.petition_forward(petition=petition)
    actions.petition_answer(
        petition=petition, actor=world.official, decision="supported", text="Дорогу відремонтують у травні."
    )

    uk = client.get("/petitions/accountability/")
    en = text_of(client.get("/en/petitions/accountability/"))

    assert uk.status_code == 200
    assert "Answered on time" in en and world.mayor.name in en
    assert re.search(r'<span lang="uk">Міський голова</span></a></th>\s*<td[^>]*>1</td>', en)
    assert "/petitions/open-data/compliance.csv" in en


# ------------------------------------------------------------------------------------ query counts


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm the per-process caches (the hromada of the host, the calendar)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_list_and_detail_query_counts_do_not_grow_with_the_data(hromada, district):
    from hromada.petitions.tests.factories import TEXT, make_world

    world = make_world(hromada, district=district, signature_threshold=1000)
    people = [world.resident() for _ in range(6)]
    petitions = [world.collecting(text=f"{TEXT} ({i})") for i in range(5)]
    for petition in petitions[:2]:
        for person in people[:3]:
            actions.signature_add(petition=petition, signer=person)
    actions.petitions_aggregate()
    viewer = logged_in(people[0])
    small_list = _queries(viewer, "/en/petitions/?sort=popular")
    small_detail = _queries(viewer, f"/en/petitions/{petitions[0].pk}/")

    for i in range(45):
        petitions.append(world.collecting(text=f"{TEXT} ({i + 5})"))
    for petition in petitions[:2]:
        for person in people[3:]:
            actions.signature_add(petition=petition, signer=person)
    actions.petitions_aggregate()

    assert _queries(viewer, "/en/petitions/?sort=popular") == small_list
    assert _queries(viewer, f"/en/petitions/{petitions[0].pk}/") == small_detail


# ------------------------------------------------------------------------------ languages, clocks


def test_every_resident_page_renders_in_ukrainian_and_english(world):
    author = world.resident()
    petition = world.collecting(author=author)
    draft = world.draft(author=author)
    client = logged_in(author)
    for path in (
        "/petitions/",
        f"/petitions/{petition.pk}/",
        "/petitions/new/",
        f"/petitions/{draft.pk}/edit/",
        f"/petitions/{draft.pk}/preview/",
        "/petitions/mine/",
        "/petitions/accountability/",
    ):
        uk = client.get(path)
        en = client.get("/en" + path)
        assert uk.status_code == 200 and en.status_code == 200, path
        assert 'lang="uk"' in text_of(uk) and 'lang="en"' in text_of(en), path


def test_overdue_moderation_shows_a_badge_in_working_days(world):
    from datetime import timedelta

    from django.utils import timezone

    author = world.resident()
    petition = world.submitted(author=author)
    week_ago = timezone.now() - timedelta(days=14)
    Petition.objects.filter(pk=petition.pk).update(
        submitted_at=week_ago - timedelta(days=3), moderation_due_at=week_ago
    )

    page = text_of(logged_in(author).get("/en/petitions/mine/"))
    assert re.search(r"overdue by \d+ working days?", page)
    assert 'class="badge warn"' in page


def test_names_are_hidden_after_the_period_but_the_count_stays(client, world):
    from django.utils import timezone

    petition = world.collecting()
    people = world.sign(petition, 2)
    actions.petitions_aggregate()
    Petition.objects.filter(pk=petition.pk).update(names_hidden_at=timezone.now())

    body = text_of(client.get(f"/en/petitions/{petition.pk}/"))
    assert all(p.full_name not in body for p in people)
    assert "no longer shown" in body


def test_signing_over_the_rate_limit_is_refused_with_a_message(world, settings, monkeypatch):
    from types import SimpleNamespace

    from hromada.core import ratelimit

    settings.HROMADA_RATE_LIMITS = True
    # One fixed moment, so that the 31 attempts never straddle two rate-limit windows.
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    petitions = [world.collecting() for _ in range(2)]
    client = logged_in(world.resident())
    for _ in range(30):  # the page allows 30 signing attempts a minute per caller
        client.post(f"/en/petitions/{petitions[0].pk}/sign/", {"show_name": "on"})

    refused = client.post(f"/en/petitions/{petitions[1].pk}/sign/", {"show_name": "on"})

    assert refused.status_code == 429
    assert "errorlist" in text_of(refused)
    assert not Signature.objects.filter(petition=petitions[1]).exists()


def test_signatories_are_paged_without_counting_them(client, world, monkeypatch):
    from hromada.petitions import views

    monkeypatch.setattr(views, "SIGNATORIES_PER_PAGE", 2)
    petition = world.collecting()
    people = world.sign(petition, 3)

    first = text_of(client.get(f"/en/petitions/{petition.pk}/"))
    second = text_of(client.get(f"/en/petitions/{petition.pk}/?page=2"))
    junk = client.get(f"/en/petitions/{petition.pk}/?page=abc")

    assert people[0].full_name in first and people[1].full_name in first
    assert people[2].full_name not in first and 'rel="next"' in first
    assert people[2].full_name in second and 'rel="prev"' in second and 'rel="next"' not in second
    assert '<ol class="signatories" start="3">' in second
    assert junk.status_code == 200


def test_signer_still_sees_the_receipt_after_the_collection_closed(world):
    petition = world.collecting()
    people = world.sign(petition, 3)
    actions.petitions_aggregate()
    signature = Signature.objects.get(petition=petition, signer=people[0])

    body = text_of(logged_in(people[0]).get(f"/en/petitions/{petition.pk}/"))

    assert f"Receipt reference: {signature.receipt_id}" in body
    assert "Withdraw my signature" not in body and "Sign the petition" not in body


def test_count_refreshes_itself_with_htmx_while_collecting(client, world):
    petition = world.collecting()
    page = text_of(client.get(f"/en/petitions/{petition.pk}/"))
    assert 'hx-trigger="every 10s"' in page

    world.sign(petition, 2)
    actions.petitions_aggregate()
    part = text_of(client.get(f"/en/petitions/{petition.pk}/?part=count", headers={"HX-Request": "true"}))

    assert part.startswith('<div id="petition-count"') and 'class="count">2<' in part
    assert "<html" not in part


def test_the_sign_form_starts_with_the_name_hidden(world):
    petition = world.collecting()
    client = logged_in(world.resident())

    page = client.get(f"/en/petitions/{petition.pk}/").content.decode()

    checkbox = re.search(r'<input[^>]*name="show_name"[^>]*>', page)
    assert checkbox is not None and "checked" not in checkbox.group(0)


def test_the_list_names_the_addressee_without_a_case_ending_to_get_wrong(client, hromada):
    from hromada.petitions.tests.factories import make_world

    world = make_world(hromada)
    world.collecting(addressee=world.executive_committee)

    page = client.get("/petitions/").content.decode()

    assert f"адресат: {world.executive_committee.name}" in page
    assert f"до {world.executive_committee.name}" not in page
