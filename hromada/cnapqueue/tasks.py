"""Background work of the queue (django-tasks; idempotent: running a task twice does no harm)."""

from __future__ import annotations

from django_tasks import task


@task()
def cnapqueue_near_sms(*, ticket_id: int, ahead: int) -> bool:
    """Text a waiting ticket's phone that its turn is near (queued by call-next after it commits, so the
    operator's request never waits for the SMS gateway); True when the message went out."""
    from .actions import ticket_sms_send

    return ticket_sms_send(ticket_id=ticket_id, ahead=ahead)
