"""How an indicator's value reads on a page, in the page's language (plural forms included)."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hromada.core.indicators import Unit

register = template.Library()


@register.filter
def indicator_value(value: float | None, unit: str) -> str:
    if value is None:
        return _("no data")
    if unit == Unit.YES_NO:
        return _("yes") if value >= 1 else _("no")
    if unit == Unit.PERCENT:
        # a no-break space: "100.0 %" wrapped before its sign in the index's narrow value column
        return (_("%(number)s %%") % {"number": number_format(value, 1)}).replace(" ", "\u00a0")
    whole = round(value)
    shown = number_format(value, 0 if value == whole else 1)
    if unit == Unit.DAYS:
        return ngettext("%(number)s working day", "%(number)s working days", whole) % {"number": shown}
    if unit == Unit.MINUTES:
        return ngettext("%(number)s minute", "%(number)s minutes", whole) % {"number": shown}
    return shown


@register.filter
def score_text(score: float | None) -> str:
    return _("no data") if score is None else number_format(score, 1)
