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
from hromada.core.democlock import demo_clock
from hromada.core.models import Hromada

from . import actions, clocks
from .models import Addressee, AddresseeKind, Petition, PetitionRules, RejectionReason, Topic

# (name, the name after «до» (genitive), the English name) per kind, for the city and for the village.
ADDRESSEES = {
    False: {
        AddresseeKind.MAYOR: (
            "Світлогірський міський голова",
            "Світлогірського міського голови",
            "Mayor of Svitlohirsk",
        ),
        AddresseeKind.EXECUTIVE_COMMITTEE: (
            "Виконавчий комітет Світлогірської міської ради",
            "Виконавчого комітету Світлогірської міської ради",
            "Executive Committee of Svitlohirsk City Council",
        ),
        AddresseeKind.COUNCIL: (
            "Світлогірська міська рада",
            "Світлогірської міської ради",
            "Svitlohirsk City Council",
        ),
    },
    True: {
        AddresseeKind.MAYOR: (
            "Вербівський сільський голова",
            "Вербівського сільського голови",
            "Head of Verbivka",
        ),
        AddresseeKind.EXECUTIVE_COMMITTEE: (
            "Виконавчий комітет Вербівської сільської ради",
            "Виконавчого комітету Вербівської сільської ради",
            "Executive Committee of Verbivka Village Council",
        ),
        AddresseeKind.COUNCIL: (
            "Вербівська сільська рада",
            "Вербівської сільської ради",
            "Verbivka Village Council",
        ),
    },
}


@dataclass(frozen=True)
class DemoPetition:
    """A petition and its story: ``days`` before today it was drafted; ``state`` is where it is now."""

    title: str
    text: str
    topic: str
    addressee: str
    state: str  # draft, submitted, collecting, considered, answered, rejected, expired
    days: int  # drafted this many days before the load
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
        days=27,
        signatures=12,
    ),
    DemoPetition(
        "Відновити автобусний маршрут № 7 до Калинівки у вихідні дні",
        "З минулої осені маршрут № 7 не ходить у суботу й неділю, і мешканці Калинівки не можуть дістатися "
        "до лікарні, ринку та ЦНАП. Просимо відновити хоча б чотири рейси на день у вихідні.",
        Topic.ROADS,
        AddresseeKind.MAYOR,
        "considered",
        days=50,
        signatures=20,
    ),
    DemoPetition(
        "Створити інклюзивний дитячий майданчик у парку Перемоги",
        "У громаді немає жодного майданчика, доступного дітям на візках. Просимо передбачити у бюджеті кошти "
        "на інклюзивний майданчик у парку Перемоги з гумовим покриттям, пандусами та гойдалками-гніздами.",
        Topic.CULTURE,
        AddresseeKind.COUNCIL,
        "answered",
        days=190,
        signatures=20,
    ),
    DemoPetition(
        "Встановити укриття на зупинках громадського транспорту на вулиці Заводській",
        "Зупинки на вулиці Заводській не мають навісів: люди чекають на автобус під дощем і снігом. Просимо "
        "встановити навіси з лавами на п'яти зупинках до кінця року.",
        Topic.ROADS,
        AddresseeKind.EXECUTIVE_COMMITTEE,
        "expired",
        days=102,
        signatures=6,
    ),
    DemoPetition(
        "Перейменувати вулицю Пушкіна на вулицю Героїв оборони",
        "Просимо перейменувати вулицю Пушкіна на вулицю Героїв оборони відповідно до закону про "
        "деколонізацію топонімії та провести громадське обговорення назви.",
        Topic.GOVERNANCE,
        AddresseeKind.COUNCIL,
        "submitted",
        days=3,
    ),
    DemoPetition(
        "Прибрати стихійне сміттєзвалище в Лісовому мікрорайоні",
        "За гаражами на вулиці Лісовій виросло стихійне звалище. Просимо прибрати його, встановити "
        "контейнери для роздільного збирання та камеру відеоспостереження.",
        Topic.ENVIRONMENT,
        AddresseeKind.MAYOR,
        "rejected",
        days=22,
    ),
    DemoPetition(
        "Подовжити години роботи ЦНАП до 20:00 у четвер",
        "Працюючим людям складно потрапити до ЦНАП у робочий час. Просимо один день на тиждень, у четвер, "
        "приймати відвідувачів до 20:00.",
        Topic.GOVERNANCE,
        AddresseeKind.EXECUTIVE_COMMITTEE,
        "draft",
        days=1,
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
        days=16,
        signatures=2,
    ),
    DemoPetition(
        "Встановити ліхтарі на зупинці шкільного автобуса в Озерянах",
        "Узимку діти чекають на шкільний автобус у темряві: на зупинці в Озерянах немає жодного ліхтаря. "
        "Просимо встановити два ліхтарі на сонячних панелях.",
        Topic.SAFETY,
        AddresseeKind.MAYOR,
        "answered",
        days=120,
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


RULES_DAYS = 320  # the council adopted the petition rules this many days before the load


def _rules(hromada: Hromada, administrator: User, *, village: bool, today: dt.date) -> PetitionRules:
    existing = PetitionRules.objects.filter(hromada=hromada).order_by("-version").first()
    if existing is not None:
        return existing
    adopted = today - dt.timedelta(days=RULES_DAYS + 14)
    with demo_clock(_at(today, RULES_DAYS, 11)):
        return actions.rules_version_create(
            hromada=hromada,
            actor=administrator,
            signature_threshold=3 if village else 20,
            collection_days=60 if village else 90,
            create_level=VerificationLevel.STRONG,
            sign_level=VerificationLevel.EMAIL,
            min_signer_age=18,
            residency_required=True,
            against_allowed=False,
            addressee_kinds=[k.value for k in AddresseeKind],
            legal_basis=(
                f"Рішення сільської ради № 5/2 від {adopted:%d.%m.%Y} "
                "«Про порядок розгляду електронних петицій»"
                if village
                else f"Рішення міської ради № 14/7 від {adopted:%d.%m.%Y} "
                "«Про Положення про електронні петиції»"
            ),
        )


def _at(today: dt.date, days_ago: float, hour: float) -> dt.datetime:
    """An aware moment `days_ago` days before `today`, at `hour` o'clock Kyiv time."""
    day = today - dt.timedelta(days=int(days_ago))
    return timezone.make_aware(dt.datetime.combine(day, dt.time())) + dt.timedelta(hours=hour)


def _working_morning(day: dt.date) -> dt.datetime:
    """9:00 on `day`: when the daily job forwards petitions."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def demo_load(*, hromada: Hromada, progress: Callable[[str], Any] | None = None) -> int:
    """Bring the hromada's demo petitions up to date; returns how many rows (petitions, signatures,
    rules, addressees) were created.

    Each petition's story is replayed through the actions at the moments it happened (``demo_clock``):
    drafted ``days`` ago, submitted the next day, published the day after, signed over the following
    weeks, and then — by its ``state`` — still collecting, counted over the threshold and forwarded on the
    next working day, answered before its deadline, or expired at the end of its collection term.
    """
    administrator, moderator, official = _staff(hromada)
    if administrator is None or moderator is None or official is None:
        return 0
    village = hromada.kind == Hromada.Kind.VILLAGE or hromada.slug == "verbivka"
    today = timezone.localdate()
    created = 0
    had_rules = PetitionRules.objects.filter(hromada=hromada).exists()
    rules = _rules(hromada, administrator, village=village, today=today)
    created += 0 if had_rules else 1
    addressees = {}
    for kind, (name, genitive, english) in ADDRESSEES[village].items():
        found = Addressee.objects.filter(hromada=hromada, kind=kind).first()
        if found is None or (found.name_genitive, found.name_en) != (genitive, english):
            with demo_clock(_at(today, RULES_DAYS - 1, 10)):
                found = actions.addressee_save(
                    hromada=hromada,
                    actor=administrator,
                    kind=kind,
                    name=name,
                    name_en=english,
                    name_genitive=genitive,
                )
            created += 1
        addressees[kind] = found
    staff_ids = {u.pk for u in (administrator, moderator, official)}
    people = _eligible(hromada, rules, staff_ids)
    authors = [p for p in people if p.verification_level >= rules.create_level]
    plans = VERBIVKA if village else SVITLOHIRSK
    existing = set(Petition.objects.filter(hromada=hromada).values_list("title", flat=True))
    for number, plan in enumerate(plans):
        if plan.title in existing or not authors:
            continue
        author = (
            User.objects.filter(email=plan.author).first() if plan.author else authors[number % len(authors)]
        ) or authors[0]
        signers = [p for p in people if p.pk != author.pk][: plan.signatures]
        created += 1 + _replay(
            plan, today=today, hromada=hromada, author=author, signers=signers, addressee=addressees,
            moderator=moderator, official=official,
        )  # fmt: skip
    if progress is not None and created:
        progress(f"{hromada.slug} · petitions: {created} rows")
    return created


def _replay(
    plan: DemoPetition,
    *,
    today: dt.date,
    hromada: Hromada,
    author: User,
    signers: list[User],
    addressee: dict[AddresseeKind, Addressee],
    moderator: User,
    official: User,
) -> int:
    """One petition's story, each step at its own moment; returns how many signatures it got."""
    day = plan.days
    with demo_clock(_at(today, day, 19.5)):
        petition = actions.petition_create_draft(
            hromada=hromada,
            author=author,
            title=plan.title,
            text=plan.text,
            topic=plan.topic,
            addressee=addressee[AddresseeKind(plan.addressee)],
        )
    if plan.state == "draft":
        return 0
    with demo_clock(_at(today, day - 1, 8.25)):
        petition = actions.petition_submit(petition=petition, actor=author)
    if plan.state == "submitted":
        return 0
    if plan.state == "rejected":
        with demo_clock(_at(today, day - 2, 10.5)):
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
        return 0
    with demo_clock(_at(today, day - 2, 11)):
        petition = actions.petition_publish(petition=petition, actor=moderator)
    assert petition.published_at is not None and petition.collection_ends_at is not None
    # Signatures over the collection: all of them within its first weeks, the last one a day ago at most.
    open_days = (timezone.localdate(petition.published_at) - today).days * -1
    span = max(1, min(open_days - 1, 40))
    signed_at = petition.published_at
    for offset, signer in enumerate(signers):
        fraction = (offset + 1) / (len(signers) + 1)
        signed_at = petition.published_at + dt.timedelta(days=span * fraction, hours=offset % 9)
        with demo_clock(signed_at):
            actions.signature_add(petition=petition, signer=signer, show_name=offset % 4 != 3)
    # The periodic job counts the signatures a few minutes after the last one.
    with demo_clock(min(signed_at + dt.timedelta(minutes=3), timezone.now())):
        actions.petition_counts_refresh(petition_ids=[petition.pk])
    petition.refresh_from_db()
    if plan.state == "expired" and petition.status == "collecting":
        with demo_clock(petition.collection_ends_at + dt.timedelta(minutes=5)):
            actions.petitions_expire()
    if plan.state in ("considered", "answered") and petition.status == "threshold_reached":
        assert petition.forward_on is not None
        with demo_clock(_working_morning(petition.forward_on)):
            petition = actions.petition_forward(petition=petition)
    if plan.state == "answered" and petition.status == "under_consideration":
        assert petition.forwarded_at is not None
        with demo_clock(petition.forwarded_at + dt.timedelta(days=6, hours=5)):
            actions.petition_answer(
                petition=petition,
                actor=official,
                decision="supported",
                text=ANSWERS[hromada.slug == "verbivka"],
            )
        with demo_clock(petition.forwarded_at + dt.timedelta(days=60, hours=3)):
            actions.petition_add_update(
                petition=petition, actor=official, text=UPDATES[hromada.slug == "verbivka"]
            )
    return len(signers)


ANSWERS = {
    False: (
        "Петицію підтримано. Виконавчий комітет доручив управлінню освіти та управлінню ЖКГ "
        "підготувати проєкт майданчика; кошти (1,2 млн грн) передбачено у зміні до бюджету."
    ),
    True: (
        "Петицію підтримано. Ліхтарі на сонячних панелях закуплять за кошти резервного фонду; "
        "встановлення — до кінця місяця."
    ),
}
UPDATES = {
    False: "Проєкт майданчика погоджено з громадською організацією «Рівні можливості».",
    True: "Ліхтарі встановлено й увімкнено; дякуємо всім, хто підписав петицію.",
}
