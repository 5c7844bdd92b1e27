"""The chart geometry (core/charts.py): properties over generated series, and the edge cases by hand."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from hypothesis import given
from hypothesis import strategies as st

from hromada.core.charts import bar_chart, make_chart, nice_ceiling, sparkline

values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
series = st.lists(st.one_of(st.none(), values), max_size=40)
labelled = st.lists(st.tuples(st.text(max_size=8), st.one_of(st.none(), values)), max_size=30)


@given(st.floats(min_value=1e-6, max_value=1e12, allow_nan=False))
def test_nice_ceiling_is_at_least_the_value_and_under_ten_times_it(value):
    top = nice_ceiling(value)

    assert value <= top * (1 + 1e-9) and top <= value * 10 + 1e-9
    assert re.fullmatch(r"(1|2|2\.5|5)(0*)", f"{top / 10 ** int(f'{top:e}'.split('e')[1]):g}")


@given(series, st.integers(min_value=20, max_value=400), st.integers(min_value=10, max_value=200))
def test_every_sparkline_point_lies_inside_its_box(data, width, height):
    line = sparkline(data, width=width, height=height)

    for point in line.points:
        if point is not None:
            assert 0 <= point.x <= width and 0 <= point.y <= height
    for x, y in re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", line.path):
        assert 0 <= float(x) <= width and 0 <= float(y) <= height


@given(series)
def test_a_sparkline_draws_one_point_per_present_value_and_breaks_at_gaps(data):
    line = sparkline(data)

    present = [v for v in data if v is not None]
    assert line.empty == (not present)
    assert sum(p is not None for p in line.points) == len(present)
    assert len(line.points) == len(data)
    runs = sum(1 for i, v in enumerate(data) if v is not None and (i == 0 or data[i - 1] is None))
    if len(present) > 1:
        assert line.path.count("M") == runs


@given(st.lists(values, min_size=2, max_size=30))
def test_a_higher_value_is_drawn_higher(data):
    line = sparkline(data)

    for a, b in zip(data, line.points, strict=True):
        for c, d in zip(data, line.points, strict=True):
            if a > c:
                assert b.y <= d.y


def test_an_empty_series_has_no_path_and_a_single_point_gets_a_tick():
    assert sparkline([]).empty and sparkline([]).path == ""
    assert sparkline([None, None]).empty

    single = sparkline([7], width=100, height=30)
    assert not single.empty and single.last is not None
    assert single.last.y == 15  # a flat series sits in the middle
    assert single.path.startswith("M") and "L" in single.path


def test_a_flat_series_is_a_level_line_in_the_middle():
    line = sparkline([5, 5, 5], width=60, height=20)

    assert {p.y for p in line.points if p} == {10}


@given(labelled)
def test_bars_stay_in_the_box_and_keep_the_order_of_the_items(items):
    chart = bar_chart(items, width=300)

    assert [b.label for b in chart.bars] == [label for label, _ in items]
    for bar in chart.bars:
        assert bar.width >= 0 and bar.height >= 0 and 0 <= bar.share <= 1
        assert bar.x + bar.width <= chart.width + 0.01
        assert bar.y + bar.height <= chart.height + 0.01


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=20))
def test_bar_lengths_are_proportional_to_the_values(data):
    chart = bar_chart([(str(i), v) for i, v in enumerate(data)], height=1000)

    if chart.top:
        for bar, value in zip(chart.bars, data, strict=True):
            assert bar.height == pytest.approx(1000 * value / chart.top, abs=0.01)
            assert bar.share == pytest.approx(value / chart.top)


def test_negative_and_missing_bars_are_zero_length_and_a_fixed_top_is_kept():
    chart = bar_chart([("a", -3), ("b", None), ("c", 50)], top=100, height=100)

    assert [b.height for b in chart.bars] == [0, 0, 50]
    assert chart.top == 100 and chart.bars[2].y == 50
    assert bar_chart([]).empty and bar_chart([("a", None)]).empty


def test_the_template_draws_a_titled_image_with_the_same_numbers_in_a_table_and_the_csv_link():
    chart = make_chart(key="apps", title="Applications", kind="vbar", rows=[("2026-01", 3), ("2026-02", 5)],
                       label_header="Month", value_label="Count", csv_url="/x.csv")  # fmt: skip

    html = render_to_string("core/chart.html", {"chart": chart})

    assert 'role="img"' in html and 'aria-labelledby="chart-apps-svg"' in html
    assert '<title id="chart-apps-svg">Applications</title>' in html
    assert re.search(r"<th scope=\"row\">2026-02</th><td class=\"num\">5</td>", html)
    assert 'href="/x.csv"' in html and "style=" not in html
    assert html.count("<rect") == 2


def test_an_empty_chart_says_so_and_still_has_its_table():
    chart = make_chart(key="e", title="Nothing", kind="sparkline", rows=[], label_header="M", value_label="V")

    html = render_to_string("core/chart.html", {"chart": chart})

    assert "<svg" not in html and "<table" in html


def test_horizontal_bars_are_the_table_each_label_beside_its_bar_and_value():
    chart = make_chart(key="scores", title="Scores", kind="hbar", rows=[("Economy", 100), ("Skills", None),
                       ("Services", 53)], label_header="Module", value_label="Score", top=100)  # fmt: skip

    html = render_to_string("core/chart.html", {"chart": chart})

    assert html.count("<table") == 1 and html.count("<rect") == 3
    rows = re.findall(r'<tr><th scope="row">(\w+)<svg[^>]*aria-hidden="true"[^>]*><rect[^>]*width="([\d.]+)"'
                      r'[^>]*/></svg></th><td class="num">([^<]*)</td></tr>', html)  # fmt: skip
    assert rows == [("Economy", "100.0", "100"), ("Skills", "0.0", "—"), ("Services", "53.0", "53")]
    assert "style=" not in html
