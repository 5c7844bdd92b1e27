"""Information: institutions near a place (nearest kindergartens, schools, clinics … with hours and a map
link), the ЦНАП's opening hours, and subscribing to a district's announcements. Reads only selectors."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hromada.cnapqueue.selectors import offices_of
from hromada.opencity.nearby import haversine_m
from hromada.territory.selectors import districts_of, institutions_search

from ..adapters import CALLBACK, LOCATION, Button
from .engine import Conversation, register_menu, show_menu, step
from .report import begin_at

NEAREST = 5
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _day_names() -> dict[str, str]:
    return {
        "mon": _("Mon"),
        "tue": _("Tue"),
        "wed": _("Wed"),
        "thu": _("Thu"),
        "fri": _("Fri"),
        "sat": _("Sat"),
        "sun": _("Sun"),
    }


def hours_text(hours: dict[str, list[list[str]]] | None) -> str:
    names = _day_names()
    lines = []
    for day in DAYS:
        spans = (hours or {}).get(day) or []
        text = ", ".join(f"{a}–{b}" for a, b in spans) if spans else pgettext("bot opening hours", "closed")
        lines.append(f"{names[day]}: {text}")
    return "\n".join(lines)


def _name(row: object, language: str) -> str:
    return (getattr(row, "name_en", "") if language == "en" else "") or str(getattr(row, "name", ""))


def start_near(conv: Conversation) -> None:
    conv.go("info.location")
    ask_location(conv)


def ask_location(conv: Conversation) -> None:
    conv.say(
        _("Share a location and I will list the nearest institutions."), ask_location=_("📍 Send my location")
    )


def nearest(conv: Conversation, lat: float, lon: float) -> None:
    rows = list(conv.memo("institutions", lambda: list(institutions_search(hromada=conv.hromada))))
    rows.sort(key=lambda i: haversine_m(lat, lon, i.lat, i.lon))
    if not rows:
        conv.say(_("I know no institutions of this hromada yet."), remove_keyboard=True)
    else:
        parts = []
        for institution in rows[:NEAREST]:
            distance = round(haversine_m(lat, lon, institution.lat, institution.lon))
            parts.append(
                f"{_name(institution, conv.chat.language)} ({institution.get_kind_display()}), "
                f"{institution.address} — "
                + _("%(metres)s m") % {"metres": distance}
                + f"\nhttps://www.openstreetmap.org/?mlat={institution.lat}&mlon={institution.lon}#map=18/{institution.lat}/{institution.lon}"
            )
        conv.say("\n\n".join(parts), remove_keyboard=True)
    show_menu(conv)


@step("info.location", prefix="i", prompt=ask_location)
def on_location(conv: Conversation) -> None:
    incoming = conv.incoming
    if incoming.kind != LOCATION or incoming.lat is None or incoming.lon is None:
        conv.hint(_("I need a location here."))
        return
    nearest(conv, incoming.lat, incoming.lon)


def ask_place_use(conv: Conversation) -> None:
    conv.say(
        _("What should I do with this place?"),
        buttons=[
            [Button(_("Report a problem here"), data="l:report")],
            [Button(_("Institutions near here"), data="l:near")],
        ],
    )


@step("idle.location", prefix="l", prompt=ask_place_use)
def on_place_use(conv: Conversation) -> None:
    if conv.incoming.kind == LOCATION and conv.incoming.lat is not None and conv.incoming.lon is not None:
        conv.go("idle.location", lat=conv.incoming.lat, lon=conv.incoming.lon)
        ask_place_use(conv)
        return
    if conv.incoming.kind != CALLBACK:
        conv.hint(_("Choose with the buttons."))
        return
    lat, lon = float(conv.chat.data["lat"]), float(conv.chat.data["lon"])
    if conv.incoming.data == "l:report":
        conv.reset()
        begin_at(conv, lat, lon)
    else:
        nearest(conv, lat, lon)


def office_list(conv: Conversation) -> list[Any]:
    """The hromada's ЦНАП offices with their institutions (read once per batch of updates)."""
    return conv.memo("offices", lambda: list(offices_of(hromada=conv.hromada)))  # type: ignore[no-any-return]


def cnap_hours(conv: Conversation) -> None:
    offices = office_list(conv)
    if not offices:
        conv.say(_("The electronic queue is not open in this hromada."))
    for office in offices[:5]:
        institution = office.institution
        conv.say(
            f"{_name(institution, conv.chat.language)}\n{institution.address}\n\n"
            + hours_text(institution.opening_hours)
        )
    show_menu(conv)


def _districts(conv: Conversation) -> list[Any]:
    """The hromada's districts, read once per batch of updates (the report dialogue shares them)."""
    return conv.memo("districts", lambda: list(districts_of(hromada=conv.hromada)))  # type: ignore[no-any-return]


def start_subscribe(conv: Conversation) -> None:
    conv.go("info.district")
    ask_district(conv)


def ask_district(conv: Conversation) -> None:
    rows = [[Button(_name(d, conv.chat.language)[:60], data=f"t:{d.pk}")] for d in _districts(conv)[:30]]
    rows.append([Button(_("The whole hromada"), data="t:all")])
    conv.say(_("Announcements (outages, works, alerts) for which district?"), buttons=rows)


@step("info.district", prefix="t", prompt=ask_district)
def on_district(conv: Conversation) -> None:
    value = conv.incoming.data.partition(":")[2] if conv.incoming.kind == CALLBACK else ""
    if value == "all":
        conv.chat.district_id_subscribed = None
        conv.chat.topics = sorted({*conv.chat.topics, "all"})
    elif value.isdigit() and any(d.pk == int(value) for d in _districts(conv)):
        conv.chat.district_id_subscribed = int(value)
        conv.chat.topics = sorted({*conv.chat.topics, "district"})
    else:
        conv.hint(_("Choose a district with the buttons."))
        return
    conv.say(_("Subscribed. Send /stop to stop announcements."))
    show_menu(conv)


register_menu("near", lambda: _("🏫 Institutions near me"), start_near)
register_menu("hours", lambda: _("🕘 ЦНАП opening hours"), cnap_hours)
register_menu("subscribe", lambda: _("📣 Announcements for my district"), start_subscribe)
