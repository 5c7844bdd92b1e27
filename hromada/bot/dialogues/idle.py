"""What the bot says to input outside any dialogue: a location offers the two things it is good for,
anything else the menu."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..adapters import LOCATION, Button
from .engine import Conversation, show_menu


def idle(conv: Conversation) -> None:
    incoming = conv.incoming
    if incoming.kind == LOCATION:
        conv.go("idle.location", lat=incoming.lat, lon=incoming.lon)
        conv.say(
            _("What should I do with this place?"),
            buttons=[
                [Button(_("Report a problem here"), data="l:report")],
                [Button(_("Institutions near here"), data="l:near")],
            ],
        )
        return
    conv.say(_("I did not understand that."))
    show_menu(conv)
