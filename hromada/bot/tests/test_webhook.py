"""The webhook: the secret token, invalid bodies, exactly-once processing of retried updates."""

from __future__ import annotations

import pytest

from hromada.bot.actions import update_process, update_receive
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


def test_processing_an_update_twice_does_nothing_the_second_time(telegram_bot):
    row = update_receive(bot=telegram_bot, body=shapes.text(503, "/menu"))

    assert update_process(update_pk=row.pk) == "done"
    assert update_process(update_pk=row.pk) == "skipped"
    assert Outgoing.objects.filter(chat__external_id="503").count() == 1
