"""The four-week "is it really fixed?" questionnaire: sent to a fixed report's reporter and supporters
(``fix_check_send``, run by the ``opencity_fix_check_send`` task the periodic job ``opencity.fix_checks``
queues), answered on the report's page (``fix_check_answer``): "not fixed" reopens the report and tells the
department, "fixed" confirms it. Both are in the ledger (no personal data)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ensure
from hromada.core.permissions import require
from hromada.ledger.actions import ledger_append

from .. import lifecycle
from ..models import FixCheck, FixCheckAnswer, Report, Status, Update
from ..permissions import follows_report
from ._common import _department_staff, _followers, _notification_params, _public_text
from .reports import _move
from .summary import summary_facts, summary_record

if TYPE_CHECKING:
    from hromada.accounts.models import User

MAX_COMMENT = 1000


@transaction.atomic
def fix_check_send(*, report: Report, fixed_at: dt.datetime) -> FixCheck | None:
    """Ask the reporter and the supporters of ``report`` whether the fix of ``fixed_at`` holds. Idempotent:
    nothing happens when the report is no longer in that fixed state, when it is not four weeks old yet,
    or when the check was sent already (a unique row per fix). Returns the new check, or None."""
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("category", "reporter", "hromada")
        .get(pk=report.pk)
    )
    now = clock.now()
    if (
        report.status != Status.FIXED
        or report.closed_at != fixed_at
        or now < fixed_at + lifecycle.FIX_CHECK_AFTER
    ):
        return None
    if FixCheck.objects.filter(report=report, fixed_at=fixed_at).exists():
        return None
    people = _followers(report)
    try:
        with transaction.atomic():
            check = FixCheck.objects.create(
                report=report, fixed_at=fixed_at, sent_at=now, recipients=len(people)
            )
    except IntegrityError:
        return None  # another worker sent it in the meantime
    ledger_append(
        hromada=report.hromada,
        kind="opencity.fix_check_sent",
        subject=report,
        payload={"fixed_at": fixed_at.isoformat(), "asked": len(people)},
    )
    notify_on_commit(
        hromada=report.hromada,
        recipients=people,
        kind="opencity.fix_check",
        params=_notification_params(report),
        url=f"{report.get_absolute_url()}#fix-check",
    )
    return check


@transaction.atomic
def fix_check_answer(*, check: FixCheck, person: User, fixed: bool, text: str = "") -> FixCheckAnswer:
    """A reporter's or supporter's answer to the fix check: "fixed" confirms the fix, "not fixed" reopens
    the report (the department is told). Only while the report is still in the fixed state asked about,
    once per person."""
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("category", "reporter", "hromada")
        .get(pk=check.report_id)
    )
    require(follows_report, person, report, _("Only the reporter and the supporters are asked."))
    ensure(
        report.status == Status.FIXED and report.closed_at == check.fixed_at,
        _("The report has changed since this question was asked; see its current state."),
        code="fix_check_stale",
    )
    ensure(
        not FixCheckAnswer.objects.filter(fix_check=check, person=person).exists(),
        _("You have already answered."),
        code="fix_check_answered",
    )
    text = text.strip()
    ensure(
        len(text) <= MAX_COMMENT,
        _("The comment is too long: at most %(limit)s characters.") % {"limit": MAX_COMMENT},
        code="text_too_long",
        field="text",
    )
    now = clock.now()
    answer = FixCheckAnswer.objects.create(
        fix_check=check, person=person, fixed=fixed, text=text, answered_at=now
    )
    is_reporter = report.reporter_id == person.pk
    if fixed:
        if is_reporter and not report.reporter_verdict:
            report.reporter_verdict = "confirmed"
            report.save(update_fields=["reporter_verdict", "updated_at"])
        public = _("Four weeks on, a resident confirmed that it is fixed.")
        Update.objects.create(
            report=report,
            kind=Update.Kind.FEEDBACK,
            author=person,
            text=text or public,
            public_text=public,
            at=now,
        )
    else:
        before = summary_facts(report=report)
        if is_reporter:
            report.reporter_verdict = "disputed"
        _move(report, target=Status.REOPENED, by=person, reason="", text=text, kind=Update.Kind.FEEDBACK)
        report.save()
        summary_record(report=report, before=before)
        notify_on_commit(
            hromada=report.hromada,
            recipients=_department_staff(report.department_id),
            kind="opencity.fix_check_disputed",
            params=_notification_params(report, _public_text(text)),
            url=report.get_absolute_url(),
        )
    ledger_append(
        hromada=report.hromada,
        kind="opencity.fix_check_answer",
        subject=report,
        payload={"fixed_at": check.fixed_at.isoformat(), "fixed": fixed, "reporter": is_reporter},
    )
    return answer
