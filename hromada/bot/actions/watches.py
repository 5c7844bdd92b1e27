"""Pushes: a chat follows its problem reports (status changes, then "is it fixed?") and queue tickets
(a few people ahead, called to a desk). A periodic job compares what the modules' selectors say with the
last state the chat was told and queues a message on a change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hromada.cnapqueue.selectors import tickets_followed
from hromada.core import clock
from hromada.core.notifications import site_url
from hromada.opencity.selectors import reports_followed

from ..adapters import Button, Reply
from ..bulk import outgoing_insert
from ..models import Watch
from ..outbox import QueuedCall, outgoing_rows
from ..telegram import ADAPTERS

if TYPE_CHECKING:
    from hromada.cnapqueue.models import Ticket
    from hromada.opencity.models import Report

NEAR = "near"
FINAL_TICKET = ("done", "no_show", "cancelled")
FINAL_REPORT = ("closed",)


def _report_push(
    watch: Watch, reports: dict[int, Report], follows: set[tuple[int, int]], host: str | None
) -> Reply | None:
    report = reports.get(watch.ref_id)
    if report is None or report.hromada_id != watch.hromada_id:
        watch.is_active = False
        return None
    if report.status == watch.last_state:
        return None
    watch.last_state = report.status
    watch.is_active = report.status not in FINAL_REPORT
    person_id = watch.chat.person_id
    if report.status == "fixed" and person_id is not None and report.reporter_id == person_id:
        # The reporter answers "is it fixed?" here: the open city's report_verdict (dialogues/verdict.py).
        return Reply(
            text=_("Report #%(number)s is marked fixed. Is it really fixed?") % {"number": report.pk},
            buttons=[
                [
                    Button(_("✅ Yes, it is fixed"), data=f"x:{report.pk}:y"),
                    Button(_("✖ No, it is not"), data=f"x:{report.pk}:n"),
                ]
            ],
        )
    if person_id is not None and (report.pk, person_id) in follows:
        # The linked person follows the report: the open city's own notification reaches this chat
        # (actions/pushes.py), so the watch adds no second message.
        return None
    text = _("Report #%(number)s: the status is now “%(status)s”.") % {
        "number": report.pk,
        "status": report.get_status_display(),
    }
    if report.status == "fixed":
        text += " " + _("Is it really fixed? Answer on the report's page.")
    url = site_url(watch.hromada, report.get_absolute_url(), language=watch.chat.language, host=host)
    return Reply(text=text, buttons=[[Button(_("Open the report"), url=url)]])


def _ticket_push(watch: Watch, tickets: dict[int, tuple[Ticket, int | None]]) -> Reply | None:
    ticket, ahead = tickets.get(watch.ref_id, (None, None))
    if ticket is None or ticket.hromada_id != watch.hromada_id:
        watch.is_active = False
        return None
    if ticket.status in FINAL_TICKET:
        watch.is_active = False
        watch.last_state = ticket.status
        return None
    if ticket.status == "called" and watch.last_state != "called":
        watch.last_state = "called"
        desk = getattr(ticket.desk, "number", "") if ticket.desk_id else ""
        return Reply(
            text=_("Ticket %(number)s: it is your turn! Go to desk %(desk)s.")
            % {"number": ticket.number, "desk": desk}
        )
    near = ahead is not None and ahead <= ticket.office.notify_ahead
    if ticket.status == "waiting" and watch.last_state == "waiting" and near:
        watch.last_state = NEAR
        return Reply(
            text=_("Ticket %(number)s: %(ahead)s people ahead of you. Please come to the office.")
            % {"number": ticket.number, "ahead": ahead}
        )
    return None


@transaction.atomic
def watches_check(*, limit: int = 2000) -> int:
    """Queue a push for every followed report or ticket whose state changed; returns how many.

    The watched reports, and which of them the watching chats' people follow, are read in one go
    (``reports_followed``: two queries however many reports are watched), and so are the watched tickets
    with the people ahead of each (``tickets_followed``: two queries however many tickets)."""
    now = clock.now()
    pushed = 0
    watches = list(
        Watch.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(is_active=True, chat__is_blocked=False)
        .select_related("chat__bot", "hromada")
        .order_by("pk")[:limit]
    )
    on_reports = [w for w in watches if w.kind == Watch.Kind.REPORT]
    reports, follows = reports_followed(
        report_ids=[w.ref_id for w in on_reports],
        person_ids=[w.chat.person_id for w in on_reports if w.chat.person_id is not None],
    )
    tickets = tickets_followed(ticket_ids=[w.ref_id for w in watches if w.kind == Watch.Kind.TICKET])
    hosts: dict[int, str | None] = {}
    rows: list[QueuedCall] = []
    changed: list[Watch] = []
    for watch in watches:
        chat = watch.chat
        before = (watch.last_state, watch.is_active)
        with translation.override(chat.language):
            if watch.kind == Watch.Kind.REPORT:
                if watch.hromada_id not in hosts:
                    hosts[watch.hromada_id] = watch.hromada.primary_host()
                reply = _report_push(watch, reports, follows, hosts[watch.hromada_id])
            else:
                reply = _ticket_push(watch, tickets)
            calls = ADAPTERS[chat.bot.platform].render(chat.external_id, reply) if reply else []
        if calls:
            rows += outgoing_rows(bot=chat.bot, chat=chat, calls=calls, now=now)
            pushed += 1
        if (watch.last_state, watch.is_active) != before:
            watch.updated_at = now
            changed.append(watch)
    outgoing_insert(rows)
    Watch.objects.bulk_update(changed, ["last_state", "is_active", "updated_at"], batch_size=500)
    return pushed
