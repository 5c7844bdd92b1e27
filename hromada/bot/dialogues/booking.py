"""Booking a ЦНАП visit: office (skipped when there is one) → service → a day (the days with free slots,
paged; or a full day's waitlist) → a time (the free slots, paged) → confirm → the check-in code and how to
check in. "My bookings" (a button, or /bookings) lists the active bookings, each with Cancel and (when
confirmed) Move buttons — moving walks the same days and times of the booking's service — and the
waitlists the person is on, each with Leave.

The booking is made by the queue's own actions, the web's: ``booking_hold`` and ``booking_confirm`` (at
the press of "Confirm", together, so a chat that walks away leaves no hold behind), ``booking_cancel``,
``booking_reschedule`` (with the channel ``telegram``), ``waitlist_join``, ``waitlist_leave``;
their refusals (the slot was taken meanwhile, one active booking per service, booking suspended after
missed visits, not your booking, no longer active) are their own words. The confirmation, the reminders
the day before and the hour before, and a waitlist offer are the queue's notifications, which reach the
linked chat (``actions/pushes.py``) exactly as they reach the web inbox; the offer's push carries Accept
(``waitlist_accept`` with the channel ``telegram``) and Decline (asked once more, then ``waitlist_leave``:
the place goes to the next person in line).

Booking needs a linked account (the action books for a person); an anonymous chat is sent to link it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hromada.cnapqueue.actions import (
    booking_cancel,
    booking_confirm,
    booking_hold,
    booking_reschedule,
    waitlist_accept,
    waitlist_join,
    waitlist_leave,
)
from hromada.cnapqueue.models import Booking, Channel, WaitlistEntry
from hromada.cnapqueue.selectors import (
    booking_days,
    booking_get,
    bookings_active_of_person,
    slots_for,
    waitlist_entry_get,
    waitlist_of_person,
)
from hromada.core.errors import ApplicationError

from ..adapters import CALLBACK, Button
from .engine import BUTTONS, COMMANDS, PUSH_BUTTONS, Conversation, register_menu, show_menu, step
from .info import DAYS, _day_names, office_list

DAYS_PAGE = 7
WAITING = WaitlistEntry.Status.WAITING  # an entry not offered a place yet (an offer is a held booking)
TIMES_PAGE = 24
TIMES_ROW = 4
LISTED = 10


def _day(day: dt.date) -> str:
    return f"{_day_names()[DAYS[day.weekday()]]} {day:%d.%m}"


def _when(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{_day_names()[DAYS[local.weekday()]]} {local:%d.%m.%Y %H:%M}"


def _offices(conv: Conversation) -> list[Any]:
    """The offices with a bookable service (the hromada's offices are read once per batch)."""
    return [o for o in office_list(conv) if any(s.bookable for s in o.services.all())]


def _office(conv: Conversation) -> Any:
    office_id = int(conv.chat.data.get("office", 0))
    for office in _offices(conv):
        if office.pk == office_id:
            return office
    return None


def _service(conv: Conversation) -> Any:
    office = _office(conv)
    service_id = int(conv.chat.data.get("service", 0))
    for service in office.services.all() if office is not None else []:
        if service.pk == service_id and service.bookable:
            return service
    return None


def _mine() -> list[Button]:
    return [Button(_("🗓 My bookings"), data="bk:l")]


def _value(conv: Conversation) -> tuple[str, str, str]:
    """(what, value, more) of a pressed button ``<prefix>:<what>:<value>:<more>``; ("", "", "") for text."""
    if conv.incoming.kind != CALLBACK:
        return "", "", ""
    _prefix, what, value, more = [*conv.incoming.data.split(":"), "", "", ""][:4]
    return what, value, more


def _expired(conv: Conversation) -> None:
    conv.ack = _("This button is no longer active.")
    conv.hint(_("This button is no longer active."))


# ------------------------------------------------------------------------------------- office, service


def start(conv: Conversation) -> None:
    if conv.person is None:
        conv.needs_account(_("Booking a visit"))
        return
    offices = _offices(conv)
    if not offices:
        conv.say(_("Visits cannot be booked in this hromada."))
        show_menu(conv)
        return
    if len(offices) == 1:
        conv.go("booking.service", office=offices[0].pk)
        ask_service(conv)
    else:
        conv.go("booking.office")
        ask_office(conv)


def ask_office(conv: Conversation) -> None:
    language = conv.chat.language
    rows = [[Button(o.display_name(language)[:60], data=f"bo:o:{o.pk}")] for o in _offices(conv)[:20]]
    conv.say(_("Book a visit to which office?"), buttons=[*rows, _mine()])


@step("booking.office", prefix="bo", prompt=ask_office)
def on_office(conv: Conversation) -> None:
    what, value, _more = _value(conv)
    if what != "o" or not value.isdigit():
        conv.hint(_("Choose an office with the buttons."))
        return
    conv.go("booking.service", office=int(value))
    if _office(conv) is None:
        conv.go("booking.office")
        _expired(conv)
        return
    ask_service(conv)


def ask_service(conv: Conversation) -> None:
    office = _office(conv)
    if office is None:
        show_menu(conv)
        return
    language = conv.chat.language
    rows = [
        [Button(s.display_name(language)[:60], data=f"bs:s:{s.pk}")]
        for s in office.services.all()
        if s.bookable
    ][:30]
    if len(_offices(conv)) > 1:
        rows.append([Button(_("◀ Another office"), data="bs:o")])
    conv.say(
        _("%(office)s. Which service do you want to book?") % {"office": office.display_name(language)},
        buttons=[*rows, _mine()],
    )


@step("booking.service", prefix="bs", prompt=ask_service)
def on_service(conv: Conversation) -> None:
    what, value, _more = _value(conv)
    if what == "o":
        conv.go("booking.office")
        ask_office(conv)
        return
    if what != "s" or not value.isdigit():
        conv.hint(_("Choose a service with the buttons."))
        return
    conv.go("booking.day", service=int(value), page=0)
    if _service(conv) is None:
        conv.go("booking.service")
        conv.hint(_("This office does not offer that service."))
        return
    ask_day(conv)


# ---------------------------------------------------------------------------------------- day, time


def ask_day(conv: Conversation) -> None:
    service = _service(conv)
    if service is None:
        show_menu(conv)
        return
    listed = booking_days(service=service, full=True)
    days = [(day, free) for day, free in listed if free]
    full = len(days) < len(listed) and not conv.chat.data.get("move")  # a mover keeps a booking
    waitlist = [[Button(_("⏳ A full day: join its waitlist"), data="bd:w")]] if full else []
    if not days:
        conv.say(
            _(
                "There are no free times for %(service)s in the coming weeks. You can still take a live "
                "ticket at the office."
            )
            % {"service": service.display_name(conv.chat.language)},
            buttons=waitlist,
        )
        if not waitlist:
            show_menu(conv)
        return
    pages = (len(days) + DAYS_PAGE - 1) // DAYS_PAGE
    page = min(int(conv.chat.data.get("page", 0)), pages - 1)
    rows = [
        [
            Button(
                _day(day)
                + " · "
                + ngettext("%(count)s free slot", "%(count)s free slots", free) % {"count": free},
                data=f"bd:d:{day.isoformat()}",
            )
        ]
        for day, free in days[page * DAYS_PAGE : (page + 1) * DAYS_PAGE]
    ]
    paging = []
    if page:
        paging.append(Button(_("◀ Earlier"), data=f"bd:p:{page - 1}"))
    if page + 1 < pages:
        paging.append(Button(_("Later ▶"), data=f"bd:p:{page + 1}"))
    if paging:
        rows.append(paging)
    rows.extend(waitlist)
    if conv.chat.data.get("move"):
        question = _("Moving your visit: %(service)s. Which new day? Only days with free times are shown.")
    else:
        question = _("%(service)s. Which day? Only days with free times are shown.")
        rows.append([Button(_("◀ Another service"), data="bd:s")])
    conv.say(question % {"service": service.display_name(conv.chat.language)}, buttons=rows)


@step("booking.day", prefix="bd", prompt=ask_day)
def on_day(conv: Conversation) -> None:
    what, value, _more = _value(conv)
    if what == "s" and not conv.chat.data.get("move"):
        conv.go("booking.service")
        ask_service(conv)
    elif what == "w" and not conv.chat.data.get("move"):
        conv.go("booking.wait", page=0)
        ask_wait(conv)
    elif what == "p" and value.isdigit():
        conv.go("booking.day", page=int(value))
        ask_day(conv)
    elif what == "d":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            _expired(conv)
            return
        conv.go("booking.time", day=day.isoformat(), times=0)
        ask_time(conv)
    else:
        conv.hint(_("Choose a day with the buttons."))


def ask_time(conv: Conversation) -> None:
    service = _service(conv)
    if service is None:
        show_menu(conv)
        return
    day = dt.date.fromisoformat(conv.chat.data["day"])
    free = slots_for(service=service, day=day)
    if not free:
        conv.go("booking.day")
        conv.say(_("No free times are left on %(day)s. Choose another day.") % {"day": _day(day)})
        ask_day(conv)
        return
    pages = (len(free) + TIMES_PAGE - 1) // TIMES_PAGE
    page = min(int(conv.chat.data.get("times", 0)), pages - 1)
    shown = free[page * TIMES_PAGE : (page + 1) * TIMES_PAGE]
    buttons = [
        Button(
            timezone.localtime(starts).strftime("%H:%M"), data=f"bt:t:{service.pk}:{int(starts.timestamp())}"
        )
        for starts, _ends, _left in shown
    ]
    rows: list[list[Button]] = [buttons[i : i + TIMES_ROW] for i in range(0, len(buttons), TIMES_ROW)]
    paging = []
    if page:
        paging.append(Button(_("◀ Earlier"), data=f"bt:p:{page - 1}"))
    if page + 1 < pages:
        paging.append(Button(_("Later ▶"), data=f"bt:p:{page + 1}"))
    if paging:
        rows.append(paging)
    rows.append([Button(_("◀ Another day"), data="bt:d")])
    conv.say(
        ngettext(
            "%(day)s: %(count)s free slot. Which one suits you?",
            "%(day)s: %(count)s free slots. Which one suits you?",
            len(free),
        )
        % {"day": _day(day), "count": len(free)},
        buttons=rows,
    )


@step("booking.time", prefix="bt", prompt=ask_time)
def on_time(conv: Conversation) -> None:
    what, value, more = _value(conv)
    if what == "d":
        conv.go("booking.day")
        ask_day(conv)
    elif what == "p" and value.isdigit():
        conv.go("booking.time", times=int(value))
        ask_time(conv)
    elif what == "t" and value.isdigit() and more.isdigit():
        if int(value) != int(conv.chat.data.get("service", 0)):
            _expired(conv)
            return
        conv.go("booking.confirm", at=int(more))
        ask_confirm(conv)
    else:
        conv.hint(_("Choose a time with the buttons."))


# ------------------------------------------------------------------------------------------- confirm


def _starts(conv: Conversation) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(conv.chat.data["at"]), tz=dt.UTC)


def ask_confirm(conv: Conversation) -> None:
    office, service = _office(conv), _service(conv)
    if office is None or service is None:
        show_menu(conv)
        return
    language = conv.chat.language
    conv.say(
        "\n".join(
            [
                _("Move your visit to this time?") if conv.chat.data.get("move") else _("Book this visit?"),
                "",
                _("Office: %(office)s, %(address)s")
                % {"office": office.display_name(language), "address": office.institution.address},
                _("Service: %(service)s") % {"service": service.display_name(language)},
                _("Time: %(when)s") % {"when": _when(_starts(conv))},
            ]
        ),
        buttons=[
            [Button(_("✅ Confirm"), data="bc:y")],
            [Button(_("◀ Another time"), data="bc:t")],
        ],
    )


@step("booking.confirm", prefix="bc", prompt=ask_confirm)
def on_confirm(conv: Conversation) -> None:
    what = _value(conv)[0]
    if what == "t":
        conv.go("booking.time")
        ask_time(conv)
    elif what == "y":
        book(conv)
    else:
        conv.hint(_("Confirm with the button, or choose another time."))


def book(conv: Conversation) -> None:
    """Hold and confirm through the web's own actions; the answer is the check-in code, or the refusal."""
    service = _service(conv)
    if service is None or conv.person is None:
        show_menu(conv)
        return
    moving = int(conv.chat.data.get("move") or 0)
    try:
        if moving:  # the queue's own move: the old place freed, the new one booked, or nothing changes
            booking = booking_reschedule(
                booking=booking_get(hromada=conv.hromada, booking_id=moving),
                starts_at=_starts(conv),
                actor=conv.person,
                channel=Channel.TELEGRAM,
            )
        else:
            with transaction.atomic():  # a refused confirmation leaves no hold behind
                held = booking_hold(
                    service=service, starts_at=_starts(conv), person=conv.person, channel=Channel.TELEGRAM
                )
                booking = booking_confirm(booking=held, actor=conv.person)
    except ApplicationError as error:
        message = str(error.message)
        conv.ack = message[:200]
        if error.code in ("slot_taken", "slot_past"):
            conv.say(message)
            conv.go("booking.time")
            ask_time(conv)
        else:
            conv.say(message, buttons=[_mine()])
            conv.reset()
        return
    conv.ack = _("Moved.") if moving else _("Booked.")
    booked(conv, booking, moved=bool(moving))
    conv.reset()


def booked(conv: Conversation, booking: Booking, *, moved: bool = False) -> None:
    office = booking.office
    grace = office.grace_minutes
    where = office.display_name(conv.chat.language)
    if booking.stop_id is not None and booking.stop is not None:  # the mobile office: its stop's place
        where += f" ({booking.stop.place})"
    conv.say(
        "\n\n".join(
            [
                (
                    _("Your visit is moved: %(service)s, %(office)s, %(when)s.")
                    if moved
                    else _("Your visit is booked: %(service)s, %(office)s, %(when)s.")
                )
                % {
                    "service": booking.service.display_name(conv.chat.language),
                    "office": where,
                    "when": _when(booking.starts_at),
                },
                _("Check-in code: %(code)s") % {"code": booking.code},
                ngettext(
                    "When you arrive, enter the code at the kiosk or tell it at reception and you get a "
                    "ticket. Come no later than %(count)s minute after the booked time to keep your turn; "
                    "later, you join the live queue.",
                    "When you arrive, enter the code at the kiosk or tell it at reception and you get a "
                    "ticket. Come no later than %(count)s minutes after the booked time to keep your turn; "
                    "later, you join the live queue.",
                    grace,
                )
                % {"count": grace},
                _("I will remind you the day before and an hour before. If you cannot come, cancel it here."),
            ]
        ),
        buttons=[
            [Button(_("Open the booking"), url=conv.url(f"/queue/bookings/{booking.pk}/"))],
            _mine(),
        ],
    )


# ------------------------------------------------------------------------------------------- waitlist


def ask_wait(conv: Conversation) -> None:
    """The open days whose every time is taken: joining one's waitlist (``waitlist_join``)."""
    service = _service(conv)
    if service is None:
        show_menu(conv)
        return
    full = [day for day, free in booking_days(service=service, full=True) if not free]
    if not full:
        conv.go("booking.day")
        conv.say(_("No day is full any more. Choose a free time instead."))
        ask_day(conv)
        return
    pages = (len(full) + DAYS_PAGE - 1) // DAYS_PAGE
    page = min(int(conv.chat.data.get("page", 0)), pages - 1)
    shown = full[page * DAYS_PAGE : (page + 1) * DAYS_PAGE]
    rows = [[Button(_day(day), data=f"bw:d:{day.isoformat()}")] for day in shown]
    paging = []
    if page:
        paging.append(Button(_("◀ Earlier"), data=f"bw:p:{page - 1}"))
    if page + 1 < pages:
        paging.append(Button(_("Later ▶"), data=f"bw:p:{page + 1}"))
    if paging:
        rows.append(paging)
    rows.append([Button(_("◀ Days with free times"), data="bw:b")])
    conv.say(
        _(
            "%(service)s. These days are fully booked. Choose one to wait for a place: when a booking is "
            "cancelled, the place is offered to the first person waiting."
        )
        % {"service": service.display_name(conv.chat.language)},
        buttons=rows,
    )


@step("booking.wait", prefix="bw", prompt=ask_wait)
def on_wait(conv: Conversation) -> None:
    what, value, _more = _value(conv)
    if what == "b":
        conv.go("booking.day", page=0)
        ask_day(conv)
    elif what == "p" and value.isdigit():
        conv.go("booking.wait", page=int(value))
        ask_wait(conv)
    elif what == "d":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            _expired(conv)
            return
        wait(conv, day)
    else:
        conv.hint(_("Choose a day with the buttons."))


def wait(conv: Conversation, day: dt.date) -> None:
    """Join the day's waitlist through the queue's own action (its refusals are its own words: the day
    has free places again, it has passed)."""
    service = _service(conv)
    if service is None or conv.person is None:
        show_menu(conv)
        return
    try:
        waitlist_join(service=service, day=day, person=conv.person, actor=conv.person)
    except ApplicationError as error:
        conv.ack = str(error.message)[:200]
        conv.say(str(error.message))
        conv.go("booking.day", page=0)
        ask_day(conv)
        return
    office = service.office
    conv.ack = _("You are on the waitlist.")
    conv.say(
        ngettext(
            "You are on the waitlist: %(service)s, %(day)s. When a place is free, I will send you the offer; "
            "accept it within %(count)s minute with its button.",
            "You are on the waitlist: %(service)s, %(day)s. When a place is free, I will send you the offer; "
            "accept it within %(count)s minutes with its button.",
            office.offer_minutes,
        )
        % {
            "service": service.display_name(conv.chat.language),
            "day": _day(day),
            "count": office.offer_minutes,
        },
        buttons=[_mine()],
    )
    conv.reset()


# --------------------------------------------------------------------------------- my bookings, cancel


def my_bookings(conv: Conversation) -> None:
    if conv.person is None:
        conv.needs_account(_("Booking a visit"))
        return
    conv.reset()
    rows = list(bookings_active_of_person(hromada=conv.hromada, person=conv.person)[: LISTED + 1])
    more, rows = len(rows) > LISTED, rows[:LISTED]
    entries = list(waitlist_of_person(hromada=conv.hromada, person=conv.person)[: LISTED + 1])
    # a held booking that is a waitlist's offer: accepted here, as from its push
    offers = {e.booking_id: e for e in entries if e.status == WaitlistEntry.Status.OFFERED}
    more, waiting = more or len(entries) > LISTED, [e for e in entries if e.status == WAITING][:LISTED]
    new = [Button(_("📅 Book a visit"), data="m:book")]
    if not rows and not waiting:
        conv.say(_("You have no active bookings."), buttons=[new])
        return
    language = conv.chat.language
    lines = [_("Your bookings:")] if rows else []
    buttons: list[list[Button]] = []
    for number, booking in enumerate(rows, start=1):
        line = f"\n{number}. {_when(booking.starts_at)} — {booking.service.display_name(language)}, "
        line += booking.office.display_name(language) + "\n"
        offer = offers.get(booking.pk) if booking.status == Booking.Status.HELD else None
        if offer is not None:  # held until the offer's time (``_offer_freed`` sets it)
            line += _("a place from the waitlist, held for you until %(time)s") % {
                "time": timezone.localtime(booking.hold_expires_at).strftime("%H:%M")
            }
        elif booking.status == Booking.Status.HELD:
            line += _("held, not confirmed (open it on the website to confirm)")
        else:
            line += _("check-in code: %(code)s") % {"code": booking.code}
        lines.append(line)
        row = [Button(_("✖ Cancel no. %(number)s") % {"number": number}, data=f"bk:x:{booking.pk}")]
        if offer is not None:
            row.insert(0, Button(_("✅ Accept no. %(number)s") % {"number": number}, data=f"wo:a:{offer.pk}"))
        if booking.status == Booking.Status.CONFIRMED:
            row.insert(0, Button(_("🔁 Move no. %(number)s") % {"number": number}, data=f"bk:m:{booking.pk}"))
        buttons.append(row)
    if waiting:
        lines.append(("\n" if rows else "") + _("Waiting for a place:"))
        for letter, entry in zip("abcdefghij", waiting, strict=False):
            lines.append(f"{letter}) {_day(entry.day)} — {entry.service.display_name(language)}")
            buttons.append(
                [Button(_("✖ Leave waitlist %(letter)s") % {"letter": f"{letter})"}, data=f"bk:w:{entry.pk}")]
            )
    if more:
        lines.append("\n" + _("More on the website."))
    buttons.append([Button(_("All my visits on the website"), url=conv.url("/queue/my/"))])
    buttons.append(new)
    conv.say("\n".join(lines), buttons=buttons)


def on_bookings_button(conv: Conversation) -> None:
    """``bk:l`` (my bookings), ``bk:x:<id>`` (cancel? — asked first), ``bk:y:<id>`` (yes, cancel); these
    work in any step: each names its booking, and the action checks whose and whether it is active."""
    what, value, _more = _value(conv)
    if conv.person is None:
        conv.needs_account(_("Booking a visit"))
        return
    if what == "l":
        my_bookings(conv)
        return
    if what not in ("x", "y", "m", "w") or not value.isdigit():
        _expired(conv)
        return
    if what == "w":
        leave_waitlist(conv, int(value))
        return
    booking = booking_get(hromada=conv.hromada, booking_id=int(value))
    if what in ("x", "m") and booking.person_id != conv.person.pk:
        _expired(conv)
        return
    if what == "m":
        if booking.status != Booking.Status.CONFIRMED:
            _expired(conv)
            return
        # The days and times of the booking's own service; "Confirm" moves it (booking_reschedule).
        conv.reset()
        conv.go("booking.day", office=booking.office_id, service=booking.service_id, page=0, move=booking.pk)
        ask_day(conv)
        return
    about = {
        "service": booking.service.display_name(conv.chat.language),
        "when": _when(booking.starts_at),
    }
    if what == "x":
        conv.say(
            _("Cancel your visit: %(service)s, %(when)s?") % about,
            buttons=[
                [Button(_("Yes, cancel it"), data=f"bk:y:{booking.pk}")],
                [Button(_("◀ No, keep it"), data="bk:l")],
            ],
        )
        return
    try:
        booking_cancel(booking=booking, actor=conv.person)
    except ApplicationError as error:
        conv.ack = str(error.message)[:200]
        conv.say(str(error.message), buttons=[_mine()])
        return
    conv.ack = _("Cancelled.")
    conv.say(_("The booking is cancelled: %(service)s, %(when)s. The time is free for others.") % about)
    my_bookings(conv)


def leave_waitlist(conv: Conversation, entry_id: int) -> None:
    """``waitlist_leave`` of the person's own entry (another person's is an expired button)."""
    entry = waitlist_entry_get(hromada=conv.hromada, entry_id=entry_id)
    if conv.person is None or entry.person_id != conv.person.pk:
        _expired(conv)
        return
    try:
        waitlist_leave(entry=entry, actor=conv.person)
    except ApplicationError as error:
        conv.ack = str(error.message)[:200]
        conv.say(str(error.message), buttons=[_mine()])
        return
    conv.ack = _("Done.")
    conv.say(
        _("You are no longer waiting for a place: %(service)s, %(day)s.")
        % {"service": entry.service.display_name(conv.chat.language), "day": _day(entry.day)}
    )
    my_bookings(conv)


# ------------------------------------------------------------------------------ a waitlist's offer


def _offer_buttons(params: dict[str, Any]) -> list[list[Button]]:
    """Accept / Decline on the push of the queue's ``cnapqueue.waitlist_offer`` (its params name the
    waitlist place); an offer without it (an older notification) keeps only "Open"."""
    entry = params.get("entry")
    if not isinstance(entry, int):
        return []
    return [[Button(_("✅ Accept"), data=f"wo:a:{entry}"), Button(_("✖ Decline"), data=f"wo:n:{entry}")]]


def on_offer_button(conv: Conversation) -> None:
    """``wo:a:<entry>`` accepts the place a waitlist offers (``waitlist_accept``, channel ``telegram``:
    the held place confirmed, the check-in code in answer); ``wo:n:<entry>`` asks whether to decline it,
    ``wo:d:<entry>`` declines (``waitlist_leave``: the place goes to the next person in line). They work
    in any step — the push comes whatever the chat is doing — and keep the step; another person's place
    is an expired button; an expired or taken offer is the action's own refusal."""
    what, value, _more = _value(conv)
    if conv.person is None:
        conv.needs_account(_("Booking a visit"))
        return
    if what not in ("a", "n", "d") or not value.isdigit():
        _expired(conv)
        return
    try:
        entry = waitlist_entry_get(hromada=conv.hromada, entry_id=int(value))
    except ApplicationError:
        entry = None
    if entry is None or entry.person_id != conv.person.pk:
        _expired(conv)
        return
    language = conv.chat.language
    about = {
        "service": entry.service.display_name(language),
        "when": _when(entry.booking.starts_at) if entry.booking is not None else _day(entry.day),
    }
    try:
        if what == "a":
            booking = waitlist_accept(entry=entry, actor=conv.person, channel=Channel.TELEGRAM)
        elif what == "n" and entry.status == WaitlistEntry.Status.OFFERED:
            conv.say(
                _(
                    "Decline the place offered: %(service)s, %(when)s? It goes to the next person waiting, "
                    "and you leave this day's waitlist."
                )
                % about,
                buttons=[
                    [Button(_("Yes, decline it"), data=f"wo:d:{entry.pk}")],
                    [Button(_("✅ No, accept it"), data=f"wo:a:{entry.pk}")],
                ],
            )
            return
        else:
            waitlist_leave(entry=entry, actor=conv.person)
    except ApplicationError as error:
        message = str(error.message)
        conv.ack = message[:200]
        conv.say(message, buttons=[_mine()])
        return
    if what == "a":
        conv.ack = _("Booked.")
        booked(conv, booking)
        return
    conv.ack = _("Declined.")
    conv.say(
        _("You declined the place: %(service)s, %(when)s. It is offered to the next person waiting.") % about,
        buttons=[_mine()],
    )


PUSH_BUTTONS["cnapqueue.waitlist_offer"] = _offer_buttons
BUTTONS["wo"] = on_offer_button
BUTTONS["bk"] = on_bookings_button
COMMANDS["bookings"] = my_bookings
register_menu("book", lambda: _("📅 Book a ЦНАП visit"), start, after="queue")
