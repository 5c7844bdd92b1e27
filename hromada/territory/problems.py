"""The problems the pure cores find in territory data (a district's boundary, an institution's opening
hours), said in the user's language. The cores (:mod:`hromada.core.geo`, :mod:`.hours`) return codes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hromada.core import geo

from . import hours


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
