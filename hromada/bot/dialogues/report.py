"""Report a problem: location → category → nearby open reports (+1 instead of a duplicate) → photo →
description → (phone, if the hromada asks anonymous reporters for one) → confirm → the report's number.

The report is filed by the open city's own action, ``opencity.actions.report_create``, with the channel
``telegram``; a +1 is ``report_support``. The chat then follows the report's status (``Watch``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from hromada.opencity.actions import report_create, report_support
from hromada.opencity.models import Channel
from hromada.opencity.nearby import haversine_m
from hromada.opencity.selectors import categories_active, reports_nearby
from hromada.territory.selectors import district_at, districts_of

from ..adapters import CALLBACK, CONTACT, LOCATION, PHOTO, TEXT, Button
from ..telegram import TelegramError
from .engine import Conversation, register_menu, show_menu, step

NO_DISTRICTS_RADIUS_M = 60_000
MAX_DESCRIPTION = 4000


def inside(conv: Conversation, lat: float, lon: float) -> bool:
    """Whether a point is in the hromada: inside a district, or near its centre when it has none (the open
    city's action checks the same again when filing)."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return False
    districts = conv.memo("districts", lambda: list(districts_of(hromada=conv.hromada)))  # once a batch
    if districts:
        return district_at(hromada=conv.hromada, lon=lon, lat=lat, among=districts) is not None
    return haversine_m(lat, lon, conv.hromada.center_lat, conv.hromada.center_lon) <= NO_DISTRICTS_RADIUS_M


def _categories(conv: Conversation) -> list[Any]:
    """The categories taking reports (read once per batch of updates)."""
    return conv.memo(  # type: ignore[no-any-return]
        "categories", lambda: list(categories_active(hromada=conv.hromada))
    )


def _category(conv: Conversation, code: str) -> Any:
    return next((c for c in _categories(conv) if c.code == code), None)


def _category_name(category: object, language: str) -> str:
    return (getattr(category, "name_en", "") if language == "en" else "") or str(
        getattr(category, "name", "")
    )


def start(conv: Conversation) -> None:
    conv.go("report.location")
    ask_location(conv)


def ask_location(conv: Conversation) -> None:
    conv.say(
        _("Where is the problem? Share the location (📎 → Location), or press the button below."),
        ask_location=_("📍 Send my location"),
    )


@step("report.location", prefix="r", prompt=ask_location)
def on_location(conv: Conversation) -> None:
    incoming = conv.incoming
    if incoming.kind != LOCATION or incoming.lat is None or incoming.lon is None:
        conv.hint(_("I need a location here."))
        return
    begin_at(conv, incoming.lat, incoming.lon)


def begin_at(conv: Conversation, lat: float, lon: float) -> None:
    """The report's place is known: on to the category (or ask again when it is outside the hromada)."""
    if not inside(conv, lat, lon):
        conv.go("report.location")
        conv.hint(_("This place is outside the hromada. Send a location inside it."))
        return
    conv.go("report.category", lat=lat, lon=lon)
    conv.say(_("Got the place."), remove_keyboard=True)
    ask_category(conv)


def ask_category(conv: Conversation) -> None:
    language = conv.chat.language
    rows = [
        [Button(_category_name(c, language)[:60], data=f"r:{c.code}"[:64])] for c in _categories(conv)[:30]
    ]
    conv.say(_("What kind of problem is it?"), buttons=rows)


@step("report.category", prefix="r", prompt=ask_category)
def on_category(conv: Conversation) -> None:
    if conv.incoming.kind != CALLBACK:
        conv.hint(_("Choose a category with the buttons."))
        return
    code = conv.incoming.data.partition(":")[2]
    category = _category(conv, code)
    if category is None or not category.is_active:
        conv.hint(_("This category is not taking reports."))
        return
    data = conv.chat.data
    near = reports_nearby(hromada=conv.hromada, category=category, lat=data["lat"], lon=data["lon"])
    conv.go("report.nearby" if near else "report.photo", category=category.code)
    if near:
        conv.chat.data["near"] = [n.report.pk for n in near[:5]]
        ask_nearby(conv)
    else:
        ask_photo(conv)


def ask_nearby(conv: Conversation) -> None:
    ids = conv.chat.data.get("near", [])
    rows = [[Button(_("+1 to report #%(number)s") % {"number": pk}, data=f"n:{pk}")] for pk in ids]
    rows.append([Button(_("It is a different problem"), data="n:new")])
    conv.say(
        _("Someone has already reported this nearby. Support their report instead of filing a new one?"),
        buttons=rows,
    )


@step("report.nearby", prefix="n", prompt=ask_nearby)
def on_nearby(conv: Conversation) -> None:
    if conv.incoming.kind != CALLBACK:
        conv.hint(_("Choose with the buttons."))
        return
    value = conv.incoming.data.partition(":")[2]
    if value == "new":
        conv.go("report.photo")
        ask_photo(conv)
        return
    if not value.isdigit() or int(value) not in conv.chat.data.get("near", []):
        conv.hint(_("This button is no longer active."))
        return
    if conv.person is None:
        conv.needs_account(_("Supporting a report"))
        return
    from hromada.opencity.selectors import report_get

    report = report_get(hromada=conv.hromada, pk=int(value))
    report_support(report=report, person=conv.person)
    conv.watches.append(("report", report.pk, report.status))
    conv.say(
        _("Thank you! Your +1 is added to report #%(number)s; I will tell you when its status changes.")
        % {"number": report.pk}
    )
    show_menu(conv)


def ask_photo(conv: Conversation) -> None:
    conv.say(
        _("Send a photo of the problem, or skip."), buttons=[[Button(_("Skip the photo"), data="p:skip")]]
    )


@step("report.photo", prefix="p", prompt=ask_photo)
def on_photo(conv: Conversation) -> None:
    incoming = conv.incoming
    if incoming.kind == CALLBACK and incoming.data == "p:skip":
        conv.go("report.description", photo="")
        ask_description(conv)
        return
    if incoming.kind != PHOTO:
        conv.hint(_("I need a photo here (or press “Skip the photo”)."))
        return
    limit = settings.HROMADA_UPLOAD_MAX_BYTES
    if incoming.file_size is not None and incoming.file_size > limit:
        conv.hint(
            _("This photo is too large: at most %(megabytes)s MB.") % {"megabytes": limit // (1024 * 1024)}
        )
        return
    conv.go("report.description", photo=incoming.file_id)
    ask_description(conv)


def ask_description(conv: Conversation) -> None:
    conv.say(_("Describe the problem in a few words."))


@step("report.description", prefix="d", prompt=ask_description)
def on_description(conv: Conversation) -> None:
    if conv.incoming.kind != TEXT or not conv.incoming.text.strip():
        conv.hint(_("Write the description as text."))
        return
    text = conv.incoming.text.strip()
    if len(text) > MAX_DESCRIPTION:
        conv.hint(
            _("The description is too long: at most %(limit)s characters.") % {"limit": MAX_DESCRIPTION}
        )
        return
    conv.go("report.confirm", description=text)
    if conv.bot.require_phone and conv.person is None and not conv.chat.phone:
        conv.go("report.contact")
        ask_contact(conv)
        return
    ask_confirm(conv)


def ask_contact(conv: Conversation) -> None:
    conv.say(
        _(
            "The council asks for a phone number with reports from people without an "
            "account. Share it with the button."
        ),
        ask_contact=_("📞 Share my phone number"),
    )


@step("report.contact", prefix="c", prompt=ask_contact)
def on_contact(conv: Conversation) -> None:
    if conv.incoming.kind != CONTACT or not conv.incoming.phone:
        conv.hint(_("Share your own phone number with the button."))
        return
    conv.chat.phone = conv.incoming.phone
    conv.go("report.confirm")
    conv.say(_("Thank you."), remove_keyboard=True)
    ask_confirm(conv)


def ask_confirm(conv: Conversation) -> None:
    data = conv.chat.data
    category = _category(conv, data.get("category", ""))
    conv.say(
        _("Check your report:\nCategory: %(category)s\nDescription: %(description)s\nPhoto: %(photo)s")
        % {
            "category": _category_name(category, conv.chat.language) if category else "—",
            "description": data.get("description", ""),
            "photo": _("yes") if data.get("photo") else _("no"),
        },
        buttons=[[Button(_("✅ Send"), data="f:yes"), Button(_("✖ Cancel"), data="f:no")]],
    )


@step("report.confirm", prefix="f", prompt=ask_confirm)
def on_confirm(conv: Conversation) -> None:
    if conv.incoming.kind != CALLBACK:
        conv.hint(_("Press “Send” or “Cancel”."))
        return
    if conv.incoming.data != "f:yes":
        conv.say(_("The report was not sent."))
        show_menu(conv)
        return
    data = conv.chat.data
    category = _category(conv, data.get("category", ""))
    if category is None:
        conv.go("report.category")
        conv.hint(_("This category is not taking reports."))
        return
    photos: list[tuple[bytes, str]] = []
    if data.get("photo"):
        try:
            photos.append((conv.fetch_file(data["photo"], settings.HROMADA_UPLOAD_MAX_BYTES), "telegram.jpg"))
        except TelegramError:
            conv.go("report.photo")
            conv.hint(_("I could not get the photo. Send it again or skip it."))
            return
    person = conv.person
    report = report_create(
        hromada=conv.hromada,
        category=category,
        lat=float(data["lat"]),
        lon=float(data["lon"]),
        description=data["description"],
        channel=Channel.TELEGRAM,
        reporter=person,
        contact_phone="" if person is not None else conv.chat.phone,
        photos=photos,
    )
    conv.watches.append(("report", report.pk, report.status))
    conv.say(
        _("Thank you! Your report number is #%(number)s. I will tell you when its status changes.")
        % {"number": report.pk}
    )
    show_menu(conv)


register_menu("report", lambda: _("🛠 Report a problem"), start)
