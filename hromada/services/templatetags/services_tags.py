"""Wording of terms and amounts on the services pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy, ngettext, pgettext
from django.utils.translation import gettext as _

from hromada.core.templatetags.hromada_tags import marked
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


# Who does a stage of the technology card (definitions.ROLES) and what they do there (the card's letters:
# В — does, У — takes part, П — agrees, З — approves).
ROLE_LABELS = {
    "specialist": gettext_lazy("specialist"),
    "head": gettext_lazy("head of the department"),
    "cnap_officer": gettext_lazy("TsNAP administrator"),
}
ACTION_LABELS = {
    "В": gettext_lazy("does"),
    "У": gettext_lazy("takes part"),
    "П": gettext_lazy("agrees"),
    "З": gettext_lazy("approves"),
}


@register.filter
def role_label(role: Any) -> str:
    """The technology card's role in words, never its code."""
    return str(ROLE_LABELS.get(str(role), role or "—"))


@register.filter
def action_label(action: Any) -> SafeString:
    """The technology card's action letter in words; a letter we do not know is shown as written."""
    label = ACTION_LABELS.get(str(action))
    return marked(action) if label is None else marked(str(label))


@register.filter
def stage_title(stage: Any) -> SafeString:
    """A stage of the technology card: its English title on English pages when it has one."""
    if not (get_language() or "uk").startswith("uk") and stage.get("stage_en"):
        return marked(stage["stage_en"])
    return marked(stage.get("stage", ""))


@register.filter
def median_days(value: float | None) -> str:
    """A number of working days (a median or a percentile): “3 робочі дні”, “2,5 робочого дня”, or a dash."""
    if value is None:
        return "—"
    if float(value).is_integer():
        n = int(value)
        return ngettext("%(n)d working day", "%(n)d working days", n) % {"n": n}
    shown = number_format(value, decimal_pos=1)
    return pgettext("a fraction of days", "%(n)s working days") % {"n": shown}


@register.filter
def backlog_for(backlog: dict[str, dict[str, int]] | None, code: str) -> dict[str, int]:
    """Today's open and overdue counts of a service on the officials' statistics page."""
    return (backlog or {}).get(code, {"open": 0, "overdue": 0})
