"""Checks of a site's appearance shared by the action and the back-office form (messages for people)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hromada.core.colour import MIN_TEXT_CONTRAST, brand_problems, contrast_ratio, normalise

# Emblems are small pictures in the header: a generous limit, re-encoded and scaled on upload.
EMBLEM_MAX_BYTES = 2 * 1024 * 1024
EMBLEM_MAX_SIDE = 2000


def colour_problems(*, brand_colour: str, brand_ink: str) -> dict[str, list[str]]:
    """Field → messages: each colour must be ``#rrggbb``, and both text pairs readable (WCAG 2.1 AA)."""
    brand, ink = normalise(brand_colour), normalise(brand_ink)
    fields: dict[str, list[str]] = {}
    if brand is None:
        fields["brand_colour"] = [_("Give the colour as six hexadecimal digits, e.g. #0b4f8a.")]
    if ink is None:
        fields["brand_ink"] = [_("Give the colour as six hexadecimal digits, e.g. #ffffff.")]
    if brand is None or ink is None:
        return fields
    for code in brand_problems(brand=brand, ink=ink):
        if code == "ink_on_brand":
            fields.setdefault("brand_ink", []).append(
                _(
                    "Text in this colour on the main colour has a contrast of %(ratio).1f:1; at least "
                    "%(minimum).1f:1 is needed so everyone can read the header."
                )
                % {"ratio": contrast_ratio(ink, brand), "minimum": MIN_TEXT_CONTRAST}
            )
        elif code == "brand_on_paper":
            fields.setdefault("brand_colour", []).append(
                _(
                    "Links in this colour on the white page have a contrast of %(ratio).1f:1; at least "
                    "%(minimum).1f:1 is needed. Choose a darker colour."
                )
                % {"ratio": contrast_ratio(brand, "#ffffff"), "minimum": MIN_TEXT_CONTRAST}
            )
    return fields
