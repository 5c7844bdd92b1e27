"""The words for the rules' category codes, in the person's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TITLES = {
    "special_needs": _("child with special educational needs"),
    "orphan": _("orphan or child deprived of parental care"),
    "defender_family": _("child of a defender of Ukraine"),
    "difficult_circumstances": _(
        "child in difficult life circumstances, registered with the children's service"
    ),
    "displaced": _("internally displaced child"),
    "war_affected": _("child affected by hostilities and armed conflicts"),
    # Statutory in kindergarten-2024.1 and 2024.2 only; since 2025.1 a community category at most.
    "large_family": _("child of a large family"),
    "sibling": _("a brother or sister attends the institution"),
    "staff_child": _("child of the institution's staff"),
    "preschool_graduate": _("graduate of the school's preschool unit"),
}


def category_title(code: str) -> str:
    return str(TITLES.get(code, code))
