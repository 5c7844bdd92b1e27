"""Template filters of the public-budget pages: money in hryvnias from kopiyky."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def uah(kopiyky: int | float | None) -> str:
    """``12345678`` → ``123 456,78`` (a no-break space between thousands; kopiyky only when not zero)."""
    if kopiyky is None:
        return "—"
    value = int(kopiyky)
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole = f"{value // 100:,}".replace(",", "\u00a0")
    return sign + whole + (f",{value % 100:02d}" if value % 100 else "")


@register.filter
def percent_of(part: int | float | None, whole: int | float | None) -> int:
    """A whole-number percentage (0–100) of ``part`` in ``whole``, for bars."""
    if not part or not whole:
        return 0
    return max(0, min(100, round(100 * part / whole)))
