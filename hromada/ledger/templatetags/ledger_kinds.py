"""``{{ entry.kind|kind_label }}``: an entry kind's label in the page language (the code when none)."""

from __future__ import annotations

from django import template

from hromada.ledger.kinds import ledger_kind_label

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    return ledger_kind_label(kind) or kind
