"""The problems the pure cores find in territory data (a district's boundary, an institution's opening
hours), said in the user's language. The cores (:mod:`hromada.core.geo`, :mod:`.hours`) return codes."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hromada.core import geo

from . import hours, streets


def boundary_messages(problems: list[geo.GeometryProblem]) -> list[str]:
    """One sentence per problem of :func:`hromada.core.geo.polygon_problems`."""
    return [_boundary_message(p) for p in problems]


def _boundary_message(problem: geo.GeometryProblem) -> str:
    where = {"polygon": problem.polygon, "ring": problem.ring}
    if problem.code == geo.NOT_AN_OBJECT:
        return _("A geometry must be a GeoJSON object.")
    if problem.code == geo.NOT_AN_AREA:
        return _("Expected a Polygon or MultiPolygon, got “%(type)s”.") % {"type": problem.got}
    if problem.code == geo.NO_POLYGONS:
        return _("A MultiPolygon needs at least one polygon.")
    if problem.code == geo.NO_RINGS:
        return _("Polygon %(polygon)d has no rings.") % where
    if problem.code == geo.RING_TOO_SHORT:
        return _("Polygon %(polygon)d, ring %(ring)d: a ring needs at least 4 positions.") % where
    if problem.code == geo.BAD_POSITION:
        return _("Polygon %(polygon)d, ring %(ring)d: positions are [longitude, latitude] in range.") % where
    return _("Polygon %(polygon)d, ring %(ring)d: the ring must end where it starts.") % where


def hours_messages(problems: list[hours.HoursProblem]) -> list[str]:
    """One sentence per problem of :func:`.hours.validate_hours`."""
    return [_hours_message(p) for p in problems]


def _hours_message(problem: hours.HoursProblem) -> str:
    day = problem.day
    if problem.code == hours.NOT_A_MAPPING:
        return _("Opening hours must be an object keyed by weekday.")
    if problem.code == hours.UNKNOWN_DAY:
        return _("Unknown weekday “%(day)s”; use one of %(days)s.") % {
            "day": day,
            "days": ", ".join(hours.WEEKDAYS),
        }
    if problem.code == hours.NOT_A_LIST:
        return _("%(day)s: expected a list of [open, close] pairs.") % {"day": day}
    if problem.code == hours.NOT_A_PAIR:
        return _("%(day)s: each span is a pair like [“08:00”, “17:00”].") % {"day": day}
    if problem.code == hours.BAD_TIME:
        return _("%(day)s: times are HH:MM (24-hour).") % {"day": day}
    return _("%(day)s: %(opens)s–%(closes)s closes before it opens.") % {
        "day": day,
        "opens": problem.opens,
        "closes": problem.closes,
    }


MAX_STREET_LINES = 3000
NAME_MAX = 200


def street_list_problems(
    lines: Sequence[str], others: Sequence[tuple[str, streets.StreetRange]]
) -> tuple[list[streets.StreetRange], list[str]]:
    """A district's street list read line by line (blank lines skipped): its ranges, and one sentence per
    problem — a line that is not a street with house numbers, or whose houses are on an earlier line or in
    another district's list (``others``: (district name, range))."""
    read: list[tuple[int, streets.StreetRange]] = []
    problems: list[tuple[int, str]] = []  # (line, sentence), told in the order of the lines
    numbered = [(number, line) for number, line in enumerate(lines, 1) if line.strip()]
    if len(numbered) > MAX_STREET_LINES:
        return [], [_("The list is too long (3,000 lines at most).")]
    for number, line in numbered:
        street = streets.parse_line(line)
        if isinstance(street, str):
            problems.append((number, _line_message(street, number)))
        elif len(street.name) > NAME_MAX:
            problems.append((number, _("Line %(line)d: the street's name is too long.") % {"line": number}))
        else:
            read.append((number, street))
    language = get_language() or "uk"
    for index, district, other in streets.clashes([s for _n, s in read], others):
        where = {
            "line": read[index][0],
            "street": streets.format_line(read[index][1], language),
            "other": streets.format_line(other, language),
        }
        if district is None:
            sentence = _("Line %(line)d: “%(street)s” repeats houses of “%(other)s” above.") % where
        else:
            sentence = _(
                "Line %(line)d: “%(street)s” overlaps “%(other)s” of the district “%(district)s”."
            ) % {
                **where,
                "district": district,
            }
        problems.append((read[index][0], sentence))
    return [s for _n, s in read], [sentence for _n, sentence in sorted(problems, key=lambda p: p[0])]


def _line_message(code: str, line: int) -> str:
    if code == streets.NO_NAME:
        return _(
            "Line %(line)d: write the street's name first, then perhaps a colon and its house numbers."
        ) % {"line": line}
    if code == streets.REVERSED:
        return _("Line %(line)d: the first house number is larger than the last.") % {"line": line}
    if code == streets.EMPTY:
        return _("Line %(line)d: no house number of that side is in the range.") % {"line": line}
    return _(
        "Line %(line)d: after the colon write house numbers such as “1-79” or “81+”, and/or “odd” or “even”."
    ) % {"line": line}
