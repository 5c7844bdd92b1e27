"""The words for the rules' category codes, in the person's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TITLES = {
    "special_needs": _("child with special educational needs"),
    "orphan": _("orphan or child deprived of parental care"),
    "defender_family": _("child of a defender of Ukraine"),
    "displaced": _("internally displaced child"),
    "large_family": _("child of a large family"),
    "sibling": _("a brother or sister attends the institution"),
    "staff_child": _("child of the institution's staff"),
    "preschool_graduate": _("graduate of the school's preschool unit"),
}


def category_title(code: str) -> str:
    return str(TITLES.get(code, code))
