"""Colours of a hromada's site and their contrast (WCAG 2.1). Pure Python, no Django import."""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$")
# WCAG 2.1 success criterion 1.4.3 (AA): normal text needs 4.5:1 against its background.
MIN_TEXT_CONTRAST = 4.5
WHITE = "#ffffff"


def normalise(value: str) -> str | None:
    """``#abc``, ``ABCDEF`` or ``#AbCdEf`` as ``#aabbcc``; ``None`` when it is not a colour."""
    text = value.strip().lower().lstrip("#")
    if re.fullmatch(r"[0-9a-f]{3}", text):
        text = "".join(c * 2 for c in text)
    if not re.fullmatch(r"[0-9a-f]{6}", text):
        return None
    return "#" + text


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """Relative luminance of a ``#rrggbb`` colour (WCAG 2.1 definition)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """Contrast ratio of two ``#rrggbb`` colours, from 1 (same) to 21 (black on white)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def brand_problems(*, brand: str, ink: str, paper: str = WHITE) -> list[str]:
    """Codes of what is wrong with a site's colour pair: the main colour is the header's background (text
    in ``ink`` on it) and the colour of links on the page (``paper``), so both pairs must be readable.

    ``"ink_on_brand"`` — header text too faint on the main colour; ``"brand_on_paper"`` — links too faint
    on the page.
    """
    problems = []
    if contrast_ratio(ink, brand) < MIN_TEXT_CONTRAST:
        problems.append("ink_on_brand")
    if contrast_ratio(brand, paper) < MIN_TEXT_CONTRAST:
        problems.append("brand_on_paper")
    return problems
