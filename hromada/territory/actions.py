"""Writes to districts, departments and institutions (the back office calls these too)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.errors import ApplicationError
from hromada.core.geo import polygon_problems
from hromada.core.tenancy import require_same_hromada
from hromada.core.text import search_key

from .hours import validate_hours
from .models import District, Institution
from .problems import boundary_messages, hours_messages
from .selectors import district_at


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
