"""The survey results' charts: the pure geometry (charts.py), Borda points, and the SVG on the page with
its text alternative."""

import datetime as dt
import re

import pytest
from django.test import Client

from hromada.consultations import charts
from hromada.consultations.actions import survey_answer
from hromada.consultations.selectors import survey_results

from .factories import make_participant


def test_a_histograms_columns_follow_the_counts_and_the_mean_sits_between_its_values():
    chart = charts.histogram([(1, 0), (2, 2), (3, 4), (4, 1), (5, 1)], 3.5)

    heights = [c.height for c in chart.columns]
    assert heights[2] == 120 and heights[1] == 60 and heights[0] == 0
    assert all(c.y + c.height == chart.baseline for c in chart.columns)
    third, fourth = chart.columns[2].centre, chart.columns[3].centre
    assert chart.mean_x == pytest.approx((third + fourth) / 2)
    assert all(c.x >= 0 and c.x + c.width <= chart.width for c in chart.columns)


def test_a_histogram_of_no_answers_has_flat_columns_and_no_mean():
    chart = charts.histogram([(1, 0), (2, 0)], None)

    assert [c.height for c in chart.columns] == [0, 0] and chart.mean_x is None


def test_bars_are_as_long_as_their_share_of_the_full_width():
    chart = charts.bars([1.0, 0.5, 0.0, 1.7])

    assert [b.width for b in chart.bars] == [chart.span, chart.span / 2, 0, chart.span]
    assert [b.y for b in chart.bars] == sorted(b.y for b in chart.bars)


def test_a_stacked_row_is_divided_by_the_shares_and_fills_the_width():
    chart = charts.stacked([[2, 1, 1], [0, 0, 0], [0, 3, 0]])

    first, empty, only = chart.rows
    assert [s.width for s in first.segments] == [chart.span / 2, chart.span / 4, chart.span / 4]
    assert first.segments[1].x == pytest.approx(first.segments[0].x + first.segments[0].width)
    assert empty.segments == []
    assert [(s.colour, s.width) for s in only.segments] == [(1, chart.span)]
    assert chart.colours == [0, 1, 2]


def test_borda_points_give_a_first_place_options_less_one():
    # three options, two people: A first and second, B second and first, C last twice
    assert charts.borda([(2, 3), (2, 3), (2, 6)], 3) == [3, 3, 0]


@pytest.mark.django_db
def test_a_rankings_results_are_ordered_by_borda_points(open_consultation, hromada):
    first = open_consultation.questions.get(position=1)
    scale = open_consultation.questions.get(position=3)
    ranking = open_consultation.questions.get(position=4)
    a, b, c = ranking.options.order_by("position").values_list("pk", flat=True)
    for order in ([b, a, c], [b, c, a], [a, b, c]):
        survey_answer(
            consultation=open_consultation,
            person=make_participant(hromada),
            values={first.pk: first.options.get(text="Так").pk, scale.pk: 3, ranking.pk: order},
        )

    result = {r.question.pk: r for r in survey_results(consultation=open_consultation)}[ranking.pk]

    assert [(o.id, o.borda) for o in result.options] == [(b, 5), (a, 3), (c, 1)]
    assert result.options[0].borda_share == pytest.approx(5 / 6)
    _option, bar = result.chart_rows[0]
    assert bar.width == pytest.approx(result.chart.span * 5 / 6, abs=0.01)


@pytest.mark.django_db
def test_the_closed_consultation_shows_svg_charts_with_titles_and_the_numbers_as_text(
    open_consultation, hromada, clock
):
    first = open_consultation.questions.get(position=1)
    scale = open_consultation.questions.get(position=3)
    ranking = open_consultation.questions.get(position=4)
    order = list(ranking.options.values_list("pk", flat=True))
    for n in range(3):
        survey_answer(
            consultation=open_consultation,
            person=make_participant(hromada),
            values={first.pk: first.options.get(text="Так").pk, scale.pk: n + 2, ranking.pk: order},
        )
    clock.advance(dt.timedelta(days=31))

    page = Client().get(f"/consultations/{open_consultation.pk}/").content.decode()
    english = Client().get(f"/en/consultations/{open_consultation.pk}/").content.decode()

    assert page.count('<svg class="chart"') == 2  # the scale and the ranking
    assert f'<title id="chart-{scale.pk}-title">' in page and "середнє 3" in page
    assert f'<title id="chart-{ranking.pk}-title">' in page and "бал" in page
    assert re.search(r'(x|y|width|height)="-?\d+,\d', page) is None  # no decimal comma in the geometry
    assert "consultations/charts.css" in page and "<script" not in page.split("<main", 1)[1]
    assert "mean 3" in english and "Borda points" in english
