"""Wording of terms and amounts on the services pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hromada.services import deadlines

register = template.Library()


@register.filter
def term(tariff: Any) -> str:
    """“20 working days”, “24 hours”, “on the day of application” — or “not confirmed”."""
    value, unit = tariff.term_value, tariff.term_unit
    if unit == deadlines.SAME_DAY:
        return _("on the day of application")
    if value is None or not unit:
        return _("term not confirmed")
    if unit == deadlines.HOURS:
        return ngettext("%(n)d hour", "%(n)d hours", value) % {"n": value}
    if unit == deadlines.WORKING_DAYS:
        return ngettext("%(n)d working day", "%(n)d working days", value) % {"n": value}
    return ngettext("%(n)d calendar day", "%(n)d calendar days", value) % {"n": value}


@register.filter
def uah(kopiyky: int | None) -> str:
    """An amount in kopiyky as hryvnias: “49,92 грн”; free is said so."""
    if kopiyky is None:
        return _("not confirmed")
    if kopiyky == 0:
        return _("free")
    return _("%(amount)s UAH") % {"amount": number_format(kopiyky / 100, decimal_pos=2, force_grouping=True)}


@register.filter
def field_value(value: Any) -> str:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(value) if value not in (None, "") else "—"
