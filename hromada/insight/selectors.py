"""Reads of the insight index: stored values, self-reports and their validity, scores, coverage of the
frameworks, the dashboard's series and the comparison between hromadas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from hromada.core import clock
from hromada.core.indicators import MINTSYFRA, Headline, Indicator, Quarter, headlines, indicators
from hromada.core.models import Hromada

from . import frameworks, scoring
from .models import ClosedQuarter, MonthFigure, SelfReport, Settings, Value

VALID_DAYS = 365  # a self-report holds for a year from its date


def current_quarter() -> Quarter:
    return Quarter.of(clock.today())


def recent_quarters(*, count: int = 3) -> list[Quarter]:
    """The current quarter and the ``count - 1`` before it, newest first."""
    quarters = [current_quarter()]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters


def self_report_valid(*, hromada: Hromada, key: str, on: dt.date) -> SelfReport | None:
    """The latest self-report of ``key`` valid on ``on`` (dated on or before it, less than a year before)."""
    return (
        SelfReport.objects.filter(
            hromada=hromada,
            indicator=key,
            valid_from__lte=on,
            valid_from__gt=on - dt.timedelta(days=VALID_DAYS),
            superseded_by__isnull=True,  # a corrected version no longer counts
        )
        .order_by("-valid_from", "-id")
        .first()
    )


def self_report_expires(report: SelfReport) -> dt.date:
    """The day ``report`` no longer holds (a year after its date): from then on it is stale."""
    return report.valid_from + dt.timedelta(days=VALID_DAYS)


@dataclass
class ReportState:
    indicator: Indicator
    report: SelfReport | None
    expires: dt.date | None
    stale: bool  # the latest report has expired (or there is none)


def self_report_states(*, hromada: Hromada, on: dt.date | None = None) -> list[ReportState]:
    """Every self-reported indicator with its latest report dated by ``on`` (today by default) and
    whether that report has expired by then: the same rule as :func:`self_report_valid`, which gives a
    quarter its value on the quarter's last day."""
    now = on or clock.today()
    latest: dict[str, SelfReport] = {}
    reports = SelfReport.objects.filter(hromada=hromada, valid_from__lte=now, superseded_by__isnull=True)
    for entered in reports.order_by("indicator", "-valid_from", "-id"):
        latest.setdefault(entered.indicator, entered)
    states = []
    for item in indicators():
        if not item.self_reported:
            continue
        report = latest.get(item.key)
        expires = self_report_expires(report) if report else None
        states.append(ReportState(item, report, expires, expires is None or expires <= now))
    return states


def self_report_document(*, hromada: Hromada, pk: int) -> SelfReport | None:
    return SelfReport.objects.filter(hromada=hromada, pk=pk).first()


def self_report_history(*, hromada: Hromada, pk: int) -> list[SelfReport]:
    """Every version of the self-report ``pk`` belongs to, newest first (empty if not the hromada's).
    A version has at most one successor (``supersedes`` is one-to-one) and a correction keeps the
    indicator, so the history is a chain among the indicator's reports: read in one query, walked here."""
    same_indicator = SelfReport.objects.filter(hromada=hromada, pk=pk).values("indicator")
    reports = {r.pk: r for r in SelfReport.objects.filter(hromada=hromada, indicator__in=same_indicator)}
    if pk not in reports:
        return []
    successor = {r.supersedes_id: r for r in reports.values() if r.supersedes_id is not None}
    chain = [reports[pk]]
    while chain[0].pk in successor:
        chain.insert(0, successor[chain[0].pk])
    while chain[-1].supersedes_id is not None:
        chain.append(reports[chain[-1].supersedes_id])
    return chain


def closed_quarters(*, hromada: Hromada) -> set[str]:
    return set(ClosedQuarter.objects.filter(hromada=hromada).values_list("quarter", flat=True))


def settings_of(*, hromada: Hromada) -> Settings:
    return Settings.objects.filter(hromada=hromada).first() or Settings(hromada=hromada)


@dataclass
class Row:
    """One indicator in one quarter, ready for a page."""

    indicator: Indicator
    value: float | None
    score: float | None
    source: str
    computed_at: dt.datetime | None
    weight: float
    stale: bool = False

    @property
    def module(self) -> str:
        return next((c.part for c in self.indicator.criteria if c.framework == MINTSYFRA), "")


@dataclass
class Index:
    quarter: Quarter
    closed: bool
    rows: list[Row]
    modules: dict[str, scoring.ModuleScore]
    gains: list[scoring.Gain] = field(default_factory=list)


def index_for(*, hromada: Hromada, quarter: Quarter, public: bool = False) -> Index:
    """The stored values of ``quarter``, scored with the hromada's weights (``public``: only the
    indicators marked public)."""
    stored = {v.indicator: v for v in Value.objects.filter(hromada=hromada, quarter=str(quarter))}
    weights = settings_of(hromada=hromada).weights or {}
    # Stale as of the quarter's last day, the day its stored value is for (actions: a report must cover it).
    last_day = quarter.end - dt.timedelta(days=1)
    stale_keys = {s.indicator.key for s in self_report_states(hromada=hromada, on=last_day) if s.stale}
    rows = []
    for item in indicators():
        if public and not item.public:
            continue
        value = stored.get(item.key)
        number = value.value if value else None
        worst, best = item.scale
        rows.append(
            Row(
                indicator=item,
                value=number,
                score=scoring.indicator_score(number, worst=worst, best=best),
                source=value.source if value else "",
                computed_at=value.computed_at if value else None,
                weight=scoring.weight_of(weights, item.key),
                stale=item.self_reported and item.key in stale_keys,
            )
        )
    scored = [
        scoring.Scored(r.indicator.key, r.module, r.score, r.weight, r.indicator.effort)
        for r in rows
        if r.module
    ]
    return Index(
        quarter=quarter,
        closed=str(quarter) in closed_quarters(hromada=hromada),
        rows=rows,
        modules=scoring.module_scores(scored),
        gains=scoring.best_gains(scored),
    )


def _module_scores(
    values: dict[str, float | None], weights: dict[str, Any], *, public: bool
) -> dict[str, scoring.ModuleScore]:
    """The Мінцифри module scores of one quarter's stored values (what :func:`index_for` scores too)."""
    scored = []
    for item in indicators():
        module = next((c.part for c in item.criteria if c.framework == MINTSYFRA), "")
        if module and (item.public or not public):
            worst, best = item.scale
            score = scoring.indicator_score(values.get(item.key), worst=worst, best=best)
            scored.append(
                scoring.Scored(item.key, module, score, scoring.weight_of(weights, item.key), item.effort)
            )
    return scoring.module_scores(scored)


def module_trend(
    *, hromada: Hromada, quarters: list[Quarter], public: bool = False
) -> dict[str, list[tuple[str, float | None]]]:
    """Each Мінцифри module's score by quarter, oldest first (``public``: from the public indicators);
    the quarters' values in one query."""
    names = [str(q) for q in sorted(quarters, key=lambda q: (q.year, q.number))]
    by_quarter: dict[str, dict[str, float | None]] = {name: {} for name in names}
    for quarter, key, value in Value.objects.filter(hromada=hromada, quarter__in=names).values_list(
        "quarter", "indicator", "value"
    ):
        by_quarter[quarter][key] = value
    weights = settings_of(hromada=hromada).weights or {}
    trend: dict[str, list[tuple[str, float | None]]] = {p.key: [] for p in frameworks.MINTSYFRA_MODULES}
    for name in names:
        modules = _module_scores(by_quarter[name], weights, public=public)
        for module in trend:
            score = modules.get(module)
            trend[module].append((name, score.score if score else None))
    return trend


@dataclass
class Coverage:
    part: frameworks.Part
    measured: list[Indicator]
    self_reported: list[Indicator]

    @property
    def status(self) -> str:
        if self.measured:
            return "measured"
        return "self_reported" if self.self_reported else "not_covered"


def coverage() -> list[Coverage]:
    """Every part of every framework with the indicators that answer it."""
    result = []
    for part in frameworks.PARTS:
        answering = [
            i
            for i in indicators()
            if any(c.framework == part.framework and c.part == part.key for c in i.criteria)
        ]
        result.append(
            Coverage(
                part, [i for i in answering if not i.self_reported], [i for i in answering if i.self_reported]
            )
        )
    return result


@dataclass
class Series:
    headline: Headline
    points: list[tuple[dt.date, float | None]]

    @property
    def latest(self) -> float | None:
        return self.points[-1][1] if self.points else None


def month_series(*, hromada: Hromada, public: bool = False) -> list[Series]:
    """Every headline series of the hromada by month, oldest first (stored values only: one query)."""
    rows: dict[str, list[tuple[dt.date, float | None]]] = {}
    for series, month, value in (
        MonthFigure.objects.filter(hromada=hromada)
        .order_by("series", "month")
        .values_list("series", "month", "value")
    ):
        rows.setdefault(series, []).append((month, value))
    return [Series(h, rows.get(h.key, [])) for h in headlines() if h.public or not public]


def comparison(*, quarter: Quarter) -> list[tuple[Hromada, dict[str, float | None]]]:
    """The Мінцифри module scores of every hromada that opted in, for ``quarter``."""
    opted = Hromada.objects.filter(
        pk__in=Settings.objects.filter(comparison_opt_in=True).values("hromada")
    ).order_by("name")
    values: dict[int, dict[str, float | None]] = {}
    for hromada_id, key, value in Value.objects.filter(hromada__in=opted, quarter=str(quarter)).values_list(
        "hromada_id", "indicator", "value"
    ):
        values.setdefault(hromada_id, {})[key] = value
    weights = dict(Settings.objects.filter(hromada__in=opted).values_list("hromada_id", "weights"))
    result = []
    for hromada in opted:
        modules = _module_scores(values.get(hromada.pk, {}), weights.get(hromada.pk) or {}, public=True)
        result.append((hromada, {k: s.score for k, s in modules.items()}))
    return result


def hromadas_to_compute() -> QuerySet[Hromada]:
    return Hromada.objects.all().order_by("pk")


def questionnaire_rows(*, hromada: Hromada, quarter: Quarter) -> list[dict[str, Any]]:
    """The quarter's values in the shape of the Дія.Цифрова громада questionnaire: one row per indicator,
    with its module, question, value, unit, source and the evidence to attach."""
    index = index_for(hromada=hromada, quarter=quarter)
    out = []
    for row in index.rows:
        item = row.indicator
        out.append(
            {
                "quarter": str(quarter),
                "module": frameworks.part_title(MINTSYFRA, row.module) if row.module else "",
                "indicator": item.key,
                "question": str(item.title),
                "value": row.value,
                "unit": item.unit,
                "source": row.source,
                "score": row.score,
                "stale": row.stale,
                "criteria": "; ".join(
                    f"{c.framework}:{c.part}{(' ' + c.number) if c.number else ''}" for c in item.criteria
                ),
            }
        )
    return out


QUESTIONNAIRE_FIELDS = (
    "quarter", "module", "indicator", "question", "value", "unit", "source", "score", "stale", "criteria",
)  # fmt: skip
