"""``{{ entry.kind|kind_label }}``: an entry kind's label in the page language (the code when none)."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from hromada.ledger.kinds import ledger_kind_label

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    return ledger_kind_label(kind) or kind


@register.filter
def kind_code(kind: str) -> SafeString:
    """The code with a line-break opportunity after each dot, so a narrow column wraps it between parts."""
    return mark_safe("<wbr>".join(f"{conditional_escape(part)}." for part in kind.split("."))[:-1])
