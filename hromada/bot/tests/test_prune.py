"""Pruning old received updates and sent messages, keeping exactly once within Telegram's retry window."""

from __future__ import annotations

import datetime as dt

import pytest

from hromada.bot.actions import bot_rows_prune
from hromada.bot.actions.prune import RETENTION
from hromada.bot.models import InboundUpdate, Outgoing

from . import shapes

pytestmark = pytest.mark.django_db


def test_rows_older_than_the_retention_are_pruned_and_pending_ones_kept(talk, clock):
    talk(shapes.text(601, "/start", update_id=61))
    talk.post(shapes.text(602, "/menu", update_id=62))  # received, not processed yet
    assert Outgoing.objects.filter(status="sent").exists()

    clock.advance(RETENTION + dt.timedelta(hours=1))
    talk(shapes.text(603, "/menu", update_id=63))
    InboundUpdate.objects.filter(update_id=62).update(outcome="pending", processed_at=None)

    updates, messages = bot_rows_prune()

    assert sorted(InboundUpdate.objects.values_list("update_id", flat=True)) == [62, 63]
    assert updates == 1 and messages >= 2
    assert not Outgoing.objects.filter(chat__external_id="601").exists()
    assert Outgoing.objects.filter(chat__external_id="603").exists()


def test_a_retry_within_the_retention_is_still_a_no_op_after_pruning(talk, standin, clock):
    update = shapes.text(604, "/start", update_id=64)
    talk(update)
    clock.advance(dt.timedelta(hours=23))

    bot_rows_prune()
    talk(update)  # Telegram's late retry

    assert InboundUpdate.objects.filter(update_id=64).count() == 1
    assert sum(t.startswith("Вітаю") for t in standin.texts(604)) == 1


def test_a_retention_shorter_than_telegrams_retry_window_is_refused(db):
    with pytest.raises(ValueError):
        bot_rows_prune(retention=dt.timedelta(hours=1))
