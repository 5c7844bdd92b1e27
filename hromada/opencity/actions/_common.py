"""Helpers shared by the open city's actions (not public actions themselves)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from hromada.accounts.models import DepartmentMembership
from hromada.core.errors import ApplicationError

from .. import lifecycle, redact
from ..models import Report

TRANSITION_MESSAGES = {
    lifecycle.NOT_ALLOWED: lambda: _("A report in this state cannot move to the chosen one."),
    lifecycle.REASON_REQUIRED: lambda: _("Say why the report is closed without being fixed."),
    lifecycle.UNKNOWN_REASON: lambda: _("Choose one of the listed reasons."),
    lifecycle.RESPONSIBLE_REQUIRED: lambda: _("Name who is responsible for this instead."),
    lifecycle.DUPLICATE_REQUIRED: lambda: _("Choose the report this one duplicates."),
    lifecycle.REASON_NOT_EXPECTED: lambda: _("A reason is only given when closing without a fix."),
}
TRANSITION_FIELDS = {
    lifecycle.REASON_REQUIRED: "reason",
    lifecycle.UNKNOWN_REASON: "reason",
    lifecycle.RESPONSIBLE_REQUIRED: "responsible_elsewhere",
    lifecycle.DUPLICATE_REQUIRED: "duplicate_of",
    lifecycle.REASON_NOT_EXPECTED: "reason",
    lifecycle.NOT_ALLOWED: "status",
}


def _refuse_transition(code: str) -> ApplicationError:
    message = TRANSITION_MESSAGES[code]()
    return ApplicationError(message, code=code, fields={TRANSITION_FIELDS[code]: [message]})


def _public_text(text: str) -> str:
    return redact.redact(text).text


def _department_staff(department_id: int | None) -> list[Any]:
    if department_id is None:
        return []
    return [
        m.user
        for m in DepartmentMembership.objects.filter(department_id=department_id).select_related("user")
        if m.user.is_active
    ]


def _followers(report: Report, *, without: Iterable[Any] = ()) -> list[Any]:
    """The reporter and everyone who supported the report, each once, minus ``without``."""
    skip = {p.pk for p in without if p is not None}
    people: dict[int, Any] = {}
    if report.reporter is not None and report.reporter.is_active:
        people[report.reporter.pk] = report.reporter
    for support in report.supports.select_related("person"):
        if support.person.is_active:
            people.setdefault(support.person.pk, support.person)
    return [p for pk, p in people.items() if pk not in skip]


def _notification_params(report: Report, text: str = "") -> dict[str, Any]:
    return {
        "number": report.pk,
        "status": report.status,
        "category": report.category.name,
        "category_en": report.category.name_en,
        "text": text,
    }
