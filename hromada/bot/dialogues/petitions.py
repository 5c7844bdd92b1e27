"""Petitions: the hromada's petitions collecting signatures, those nearest their threshold first (paged)
→ a petition's card → "Sign" (a linked, verified account) → the receipt reference and the link to the
receipts page, as the web page gives after signing.

The signature is given by the petitions module's own action, ``petitions.actions.signature_add``, with
the channel ``telegram``; its refusals (signed already, not collecting, not eligible) are its own
messages. The push when a signed petition is answered is the module's notification to its signers,
which reaches a linked chat (``actions/pushes.py``). The list and the card share one button prefix, so a
button of the list still works while a card is open."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hromada.accounts import eligibility
from hromada.core import clock
from hromada.core.errors import ApplicationError
from hromada.petitions.actions import signature_add
from hromada.petitions.models import Channel, PetitionStatus
from hromada.petitions.selectors import (
    eligibility_codes,
    petition_for_signing,
    petition_get,
    petitions_near_threshold,
)

from ..adapters import CALLBACK, Button
from .engine import Conversation, register_menu, show_menu, step

PAGE = 5
EXCERPT = 600


def _path(name: str, *args: Any) -> str:
    """A page's path in the default language (``conv.url`` puts it in the chat's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args)


# The list's pages and the petitions' cards are read once per batch of updates (``Conversation.memo``):
# in a burst many chats open the same few petitions. The public count itself follows the signatures
# within seconds (the petitions module's tally), so a count one batch old shows nothing new; a signature
# given in this batch drops the batch's reads, so the chat that signed sees the petition afresh.
MEMO = "petitions:"


def _page(conv: Conversation, page: int) -> list[Any]:
    return conv.memo(  # type: ignore[no-any-return]
        f"{MEMO}page:{page}",
        lambda: list(petitions_near_threshold(hromada=conv.hromada)[page * PAGE : (page + 1) * PAGE + 1]),
    )


def _shown(conv: Conversation, petition_id: int) -> Any:
    return conv.memo(
        f"{MEMO}card:{petition_id}", lambda: petition_get(hromada=conv.hromada, petition_id=petition_id)
    )


def _forget(conv: Conversation) -> None:
    for key in [key for key in conv.shared if key.startswith(MEMO)]:
        del conv.shared[key]


def _progress(petition: Any) -> str:
    """ "12 of 100 signatures · 5 days left" in the chat's language, with the right plural forms."""
    count = petition.tally.count_for if hasattr(petition, "tally") else 0
    threshold = petition.rules.signature_threshold if petition.rules_id else 0
    text = ngettext(
        "%(count)s of %(threshold)s signature",
        "%(count)s of %(threshold)s signatures",
        threshold,
    ) % {"count": count, "threshold": threshold}
    ends = petition.collection_ends_at
    if ends is not None and petition.status == PetitionStatus.COLLECTING:
        days = max(0, math.ceil((ends - clock.now()).total_seconds() / 86400))
        if days:
            text += " · " + ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
        else:
            text += " · " + _("the collection has ended")
    return text


def start(conv: Conversation) -> None:
    conv.go("petitions.list", page=0)
    ask_list(conv)


def ask_list(conv: Conversation) -> None:
    page = int(conv.chat.data.get("page", 0))
    rows = _page(conv, page)
    more, rows = len(rows) > PAGE, rows[:PAGE]
    if not rows and page:
        conv.go("petitions.list", page=0)
        ask_list(conv)
        return
    if not rows:
        conv.say(_("No petitions are collecting signatures now."))
        show_menu(conv)
        return
    lines = [_("Petitions collecting signatures, the nearest to their threshold first:")]
    buttons: list[list[Button]] = []
    for number, petition in enumerate(rows, start=page * PAGE + 1):
        lines.append(f"\n{number}. {petition.title}\n{_progress(petition)}")
        buttons.append([Button(f"{number}. {petition.title}"[:60], data=f"g:o:{petition.pk}")])
    pages = []
    if page:
        pages.append(Button(_("◀ Previous"), data=f"g:p:{page - 1}"))
    if more:
        pages.append(Button(_("Next ▶"), data=f"g:p:{page + 1}"))
    if pages:
        buttons.append(pages)
    conv.say("\n".join(lines), buttons=buttons)


def ask_card(conv: Conversation) -> None:
    petition = _shown(conv, int(conv.chat.data.get("petition", 0)))
    if petition is None:
        conv.go("petitions.list")
        ask_list(conv)
        return
    text = petition.text if len(petition.text) <= EXCERPT else petition.text[:EXCERPT].rstrip() + "…"
    lines = [f"№{petition.pk}. {petition.title}", "", text, "", _progress(petition)]
    buttons = []
    if petition.status == PetitionStatus.COLLECTING:
        buttons.append([Button(_("✍ Sign"), data=f"g:s:{petition.pk}")])
    else:
        lines.append(
            _("This petition is not collecting signatures: %(status)s.")
            % {"status": petition.get_status_display()}
        )
    page = conv.memo(f"path:petition:{petition.pk}", lambda: _path("petitions:detail", petition.pk))
    buttons.append([Button(_("Open on the website"), url=conv.url(page))])
    buttons.append([Button(_("◀ Back to the list"), data="g:l")])
    conv.say("\n".join(lines), buttons=buttons)


def on_button(conv: Conversation) -> None:
    if conv.incoming.kind != CALLBACK:
        conv.hint(_("Choose with the buttons."))
        return
    _prefix, what, value = [*conv.incoming.data.split(":"), "", ""][:3]
    if what == "l":
        conv.go("petitions.list")
        ask_list(conv)
    elif what == "p" and value.isdigit():
        conv.go("petitions.list", page=int(value))
        ask_list(conv)
    elif what == "o" and value.isdigit():
        conv.go("petitions.card", petition=int(value))
        ask_card(conv)
    elif what == "s" and value.isdigit():
        sign(conv, int(value))
    else:
        conv.ack = _("This button is no longer active.")
        conv.hint(_("This button is no longer active."))


def sign(conv: Conversation, petition_id: int) -> None:
    """Sign through the web's own action; the answer is the receipt, or the action's refusal."""
    person = conv.person
    if person is None:
        conv.needs_account(_("Signing a petition"))
        return
    petition = petition_for_signing(hromada=conv.hromada, petition_id=petition_id)
    shown = petition_get(hromada=conv.hromada, petition_id=petition_id)
    if petition is None or shown is None:
        conv.ack = _("This button is no longer active.")
        conv.say(_("This button is no longer active."))
        return
    try:
        result = signature_add(petition=petition, signer=person, channel=Channel.TELEGRAM)
    except ApplicationError as error:
        refused(conv, error, petition)
        return
    finally:
        _forget(conv)  # the count, and perhaps the status, may have changed
    reference = result.receipt.receipt_id if result.receipt else result.signature.receipt_id
    conv.ack = _("Signed. Thank you!")
    conv.say(
        _(
            "You signed the petition “%(title)s”. Receipt reference: %(reference)s. The public count "
            "follows within seconds; your receipt is in “My receipts”. I will write when the petition "
            "is answered."
        )
        % {"title": shown.title, "reference": reference},
        buttons=[
            [Button(_("🧾 My receipts"), url=conv.url(_path("ledger:receipts")))],
            [Button(_("Open on the website"), url=conv.url(_path("petitions:detail", petition_id)))],
            [Button(_("◀ Back to the list"), data="g:l")],
        ],
    )


def refused(conv: Conversation, error: ApplicationError, petition: Any) -> None:
    """The action's refusal in its own words, with the page that helps; the dialogue stays where it is."""
    message = str(error.message)
    conv.ack = message[:200]
    buttons: list[list[Button]] = []
    if error.code == "already_signed":
        message += " " + _("Thank you: your signature counts, and your receipt is in “My receipts”.")
        buttons.append([Button(_("🧾 My receipts"), url=conv.url(_path("ledger:receipts")))])
    elif error.code == "not_eligible" and petition.rules is not None:
        codes = eligibility_codes(person=conv.person, rules=petition.rules, level=petition.rules.sign_level)
        if eligibility.LEVEL in codes:
            buttons.append([Button(_("Verify my identity"), url=conv.url(_path("portal:verification")))])
        elif codes:
            buttons.append([Button(_("Open my profile"), url=conv.url(_path("portal:profile")))])
    elif error.code == "not_collecting":
        buttons.append([Button(_("◀ Back to the list"), data="g:l")])
    conv.say(message, buttons=buttons)


step("petitions.list", prefix="g", prompt=ask_list)(on_button)
step("petitions.card", prefix="g", prompt=ask_card)(on_button)
register_menu("petitions", lambda: _("✍ Petitions"), start)
