"""Pure: the geometry of the survey results' charts, drawn as SVG by the templates (no script, no external
library). Numbers only: the templates add the labels in the page's language, and every chart is followed
by its data as text (a list or a table), so the picture is never the only way to read a result.

- ``histogram``: a scale's distribution, one column per value, with the mean marked on the same axis;
- ``bars``: horizontal bars of shares (a ranking's Borda points as a share of the most possible);
- ``stacked``: a matrix, one bar per row divided among the columns by their shares of the row.

All lengths are in the SVG's user units; ``WIDTH`` wide, scaled to the page by its ``viewBox``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 320
PAD = 8


@dataclass(frozen=True)
class Column:
    value: int
    count: int
    x: float
    y: float
    width: float
    height: float
    centre: float
    count_y: float  # the baseline of its count, above it


@dataclass(frozen=True)
class Histogram:
    columns: list[Column]
    width: int
    height: int
    baseline: float  # the y of the axis
    value_y: float  # the baseline of the values under the axis
    mean_top: float  # where the mean's line starts, under its label
    mean_x: float | None
    right: float  # the axis' right end


def histogram(counts: Sequence[tuple[int, int]], mean: float | None, *, plot: int = 120) -> Histogram:
    """Columns for ``counts`` (value, count) in order of value, as high as their count relative to the
    largest; the mean's x on the same axis (values are evenly spaced, so the mean falls between the
    centres of the columns it lies between)."""
    top = 30.0  # room for the mean's label and the counts above the columns
    baseline = top + plot
    n = max(len(counts), 1)
    slot = (WIDTH - 2 * PAD) / n
    largest = max((c for _v, c in counts), default=0)
    columns = []
    for i, (value, count) in enumerate(counts):
        height = plot * count / largest if largest else 0.0
        centre = PAD + slot * (i + 0.5)
        bar = slot * 0.7
        columns.append(
            Column(
                value=value,
                count=count,
                x=round(centre - bar / 2, 2),
                y=round(baseline - height, 2),
                width=round(bar, 2),
                height=round(height, 2),
                centre=round(centre, 2),
                count_y=round(baseline - height - 4, 2),
            )
        )
    mean_x = None
    if mean is not None and counts:
        first = counts[0][0]
        mean_x = round(PAD + slot * (mean - first + 0.5), 2)
    return Histogram(
        columns=columns,
        width=WIDTH,
        height=int(baseline + 22),
        baseline=baseline,
        value_y=baseline + 15,
        mean_top=16.0,
        mean_x=mean_x,
        right=WIDTH - PAD,
    )


@dataclass(frozen=True)
class Bar:
    share: float
    y: float  # the bar's top
    label_y: float  # the baseline of its label, above the bar
    width: float


@dataclass(frozen=True)
class Bars:
    bars: list[Bar]
    width: int
    height: int
    bar_height: int
    span: int  # the full bar's width (a share of 1)
    right: int  # where the numbers at the end of the label lines end


ROW = 38  # a label line and a bar
BAR = 16


def bars(shares: Sequence[float]) -> Bars:
    """One horizontal bar per share (0..1, of the full width), each under a line for its label."""
    out = []
    for i, share in enumerate(shares):
        share = min(max(share, 0.0), 1.0)
        top = i * ROW
        out.append(Bar(share=share, y=top + 16, label_y=top + 12, width=round((WIDTH - 2 * PAD) * share, 2)))
    return Bars(
        bars=out,
        width=WIDTH,
        height=max(len(out) * ROW, ROW),
        bar_height=BAR,
        span=WIDTH - 2 * PAD,
        right=WIDTH - PAD,
    )


# How many colours the matrix's segments cycle through (the stylesheet's .seg-0 … .seg-5).
COLOURS = 6


@dataclass(frozen=True)
class Segment:
    colour: int  # the column's colour, 0 … COLOURS - 1
    x: float
    width: float


@dataclass(frozen=True)
class StackedRow:
    y: float
    label_y: float
    segments: list[Segment]


@dataclass(frozen=True)
class Stacked:
    rows: list[StackedRow]
    width: int
    height: int
    bar_height: int
    span: int
    colours: list[int]  # each column's colour, for the legend


def stacked(rows: Sequence[Sequence[int]]) -> Stacked:
    """One bar per row (its counts per column), divided among the columns by their shares of the row; a
    row nobody answered has no segments. Segments of no count are left out."""
    span = WIDTH - 2 * PAD
    out = []
    for i, counts in enumerate(rows):
        total = sum(counts)
        top = i * ROW
        segments = []
        x = float(PAD)
        for index, count in enumerate(counts):
            if not total or not count:
                continue
            width = span * count / total
            segments.append(Segment(colour=index % COLOURS, x=round(x, 2), width=round(width, 2)))
            x += width
        out.append(StackedRow(y=top + 16, label_y=top + 12, segments=segments))
    columns = max((len(counts) for counts in rows), default=0)
    return Stacked(
        rows=out,
        width=WIDTH,
        height=max(len(out) * ROW, ROW),
        bar_height=BAR,
        span=span,
        colours=[i % COLOURS for i in range(columns)],
    )


def borda(rank_sums: Sequence[tuple[int, int]], options: int) -> list[int]:
    """Borda points per option from (how many ranked it, the sum of its places): a first place is worth
    ``options - 1`` points, a last place none, so the points are ``count × options − sum of places``."""
    return [count * options - places for count, places in rank_sums]
