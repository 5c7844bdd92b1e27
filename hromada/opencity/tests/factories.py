"""Open city rows for tests: plain rows by factories, guarded ones through the actions."""

from __future__ import annotations

from typing import Any

from hromada.accounts.models import DepartmentMembership
from tests.factories import DepartmentFactory, DistrictFactory, UserFactory, square

from .. import actions
from ..models import Category, Zone

# The default test district: square(30.0, 50.0) spans lon 30.00–30.02, lat 50.00–50.02.
INSIDE = (50.01, 30.01)  # lat, lon


def make_category(
    hromada: Any, *, code: str = "pothole", department: Any = None, sla_days: int = 5, **kwargs: Any
) -> Category:
    department = department if department is not None else DepartmentFactory(hromada=hromada)
    return Category.objects.create(
        hromada=hromada,
        code=code,
        name=kwargs.pop("name", f"Категорія {code}"),
        department=department,
        sla_days=sla_days,
        **kwargs,
    )


def make_zone(
    hromada: Any, boundary: dict, *, department: Any = None, categories: list[Category] = (), **kwargs: Any
) -> Zone:  # type: ignore[assignment]
    zone = Zone.objects.create(
        hromada=hromada, name=kwargs.pop("name", "Зона"), boundary=boundary, department=department, **kwargs
    )
    zone.categories.set(categories)
    return zone


def make_city(hromada: Any) -> dict[str, Any]:
    """Two districts side by side (west: lon 30.00–30.02, east: 30.02–30.04), a zone over each, a category."""
    west = DistrictFactory(hromada=hromada, name="Західний", boundary=square(30.0, 50.0))
    east = DistrictFactory(hromada=hromada, name="Східний", boundary=square(30.02, 50.0))
    roads = DepartmentFactory(hromada=hromada, name="Дороги")
    category = make_category(hromada, code="pothole", department=roads)
    return {
        "west": west,
        "east": east,
        "roads": roads,
        "category": category,
        "west_zone": make_zone(hromada, west.boundary, name="Західна"),
        "east_zone": make_zone(hromada, east.boundary, name="Східна"),
    }


def member_of(department: Any, **kwargs: Any) -> Any:
    user = UserFactory(hromada=department.hromada, is_staff=True, **kwargs)
    DepartmentMembership.objects.create(user=user, department=department)
    return user


def make_report(
    hromada: Any,
    category: Category,
    *,
    reporter: Any = None,
    lat: float = INSIDE[0],
    lon: float = INSIDE[1],
    **kwargs: Any,
) -> Any:
    reporter = reporter or UserFactory(hromada=hromada)
    kwargs.setdefault("description", "Яма на дорозі")
    kwargs.setdefault("channel", "web")
    return actions.report_create(
        hromada=hromada, category=category, lat=lat, lon=lon, reporter=reporter, **kwargs
    )
