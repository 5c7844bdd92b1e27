"""Enrollment's part of the demo: service territories of the hromada's kindergartens, schools and clubs; a
kindergarten intake round that closed ten days ago (allocated right after the demo's transaction commits,
once the log has fixed the seed: offers open); a first-grade round and a club round taking applications.

Sized to the hromada: groups per institution it has, applications from its verified residents (a village
gets a handful). Idempotent: a hromada with the demo's kindergarten round gets nothing new.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from hromada.accounts.models import HromadaRole, User, VerificationLevel
from hromada.core.democlock import demo_clock
from hromada.core.errors import ApplicationError
from hromada.core.models import Hromada
from hromada.territory.models import Institution

from . import actions
from . import rules as rules_core
from .models import Group, Round

DAY = dt.timedelta(days=1)
FIRST_NAMES = ("Марко", "Софія", "Дмитро", "Анна", "Остап", "Злата", "Назар", "Мирослава", "Богдан", "Олеся")


def _proof_scan() -> bytes:
    """A blank "scan" for the demo's proof documents (a small PNG, cleaned like any upload)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (245, 245, 240)).save(buffer, "PNG")
    return buffer.getvalue()


def _certificate(rng: random.Random) -> str:
    return f"І-БК {rng.randint(100000, 999999)}"


def enrollment_demo_load(*, hromada: Hromada, progress: Callable[[str], object] | None = None) -> int:
    slug = f"zdo-{timezone.localdate().year}"
    if Round.objects.filter(hromada=hromada, slug=slug).exists():
        return 0
    admin = User.objects.filter(
        hromada_roles__hromada=hromada, hromada_roles__role=HromadaRole.Role.ADMINISTRATOR
    ).first()
    parents = list(
        User.objects.filter(
            hromada=hromada, is_staff=False, verification_level=VerificationLevel.STRONG
        ).order_by("pk")
    )
    institutions = list(Institution.objects.filter(hromada=hromada, is_active=True).order_by("pk"))
    by_kind = {k: [i for i in institutions if i.kind == k] for k in ("kindergarten", "school", "club")}
    if admin is None or not parents or not (by_kind["kindergarten"] or by_kind["school"]):
        return 0
    rng = random.Random(f"enrollment-demo-{hromada.slug}")
    now = timezone.now()
    year = timezone.localdate().year if timezone.localdate().month < 9 else timezone.localdate().year + 1
    created = 0
    with demo_clock(now - 400 * DAY):
        for institution in by_kind["kindergarten"] + by_kind["school"]:
            street = institution.address.split(",")[0]
            actions.territory_publish(
                institution=institution,
                official=admin,
                description=f"{street} (усі будинки) та прилеглі провулки",
                streets=[street],
            )
            created += 1
    kindergartens = by_kind["kindergarten"][:8]
    if kindergartens:
        closed = _round(
            hromada,
            slug=slug,
            kind="kindergarten",
            title=f"Прийом до закладів дошкільної освіти {year}/{year + 1}",
            year=year,
            opens=now - 60 * DAY,
            closes=now - 10 * DAY,
            rules=rules_core.CURRENT["kindergarten"],
            local=[_large_families(hromada, adopted=(now - 150 * DAY).date())],
        )
        for inst in kindergartens:
            Group.objects.create(
                hromada=hromada,
                round=closed,
                institution=inst,
                name="Молодша група",
                band=Group.Band.PRESCHOOL,
                min_age_months=30,
                max_age_months=60,
                places=rng.randint(2, 4),
            )
            Group.objects.create(
                hromada=hromada,
                round=closed,
                institution=inst,
                name="Ясла",
                band=Group.Band.EARLY,
                min_age_months=12,
                max_age_months=36,
                places=rng.randint(1, 2),
            )
        with demo_clock(now - 59 * DAY):
            actions.round_open(round=closed, official=admin)
        groups = list(closed.groups.all())
        applicants = parents[: max(4, min(len(parents), 12 * len(kindergartens)))]
        for index, parent in enumerate(applicants):
            with demo_clock(now - (58 - index % 45) * DAY):
                created += _apply(closed, parent, groups, rng, admin)
        with demo_clock(now - 10 * DAY + dt.timedelta(minutes=1)):
            actions.round_close(round=closed)

        def allocate(round_id: int = closed.pk) -> None:
            from hromada.ledger.actions import ledger_publish

            # The seed is the log's root after the closing entry: publish the log first (no worker has
            # run yet); ledger_publish integrates every pending entry, batch after batch.
            ledger_publish(hromada=hromada)
            actions.round_allocate(round=Round.objects.get(pk=round_id), official=None)

        transaction.on_commit(allocate)
    for kind, institutions_, rules, title, band, ages in (
        (
            "school",
            by_kind["school"][:6],
            "first-grade-2018.1",
            "Зарахування до 1-го класу",
            Group.Band.FIRST_GRADE,
            (66, 95),
        ),
        (
            "club",
            by_kind["club"][:4] or by_kind["school"][:2],
            "club-2001.1",
            "Гуртки та секції",
            Group.Band.CLUB,
            (60, 200),
        ),
    ):
        if not institutions_:
            continue
        open_round = _round(
            hromada,
            slug=f"{kind}-{year}",
            kind=kind,
            title=f"{title} {year}/{year + 1}",
            year=year,
            opens=now - 5 * DAY,
            closes=now + 40 * DAY,
            rules=rules,
        )
        for inst in institutions_:
            Group.objects.create(
                hromada=hromada,
                round=open_round,
                institution=inst,
                name="1-А" if kind == "school" else "Основна",
                band=band,
                min_age_months=ages[0],
                max_age_months=ages[1],
                places=rng.randint(15, 28),
            )
        with demo_clock(now - 5 * DAY):
            actions.round_open(round=open_round, official=admin)
        for parent in parents[-min(len(parents), 6) :]:
            with demo_clock(now - 4 * DAY):
                created += _apply(
                    open_round,
                    parent,
                    list(open_round.groups.all()),
                    rng,
                    admin,
                    age_years=6 if kind == "school" else 9,
                )
    if progress is not None:
        progress(f"{hromada.slug} · enrollment: {Round.objects.filter(hromada=hromada).count()} rounds")
    return created


def _round(
    hromada: Hromada,
    *,
    slug: str,
    kind: str,
    title: str,
    year: int,
    opens: dt.datetime,
    closes: dt.datetime,
    rules: str,
    local: list[dict[str, str]] | None = None,
) -> Round:
    return Round.objects.create(
        hromada=hromada,
        slug=slug,
        kind=kind,
        title=title,
        school_year=year,
        opens_at=opens,
        closes_at=closes,
        rules_key=rules,
        local_categories=local or [],
        max_choices=3,
        offer_days=5,
    )


def _large_families(hromada: Hromada, *, adopted: dt.date) -> dict[str, str]:
    """Large families as a community category: no act on record grants them a statutory priority
    (``kindergarten-2025.1`` dropped it), so the demo's council grants it by its own decision, which the
    round cites after the statutory categories (docs/enrollment.md)."""
    village = hromada.kind == Hromada.Kind.VILLAGE or hromada.slug == "verbivka"
    council, number = (
        ("Вербівської сільської ради", "214-17/VIII")
        if village
        else ("Світлогірської міської ради", "1187-32/VIII")
    )
    return {
        "code": "large_family",
        "title": "дитина з багатодітної сім'ї",
        "title_en": "child of a large family",
        "decision": f"рішення {council} від {adopted:%d.%m.%Y} № {number} «Про затвердження Положення про "
        "порядок зарахування дітей до комунальних закладів дошкільної освіти громади»",
    }


# The document a parent names for each category the demo claims (kind and number, as typed).
PROOFS = {
    "displaced": "довідка про взяття на облік внутрішньо переміщеної особи № ",
    "defender_family": "посвідчення учасника бойових дій № ",
    "large_family": "посвідчення дитини з багатодітної сім'ї № ",
    "staff_child": "довідка з місця роботи № ",
    "sibling": "довідка про навчання брата чи сестри № ",
}


def _apply(
    round: Round,
    parent: User,
    groups: list[Group],
    rng: random.Random,
    admin: User,
    age_years: int | None = None,
) -> int:
    age = age_years if age_years is not None else rng.choice((2, 3, 4))
    birth = dt.date(round.school_year - age, rng.randint(1, 8), rng.randint(1, 28))
    months = (round.school_year - birth.year) * 12 + 9 - birth.month
    fitting = [g for g in groups if g.min_age_months <= months <= g.max_age_months]
    if not fitting:
        return 0
    choices = rng.sample(fitting, min(len(fitting), rng.randint(1, round.max_choices)))
    street = choices[0].institution.address.split(",")[0] if rng.random() < 0.6 else "вул. Польова"
    claims = []
    if rng.random() < 0.25:
        # Large families: the kindergarten round's community category (its council's decision).
        category = (
            rng.choice(["displaced", "large_family", "defender_family", "staff_child"])
            if round.kind == "kindergarten"
            else "sibling"
        )
        claims = [actions.ClaimIn(category=category, proof=PROOFS[category] + str(rng.randint(100, 999)))]
    try:
        application = actions.application_register(
            round=round,
            parent=parent,
            child_name=f"{parent.full_name.split()[0]} {rng.choice(FIRST_NAMES)}",
            birth_date=birth,
            certificate=_certificate(rng),
            address=f"{street}, {rng.randint(1, 90)}",
            group_ids=[g.pk for g in choices],
            claims=claims,
            consent=True,
        )
    except ApplicationError:
        return 0
    if claims:
        claim = application.claims.get()
        actions.claim_proof_attach(claim=claim, parent=parent, data=_proof_scan(), filename="довідка.png")
        if rng.random() < 0.8 and round.kind != "club":
            actions.claim_decide(claim=claim, official=admin, grant=True)
    return 1
