"""A ticket's phone for the SMS notice: a Ukrainian mobile number. Pure Python, no Django import.

Built on the accounts' phone helper (:func:`hromada.accounts.identity.normalise_phone`: typed as 0XX…,
380XX…, +380XX…, with spaces, dashes or brackets → E.164), then limited to the mobile networks' codes, since a
text message does not reach a landline.
"""

from __future__ import annotations

import re

from hromada.accounts.identity import IdentifierError, normalise_phone

# The operator codes of Ukrainian mobile networks (the two digits after +380).
MOBILE_CODES = frozenset({"39", "50", "63", "66", "67", "68", "73", "75", "77", "89"}) | frozenset(
    {"91", "92", "93", "94", "95", "96", "97", "98", "99"}
)
# What the database accepts (the check constraint ``cnapqueue_ticket_phone_mobile`` says the same).
MOBILE_PATTERN = r"^\+380[0-9]{9}$"
_MOBILE = re.compile(MOBILE_PATTERN)


def _(message: str) -> str:
    """Marks messages for translation (the caller translates them) without importing Django."""
    return message


def normalise_mobile(value: str) -> str:
    """``+380XXXXXXXXX`` for a Ukrainian mobile number typed in any usual way; raises
    :class:`IdentifierError` (its message to be translated by the caller) for anything else."""
    phone = normalise_phone(value)
    if not phone.startswith("+380") or not _MOBILE.fullmatch(phone):
        raise IdentifierError(_("Enter a Ukrainian mobile number, e.g. 067 123 45 67."))
    if phone[4:6] not in MOBILE_CODES:
        raise IdentifierError(_("This is not a mobile number: text messages reach mobile phones only."))
    return phone


def masked(phone: str) -> str:
    """The number with its middle hidden (``+38067•••••67``), for a page its holder checks it on."""
    return f"{phone[:6]}{'•' * (len(phone) - 8)}{phone[-2:]}" if len(phone) > 8 else phone
