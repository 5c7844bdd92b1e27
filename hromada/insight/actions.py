"""Writes of the insight index: computing values, self-reports, closing a quarter, the settings."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.actions import audit_actor
from hromada.core import clock
from hromada.core.errors import ApplicationError, ConflictError, NotFoundError
from hromada.core.indicators import Indicator, Quarter, Unit, headlines, indicator, indicators, month_span
from hromada.core.models import Hromada
from hromada.core.permissions import require
from hromada.core.uploads import DOCUMENTS, IMAGES, clean_upload
from hromada.ledger.actions import ledger_append
from hromada.ledger.audit import audit_record

from .models import ClosedQuarter, MonthFigure, SelfReport, Settings, Value
from .permissions import can_close_quarter, can_self_report
from .selectors import self_report_valid

SPARKLINE_MONTHS = 12


def _settings_locked(hromada: Hromada) -> Settings:
    """The hromada's settings row, locked: computing and closing a quarter of one hromada take turns."""
    Settings.objects.get_or_create(hromada=hromada)
    return Settings.objects.select_for_update().get(hromada=hromada)


def _refuse_closed(hromada: Hromada, quarter: Quarter) -> None:
    if ClosedQuarter.objects.filter(hromada=hromada, quarter=str(quarter)).exists():
        raise ConflictError(
            _("The quarter %(quarter)s is closed: its values are final.") % {"quarter": quarter},
            code="quarter_closed",
        )


def _value_of(hromada: Hromada, item: Indicator, quarter: Quarter) -> tuple[float | None, str]:
    if item.compute is not None:
        return item.compute(hromada=hromada, quarter=quarter), Value.Source.MEASURED
    report = self_report_valid(hromada=hromada, key=item.key, on=quarter.end - dt.timedelta(days=1))
    return (report.value if report else None), Value.Source.SELF_REPORTED


def _number(value: float) -> str:
    """A value as the ledger keeps it: decimal text (canonical JSON has no floats)."""
    return format(value, ".6g")


@transaction.atomic
def values_compute(*, hromada: Hromada, quarter: Quarter) -> int:
    """Compute every registered indicator of ``hromada`` for ``quarter`` and store the values (replacing
    the quarter's earlier ones); refuses a closed quarter. Returns how many values were stored."""
    _settings_locked(hromada)
    _refuse_closed(hromada, quarter)
    now = clock.now()
    rows = []
    for item in indicators():
        value, source = _value_of(hromada, item, quarter)
        rows.append(
            Value(
                hromada=hromada,
                indicator=item.key,
                quarter=str(quarter),
                value=value,
                source=source,
                computed_at=now,
            )
        )
    # Replaced as a whole (the settings row is locked): two statements instead of two per indicator.
    Value.objects.filter(hromada=hromada, quarter=str(quarter)).delete()
    Value.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def month_figures_compute(*, hromada: Hromada, months: int = SPARKLINE_MONTHS) -> int:
    """Compute every headline series for the last ``months`` months (the current one included)."""
    today = clock.today()
    month = today.replace(day=1)
    firsts = []
    for _step in range(months):
        firsts.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    finished = set(
        MonthFigure.objects.filter(
            hromada=hromada, month__gte=firsts[-1], month__lt=firsts[0], value__isnull=False
        ).values_list("series", "month")
    )  # a finished month with a value does not change: not recomputed
    rows = []
    for series in headlines():
        for first in firsts:
            if (series.key, first) in finished:
                continue
            start, end = month_span(first)
            rows.append(MonthFigure(hromada=hromada, series=series.key, month=first,
                                    value=series.compute(hromada=hromada, start=start, end=end)))  # fmt: skip
    MonthFigure.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["hromada", "series", "month"], update_fields=["value"]
    )
    return len(rows)


def _admitted(key: str, *, value: float, valid_from: dt.date) -> Indicator:
    """The self-reported indicator ``key``, refusing a measured one, a future date and a value out of
    range (entering and correcting a value check the same)."""
    item = indicator(key)
    if item is None or not item.self_reported:
        raise ApplicationError(
            _("This indicator is measured by the platform, not entered."), code="not_self_reported"
        )
    if valid_from > clock.today():
        raise ApplicationError(
            _("The date cannot be in the future."), fields={"valid_from": [_("In the future.")]}
        )
    if not Unit.admits(item.unit, value):
        raise ApplicationError(_("The value is out of range."), fields={"value": [_("Out of range.")]})
    return item


def _refresh_open_values(hromada: Hromada, item: Indicator) -> None:
    """Re-read a self-reported indicator's stored values in the quarters that are not closed (the hourly
    job would, later): a new or corrected value shows on the index pages at once. Closed quarters keep
    theirs."""
    closed = ClosedQuarter.objects.filter(hromada=hromada).values_list("quarter", flat=True)
    now = clock.now()
    for stored in Value.objects.filter(hromada=hromada, indicator=item.key).exclude(quarter__in=closed):
        stored.value, stored.source = _value_of(hromada, item, Quarter.parse(stored.quarter))
        stored.computed_at = now
        stored.save(update_fields=["value", "source", "computed_at", "updated_at"])


@transaction.atomic
def self_report_add(
    *,
    hromada: Hromada,
    actor: Any,
    key: str,
    value: float,
    valid_from: dt.date,
    document: Any,
    filename: str,
    note: str = "",
) -> SelfReport:
    """Enter a self-reported value with its document (a PDF or an image, checked by the upload policy)
    and the date it holds from. Refuses an indicator the platform measures, a missing document, a future
    date, a date in a closed quarter and a value out of range. The stored values of the quarters that
    are not closed are updated at once."""
    require(can_self_report, actor, hromada)
    item = _admitted(key, value=value, valid_from=valid_from)
    if document is None:
        raise ApplicationError(
            _("Attach the document that proves the value."), fields={"file": [_("A document is required.")]}
        )
    _settings_locked(hromada)
    _refuse_closed(hromada, Quarter.of(valid_from))
    upload = clean_upload(document, filename=filename, allowed=DOCUMENTS | IMAGES)
    report = SelfReport(hromada=hromada, indicator=key, value=value, valid_from=valid_from, note=note,
                        document_name=upload.original_name, content_type=upload.content_type)  # fmt: skip
    report.document.save(upload.original_name, upload.as_file(), save=False)
    report.save()
    audit_record(
        hromada=hromada,
        actor=audit_actor(user=actor, hromada=hromada),
        verb="self_report.created",
        subject=report,
        changes={"indicator": key, "value": _number(value), "valid_from": valid_from.isoformat()},
    )
    _refresh_open_values(hromada, item)
    return report


@transaction.atomic
def self_report_correct(
    *,
    hromada: Hromada,
    actor: Any,
    report: SelfReport,
    value: float,
    valid_from: dt.date,
    reason: str,
    document: Any = None,
    filename: str = "",
    note: str | None = None,
) -> SelfReport:
    """Correct a self-reported value: a new version that supersedes ``report`` (kept as it was, visible
    in the history), with the reason, the same document unless another is attached, and an audit entry
    in the ledger. Refuses a version already corrected (correct the latest), a missing reason, a change
    that changes nothing, a future date, a value out of range, and a report or date in a closed quarter.
    The stored values of the quarters that are not closed are updated at once."""
    require(can_self_report, actor, hromada)
    _settings_locked(hromada)  # corrections, additions, computing and closing take turns
    old = SelfReport.objects.select_for_update().filter(hromada=hromada, pk=report.pk).first()
    if old is None:
        raise NotFoundError(_("No such self-reported value."))
    if SelfReport.objects.filter(supersedes=old).exists():
        raise ConflictError(
            _("This version has already been corrected: correct the latest one."), code="superseded"
        )
    reason = reason.strip()
    if not reason:
        raise ApplicationError(
            _("Say why the value is corrected."), fields={"reason": [_("A reason is required.")]}
        )
    item = _admitted(old.indicator, value=value, valid_from=valid_from)
    _refuse_closed(hromada, Quarter.of(old.valid_from))
    _refuse_closed(hromada, Quarter.of(valid_from))
    if document is None and value == old.value and valid_from == old.valid_from:
        raise ApplicationError(
            _("The correction changes neither the value, the date nor the document."), code="unchanged"
        )
    new = SelfReport(hromada=hromada, indicator=old.indicator, value=value, valid_from=valid_from,
                     note=old.note if note is None else note, version=old.version + 1, supersedes=old,
                     reason=reason)  # fmt: skip
    if document is None:  # the evidence carries over: the same stored file, kept while either version is
        new.document, new.document_name, new.content_type = (
            old.document.name,
            old.document_name,
            old.content_type,
        )
    else:
        upload = clean_upload(document, filename=filename, allowed=DOCUMENTS | IMAGES)
        new.document_name, new.content_type = upload.original_name, upload.content_type
        new.document.save(upload.original_name, upload.as_file(), save=False)
    new.save()
    audit_record(
        hromada=hromada,
        actor=audit_actor(user=actor, hromada=hromada),
        verb="self_report.corrected",
        subject=new,
        changes={
            "indicator": old.indicator,
            "version": new.version,
            "corrects": f"insight.selfreport:{old.pk}",
            "previous_value": _number(old.value),
            "value": _number(value),
            "previous_valid_from": old.valid_from.isoformat(),
            "valid_from": valid_from.isoformat(),
            "new_document": document is not None,
            # The reason is free text an official wrote: the entry commits to it, the history page shows it.
            "reason": {"sha256": hashlib.sha256(reason.encode()).hexdigest()},
        },
    )
    _refresh_open_values(hromada, item)
    return new


@transaction.atomic
def quarter_close(*, hromada: Hromada, actor: Any, quarter: Quarter) -> ClosedQuarter:
    """Compute the quarter's values a last time, make them final and publish them in the ledger (one
    entry per quarter). Refuses a quarter that has not ended and one already closed."""
    require(can_close_quarter, actor, hromada)
    if quarter.end > clock.today():
        raise ApplicationError(_("A quarter can be closed only after it has ended."), code="quarter_running")
    values_compute(hromada=hromada, quarter=quarter)  # locks the settings row and refuses a closed quarter
    values = {
        v.indicator: None if v.value is None else _number(v.value)
        for v in Value.objects.filter(hromada=hromada, quarter=str(quarter)).order_by("indicator")
    }
    closed = ClosedQuarter.objects.create(hromada=hromada, quarter=str(quarter), closed_at=clock.now())
    receipt = ledger_append(
        hromada=hromada,
        kind="insight.quarter_closed",
        subject=closed,
        payload={"quarter": str(quarter), "values": values},  # type: ignore[dict-item]  # str | None
        people=[actor],
    )
    closed.receipt_id = receipt.receipt_id
    closed.save(update_fields=["receipt_id", "updated_at"])
    return closed


@transaction.atomic
def settings_save(
    *, hromada: Hromada, actor: Any, comparison_opt_in: bool, weights: dict[str, float]
) -> Settings:
    """Store the hromada's comparison opt-in and its community's weights (unknown indicators and negative
    weights refused)."""
    require(can_close_quarter, actor, hromada)
    known = {i.key for i in indicators()}
    bad = [k for k, w in weights.items() if k not in known or not isinstance(w, int | float) or w < 0]
    if bad:
        raise ApplicationError(
            _("Unknown indicators or negative weights: %(keys)s.") % {"keys": ", ".join(bad)}
        )
    row = _settings_locked(hromada)
    row.comparison_opt_in = comparison_opt_in
    row.weights = dict(weights)
    row.save()
    audit_record(
        hromada=hromada,
        actor=audit_actor(user=actor, hromada=hromada),
        verb="index_settings.changed",
        subject=row,
        changes={"comparison_opt_in": comparison_opt_in},
    )
    return row
