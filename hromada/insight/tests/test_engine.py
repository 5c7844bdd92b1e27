"""The index engine: values per quarter, self-reports and their year of validity, closing a quarter."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from hromada.core.indicators import Quarter, indicator, indicators
from hromada.insight.actions import month_figures_compute, quarter_close, self_report_add, values_compute
from hromada.insight.models import ClosedQuarter, SelfReport, Value
from hromada.insight.selectors import index_for, module_trend, self_report_states
from hromada.ledger.models import PendingEntry

from .conftest import PDF

pytestmark = pytest.mark.django_db

Q3 = Quarter(2026, 3)
Q4 = Quarter(2026, 4)


def report(hromada, actor, *, key="insight.programme", value=1.0, on=dt.date(2026, 8, 1), document=PDF):
    return self_report_add(
        hromada=hromada, actor=actor, key=key, value=value, valid_from=on,
        document=None if document is None else io.BytesIO(document), filename="decision.pdf",
    )  # fmt: skip


def test_every_module_that_exists_registers_its_indicators():
    keys = {i.key for i in indicators()}

    assert {
        "services.online_share", "services.online_applications", "services.median_days", "services.on_time",
        "cnapqueue.booking", "cnapqueue.wait_p90", "petitions.answered_on_time", "budget.participation",
        "consultations.with_report", "opendata.datasets", "opendata.up_to_date", "opencity.fixed_within_sla",
        "territory.institutions_complete", "security.two_factor", "security.backup_verified",
        "insight.skills_training", "insight.edms", "insight.programme", "insight.accessibility",
    } <= keys  # fmt: skip
    assert indicator("services.on_time").app == "services"


def test_computing_stores_one_value_per_indicator_and_quarter_and_replaces_it(hromada, at_noon):
    first = values_compute(hromada=hromada, quarter=Q4)
    again = values_compute(hromada=hromada, quarter=Q4)

    assert first == again == len(indicators())
    assert Value.objects.filter(hromada=hromada, quarter="2026-Q4").count() == len(indicators())


def test_a_self_report_without_a_document_is_refused(hromada, administrator, at_noon):
    with pytest.raises(ApplicationError) as refused:
        report(hromada, administrator, document=None)

    assert "file" in refused.value.fields
    assert not SelfReport.objects.exists()


def test_a_self_report_with_a_document_that_is_not_one_is_refused(hromada, administrator, at_noon):
    with pytest.raises(ApplicationError):
        report(hromada, administrator, document=b"MZ\x90\x00 not a pdf")

    assert not SelfReport.objects.exists()


def test_only_administrators_and_heads_enter_self_reports_and_only_for_unmeasured_indicators(
    hromada, official, administrator, at_noon
):
    with pytest.raises(PermissionDeniedError):
        report(hromada, official)
    with pytest.raises(ApplicationError):
        report(hromada, administrator, key="services.on_time")


def test_a_self_report_counts_for_a_year_then_is_stale_and_left_out(hromada, administrator, at_noon):
    report(hromada, administrator, on=dt.date(2026, 8, 1))
    values_compute(hromada=hromada, quarter=Q4)

    fresh = {s.indicator.key: s for s in self_report_states(hromada=hromada)}["insight.programme"]
    assert not fresh.stale and fresh.expires == dt.date(2027, 8, 1)
    assert Value.objects.get(indicator="insight.programme", quarter="2026-Q4").value == 1.0

    at_noon.set(dt.datetime(2027, 8, 2, 10, 0, tzinfo=dt.UTC))
    values_compute(hromada=hromada, quarter=Quarter(2027, 3))

    stale = {s.indicator.key: s for s in self_report_states(hromada=hromada)}["insight.programme"]
    assert stale.stale
    assert Value.objects.get(indicator="insight.programme", quarter="2027-Q3").value is None
    row = next(
        r
        for r in index_for(hromada=hromada, quarter=Quarter(2027, 3)).rows
        if r.indicator.key == "insight.programme"
    )
    assert row.stale and row.score is None
    # The quarter it counted in keeps its value, and is not marked stale for an expiry that came later.
    past = next(
        r for r in index_for(hromada=hromada, quarter=Q4).rows if r.indicator.key == "insight.programme"
    )
    assert past.value == 1.0 and not past.stale


def test_a_report_expiring_within_the_quarter_is_stale_there_as_its_value_is_missing(
    hromada, administrator, at_noon
):
    report(hromada, administrator, on=dt.date(2025, 12, 10))  # expires 10 December 2026, within Q4
    values_compute(hromada=hromada, quarter=Q4)

    row = next(
        r for r in index_for(hromada=hromada, quarter=Q4).rows if r.indicator.key == "insight.programme"
    )
    assert row.value is None and row.stale


def test_an_expired_report_is_stale_even_before_a_new_quarter_is_computed(hromada, administrator, at_noon):
    report(hromada, administrator, key="insight.edms", on=dt.date(2025, 11, 10))

    states = {s.indicator.key: s for s in self_report_states(hromada=hromada)}

    assert states["insight.edms"].stale and states["insight.skills_training"].stale  # expired; never entered


def test_closing_a_quarter_publishes_its_values_once_in_the_ledger(hromada, administrator, at_noon):
    closed = quarter_close(hromada=hromada, actor=administrator, quarter=Q3)

    entries = PendingEntry.objects.filter(hromada=hromada, kind="insight.quarter_closed")
    assert closed.receipt_id is not None and entries.count() == 1
    assert b'"quarter":"2026-Q3"' in bytes(entries.get().data)
    assert Value.objects.filter(hromada=hromada, quarter="2026-Q3").count() == len(indicators())


def test_a_closed_quarter_is_never_recomputed_nor_closed_again(hromada, administrator, at_noon):
    quarter_close(hromada=hromada, actor=administrator, quarter=Q3)
    before = list(Value.objects.filter(quarter="2026-Q3").values_list("indicator", "value", "computed_at"))
    at_noon.advance(dt.timedelta(hours=2))

    with pytest.raises(ConflictError):
        values_compute(hromada=hromada, quarter=Q3)
    with pytest.raises(ConflictError):
        quarter_close(hromada=hromada, actor=administrator, quarter=Q3)

    after = list(Value.objects.filter(quarter="2026-Q3").values_list("indicator", "value", "computed_at"))
    assert before == after and ClosedQuarter.objects.count() == 1


def test_a_self_report_for_a_closed_quarter_is_refused(hromada, administrator, at_noon):
    quarter_close(hromada=hromada, actor=administrator, quarter=Q3)

    with pytest.raises(ConflictError):
        report(hromada, administrator, on=dt.date(2026, 9, 1))

    assert not SelfReport.objects.exists()


def test_the_running_quarter_cannot_be_closed_and_officials_cannot_close(
    hromada, administrator, official, at_noon
):
    with pytest.raises(ApplicationError):
        quarter_close(hromada=hromada, actor=administrator, quarter=Q4)
    with pytest.raises(PermissionDeniedError):
        quarter_close(hromada=hromada, actor=official, quarter=Q3)

    assert not ClosedQuarter.objects.exists()


def test_monthly_figures_cover_twelve_months_per_headline(hromada, at_noon):
    from hromada.core.indicators import headlines

    month_figures_compute(hromada=hromada)

    from hromada.insight.models import MonthFigure

    assert MonthFigure.objects.filter(hromada=hromada).count() == 12 * len(headlines())
    assert MonthFigure.objects.filter(hromada=hromada, month=dt.date(2026, 11, 1)).exists()


def test_the_trend_scores_each_quarter_as_its_index_page_does_in_one_query_for_values(
    hromada, administrator, at_noon, django_assert_max_num_queries
):
    report(hromada, administrator, on=dt.date(2026, 8, 1))
    for quarter in (Q3, Q4):
        values_compute(hromada=hromada, quarter=quarter)

    with django_assert_max_num_queries(2):  # the values of every quarter, the weights
        trend = module_trend(hromada=hromada, quarters=[Q4, Q3])

    for quarter in (Q3, Q4):
        page = index_for(hromada=hromada, quarter=quarter).modules
        shown = {m: dict(points)[str(quarter)] for m, points in trend.items()}
        assert shown == {m: (page[m].score if m in page else None) for m in shown}


@pytest.mark.parametrize(
    ("key", "value"), [("insight.skills_training", 100.5), ("insight.edms", 2), ("insight.edms", -1)]
)
def test_a_self_report_outside_its_units_bounds_is_refused(hromada, administrator, at_noon, key, value):
    with pytest.raises(ApplicationError) as refused:
        report(hromada, administrator, key=key, value=value)

    assert "value" in refused.value.fields
    assert not SelfReport.objects.exists()


def test_a_yes_no_self_report_is_yes_or_no_nothing_between(hromada, administrator, at_noon):
    with pytest.raises(ApplicationError):
        report(hromada, administrator, key="insight.edms", value=0.5)

    report(hromada, administrator, key="insight.edms", value=1)
    assert SelfReport.objects.get().value == 1


def test_a_new_self_report_updates_the_open_quarters_stored_value_at_once(hromada, administrator, at_noon):
    values_compute(hromada=hromada, quarter=Q4)

    report(hromada, administrator, on=dt.date(2026, 10, 2))

    stored = Value.objects.get(hromada=hromada, indicator="insight.programme", quarter=str(Q4))
    assert stored.value == 1.0 and stored.source == Value.Source.SELF_REPORTED
