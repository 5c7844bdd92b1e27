"""Normalising and hashing identifiers. Pure Python, no Django import."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

_RNOKPP_WEIGHTS = (-1, 5, 7, 9, 4, 6, 10, 5, 7)
_PASSPORT = re.compile(r"^[А-ЯІЇЄҐ]{2}[0-9]{6}$")
_ID_CARD = re.compile(r"^[0-9]{9}$")
_RNOKPP = re.compile(r"^[0-9]{10}$")
_PHONE_DIGITS = re.compile(r"[0-9]+")


def _ascii_digits(text: str) -> str:
    """Fullwidth, Arabic-Indic and other decimal digits become 0-9; anything else is left for the checks."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


class IdentifierError(ValueError):
    pass


def _(message: str) -> str:
    """Marks messages for translation (the caller translates them) without importing Django."""
    return message


def rnokpp_is_valid(code: str) -> bool:
    """Whether a 10-digit РНОКПП has the right control digit."""
    if not _RNOKPP.fullmatch(code):
        return False
    total = sum(w * int(d) for w, d in zip(_RNOKPP_WEIGHTS, code[:9], strict=True))
    return total % 11 % 10 == int(code[9])


def rnokpp_control_digit(first_nine: str) -> str:
    total = sum(w * int(d) for w, d in zip(_RNOKPP_WEIGHTS, first_nine, strict=True))
    return str(total % 11 % 10)


# Latin letters that look like the Cyrillic ones of passport series (АА123456 typed on a Latin keyboard).
_LOOKALIKES = str.maketrans("ABCEHIKMOPTX", "АВСЕНІКМОРТХ")


def normalise_national_identifier(value: str, *, allow_document_number: bool = False) -> str:
    """A РНОКПП; with `allow_document_number`, for a person who refused a РНОКПП on religious grounds (their
    passport carries the mark, checked in person), the passport or ID-card number instead."""
    cleaned = _ascii_digits(re.sub(r"[\s\-]", "", value or "")).upper()
    if _RNOKPP.fullmatch(cleaned):
        if not rnokpp_is_valid(cleaned):
            raise IdentifierError(_("The RNOKPP control digit does not match; please check the number."))
        return f"rnokpp:{cleaned}"
    if not allow_document_number:
        raise IdentifierError(_("Enter the 10-digit RNOKPP."))
    cleaned = cleaned.translate(_LOOKALIKES)
    if _PASSPORT.fullmatch(cleaned):
        return f"passport:{cleaned}"
    if _ID_CARD.fullmatch(cleaned):
        return f"idcard:{cleaned}"
    raise IdentifierError(
        _("Enter a 10-digit RNOKPP, a passport number like АА123456 or a 9-digit ID-card number.")
    )


def national_identifier_hash(normalised: str, *, pepper: str) -> str:
    return hmac.new(pepper.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def normalise_phone(value: str) -> str:
    """E.164 form of a phone number; Ukrainian numbers may be typed as 0XX…, 380XX… or +380XX…."""
    raw = _ascii_digits((value or "").strip())
    digits = "".join(_PHONE_DIGITS.findall(raw))
    if not digits:
        raise IdentifierError(_("Enter a phone number."))
    if digits.startswith("00"):  # international prefix dialled from Ukraine
        digits = digits[2:]
    elif len(digits) == 10 and digits.startswith("0"):
        digits = "38" + digits
    elif len(digits) == 11 and digits.startswith("80"):  # the old domestic "8 0XX …" form
        digits = "3" + digits
    if digits.startswith("380") and len(digits) != 12:
        raise IdentifierError(_("A Ukrainian number has 9 digits after +380."))
    if not 8 <= len(digits) <= 15:
        raise IdentifierError(_("Enter the phone number in international format, e.g. +380671234567."))
    return "+" + digits


def looks_like_phone(value: str) -> bool:
    return "@" not in value and sum(c.isdigit() for c in value) >= 7
