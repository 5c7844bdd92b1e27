"""A ЦНАП live ticket: office → service → the ticket's number and place in the queue. The ticket is taken
by the queue's own action, ``cnapqueue.actions.ticket_take_placed`` (the ticket with the place it computed),
with the channel ``telegram``; the chat then follows it (a push when few people are ahead, and when it is
called)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hromada.cnapqueue.actions import ticket_take_placed
from hromada.cnapqueue.models import Channel, Office, Service
from hromada.cnapqueue.selectors import office_get, service_get, services_of, ticket_place

from ..adapters import CALLBACK, Button
from .engine import Conversation, register_menu, show_menu, step
from .info import office_list


def _name(row: object, language: str) -> str:
    return (getattr(row, "name_en", "") if language == "en" else "") or str(getattr(row, "name", ""))


def start(conv: Conversation) -> None:
    offices = office_list(conv)
    if not offices:
        conv.say(_("The electronic queue is not open in this hromada."))
        show_menu(conv)
        return
    if len(offices) == 1:
        conv.go("queue.service", office=offices[0].pk)
        ask_service(conv)
        return
    conv.go("queue.office")
    ask_office(conv)


def _office(conv: Conversation, office_id: int) -> tuple[Office, list[Service]]:
    """The office and its active services (by prefix and name) from the batch's list, which ``offices_of``
    reads once per batch with them prefetched; an office outside it (no longer active) is read alone, as
    before, and refused by the action."""
    for office in office_list(conv):
        if office.pk == office_id:
            return office, list(office.services.all())
    office = office_get(hromada=conv.hromada, office_id=office_id)
    return office, list(services_of(office=office))


def ask_office(conv: Conversation) -> None:
    language = conv.chat.language
    rows = [[Button(_name(o.institution, language)[:60], data=f"o:{o.pk}")] for o in office_list(conv)[:20]]
    conv.say(_("Which office?"), buttons=rows)


@step("queue.office", prefix="o", prompt=ask_office)
def on_office(conv: Conversation) -> None:
    value = conv.incoming.data.partition(":")[2] if conv.incoming.kind == CALLBACK else ""
    if not value.isdigit():
        conv.hint(_("Choose an office with the buttons."))
        return
    office, _services = _office(conv, int(value))
    conv.go("queue.service", office=office.pk)
    ask_service(conv)


def ask_service(conv: Conversation) -> None:
    _office_row, services = _office(conv, int(conv.chat.data["office"]))
    rows = [[Button(_name(s, conv.chat.language)[:60], data=f"s:{s.pk}")] for s in services[:30]]
    conv.say(_("Which service do you need?"), buttons=rows)


@step("queue.service", prefix="s", prompt=ask_service)
def on_service(conv: Conversation) -> None:
    value = conv.incoming.data.partition(":")[2] if conv.incoming.kind == CALLBACK else ""
    if not value.isdigit():
        conv.hint(_("Choose a service with the buttons."))
        return
    office, services = _office(conv, int(conv.chat.data["office"]))
    service = next((s for s in services if s.pk == int(value)), None)
    if service is None:  # not an active service of the office: as before, the action refuses it
        service = service_get(office=office, service_id=int(value))
    if service is None:
        conv.hint(_("This office does not offer that service."))
        return
    taken = ticket_take_placed(
        office=office,
        service=service,
        channel=Channel.TELEGRAM,
        person=conv.person,
        idempotency_key=f"tg-{conv.bot.pk}-{conv.incoming.key}",
    )
    ticket = taken.ticket
    # the place the action computed for the new ticket; a repeated update (the same key) reads it afresh
    place = taken.place if taken.place is not None else ticket_place(ticket=ticket)
    conv.watches.append(("ticket", ticket.pk, ticket.status))
    text = _("Your ticket: %(number)s.") % {"number": ticket.number}
    if place.position is not None:
        text += " " + _("People ahead of you: %(ahead)s.") % {"ahead": place.ahead}
    if place.estimated_wait_minutes is not None:
        text += " " + _("Estimated wait: about %(minutes)s min.") % {"minutes": place.estimated_wait_minutes}
    text += " " + _("I will write when you are nearly next and when you are called.")
    conv.say(text, buttons=[[Button(_("Open the ticket page"), url=conv.url(f"/queue/t/{ticket.code}/"))]])
    conv.reset()


register_menu("queue", lambda: _("🎫 ЦНАП queue ticket"), start)
