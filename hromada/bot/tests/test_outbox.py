"""The outgoing queue within Telegram's limits: the pure throttle, the sender against the stand-in API,
``retry_after`` honoured, blocked users dropped, a demo bot that never sends."""

from __future__ import annotations

import datetime as dt

import pytest

from hromada.bot import throttle, tokens
from hromada.bot.actions import bot_config_save, bot_secret_rotate, outbox_drain, outgoing_send_due
from hromada.bot.actions.updates import queue_calls
from hromada.bot.adapters import Call
from hromada.bot.models import BotConfig, Chat, Outgoing

pytestmark = pytest.mark.django_db


def _plan(pending, now=100.0, recent=(), last=None, **kwargs):
    return throttle.plan(pending, now=now, sent_recently=recent, chat_last_sent=last or {}, **kwargs)


def test_the_throttle_sends_at_most_thirty_a_second_and_one_per_chat():
    pending = [throttle.Pending(n, chat=n % 40, due=0) for n in range(100)]

    plan = _plan(pending)

    assert len(plan.send) == 30
    assert len({p.chat for p in pending if p.key in plan.send}) == 30
    assert plan.wake_at is not None


def test_the_throttle_counts_what_was_sent_in_the_last_second_and_waits_for_the_window():
    pending = [throttle.Pending(n, chat=n, due=0) for n in range(10)]

    plan = _plan(pending, now=100.0, recent=[99.5] * 25)

    assert len(plan.send) == 5
    assert plan.wake_at == pytest.approx(100.5)


def test_the_throttle_keeps_a_second_between_messages_in_one_chat_and_honours_due_times():
    pending = [throttle.Pending(1, chat=7, due=0), throttle.Pending(2, chat=8, due=105.0)]

    plan = _plan(pending, now=100.0, last={7: 99.6})

    assert plan.send == ()
    assert plan.wake_at == pytest.approx(100.6)


def test_max_in_window_finds_the_busiest_second():
    assert throttle.max_in_window([0.0, 0.1, 0.5, 0.99, 1.0, 2.5]) == 4


def _queue(bot, chat_ids, per_chat=1):
    from hromada.core import clock

    for chat_id in chat_ids:
        chat = Chat.objects.create(hromada=bot.hromada, bot=bot, external_id=str(chat_id))
        calls = [Call("sendMessage", {"chat_id": chat_id, "text": f"№{n}"}) for n in range(per_chat)]
        queue_calls(bot=bot, chat=chat, calls=calls, now=clock.now())


def test_queued_calls_are_stored_with_their_payloads_and_the_rows_defaults(telegram_bot, clock):
    bot = telegram_bot
    chat = Chat.objects.create(hromada=bot.hromada, bot=bot, external_id="990")
    later = clock() + dt.timedelta(seconds=5, microseconds=123_457)
    payloads = [
        {
            "chat_id": 990,
            "text": 'Лапки " і \\ та 🚧',
            "reply_markup": {"inline_keyboard": [[{"text": "✅"}]]},
        },
        {"callback_query_id": "42"},
    ]

    queue_calls(
        bot=bot,
        chat=chat,
        calls=[Call("sendMessage", payloads[0]), Call("answerCallbackQuery", payloads[1])],
        now=later,
    )

    rows = list(Outgoing.objects.filter(chat=chat).order_by("pk"))
    assert [(r.method, r.payload) for r in rows] == [
        ("sendMessage", payloads[0]),
        ("answerCallbackQuery", payloads[1]),
    ]
    for row in rows:
        assert (row.hromada_id, row.bot_id, row.broadcast_id) == (bot.hromada_id, bot.pk, None)
        assert row.not_before == later  # to the microsecond
        assert (row.status, row.attempts, row.sent_at, row.error) == (Outgoing.Status.PENDING, 0, None, "")
        assert row.created_at is not None and row.updated_at is not None


def test_the_sender_never_exceeds_the_limits_against_the_standin(telegram_bot, standin, clock):
    _queue(telegram_bot, range(1000, 1045), per_chat=2)

    batches = []
    while Outgoing.objects.filter(status="pending").exists():
        batches.append(outgoing_send_due(bot=telegram_bot).sent)
        clock.advance(dt.timedelta(seconds=1.01))

    # 45 chats × 2: the second message of a chat waits a second after its first.
    assert batches == [30, 30, 15, 15]
    assert len(standin.sent()) == 90
    per_chat = {}
    for payload in standin.sent():
        per_chat[payload["chat_id"]] = per_chat.get(payload["chat_id"], 0) + 1
    assert set(per_chat.values()) == {2}


def test_retry_after_is_honoured(telegram_bot, standin, clock):
    _queue(telegram_bot, [2000])
    standin.flood, standin.retry_after = 1, 5

    first = outgoing_send_due(bot=telegram_bot)
    clock.advance(dt.timedelta(seconds=4))
    early = outgoing_send_due(bot=telegram_bot)
    clock.advance(dt.timedelta(seconds=1.5))
    late = outgoing_send_due(bot=telegram_bot)

    assert (first.sent, first.wake_in) == (0, 5.0)
    assert early.sent == 0
    assert late.sent == 1
    assert len(standin.sent()) == 2  # the refused call and the retry


def test_a_user_who_blocked_the_bot_is_unsubscribed_and_not_written_to_again(telegram_bot, standin, clock):
    _queue(telegram_bot, [3000], per_chat=3)
    Chat.objects.filter(external_id="3000").update(district_id_subscribed=None, topics=["all"])
    standin.blocked.add(3000)

    outgoing_send_due(bot=telegram_bot)
    clock.advance(dt.timedelta(seconds=2))
    outgoing_send_due(bot=telegram_bot)

    chat = Chat.objects.get(external_id="3000")
    assert chat.is_blocked and chat.topics == []
    assert Outgoing.objects.filter(chat=chat, status="failed").count() == 3
    assert len(standin.sent()) == 1


def test_a_demo_bot_with_sending_off_never_calls_the_api(hromada, standin):
    bot = bot_config_save(hromada=hromada, by=None, username="demo", token="1:x", sending_enabled=False)
    _queue(bot, [4000])

    outbox_drain(bot=bot, seconds=0.5)

    assert standin.calls == []
    assert Outgoing.objects.get().status == "held"


def test_the_token_is_stored_encrypted_and_an_environment_token_wins(hromada, monkeypatch, official):
    bot = bot_config_save(hromada=hromada, by=None, username="x", token="42:SECRET-token")

    stored = BotConfig.objects.get(pk=bot.pk).token_encrypted
    assert "SECRET" not in stored
    assert tokens.token_for(slug=hromada.slug, stored=stored) == "42:SECRET-token"
    monkeypatch.setenv(tokens.environment_variable(hromada.slug), "43:FROM-ENV")
    assert tokens.token_for(slug=hromada.slug, stored=stored) == "43:FROM-ENV"


def test_only_administrators_configure_the_bot(hromada, official):
    from hromada.core.errors import PermissionDeniedError

    bot = bot_config_save(hromada=hromada, by=None, username="x")
    with pytest.raises(PermissionDeniedError):
        bot_config_save(hromada=hromada, by=official, username="y")
    with pytest.raises(PermissionDeniedError):
        bot_secret_rotate(config=bot, by=official)
