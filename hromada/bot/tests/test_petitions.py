"""The petitions dialogue end to end: Updates in the documented shapes through the real webhook, answers as
the stand-in Bot API recorded them, and the signature the petitions module's own action wrote — the same
row as the web page's, with the channel ``telegram``."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from hromada.accounts.models import VerificationLevel
from hromada.bot.actions import chat_link, link_code_create
from hromada.bot.models import Chat
from hromada.ledger.models import PendingEntry, PersonalReceipt
from hromada.petitions import actions as petition_actions
from hromada.petitions.models import PetitionAnswer, PetitionStatus, Signature
from hromada.petitions.tests.factories import make_world

from . import shapes

pytestmark = pytest.mark.django_db

CHAT = 7300
NOON_IN_KYIV = dt.datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Kyiv"))


@pytest.fixture
def world(hromada, district, clock):
    # Published at noon: the collection ends at the end of the 22nd Kyiv day, so 22 days are left.
    clock.set(NOON_IN_KYIV)
    return make_world(hromada, district=district, signature_threshold=21, collection_days=22)


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.HROMADA_RATE_LIMITS = False


def _link(talk, person, hromada, chat_id=CHAT, language="uk"):
    talk(shapes.text(chat_id, "/menu", language=language))
    chat = Chat.objects.get(external_id=str(chat_id))
    chat_link(chat=chat, code=link_code_create(hromada=hromada, person=person))
    return chat


def _urls(talk, chat_id):
    return [b.get("url", "") for b in talk.buttons(chat_id)]


def test_the_list_shows_collecting_petitions_nearest_their_threshold_first_with_plural_forms(
    talk, world, hromada
):
    far = world.collecting(title="Освітлення парку")
    near = world.collecting(title="Ремонт дороги на Шевченка")
    middle = world.collecting(title="Новий дитячий майданчик")
    world.submitted(title="Ще не опублікована")
    world.sign(near, 2)
    world.sign(middle, 1)
    petition_actions.petitions_aggregate()

    uk = "\n".join(talk(shapes.callback(CHAT, "m:petitions")))
    en = "\n".join(talk(shapes.callback(CHAT + 1, "m:petitions", language="en")))

    assert uk.index(near.title) < uk.index(middle.title) < uk.index(far.title)
    assert "Ще не опублікована" not in uk
    assert "2 з 21 підпису · залишилося 22 дні" in uk
    assert "0 з 21 підпису" in uk
    assert "2 of 21 signatures · 22 days left" in en
    assert [b["callback_data"] for b in talk.buttons(CHAT)] == [
        f"g:o:{near.pk}",
        f"g:o:{middle.pk}",
        f"g:o:{far.pk}",
    ]


def test_the_list_is_paged_with_buttons(talk, world):
    petitions = [world.collecting(title=f"Петиція номер {n}") for n in range(7)]

    talk(shapes.callback(CHAT, "m:petitions", language="en"))
    first = [b["callback_data"] for b in talk.buttons(CHAT)]
    second_page = "\n".join(talk(shapes.callback(CHAT, "g:p:1", language="en")))
    second = [b["callback_data"] for b in talk.buttons(CHAT)]

    # Equally near their threshold and closing together: in the order they were published.
    assert first == [f"g:o:{p.pk}" for p in petitions[:5]] + ["g:p:1"]
    assert "6. Петиція номер 5" in second_page and "7. Петиція номер 6" in second_page
    assert second == [f"g:o:{p.pk}" for p in petitions[5:]] + ["g:p:0"]


def test_a_linked_verified_resident_signs_in_the_chat_and_gets_the_receipt(talk, standin, world, hromada):
    petition = world.collecting(title="Ремонт дороги на Шевченка")
    signer = world.resident()
    _link(talk, signer, hromada)

    talk(shapes.callback(CHAT, "m:petitions"))
    card = "\n".join(talk(shapes.callback(CHAT, f"g:o:{petition.pk}")))
    assert petition.title in card and "Просимо відремонтувати дорогу" in card
    assert talk.button(CHAT, "g:s:") == f"g:s:{petition.pk}"
    answer = "\n".join(talk(shapes.callback(CHAT, f"g:s:{petition.pk}")))

    signature = Signature.objects.get(petition=petition, signer=signer)
    assert signature.channel == "telegram"
    assert f"Номер квитанції: {signature.receipt_id}." in answer
    assert any(url.endswith("/ledger/receipts/") for url in _urls(talk, CHAT))
    assert PendingEntry.objects.get(pk=signature.receipt_id).kind == "petition.signed"
    assert PersonalReceipt.objects.get(pk=signature.personal_receipt_id).user == signer
    # The same row as the web page writes for a signer who keeps the name private (the default).
    other = world.resident()
    web = Client()
    web.force_login(other)
    assert web.post(f"/petitions/{petition.pk}/sign/", {}).status_code == 302
    from_web = Signature.objects.get(petition=petition, signer=other)
    fields = ["hromada_id", "status", "against", "show_name", "public_name", "signed_on", "email_domain"]
    assert [getattr(signature, f) for f in fields] == [getattr(from_web, f) for f in fields]
    assert signature.district_id == signer.district_id and from_web.district_id == other.district_id
    assert from_web.channel == "web"
    assert PendingEntry.objects.get(pk=from_web.receipt_id).kind == "petition.signed"


def test_signing_twice_gets_the_actions_refusal_kindly_and_the_card_stays(talk, world, hromada):
    petition = world.collecting()
    signer = world.resident()
    _link(talk, signer, hromada, language="en")
    talk(shapes.callback(CHAT, "m:petitions", language="en"))
    talk(shapes.callback(CHAT, f"g:o:{petition.pk}", language="en"))
    talk(shapes.callback(CHAT, f"g:s:{petition.pk}", language="en"))

    again = "\n".join(talk(shapes.callback(CHAT, f"g:s:{petition.pk}", language="en")))

    assert "You have already signed this petition." in again and "Thank you" in again
    assert any(url.endswith("/en/ledger/receipts/") for url in _urls(talk, CHAT))
    assert Signature.objects.filter(petition=petition).count() == 1
    chat = Chat.objects.get(external_id=str(CHAT))
    assert (chat.state, chat.data["petition"]) == ("petitions.card", petition.pk)


def test_a_petition_that_closed_meanwhile_gets_a_short_answer_and_the_state_is_kept(
    talk, world, hromada, clock
):
    petition = world.collecting()
    signer = world.resident()
    _link(talk, signer, hromada)
    talk(shapes.callback(CHAT, "m:petitions"))
    talk(shapes.callback(CHAT, f"g:o:{petition.pk}"))
    clock.advance(dt.timedelta(days=23))
    assert petition_actions.petitions_expire() == 1

    answer = talk(shapes.callback(CHAT, f"g:s:{petition.pk}"))

    assert answer == ["Ця петиція не збирає підписи."]
    assert not Signature.objects.filter(petition=petition).exists()
    chat = Chat.objects.get(external_id=str(CHAT))
    assert (chat.state, chat.data["petition"]) == ("petitions.card", petition.pk)
    assert talk.button(CHAT, "g:l") == "g:l"


def test_signing_needs_a_linked_and_verified_account(talk, world, hromada):
    petition = world.collecting()
    unverified = world.resident(verification_level=VerificationLevel.EMAIL)
    _link(talk, unverified, hromada, chat_id=CHAT + 1, language="en")

    talk(shapes.callback(CHAT, "m:petitions"))
    anonymous = talk(shapes.callback(CHAT, f"g:s:{petition.pk}"))
    anonymous_urls = _urls(talk, CHAT)
    talk(shapes.callback(CHAT + 1, "m:petitions", language="en"))
    refused = "\n".join(talk(shapes.callback(CHAT + 1, f"g:s:{petition.pk}", language="en")))

    assert anonymous and any(url.endswith("/bot/link/") for url in anonymous_urls)
    assert "Your identity is not verified enough" in refused
    assert any(url.endswith("/en/cabinet/verification/") for url in _urls(talk, CHAT + 1))
    assert not Signature.objects.filter(petition=petition).exists()


def test_a_signer_in_the_chat_is_told_when_the_petition_is_answered(
    talk, standin, world, hromada, django_capture_on_commit_callbacks
):
    petition = world.collecting(title="Ремонт дороги на Шевченка")
    signer = world.resident()
    _link(talk, signer, hromada, language="en")
    talk(shapes.callback(CHAT, "m:petitions", language="en"))
    talk(shapes.callback(CHAT, f"g:o:{petition.pk}", language="en"))
    talk(shapes.callback(CHAT, f"g:s:{petition.pk}", language="en"))
    world.sign(petition, 20)
    petition_actions.petitions_aggregate()
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.THRESHOLD_REACHED
    petition_actions.petitions_forward_due(today=petition.forward_on)
    petition.refresh_from_db()
    before = len(standin.texts(CHAT))

    with django_capture_on_commit_callbacks(execute=True):
        petition_actions.petition_answer(
            petition=petition,
            actor=world.official,
            decision=PetitionAnswer.Decision.SUPPORTED,
            text="Ремонт включено до програми на наступний рік, кошти передбачено.",
        )
    talk.deliver()

    pushed = standin.texts(CHAT)[before:]
    assert pushed == [f"A petition you signed has been answered: {petition.title}"]
    assert any(url.endswith(f"/en/petitions/{petition.pk}/") for url in _urls(talk, CHAT))


def test_the_list_costs_the_same_queries_for_two_petitions_as_for_five(talk, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        world.collecting()
    talk(shapes.callback(CHAT + 2, "m:petitions"))  # the process's first webhook call reads more (caches)
    with CaptureQueriesContext(connection) as few:
        talk(shapes.callback(CHAT, "m:petitions"))
    for _ in range(3):
        world.collecting()
    with CaptureQueriesContext(connection) as many:
        talk(shapes.callback(CHAT + 1, "m:petitions"))

    assert len([b for b in talk.buttons(CHAT + 1) if b["callback_data"].startswith("g:o:")]) == 5
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def _spy_on_cards(monkeypatch):
    from hromada.bot.dialogues import petitions as dialogue

    reads: list[int] = []
    real = dialogue.petition_get

    def counted(*, hromada, petition_id, viewer=None):
        reads.append(petition_id)
        return real(hromada=hromada, petition_id=petition_id, viewer=viewer)

    monkeypatch.setattr(dialogue, "petition_get", counted)
    return reads


def test_a_batch_reads_a_petitions_card_once_for_all_its_chats(talk, standin, world, monkeypatch):
    petition = world.collecting(title="Ремонт дороги на Шевченка")
    chats = [CHAT + n for n in range(4)]
    for n, chat_id in enumerate(chats):
        talk.post(shapes.callback(chat_id, "m:petitions", update_id=89_000 + n))
    talk.run()
    reads = _spy_on_cards(monkeypatch)
    for n, chat_id in enumerate(chats):  # four chats open the same card, processed in one batch
        talk.post(shapes.callback(chat_id, f"g:o:{petition.pk}", update_id=90_000 + n))
    talk.run()

    assert reads == [petition.pk]
    for chat_id in chats:
        assert any(petition.title in text for text in standin.texts(chat_id))
        assert Chat.objects.get(external_id=str(chat_id)).state == "petitions.card"

    talk(shapes.callback(CHAT, f"g:o:{petition.pk}", update_id=90_010))  # the next batch reads it again
    assert reads == [petition.pk, petition.pk]


def test_a_signature_in_a_batch_makes_the_later_cards_of_that_batch_read_afresh(
    talk, world, hromada, monkeypatch
):
    petition = world.collecting()
    signer = world.resident()
    _link(talk, signer, hromada)
    for chat_id in (CHAT, CHAT + 1, CHAT + 2):
        talk(shapes.callback(chat_id, "m:petitions"))
    talk(shapes.callback(CHAT, f"g:o:{petition.pk}"))
    reads = _spy_on_cards(monkeypatch)

    talk.post(shapes.callback(CHAT + 1, f"g:o:{petition.pk}", update_id=91_000))
    talk.post(shapes.callback(CHAT, f"g:s:{petition.pk}", update_id=91_001))
    talk.post(shapes.callback(CHAT + 2, f"g:o:{petition.pk}", update_id=91_002))
    talk.run()

    assert Signature.objects.filter(petition=petition, signer=signer).exists()
    # the first card, the signing's own read of the petition, and the card after the signature
    assert reads == [petition.pk, petition.pk, petition.pk]
