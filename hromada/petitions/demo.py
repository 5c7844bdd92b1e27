"""The petitions part of the demo: rules, addressees and Ukrainian petitions in every interesting state.

Runs inside the demo loader's transaction, after the people exist. Everything goes through the actions
(so every transition writes its ledger entry, exactly as in real use). Idempotent: rules, addressees and
petitions are found by natural keys (the hromada's rules version 1, the addressee kind, the petition
title) and nothing is written when they are already there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from hromada.accounts.eligibility import age_on
from hromada.accounts.models import DepartmentMembership, HromadaRole, User, VerificationLevel
from hromada.core.models import Hromada

from . import actions, clocks
from .models import Addressee, AddresseeKind, Petition, PetitionRules, RejectionReason, Topic

ADDRESSEES = {
    False: {
        AddresseeKind.MAYOR: "Світлогірський міський голова",
        AddresseeKind.EXECUTIVE_COMMITTEE: "Виконавчий комітет Світлогірської міської ради",
        AddresseeKind.COUNCIL: "Світлогірська міська рада",
    },
    True: {
        AddresseeKind.MAYOR: "Вербівський сільський голова",
        AddresseeKind.EXECUTIVE_COMMITTEE: "Виконавчий комітет Вербівської сільської ради",
        AddresseeKind.COUNCIL: "Вербівська сільська рада",
    },
}


@dataclass(frozen=True)
class DemoPetition:
    title: str
    text: str
    topic: str
    addressee: str
    state: str  # draft, submitted, collecting, considered, answered, rejected, expired
    signatures: int = 0
    author: str = ""  # an e-mail; else the n-th eligible resident


SVITLOHIRSK = [
    DemoPetition(
        "Облаштувати безпечний пішохідний перехід біля ліцею № 3",
        "Щоранку сотні дітей переходять вулицю Соборну біля ліцею № 3 без світлофора та острівця безпеки. "
        "Просимо встановити світлофор з кнопкою виклику, підсвітку переходу та «лежачого поліцейського», "
        "як це зроблено біля ліцею № 1.",
        Topic.SAFETY,
        AddresseeKind.EXECUTIVE_COMMITTEE,
        "collecting",
        signatures=12,
    ),
    DemoPetition(
        "Відновити автобусний маршрут № 7 до Калинівки у вихідні дні",
        "З минулої осені маршрут № 7 не ходить у суботу й неділю, і мешканці Калинівки не можуть дістатися "
        "до лікарні, ринку та ЦНАП. Просимо відновити хоча б чотири рейси на день у вихідні.",
        Topic.ROADS,
        AddresseeKind.MAYOR,
        "considered",
        signatures=20,
    ),
    DemoPetition(
        "Створити інклюзивний дитячий майданчик у парку Перемоги",
        "У громаді немає жодного майданчика, доступного дітям на візках. Просимо передбачити у бюджеті кошти "
        "на інклюзивний майданчик у парку Перемоги з гумовим покриттям, пандусами та гойдалками-гніздами.",
        Topic.CULTURE,
        AddresseeKind.COUNCIL,
        "answered",
        signatures=21,
    ),
    DemoPetition(
        "Встановити укриття на зупинках громадського транспорту на вулиці Заводській",
        "Зупинки на вулиці Заводській не мають навісів: люди чекають на автобус під дощем і снігом. Просимо "
        "встановити навіси з лавами на п'яти зупинках до кінця року.",
        Topic.ROADS,
        AddresseeKind.EXECUTIVE_COMMITTEE,
        "expired",
        signatures=6,
    ),
    DemoPetition(
        "Перейменувати вулицю Пушкіна на вулицю Героїв оборони",
        "Просимо перейменувати вулицю Пушкіна на вулицю Героїв оборони відповідно до закону про "
        "деколонізацію топонімії та провести громадське обговорення назви.",
        Topic.GOVERNANCE,
        AddresseeKind.COUNCIL,
        "submitted",
    ),
    DemoPetition(
        "Прибрати стихійне сміттєзвалище в Лісовому мікрорайоні",
        "За гаражами на вулиці Лісовій виросло стихійне звалище. Просимо прибрати його, встановити "
        "контейнери для роздільного збирання та камеру відеоспостереження.",
        Topic.ENVIRONMENT,
        AddresseeKind.MAYOR,
        "rejected",
    ),
    DemoPetition(
        "Подовжити години роботи ЦНАП до 20:00 у четвер",
        "Працюючим людям складно потрапити до ЦНАП у робочий час. Просимо один день на тиждень, у четвер, "
        "приймати відвідувачів до 20:00.",
        Topic.GOVERNANCE,
        AddresseeKind.EXECUTIVE_COMMITTEE,
        "draft",
        author="resident@svitlohirsk.example",
    ),
]
VERBIVKA = [
    DemoPetition(
        "Відремонтувати дорогу між Вербівкою та Озерянами",
        "Дорога між селами розбита так, що шкільний автобус їде пів години замість десяти хвилин. Просимо "
        "включити її ремонт до програми розвитку доріг громади на наступний рік.",
        Topic.ROADS,
        AddresseeKind.COUNCIL,
        "collecting",
        signatures=3,
    ),
]

REJECTION = (
    "Петиція дублює відкриту петицію, що вже збирає підписи; підпишіть, будь ласка, її. "
    "Дублікат відкритої петиції не публікується (п. 3 Положення про електронні петиції)."
)


def _staff(hromada: Hromada) -> tuple[User | None, User | None, User | None]:
    roles = HromadaRole.objects.filter(hromada=hromada).select_related("user").order_by("pk")
    administrator = next((r.user for r in roles if r.role == HromadaRole.Role.ADMINISTRATOR), None)
    moderator = next((r.user for r in roles if r.role == HromadaRole.Role.MODERATOR), administrator)
    membership = (
        DepartmentMembership.objects.filter(department__hromada=hromada)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    official = membership.user if membership is not None else administrator
    return administrator, moderator, official


def _eligible(hromada: Hromada, rules: PetitionRules, staff: set[int]) -> list[User]:
    today = clocks.local_date(timezone.now())
    people = User.objects.filter(
        hromada=hromada, is_active=True, verification_level__gte=rules.sign_level, birth_date__isnull=False
    ).order_by("pk")
    return [
        p
        for p in people
        if p.pk not in staff and p.birth_date and age_on(p.birth_date, today) >= rules.min_signer_age
    ]


def _rules(hromada: Hromada, administrator: User, *, village: bool) -> PetitionRules:
    existing = PetitionRules.objects.filter(hromada=hromada).order_by("-version").first()
    if existing is not None:
        return existing
    return actions.rules_version_create(
        hromada=hromada,
        actor=administrator,
        signature_threshold=3 if village else 20,
        collection_days=60 if village else 90,
        create_level=VerificationLevel.STRONG,
        sign_level=VerificationLevel.PHONE if village else VerificationLevel.EMAIL,
        min_signer_age=18,
        residency_required=True,
        against_allowed=False,
        addressee_kinds=[k.value for k in AddresseeKind],
        legal_basis=(
            "Рішення сільської ради № 5/2 від 15.01.2026 «Про порядок розгляду електронних петицій»"
            if village
            else "Рішення міської ради № 14/7 від 28.01.2026 «Про Положення про електронні петиції»"
        ),
    )


def demo_load(*, hromada: Hromada, progress: Callable[[str], Any] | None = None) -> int:
    """Bring the hromada's demo petitions up to date; returns how many rows (petitions, signatures,
    rules, addressees) were created."""
    administrator, moderator, official = _staff(hromada)
    if administrator is None or moderator is None or official is None:
        return 0
    village = hromada.kind == Hromada.Kind.VILLAGE or hromada.slug == "verbivka"
    created = 0
    had_rules = PetitionRules.objects.filter(hromada=hromada).exists()
    rules = _rules(hromada, administrator, village=village)
    created += 0 if had_rules else 1
    addressees = {}
    for kind, name in ADDRESSEES[village].items():
        found = Addressee.objects.filter(hromada=hromada, kind=kind).first()
        if found is None:
            found = actions.addressee_save(hromada=hromada, actor=administrator, kind=kind, name=name)
            created += 1
        addressees[kind] = found
    staff_ids = {u.pk for u in (administrator, moderator, official)}
    people = _eligible(hromada, rules, staff_ids)
    authors = [p for p in people if p.verification_level >= rules.create_level]
    plans = VERBIVKA if village else SVITLOHIRSK
    existing = set(Petition.objects.filter(hromada=hromada).values_list("title", flat=True))
    recount: list[int] = []
    for number, plan in enumerate(plans):
        if plan.title in existing or not authors:
            continue
        author = (
            User.objects.filter(email=plan.author).first() if plan.author else authors[number % len(authors)]
        ) or authors[0]
        petition = actions.petition_create_draft(
            hromada=hromada,
            author=author,
            title=plan.title,
            text=plan.text,
            topic=plan.topic,
            addressee=addressees[AddresseeKind(plan.addressee)],
        )
        created += 1
        if plan.state == "draft":
            continue
        petition = actions.petition_submit(petition=petition, actor=author)
        if plan.state == "submitted":
            continue
        if plan.state == "rejected":
            duplicate = (
                Petition.objects.filter(hromada=hromada, status="collecting").exclude(pk=petition.pk).first()
            )
            actions.petition_reject(
                petition=petition,
                actor=moderator,
                reason=RejectionReason.DUPLICATE if duplicate else RejectionReason.OBSCENE,
                text=REJECTION,
                duplicate_of=duplicate,
            )
            continue
        petition = actions.petition_publish(petition=petition, actor=moderator)
        signers = [p for p in people if p.pk != author.pk][: plan.signatures]
        for offset, signer in enumerate(signers):
            actions.signature_add(petition=petition, signer=signer, show_name=offset % 4 != 3)
            created += 1
        recount.append(petition.pk)
        actions.petition_counts_refresh(petition_ids=[petition.pk])
        petition.refresh_from_db()
        if plan.state == "expired" and petition.status == "collecting":
            assert petition.collection_ends_at is not None
            actions.jobs._expire_one(petition, petition.collection_ends_at + dt.timedelta(seconds=1))
        if plan.state in ("considered", "answered") and petition.status == "threshold_reached":
            petition = actions.petition_forward(petition=petition, actor=official)
        if plan.state == "answered" and petition.status == "under_consideration":
            actions.petition_answer(
                petition=petition,
                actor=official,
                decision="supported",
                text=(
                    "Петицію підтримано. Виконавчий комітет доручив управлінню освіти та управлінню ЖКГ "
                    "підготувати проєкт майданчика; кошти (1,2 млн грн) передбачено у зміні до бюджету."
                ),
            )
            actions.petition_add_update(
                petition=petition,
                actor=official,
                text="Проєкт майданчика погоджено з громадською організацією «Рівні можливості».",
            )
    if progress is not None and created:
        progress(f"{hromada.slug} · petitions: {created} rows")
    return created
