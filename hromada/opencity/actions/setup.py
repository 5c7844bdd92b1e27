"""Writes to the open city's set-up: categories, routing zones and the API keys of outside applications
(the back office calls these)."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.errors import ApplicationError, ensure
from hromada.core.geo import polygon_problems
from hromada.core.models import Hromada
from hromada.core.permissions import require
from hromada.core.tenancy import require_same_hromada

from ..keys import api_key_hash
from ..models import ApiKey, Category, Zone
from ..permissions import manages_categories

if TYPE_CHECKING:
    from hromada.accounts.models import User

DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}


def _check_questions(questions: object) -> None:
    ok = isinstance(questions, list) and all(
        isinstance(q, dict)
        and isinstance(q.get("code"), str)
        and q["code"].strip()
        and q.get("datatype", "string") in DATATYPES
        and isinstance(q.get("values", []), list)
        for q in questions
    )
    if ok and isinstance(questions, list):
        codes = [q["code"] for q in questions]
        ok = len(codes) == len(set(codes))
    if not ok:
        message = _(
            "Each question needs a unique code and a known type (string, number, datetime, text, "
            "singlevaluelist, multivaluelist)."
        )
        raise ApplicationError(message, code="questions_invalid", fields={"questions": [message]})


@transaction.atomic
def category_save(*, category: Category, by: User) -> Category:
    """Create or change a category (its department, SLA and extra questions)."""
    require(manages_categories, by, category.hromada)
    require_same_hromada(category.hromada, department=category.department)
    category.code = category.code.strip()
    ensure(category.code, _("Give the category a code."), field="code")
    ensure(category.sla_days >= 1, _("The deadline is at least one working day."), field="sla_days")
    _check_questions(category.questions or [])
    taken = (
        Category.objects.filter(hromada=category.hromada, code=category.code).exclude(pk=category.pk).exists()
    )
    ensure(not taken, _("Another category has this code."), code="code_taken", field="code")
    category.save()
    return category


@transaction.atomic
def zone_save(*, zone: Zone, by: User, categories: list[Category] | None = None) -> Zone:
    """Create or change a routing zone (its polygon, department and categories)."""
    require(manages_categories, by, zone.hromada)
    require_same_hromada(zone.hromada, department=zone.department)
    problems = polygon_problems(zone.boundary)
    ensure(not problems, _("The boundary is not a valid GeoJSON Polygon or MultiPolygon."), field="boundary")
    zone.save()
    if categories is not None:
        for category in categories:
            require_same_hromada(zone.hromada, categories=category)
        zone.categories.set(categories)
    return zone


@transaction.atomic
def api_key_issue(
    *, hromada: Hromada, name: str, by: User, contact: str = "", per_hour: int = 600
) -> tuple[ApiKey, str]:
    """Issue an Open311 key to an outside application; the key itself is shown once and only its hash kept."""
    require(manages_categories, by, hromada)
    name = name.strip()
    ensure(name, _("Name the application."), field="name")
    ensure(1 <= per_hour <= 100_000, _("From 1 to 100,000 requests an hour."), field="per_hour")
    key = secrets.token_urlsafe(24)
    api_key = ApiKey.objects.create(
        hromada=hromada,
        name=name,
        contact=contact.strip(),
        prefix=key[:8],
        key_hash=api_key_hash(key),
        per_hour=per_hour,
    )
    return api_key, key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, by: User) -> ApiKey:
    """Stop accepting a key (its reports stay)."""
    require(manages_categories, by, api_key.hromada)
    api_key.is_active = False
    api_key.save(update_fields=["is_active", "updated_at"])
    return api_key
