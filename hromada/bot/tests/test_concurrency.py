"""Exactly once and in order per chat under real concurrent clients: webhook posters (each update posted
twice, as Telegram retries) and several workers processing batches at the same time, each in its own
thread on its own database connection.

On PostgreSQL the chats' row locks (``SELECT … FOR UPDATE SKIP LOCKED``) and the unique ``(bot,
update_id)`` decide; on SQLite writers are serialised and the same assertions hold.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
from django.test import Client

from hromada.bot.actions import updates_process_pending
from hromada.bot.models import InboundUpdate, Outgoing
from tests.concurrency import race

from . import shapes

CHATS = 12
PER_CHAT = 12  # under the flood limit (20 in 10 s)
WORKERS = 3
POSTERS = 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_posters_and_workers_answer_each_update_once_in_each_chats_order(
    telegram_bot, monkeypatch
):
    bot = telegram_bot
    # What is answered, and in which order, is the question here; sending the answers within the
    # messenger's limits (a second per chat) is test_outbox's, and would hold each woken task for seconds.
    monkeypatch.setattr("hromada.bot.tasks.SEND_SECONDS", 0.0)
    scripts = {
        900 + c: [
            shapes.text(900 + c, f"/order{n}", update_id=10_000 + n * CHATS + c) for n in range(PER_CHAT)
        ]
        for c in range(CHATS)
    }
    total = CHATS * PER_CHAT
    chat_ids = sorted(scripts)

    def poster(index: int) -> int:
        client = Client()
        headers = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": bot.webhook_secret}
        statuses = Counter()
        mine = chat_ids[index::POSTERS]
        for n in range(PER_CHAT):  # round-robin over the chats, each chat's updates in order
            for chat_id in mine:
                for _attempt in range(2):  # every update delivered twice
                    response = client.post(
                        "/bot/telegram/webhook",
                        scripts[chat_id][n],
                        content_type="application/json",
                        **headers,
                    )
                    statuses[response.status_code] += 1
        return statuses[200]

    def worker() -> int:
        done = 0
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            done += updates_process_pending(bot=bot, chunk=5)
            if InboundUpdate.objects.filter(bot=bot).exclude(outcome="pending").count() >= total:
                break
            time.sleep(0.005)
        return done

    outcomes = race([lambda i=i: poster(i) for i in range(POSTERS)] + [worker] * WORKERS)

    failures = [o for o in outcomes if isinstance(o, BaseException)]
    assert not failures, failures
    assert sum(outcomes[:POSTERS]) == 2 * total  # every delivery answered 200, the repeats too
    # The workers processed the updates (the tests' task backend runs a woken task at once, in the
    # poster's thread: that is one more concurrent worker); the answers below show each exactly once.
    assert 0 < sum(outcomes[POSTERS:]) <= total
    assert InboundUpdate.objects.filter(bot=bot).count() == total
    assert set(InboundUpdate.objects.filter(bot=bot).values_list("outcome", flat=True)) == {"done"}
    for chat_id in chat_ids:
        texts = [
            payload["text"]
            for payload in Outgoing.objects.filter(chat__external_id=str(chat_id))
            .order_by("pk")
            .values_list("payload", flat=True)
        ]
        # One answer per update, in the order the chat sent them.
        assert [t.split("/order")[1].split(".")[0] for t in texts] == [str(n) for n in range(PER_CHAT)]
