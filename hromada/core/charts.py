"""Charts drawn on the server as inline SVG: the geometry of sparklines and bar charts.

Pure: no Django import. Functions take the series and return numbers and SVG path data in a fixed
coordinate box (``viewBox="0 0 width height"``); the template ``core/chart.html`` draws them, always with a
table of the same numbers and the caller's CSV link beside the picture (a chart is never the only way to
read its data). No JavaScript, no inline styles: colours come from classes in ``site.css`` (CSP allows
SVG presentation attributes such as ``x``, ``width`` and ``d``, not ``style``).

    >>> line = sparkline([3, 5, None, 4])
    >>> line.path        # "M…L…" segments; a missing value (None) breaks the line
    >>> chart = bar_chart([("Q1", 10), ("Q2", 0)])
    >>> chart.bars[0].height

Scaling: the value axis runs from ``min(0, lowest)`` to :func:`nice_ceiling` of the highest value, so bars
of non-negative data start at zero and the tallest bar does not always touch the edge; a series whose
values are all equal draws a flat line in the middle; an empty series or one of only ``None`` gives
``empty=True`` and no path; a single point is drawn as a dot with a short level tick.

Used by the insight dashboard (issue 19); meant for any module (open-city analytics, statistics pages).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Number = int | float


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ that is ≥ ``value`` (0 for 0 and below): a readable axis top."""
    if value <= 0 or math.isnan(value):
        return 0.0
    exponent = math.floor(math.log10(value))
    base = 10.0**exponent
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * base
        if candidate >= value * (1 - 1e-12):
            return float(candidate)
    return 10.0 * base  # pragma: no cover - the loop always returns


def _fmt(number: float) -> str:
    """A coordinate for SVG: two decimals at most, no trailing zeros, no "-0"."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Sparkline:
    """A line through a series in a ``width`` × ``height`` box.

    ``path`` is the ``d`` attribute (one ``M…L…`` run per stretch without gaps), ``points`` the drawn
    points (``None`` where the value is missing), ``last`` the last drawn point (the dot), ``low`` and
    ``high`` the value range the box spans."""

    width: int
    height: int
    path: str
    points: tuple[Point | None, ...]
    last: Point | None
    low: float
    high: float
    empty: bool


def _value_range(values: Sequence[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    if low == high:  # a flat series: centre it
        pad = abs(low) or 1.0
        return low - pad, high + pad
    return low, high


def sparkline(
    values: Sequence[Number | None], *, width: int = 120, height: int = 32, pad: float = 3.0
) -> Sparkline:
    """The geometry of a sparkline: x spread evenly over the values, y scaled between their lowest and
    highest (higher values drawn higher); ``None`` values leave a gap."""
    present = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    if not present:
        return Sparkline(width, height, "", tuple(None for _ in values), None, 0.0, 0.0, True)
    low, high = _value_range(present)
    inner_w, inner_h = width - 2 * pad, height - 2 * pad
    count = len(values)
    points: list[Point | None] = []
    for index, value in enumerate(values):
        if value is None or math.isnan(float(value)):
            points.append(None)
            continue
        x = pad + (inner_w * index / (count - 1) if count > 1 else inner_w / 2)
        y = pad + inner_h * (1 - (float(value) - low) / (high - low))
        points.append(Point(round(x, 2), round(y, 2)))
    commands: list[str] = []
    pen_down = False
    for point in points:
        if point is None:
            pen_down = False
            continue
        commands.append(("L" if pen_down else "M") + f"{_fmt(point.x)} {_fmt(point.y)}")
        pen_down = True
    if sum(p is not None for p in points) == 1:  # a lone point: a short level tick through it
        only = next(p for p in points if p is not None)
        left, right = _fmt(max(0.0, only.x - 4)), _fmt(min(width, only.x + 4))
        commands = [f"M{left} {_fmt(only.y)}", f"L{right} {_fmt(only.y)}"]
    last = next((p for p in reversed(points) if p is not None), None)
    return Sparkline(width, height, "".join(commands), tuple(points), last, low, high, False)


@dataclass(frozen=True)
class Bar:
    """One bar: its label and value, its rectangle, and ``share`` (value / axis top, 0–1)."""

    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    share: float


@dataclass(frozen=True)
class BarChart:
    """Vertical bars in a ``width`` × ``height`` box; ``top`` is the axis maximum (:func:`nice_ceiling`)."""

    width: int
    height: int
    bars: tuple[Bar, ...]
    top: float
    empty: bool


def bar_chart(
    items: Sequence[tuple[str, Number | None]],
    *,
    width: int = 320,
    height: int = 120,
    gap: float = 0.25,
    top: float | None = None,
) -> BarChart:
    """The geometry of a bar chart of ``(label, value)`` items, in their order: bars grow up from the
    bottom, spread over ``width``; ``gap`` is the share of each slot left empty. Negative and missing
    values draw as zero-length bars (their value stays in the table). ``top`` fixes the axis maximum (e.g.
    100 for percentages); by default :func:`nice_ceiling` of the largest value. (A horizontal bar chart is
    drawn as its table, from the bars' ``share``: see :attr:`Chart.labelled_bars`.)
    """
    count = len(items)
    values = [0.0 if v is None or math.isnan(float(v)) else float(v) for _, v in items]
    axis = float(top) if top is not None and top > 0 else nice_ceiling(max(values, default=0.0))
    bars: list[Bar] = []
    for index, ((label, _raw), value) in enumerate(zip(items, values, strict=True)):
        share = max(0.0, min(1.0, value / axis)) if axis > 0 else 0.0
        slot = width / count
        length = height * share
        bars.append(Bar(label, value, round(index * slot + slot * gap / 2, 2), round(height - length, 2),
                        round(slot * (1 - gap), 2), round(length, 2), share))  # fmt: skip
    empty = count == 0 or all(v is None for _, v in items)
    return BarChart(width, height, tuple(bars), axis, empty)


@dataclass(frozen=True)
class Chart:
    """What ``core/chart.html`` draws: a titled chart with its data as a table and a CSV link.

    ``kind`` is "sparkline", "hbar" or "vbar"; ``rows`` are ``(label, value)`` in order (the table's
    rows; for a sparkline, one per point of the series); ``value_label`` heads the table's value column;
    ``csv_url`` is the download of the same data (the caller's view writes it); ``unit`` follows values in
    the table. Build one with :func:`make_chart`.
    """

    key: str
    title: str
    kind: str
    rows: tuple[tuple[str, Number | None], ...]
    label_header: str
    value_label: str
    csv_url: str = ""
    unit: str = ""
    line: Sparkline | None = None
    bars: BarChart | None = None

    @property
    def empty(self) -> bool:
        drawn = self.line if self.line is not None else self.bars
        return drawn is None or drawn.empty

    @property
    def labelled_bars(self) -> tuple[tuple[str, Number | None, float], ...]:
        """``(label, value, length in % of the axis)`` per row: a horizontal bar chart is drawn as its
        table, each label with its bar, so every bar is named where it is drawn."""
        if self.bars is None:
            return ()
        return tuple(
            (label, value, round(bar.share * 100, 2))
            for (label, value), bar in zip(self.rows, self.bars.bars, strict=True)
        )


def make_chart(
    *,
    key: str,
    title: str,
    kind: Literal["sparkline", "hbar", "vbar"],
    rows: Sequence[tuple[str, Number | None]],
    label_header: str,
    value_label: str,
    csv_url: str = "",
    unit: str = "",
    top: float | None = None,
) -> Chart:
    """A :class:`Chart` with its geometry computed from ``rows``."""
    rows = tuple(rows)
    if kind == "sparkline":
        return Chart(key, title, kind, rows, label_header, value_label, csv_url, unit,
                     line=sparkline([v for _, v in rows]))  # fmt: skip
    return Chart(key, title, kind, rows, label_header, value_label, csv_url, unit,
                 bars=bar_chart(rows, top=top))  # fmt: skip
