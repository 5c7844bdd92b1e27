"""Background work of the bot (idempotent): process received updates, send the outgoing queue."""

from __future__ import annotations

from django_tasks import task

from .models import BotConfig

SEND_SECONDS = 20.0  # one task sends for at most this long, then queues itself again if work is left


@task()
def bot_process_updates(*, bot_id: int) -> int:
    """Process the bot's pending updates, then send the replies within the limits."""
    from .actions import updates_process_pending

    bot = BotConfig.objects.select_related("hromada").filter(pk=bot_id).first()
    if bot is None:
        return 0
    done = updates_process_pending(bot=bot)
    if done:
        bot_send.enqueue(bot_id=bot_id)
    return done


@task()
def bot_send(*, bot_id: int) -> int:
    """Send the outgoing queue for a while (the rest is picked up by the periodic job)."""
    from .actions import outbox_drain

    bot = BotConfig.objects.select_related("hromada").filter(pk=bot_id).first()
    if bot is None:
        return 0
    return outbox_drain(bot=bot, seconds=SEND_SECONDS)
