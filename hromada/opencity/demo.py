"""The open city's demo: categories with departments and SLAs, a routing zone per district, and a few
hundred reports across districts, categories and states, filed and handled through the ordinary actions
at realistic past moments (``core.democlock``). Idempotent: a hromada that has categories is left alone."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from hromada.accounts.models import DepartmentMembership, HromadaRole, User
from hromada.core.democlock import demo_clock
from hromada.core.geo import bbox, contains
from hromada.core.models import Hromada
from hromada.territory.models import Department, District, Institution

from . import actions, selectors
from .models import Category, Channel, Status, Zone

REPORTS = 300
CATEGORIES = [
    # code, name, name_en, SLA in working days, extra questions
    (
        "pothole",
        "Вибоїна на дорозі",
        "Pothole",
        10,
        [
            {
                "code": "SIZE",
                "datatype": "singlevaluelist",
                "required": False,
                "description": "Розмір",
                "values": [
                    {"key": "small", "name": "менше за тарілку"},
                    {"key": "large", "name": "більше за колесо"},
                ],
            }
        ],
    ),
    ("streetlight", "Не світить ліхтар", "Street light out", 5, []),
    ("dumping", "Стихійне звалище", "Illegal dumping", 7, []),
    ("tree", "Аварійне або повалене дерево", "Fallen or dangerous tree", 3, []),
    ("water", "Порив водопроводу", "Water leak", 2, []),
    ("playground", "Пошкоджений дитячий майданчик", "Damaged playground", 10, []),
    ("snow", "Неприбраний сніг або ожеледь", "Snow or ice not cleared", 2, []),
    ("graffiti", "Графіті або незаконна реклама", "Graffiti or illegal ads", 15, []),
]
TEXTS = [
    "Біля будинку {n} {what}. Прошу вжити заходів.",
    "Вже тиждень {what}, будь ласка, перевірте. Мій телефон 067 123 45 {n:02d}",
    "{what} навпроти зупинки, небезпечно для пішоходів.",
    "Повторно звертаюся: {what}. Пишіть на resident{n}@example.com",
]


def _point(rng: random.Random, district: District) -> tuple[float, float]:
    west, south, east, north = bbox([district.boundary]) or (30.0, 50.0, 30.1, 50.1)
    for _ in range(50):
        lon, lat = rng.uniform(west, east), rng.uniform(south, north)
        if contains(district.boundary, lon, lat):
            return lat, lon
    return (south + north) / 2, (west + east) / 2


def opencity_demo_load(*, hromada: Hromada, progress: Callable[[str], object] | None = None) -> int:
    if Category.objects.filter(hromada=hromada).exists():
        return 0
    admin = User.objects.filter(
        hromada_roles__hromada=hromada, hromada_roles__role=HromadaRole.Role.ADMINISTRATOR
    ).first()
    departments = list(Department.objects.filter(hromada=hromada).order_by("pk"))
    districts = list(District.objects.filter(hromada=hromada).order_by("pk"))
    residents = list(User.objects.filter(hromada=hromada, is_staff=False, is_active=True).order_by("pk")[:80])
    if admin is None or not departments or not districts or not residents:
        return 0
    rng = random.Random(f"opencity-demo-{hromada.slug}")
    categories = []
    for index, (code, name, name_en, sla, questions) in enumerate(CATEGORIES):
        categories.append(
            actions.category_save(
                category=Category(
                    hromada=hromada,
                    code=code,
                    name=name,
                    name_en=name_en,
                    sla_days=sla,
                    questions=questions,
                    department=departments[index % len(departments)],
                    position=index,
                    group=name_en.split()[0],
                ),
                by=admin,
            )
        )
    for district in districts[:-1] if len(districts) > 1 else districts:  # the last district: triage
        actions.zone_save(
            zone=Zone(
                hromada=hromada, name=district.name, name_en=district.name_en, boundary=district.boundary
            ),
            by=admin,
        )
    staff_of: dict[int, Any] = {}
    for membership in DepartmentMembership.objects.filter(department__hromada=hromada).select_related("user"):
        staff_of.setdefault(membership.department_id, membership.user)
    now = timezone.now()
    created = 0
    for n in range(REPORTS):
        category = rng.choice(categories)
        district = rng.choice(districts)
        lat, lon = _point(rng, district)
        filed_at = now - dt.timedelta(days=rng.uniform(0, 180), hours=rng.uniform(0, 10))
        what = category.name.lower()
        with demo_clock(filed_at):
            report = actions.report_create(
                hromada=hromada,
                category=category,
                lat=lat,
                lon=lon,
                reporter=rng.choice(residents),
                channel="web",
                description=rng.choice(TEXTS).format(n=n % 100, what=what),
                show_name=rng.random() < 0.3,
            )
        created += 1
        staff = staff_of.get(report.department_id or 0, admin)
        age = (now - filed_at).days
        path = _path(rng, age)
        moment = filed_at
        for target, reason in path:
            moment = min(now, moment + dt.timedelta(days=rng.uniform(0.5, 12)))
            with demo_clock(moment):
                if report.needs_triage and report.department is None and category.department is not None:
                    report = actions.report_reassign(report=report, by=admin, department=category.department)
                    staff = staff_of.get(report.department_id or 0, admin)
                actions.report_transition(
                    report=report,
                    by=staff,
                    target=target,
                    reason=reason,
                    responsible_elsewhere="АТ «Укрзалізниця»" if reason == "not_responsible" else "",
                    text="Роботи виконано." if target == Status.FIXED else "",
                )
                report.refresh_from_db()
        if progress and n % 50 == 0:
            progress(f"opencity: {n} reports")
    created += _address_only_reports(hromada=hromada, categories=categories, now=now, admin=admin)
    return created + len(categories)


def _address_only_reports(
    *, hromada: Hromada, categories: list[Category], now: dt.datetime, admin: User
) -> int:
    """Two reports of the last days that a partner app sent through Open311 with an address and no point:
    one on a known street (placed on the street), one the gazetteer cannot place (the hromada's centre).
    Both wait in triage for staff to set the point on the report's page."""
    known = Institution.objects.filter(hromada=hromada, address__startswith="вул.").order_by("pk").first()
    addresses = [f"{known.address.split(',')[0]}, 120" if known else "", "біля старого млина, за ставком"]
    # The key itself is not kept anywhere: the demo's partner app sends nothing more.
    partner, _key = actions.api_key_issue(
        hromada=hromada,
        name="Застосунок «Моє місто»",
        by=admin,
        contact=f"app@{hromada.slug}.example",
    )
    made = 0
    for hours_ago, address, category in zip((30, 6), addresses, categories[:2], strict=True):
        if not address:
            continue
        placement = selectors.address_placement(hromada=hromada, address=address)
        with demo_clock(now - dt.timedelta(hours=hours_ago)):
            actions.report_create(
                hromada=hromada,
                category=category,
                lat=placement.lat,
                lon=placement.lon,
                description=f"{category.name}: повідомлення з міського застосунку, без точки на мапі.",
                channel=Channel.API,
                address=address,
                location_precision=placement.precision,
                contact_name="Ірина",
                api_key=partner,
            )
        made += 1
    return made


def _path(rng: random.Random, age_days: float) -> list[tuple[str, str]]:
    if age_days < 3:
        return []
    roll = rng.random()
    if roll < 0.15:
        return [(Status.ACCEPTED, "")]
    if roll < 0.3:
        return [(Status.ACCEPTED, ""), (rng.choice([Status.IN_PROGRESS, Status.ACTION_SCHEDULED]), "")]
    if roll < 0.75:
        return [(Status.ACCEPTED, ""), (Status.IN_PROGRESS, ""), (Status.FIXED, "")]
    if roll < 0.8:
        return [(Status.ACCEPTED, ""), (Status.FIXED, ""), (Status.REOPENED, "")]
    reason = rng.choice(["not_responsible", "no_further_action", "planned_later"])
    return [(Status.ACCEPTED, ""), (Status.CLOSED, reason)]
