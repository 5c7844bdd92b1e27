"""Indicators of the community's digital transformation and transparency: what one is, and the registry.

A module declares the indicators its data answers in ``<app>/indicators.py`` and registers them with one
``register_app(indicators="hromada.<app>.indicators:INDICATORS")``; the ``insight`` app computes them every
hour, stores a value per quarter and scores them against the frameworks (docs/insight.md). The registry
lives here, on the floor every module may import, like the datasets' (``core/datasets.py``), so a module
needs no import of ``insight``.

    Indicator(
        key="services.online_share",
        title=_("Share of the catalogue's services available online"),
        unit=Unit.PERCENT,
        compute=selectors.indicator_online_share,   # compute(hromada=…, quarter=…) → float | None
        criteria=(Criterion(MINTSYFRA, "services", "1.1"), Criterion(TRANSPARENT_CITIES, "e-services", "3")),
        evidence=(Evidence(_("Service catalogue"), "services:catalogue"),),
        worst=0, best=100,      # the values scored 0 and 100 (either way round: lower may be better); for
                                # percent and yes/no the unit's bounds when left out (``Unit.BOUNDS``)
        effort=2,               # 1 (a setting or a habit) … 3 (a project) — orders "what would raise it"
    )

``compute`` returns ``None`` when there is nothing to measure in the quarter (no applications filed): the
value is then "no data", which is scored as missing, not as zero. A self-reported indicator has no
``compute``: an official enters its value with a document (insight's ``self_report_add``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext

from .workdays import KYIV

# Frameworks an indicator can answer.
MINTSYFRA = "mintsyfra"  # the Ministry of Digital Transformation's index (Дія.Цифрова громада)
TRANSPARENT_CITIES = "transparent_cities"  # TI Ukraine's Transparent Cities ranking
ODC = "odc"  # the International Open Data Charter's principles
FRAMEWORKS = (MINTSYFRA, TRANSPARENT_CITIES, ODC)
# The parts of each framework a criterion names (their titles and the method: insight/frameworks.py).
FRAMEWORK_PARTS: dict[str, tuple[str, ...]] = {
    MINTSYFRA: ("economy", "skills", "infrastructure", "services"),  # the index's four modules
    TRANSPARENT_CITIES: (  # the ranking's spheres
        "access to information", "public participation", "administrative services", "e-services",
        "open data", "housing and utilities", "strategic planning", "budget process", "public procurement",
        "land and property", "human resources",
    ),
    ODC: (  # the Charter's six principles, in its order
        "open by default", "timely and comprehensive", "accessible and usable",
        "comparable and interoperable", "improved governance", "inclusive development",
    ),
}  # fmt: skip


class Unit:
    PERCENT = "percent"
    DAYS = "days"
    MINUTES = "minutes"
    COUNT = "count"
    YES_NO = "yes_no"  # 1 yes, 0 no

    ALL = (PERCENT, DAYS, MINUTES, COUNT, YES_NO)

    # Every unit's values are ≥ 0. The bounded units' (lowest, highest), also the worst and best of their
    # indicators unless declared; days, minutes and counts have no upper bound (their indicators declare
    # both ends).
    BOUNDS: ClassVar[dict[str, tuple[float, float]]] = {PERCENT: (0.0, 100.0), YES_NO: (0.0, 1.0)}

    @classmethod
    def admits(cls, unit: str, value: float) -> bool:
        """Whether ``value`` is one that ``unit`` can take (a self-report's check): a yes/no is 0 or 1."""
        if unit == cls.YES_NO:
            return value in (0, 1)
        low, high = cls.BOUNDS.get(unit, (0.0, float("inf")))
        return low <= value <= high


@dataclass(frozen=True)
class Quarter:
    """A calendar quarter (Kyiv dates): ``Quarter(2026, 3)`` is July–September 2026, "2026-Q3"."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"A quarter is numbered 1–4, not {self.number}.")

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``"2026-Q3"`` → ``Quarter(2026, 3)``; ValueError otherwise."""
        year, sep, number = text.partition("-Q")
        if not sep or not year.isdigit() or not number.isdigit() or len(year) != 4:
            raise ValueError(f"Not a quarter: {text!r}.")
        return cls(int(year), int(number))

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        """The first day after the quarter."""
        return self.next().start

    def span(self) -> tuple[dt.datetime, dt.datetime]:
        """The quarter as aware datetimes in Kyiv time: [start, end)."""
        return _kyiv_midnight(self.start), _kyiv_midnight(self.end)

    def label(self) -> str:
        """The quarter as people write it, in the active language ("Q3 2026", "3 кв. 2026"); ``str()``
        keeps the "2026-Q3" of URLs, files and the database."""
        return gettext("Q%(number)s %(year)s") % {"number": self.number, "year": self.year}

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"


def _kyiv_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=KYIV)


def month_span(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The calendar month starting at ``month`` (its first day) as aware Kyiv datetimes: [start, end)."""
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return _kyiv_midnight(month), _kyiv_midnight(following)


@dataclass(frozen=True)
class Criterion:
    """Where an indicator answers a framework: the framework, its module / sphere / principle, and the
    indicator's or criterion's number there ("" when the framework has no numbers for it)."""

    framework: str
    part: str
    number: str = ""

    def __post_init__(self) -> None:
        if self.framework not in FRAMEWORKS:
            raise ValueError(f"Unknown framework {self.framework!r} (one of {FRAMEWORKS}).")
        if self.part not in FRAMEWORK_PARTS[self.framework]:
            raise ValueError(
                f"Unknown part {self.part!r} of {self.framework} (one of {FRAMEWORK_PARTS[self.framework]})."
            )


@dataclass(frozen=True)
class Evidence:
    """A page or dataset that proves the value: its title and URL name (reversed with ``kwargs``).

    ``audience(user, hromada)`` narrows who may open a page that not every official may (the security
    posture page is the administrators'): the others see its title without a link."""

    title: str | Promise
    url_name: str
    kwargs: tuple[tuple[str, str], ...] = ()
    public: bool = True  # False: a back-office page, shown to officials only
    audience: Callable[[Any, Any], bool] | None = None  # None: whoever is shown the evidence may open it


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str | Promise
    unit: str
    criteria: tuple[Criterion, ...]
    compute: Callable[..., float | None] | None = None  # None: self-reported (with a document)
    description: str | Promise = ""
    evidence: tuple[Evidence, ...] = ()
    worst: float | None = None  # the value scored 0 (None: the unit's lowest, ``Unit.BOUNDS``)
    best: float | None = None  # the value scored 100 (None: the unit's highest)
    effort: int = 2  # 1 a setting or a habit, 2 work of a department, 3 a project
    public: bool = True  # shown on the public dashboard
    app: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.unit not in Unit.ALL:
            raise ValueError(f"Indicator {self.key!r}: unknown unit {self.unit!r}.")
        declared = (self.worst is not None) + (self.best is not None)
        if declared == 1 or (declared == 0 and self.unit not in Unit.BOUNDS):
            raise ValueError(
                f"Indicator {self.key!r}: declare worst and best (only {tuple(Unit.BOUNDS)} have defaults)."
            )
        worst, best = self.scale
        if worst == best:
            raise ValueError(f"Indicator {self.key!r}: worst and best must differ.")
        if self.effort not in (1, 2, 3):
            raise ValueError(f"Indicator {self.key!r}: effort is 1, 2 or 3.")

    @property
    def scale(self) -> tuple[float, float]:
        """(worst, best): the values scored 0 and 100, as declared or the unit's bounds."""
        if self.worst is not None and self.best is not None:
            return self.worst, self.best
        return Unit.BOUNDS[self.unit]

    @property
    def self_reported(self) -> bool:
        return self.compute is None


@dataclass(frozen=True)
class Headline:
    """A module's headline number by month for the platform dashboard (applications filed, reports, …).

    ``compute(hromada=…, start=…, end=…)`` returns the number for the month [start, end) or ``None``;
    ``url_name`` is the module's own statistics page the dashboard links to; ``public`` puts it on the
    public dashboard too."""

    key: str
    title: str | Promise
    compute: Callable[..., float | None]
    url_name: str
    unit: str = Unit.COUNT
    public: bool = True
    order: int = 100
    app: str = field(default="", compare=False)


_indicators: dict[str, Indicator] = {}
_headlines: dict[str, Headline] = {}


def register_indicator(indicator: Indicator | Headline) -> None:
    """Register an indicator or a headline series (an app's ``indicators.py`` lists both)."""
    if isinstance(indicator, Headline):
        _headlines[indicator.key] = indicator
        return
    existing = _indicators.get(indicator.key)
    if existing is not None and existing != indicator:
        raise ValueError(f"The indicator {indicator.key!r} is already registered by {existing.app!r}.")
    _indicators[indicator.key] = indicator


def indicators() -> list[Indicator]:
    """Every registered indicator, by key."""
    return [_indicators[key] for key in sorted(_indicators)]


def headlines() -> list[Headline]:
    """Every registered headline series, in order."""
    return sorted(_headlines.values(), key=lambda h: (h.order, h.key))


def indicator(key: str) -> Indicator | None:
    return _indicators.get(key)


def percent(part: float, whole: float, *, digits: int = 1) -> float | None:
    """``part`` as a percentage of ``whole``, rounded to ``digits`` decimals (one unless told); ``None`` when
    there is no whole to measure."""
    return round(100.0 * part / whole, digits) if whole else None
