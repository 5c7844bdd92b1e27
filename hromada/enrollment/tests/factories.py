"""Enrollment test rows: a round with groups of a kindergarten, territories published, verified parents."""

from __future__ import annotations

import datetime as dt
import io
import itertools

from django.utils import timezone

from hromada.accounts.models import HromadaRole, VerificationLevel
from hromada.enrollment import actions, rules
from hromada.enrollment.facts import street_key
from hromada.enrollment.models import Group, Round, Territory
from hromada.territory.models import Institution
from tests.factories import InstitutionFactory, UserFactory, square

_n = itertools.count(1)


def make_admin(hromada):
    user = UserFactory(hromada=hromada, is_staff=True)
    HromadaRole.objects.create(hromada=hromada, user=user, role="administrator")
    return user


def make_parent(hromada):
    return UserFactory(hromada=hromada, verification_level=VerificationLevel.STRONG)


def make_round(
    hromada,
    *,
    kind="kindergarten",
    places=(2, 1),
    school_year=None,
    open_=True,
    max_choices=3,
    streets=("Шевченка",),
    rules_key=None,
    local_categories=(),
):
    """A round of ``len(places)`` institutions with one group each, territories published a year before;
    on the current rules version of its kind unless ``rules_key`` names another."""
    now = timezone.now()
    year = school_year or now.year
    admin = make_admin(hromada)
    round = Round.objects.create(
        hromada=hromada,
        kind=kind,
        slug=f"round-{next(_n)}",
        title="Прийом до ЗДО",
        school_year=year,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
        max_choices=max_choices,
        rules_key=rules_key or rules.CURRENT[kind],
        local_categories=list(local_categories),
    )
    institution_kind = {
        "kindergarten": Institution.Kind.KINDERGARTEN,
        "school": Institution.Kind.SCHOOL,
        "club": Institution.Kind.CLUB,
    }[kind]
    band = {"kindergarten": Group.Band.PRESCHOOL, "school": Group.Band.FIRST_GRADE, "club": Group.Band.CLUB}[
        kind
    ]
    for i, count in enumerate(places):
        institution = InstitutionFactory(hromada=hromada, kind=institution_kind, name=f"ЗДО № {next(_n)}")
        Group.objects.create(
            hromada=hromada,
            round=round,
            institution=institution,
            name="Група А",
            band=band,
            min_age_months=0,
            max_age_months=200,
            places=count,
        )

        Territory.objects.create(
            hromada=hromada,
            institution=institution,
            description="вул. " + (streets[i] if i < len(streets) else f"Вулиця{i}"),
            streets=[street_key(streets[i] if i < len(streets) else f"Вулиця{i}")],
            boundary=square(30.0 + i, 50.0, 0.5),
            published_at=now - dt.timedelta(days=365),
        )
    if open_:
        actions.round_open(round=round, official=admin)
    round.refresh_from_db()
    round.admin = admin
    return round


def register(
    round, parent=None, *, certificate=None, groups=None, address="вул. Шевченка, 1", birth=None, claims=()
):
    parent = parent or make_parent(round.hromada)
    groups = groups if groups is not None else list(round.groups.order_by("id"))
    return actions.application_register(
        round=round,
        parent=parent,
        child_name="Петренко Марко",
        birth_date=birth or dt.date(round.school_year - 4, 3, 1),
        certificate=certificate or f"І-БК {next(_n):06d}",
        address=address,
        group_ids=[g.pk for g in groups],
        claims=claims,
        consent=True,
    )


def proof_png(colour=(200, 30, 30)):
    """A small photo of a "document" (PNG bytes), as a parent's phone would upload it."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return buffer.getvalue()


def attach_proof(application, claim=None):
    claim = claim or application.claims.get()
    return actions.claim_proof_attach(
        claim=claim, parent=application.parent, data=proof_png(), filename="довідка.png"
    )
