"""Writes to districts, departments and institutions (the back office calls these too)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.errors import ApplicationError
from hromada.core.geo import polygon_problems
from hromada.core.models import Hromada
from hromada.core.tenancy import require_same_hromada
from hromada.core.text import search_key

from .hours import validate_hours
from .models import District, Institution, Street
from .problems import boundary_messages, hours_messages, street_list_problems
from .selectors import district_at, street_ranges


@transaction.atomic
def district_save(*, district: District) -> District:
    """Store a district; refuses a boundary that is not a valid GeoJSON Polygon or MultiPolygon."""
    problems = polygon_problems(district.boundary)
    if problems:
        raise ApplicationError(
            _("The boundary is not a valid polygon."), fields={"boundary": boundary_messages(problems)}
        )
    district.save()
    return district


@transaction.atomic
def district_streets_set(*, district: District, lines: Sequence[str]) -> list[Street]:
    """Replace the district's street list with ``lines`` (one street a line, perhaps with its house
    numbers: ``territory/streets.py``). Refuses, naming each line, a line that is not a street with house
    numbers and a line whose houses are on an earlier line or in another district's list. The street lists
    of one hromada are written one at a time (its row is locked), so two officials cannot list the same
    houses in two districts at once. An unchanged list writes nothing."""
    Hromada.objects.select_for_update().filter(pk=district.hromada_id).first()
    others = street_ranges(hromada=district.hromada, exclude_district=district)
    ranges, problems = street_list_problems(lines, others)
    if problems:
        raise ApplicationError(_("The street list has mistakes."), fields={"streets": problems})
    current = list(Street.objects.filter(district=district).order_by("id"))
    wanted = [(r.name, r.number_from, r.number_to, r.parity) for r in ranges]
    if [(s.name, s.number_from, s.number_to, s.parity) for s in current] == wanted:
        return current
    Street.objects.filter(district=district).delete()
    return Street.objects.bulk_create(
        Street(
            hromada_id=district.hromada_id,
            district=district,
            name=r.name,
            key=r.street.key,
            kind=r.street.kind,
            number_from=r.number_from,
            number_to=r.number_to,
            parity=r.parity,
        )
        for r in ranges
    )


@transaction.atomic
def institution_save(*, institution: Institution, locate_district: bool = True) -> Institution:
    """Validate and store an institution; the district is found from the coordinates when not given."""
    hromada = institution.hromada
    require_same_hromada(hromada, district=institution.district, department=institution.department)
    problems = validate_hours(institution.opening_hours or {})
    if problems:
        raise ApplicationError(
            _("The opening hours are not valid."), fields={"opening_hours": hours_messages(problems)}
        )
    if institution.district is None and locate_district:
        institution.district = district_at(hromada=hromada, lon=institution.lon, lat=institution.lat)
    institution.search_text = search_key(institution.name, institution.short_name, institution.address)
    institution.save()
    return institution
