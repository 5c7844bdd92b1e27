"""The webhook: the secret token, invalid bodies, exactly-once processing of retried updates."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import OperationalError, transaction

from hromada.bot.actions import update_receive, updates_process_pending
from hromada.bot.actions import updates as updates_module
from hromada.bot.models import Chat, InboundUpdate, Outgoing

from . import shapes

pytestmark = pytest.mark.django_db


def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_recorded(talk):
    assert talk.post(shapes.text(501, "/start"), secret="wrong").status_code == 403
    assert talk.post(shapes.text(501, "/start"), secret="").status_code == 403

    assert InboundUpdate.objects.count() == 0
    assert Chat.objects.count() == 0


def test_a_body_that_is_not_an_update_is_a_400_and_logged(talk, caplog):
    assert talk.post({"hello": "world"}).status_code == 400
    response = talk.client.post(
        "/bot/telegram/webhook",
        b"not json",
        content_type="application/json",
        HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=talk.bot.webhook_secret,
    )

    assert response.status_code == 400
    assert InboundUpdate.objects.count() == 0
    assert "not a Telegram update" in caplog.text


def test_the_webhook_of_another_hromada_does_not_take_this_bots_secret(talk, other_hromada):
    response = talk.client.post(
        "/bot/telegram/webhook",
        shapes.text(501, "/start"),
        content_type="application/json",
        HTTP_HOST="verbivka.localhost",
        HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=talk.bot.webhook_secret,
    )

    assert response.status_code == 403


def test_a_retried_update_is_processed_and_answered_once(talk, standin):
    update = shapes.text(502, "/start", update_id=777)

    assert talk.post(update).status_code == 200
    assert talk.post(update).status_code == 200  # Telegram retries when the first answer was slow
    talk.run()
    talk.post(update)
    talk.run()

    assert InboundUpdate.objects.filter(update_id=777).count() == 1
    greetings = [t for t in standin.texts(502) if t.startswith("Вітаю")]
    assert len(greetings) == 1


def test_an_update_is_stored_as_received_and_its_repeat_inserts_nothing(telegram_bot):
    body = shapes.text(504, "Привіт, «місто» \\ 🚧", update_id=5_040)
    pk = update_receive(bot=telegram_bot, body=body)

    assert pk is not None
    stored = InboundUpdate.objects.get(bot=telegram_bot, update_id=5_040)
    assert stored.pk == pk
    assert stored.payload == body
    assert stored.outcome == InboundUpdate.Outcome.PENDING and stored.processed_at is None
    assert stored.hromada_id == telegram_bot.hromada_id
    assert stored.created_at is not None and stored.created_at == stored.updated_at

    assert (
        update_receive(bot=telegram_bot, body={**body, "message": {**body["message"], "text": "x"}}) is None
    )
    assert InboundUpdate.objects.filter(bot=telegram_bot).count() == 1
    assert InboundUpdate.objects.get(pk=pk).payload == body  # the first delivery is kept


def test_an_update_without_a_chat_is_recorded_once_as_ignored(telegram_bot):
    body = {"update_id": 5_050, "channel_post": {"message_id": 1, "date": 0, "text": "x"}}

    pk = update_receive(bot=telegram_bot, body=body)
    assert update_receive(bot=telegram_bot, body=body) is None

    stored = InboundUpdate.objects.get(pk=pk)
    assert stored.outcome == InboundUpdate.Outcome.IGNORED and stored.processed_at is not None
    assert updates_process_pending(bot=telegram_bot) == 0


def test_a_repeat_inside_a_transaction_leaves_the_transaction_usable(telegram_bot):
    body = shapes.text(506, "/menu", update_id=5_060)
    with transaction.atomic():
        assert update_receive(bot=telegram_bot, body=body) is not None
        assert update_receive(bot=telegram_bot, body=body) is None
        assert InboundUpdate.objects.filter(update_id=5_060).count() == 1  # no aborted transaction


def test_processing_an_update_twice_does_nothing_the_second_time(telegram_bot):
    pk = update_receive(bot=telegram_bot, body=shapes.text(503, "/menu"))

    assert updates_process_pending(bot=telegram_bot) == 1
    assert updates_process_pending(bot=telegram_bot) == 0
    row = InboundUpdate.objects.get(pk=pk)
    assert row.outcome == InboundUpdate.Outcome.DONE
    assert Outgoing.objects.filter(chat__external_id="503").count() == 1


def test_a_batch_rolled_back_by_a_deadlock_runs_again_on_fewer_chats_and_answers_once(
    telegram_bot, monkeypatch
):
    for n in range(8):
        update_receive(bot=telegram_bot, body=shapes.text(600 + n, "/menu", update_id=60_000 + n))
    real = updates_module._process
    chats_asked: list[int] = []

    def deadlocked_the_first_time(bot, candidates, *, chats_most):
        chats_asked.append(chats_most)
        if len(chats_asked) > 1:
            return real(bot, candidates, chats_most=chats_most)
        with transaction.atomic():  # the whole batch's work done, then rolled back as PostgreSQL would
            real(bot, candidates, chats_most=chats_most)
            raise OperationalError("deadlock detected") from psycopg.errors.DeadlockDetected("deadlock")

    monkeypatch.setattr(updates_module, "_process", deadlocked_the_first_time)

    assert updates_process_pending(bot=telegram_bot, chunk=8) == 8
    assert chats_asked[:2] == [8, 2]  # the same updates again, a quarter of the chats at a time
    assert set(InboundUpdate.objects.filter(bot=telegram_bot).values_list("outcome", flat=True)) == {"done"}
    for n in range(8):  # the rolled-back first attempt left no answer behind
        assert Outgoing.objects.filter(chat__external_id=str(600 + n)).count() == 1


def _wsgi_post(body: bytes, secret: str) -> tuple[str, dict[str, str]]:
    """POST to the webhook through the production WSGI application (its middleware chains)."""
    import io

    from hromada.core.handlers import Application

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/bot/telegram/webhook",
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "149.154.167.197",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": secret,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    answer: dict[str, object] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> None:
        answer["status"], answer["headers"] = status, dict(headers)

    b"".join(Application()(environ, start_response))
    return str(answer["status"]), answer["headers"]  # type: ignore[return-value]


@pytest.mark.django_db(transaction=True)
def test_the_webhook_runs_through_the_lean_chain_with_its_secret_checked(telegram_bot):
    import json

    body = json.dumps(shapes.text(504, "/start", update_id=9001)).encode()

    refused, _headers = _wsgi_post(body, "wrong")
    status, headers = _wsgi_post(body, telegram_bot.webhook_secret)

    assert refused.startswith("403")
    assert status.startswith("200")
    # No session, CSRF or CSP middleware ran: no cookie, no Vary on it, no page policy.
    assert "Set-Cookie" not in headers and "Cookie" not in headers.get("Vary", "")
    assert "Content-Security-Policy" not in headers
    assert InboundUpdate.objects.filter(update_id=9001).count() == 1


def test_a_rotated_secret_is_taken_at_once_and_the_old_one_refused_after_a_while(talk, monkeypatch):
    from hromada.bot import selectors
    from hromada.bot.actions import bot_secret_rotate
    from tests.factories import UserFactory

    old = talk.bot.webhook_secret
    assert talk.post(shapes.text(505, "/menu"), secret=old).status_code == 200
    admin = UserFactory(is_superuser=True, is_staff=True)
    new = bot_secret_rotate(config=talk.bot, by=admin).webhook_secret

    # Within SECRET_TTL the process still trusts the row it read: the old secret passes once more.
    assert talk.post(shapes.text(505, "/menu"), secret=old).status_code == 200
    assert talk.post(shapes.text(505, "/menu"), secret=new).status_code == 200
    later = time.monotonic() + selectors.SECRET_TTL + 1
    monkeypatch.setattr(selectors.time, "monotonic", lambda: later)
    assert talk.post(shapes.text(505, "/menu"), secret=old).status_code == 403
    assert talk.post(shapes.text(505, "/menu"), secret=new).status_code == 200
