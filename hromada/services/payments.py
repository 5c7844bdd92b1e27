"""Payment details of a fee: the IBAN and ЄДРПОУ checks, and the National Bank's credit-transfer QR code.
Pure Python, no Django import; the checks return codes, the caller words them.

- IBAN (ISO 13616): a Ukrainian account is ``UA`` + 2 check digits + 6-digit bank code + 19-digit account,
  29 characters; the number with its first four characters moved to the end, letters as 10–35, is 1
  modulo 97.
- ЄДРПОУ: 8 digits, the last a control digit. The first seven are weighted 1…7 (7, 1…6 for codes between
  30,000,000 and 60,000,000) and summed modulo 11; a remainder of 10 is recomputed with every weight
  raised by 2, and a second 10 gives 0.
- The NBU QR code, format 002 (NBU rules for the structure of data and the image of a QR code for credit
  transfers): thirteen lines separated by LF — ``BCD``, ``002``, the encoding (``1`` UTF-8), the function
  ``UCT``, an empty reserved line, the recipient (≤ 70 characters), the IBAN, the amount as ``UAH`` and
  hryvnias with kopiyky, the recipient's code, two empty lines (reserved, reference), the purpose of
  payment (≤ 140 characters) and an empty display line — encoded as Base64URL without padding after
  ``https://qr.bank.gov.ua/``, so a phone camera opens it in a banking app.
"""

from __future__ import annotations

import base64
import re

IBAN_UA = re.compile(r"^UA[0-9]{27}$")
EDRPOU = re.compile(r"^[0-9]{8}$")
QR_BASE_URL = "https://qr.bank.gov.ua/"
RECIPIENT_MAX = 70
PURPOSE_MAX = 140


def normalise_iban(text: str) -> str:
    """Without spaces, upper-case (how people copy an IBAN from a bill: ``UA21 3223 1300 …``)."""
    return re.sub(r"\s+", "", text or "").upper()


def _mod97(text: str) -> int:
    digits = "".join(str(int(ch, 36)) for ch in text)
    return int(digits) % 97


def iban_problem(iban: str) -> str | None:
    """None for a valid Ukrainian IBAN, else ``iban_format`` or ``iban_checksum``."""
    if not IBAN_UA.match(iban):
        return "iban_format"
    if _mod97(iban[4:] + iban[:4]) != 1:
        return "iban_checksum"
    return None


def iban_with_check_digits(country: str, bban: str) -> str:
    """The IBAN of an account (``bban``) with its check digits computed."""
    check = 98 - _mod97(bban + country + "00")
    return f"{country}{check:02d}{bban}"


def edrpou_control_digit(first_seven: str) -> int:
    number = int(first_seven + "0")
    weights = [7, 1, 2, 3, 4, 5, 6] if 30_000_000 <= number <= 60_000_000 else [1, 2, 3, 4, 5, 6, 7]
    digits = [int(ch) for ch in first_seven]
    remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    if remainder == 10:
        remainder = sum(d * (w + 2) for d, w in zip(digits, weights, strict=True)) % 11
        if remainder == 10:
            remainder = 0
    return remainder


def edrpou_problem(code: str) -> str | None:
    """None for a valid ЄДРПОУ code, else ``edrpou_format`` or ``edrpou_checksum``."""
    if not EDRPOU.match(code or ""):
        return "edrpou_format"
    if edrpou_control_digit(code[:7]) != int(code[7]):
        return "edrpou_checksum"
    return None


def _line(text: str, limit: int) -> str:
    return " ".join((text or "").split())[:limit]


def nbu_qr_text(*, recipient: str, iban: str, amount_kop: int, recipient_code: str, purpose: str) -> str:
    """The thirteen lines of an NBU QR code, format 002 (before encoding)."""
    amount = f"UAH{amount_kop // 100}.{amount_kop % 100:02d}" if amount_kop > 0 else ""
    lines = [
        "BCD",
        "002",
        "1",
        "UCT",
        "",
        _line(recipient, RECIPIENT_MAX),
        iban,
        amount,
        recipient_code,
        "",
        "",
        _line(purpose, PURPOSE_MAX),
        "",
    ]
    return "\n".join(lines)


def nbu_qr_url(*, recipient: str, iban: str, amount_kop: int, recipient_code: str, purpose: str) -> str:
    """What the QR code holds: the NBU address with the format-002 data, Base64URL without padding."""
    text = nbu_qr_text(
        recipient=recipient, iban=iban, amount_kop=amount_kop, recipient_code=recipient_code, purpose=purpose
    )
    encoded = base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")
    return QR_BASE_URL + encoded


def decode_nbu_qr_url(url: str) -> list[str]:
    """The lines of an NBU QR address (for checks and tests)."""
    if not url.startswith(QR_BASE_URL):
        raise ValueError("Not an NBU QR address.")
    data = url[len(QR_BASE_URL) :]
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)).decode("utf-8").split("\n")
