"""Factories for the consultations' tests, in the project's one style (tests/factories.py):
``ConsultationFactory`` builds a plain draft row; ``make_consultation`` builds an announced consultation
through the real actions."""

from __future__ import annotations

import datetime as dt

import factory

from hromada.accounts.models import User
from hromada.core import clock
from hromada.core.models import Hromada
from tests.factories import HromadaFactory, UserFactory, make_official

from ..actions import consultation_announce, consultation_create, draft_version_add, question_add
from ..models import Audience, Consultation

DRAFT = (
    "1. Цей Порядок визначає правила розміщення літніх майданчиків.\n\n"
    "2. Майданчик розміщують не ближче ніж 1,5 метра від проїжджої частини.\n\n"
    "3. Дозвіл видає управління містобудування строком на один сезон."
)


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    hromada = factory.SubFactory(HromadaFactory)
    title = factory.Sequence(lambda n: f"Консультація {n}")
    summary = "Що ви думаєте?"
    audience = Audience.RESIDENTS
    opens_at = factory.LazyFunction(lambda: clock.now())
    closes_at = factory.LazyFunction(lambda: clock.now() + dt.timedelta(days=30))


def make_participant(hromada: Hromada, **kwargs: object) -> User:
    """A resident of ``hromada`` with a confirmed e-mail (what the default audience needs)."""
    kwargs.setdefault("verification_level", 1)
    return UserFactory(hromada=hromada, **kwargs)


def make_consultation(
    hromada: Hromada,
    *,
    title: str = "Правила літніх майданчиків",
    survey: bool = True,
    draft: bool = True,
    opinion: bool = True,
    days: int = 30,
    starts_in: dt.timedelta = dt.timedelta(0),
    official: User | None = None,
    **kwargs: object,
) -> Consultation:
    """An announced consultation of ``hromada`` (open now unless ``starts_in`` says later), with the
    formats asked for: a survey of one question of each kind, a three-paragraph draft, an opinion map."""
    official = official or make_official(hromada)
    opens = clock.now() + starts_in
    consultation = consultation_create(
        hromada=hromada,
        by=official,
        title=title,
        summary="Громада обговорює проєкт рішення.",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=days),
        with_opinion_map=opinion,
        **kwargs,  # type: ignore[arg-type]
    )
    if survey:
        first = question_add(
            consultation=consultation,
            by=official,
            kind="single",
            text="Чи потрібні майданчики?",
            options=["Так", "Ні"],
        )
        question_add(
            consultation=consultation,
            by=official,
            kind="multiple",
            text="Де саме?",
            options=["Центр", "Парк", "Набережна"],
            required=False,
        )
        question_add(consultation=consultation, by=official, kind="scale", text="Наскільки важливо?")
        question_add(
            consultation=consultation,
            by=official,
            kind="ranking",
            text="Що важливіше?",
            options=["Тиша", "Чистота", "Доступність"],
            required=False,
        )
        question_add(
            consultation=consultation,
            by=official,
            kind="text",
            text="Чому ні?",
            show_if=first.options.get(text="Ні"),
        )
    if draft:
        draft_version_add(consultation=consultation, by=official, text=DRAFT)
    return consultation_announce(consultation=consultation, by=official)
