"""Template filters of the public-budget pages: money in hryvnias from kopiyky."""

from __future__ import annotations

from django import template

from hromada.budget.money import hryvnias

register = template.Library()


@register.filter
def uah(kopiyky: int | float | None) -> str:
    """``12345678`` → ``123 456,78`` (see :func:`hromada.budget.money.hryvnias`)."""
    return hryvnias(kopiyky)


@register.filter
def percent_of(part: int | float | None, whole: int | float | None) -> int:
    """A whole-number percentage (0–100) of ``part`` in ``whole``, for bars."""
    if not part or not whole:
        return 0
    return max(0, min(100, round(100 * part / whole)))
