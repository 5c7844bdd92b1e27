"""Money as people read it: hryvnias from kopiyky, the one formatter of the budget's pages and messages."""

from __future__ import annotations


def hryvnias(kopiyky: int | float | None) -> str:
    """``12345678`` → ``123 456,78`` (a no-break space between thousands, a decimal comma, kopiyky only
    when not zero; fractions of a kopiyka, as in equal-shares payments, rounded); None → ``—``."""
    if kopiyky is None:
        return "—"
    value = round(kopiyky)
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole = f"{value // 100:,}".replace(",", "\u00a0")
    return sign + whole + (f",{value % 100:02d}" if value % 100 else "")
