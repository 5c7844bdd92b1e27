# ruff: noqa: E501  (the demo's Ukrainian texts are kept one paragraph a line)
"""The consultations' demo: an open consultation with a survey, a draft in two versions with paragraph
comments and proposals, and an opinion map with enough voters to show groups; and a closed one with its
published report. Everything goes through the actions at realistic past moments (``core.democlock``),
sized to the hromada's residents. Idempotent: a hromada that has consultations is left alone."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.utils import timezone

from hromada.accounts.models import DepartmentMembership, HromadaRole, User
from hromada.core.democlock import demo_clock
from hromada.core.errors import ApplicationError
from hromada.core.models import Hromada
from hromada.territory.models import Department

from . import actions
from .models import Consultation, Paragraph, Statement

OPEN_TITLE = "Правила облаштування літніх майданчиків закладів харчування"
OPEN_SUMMARY = (
    "Виконавчий комітет пропонує нові правила для літніх майданчиків кафе та ресторанів: де їх можна "
    "ставити, скільки місця лишати пішоходам, до котрої години працювати і як отримати дозвіл. Відповідайте "
    "на опитування, коментуйте проєкт рішення абзац за абзацом і голосуйте за твердження інших мешканців."
)
OPEN_SUMMARY_EN = (
    "The executive committee proposes new rules for the summer terraces of cafés and restaurants: where they "
    "may stand, how much room to leave for pedestrians, how late they may work and how to get a permit."
)
DRAFT_V1 = """1. Ці Правила визначають порядок розміщення літніх майданчиків закладів харчування на землях комунальної власності громади.

2. Літній майданчик розміщують так, щоб для пішоходів лишався вільний прохід шириною не менше 1,5 метра.

3. Літній майданчик працює з 8:00 до 23:00; музика після 22:00 заборонена.

4. Дозвіл на розміщення видає управління містобудування та архітектури строком на один сезон (з 1 квітня до 31 жовтня).

5. Плата за розміщення становить 2 % мінімальної заробітної плати за квадратний метр на місяць.

6. Майданчик, розміщений без дозволу, демонтують за рахунок власника закладу."""
DRAFT_V2 = """1. Ці Правила визначають порядок розміщення літніх майданчиків закладів харчування на землях комунальної власності громади.

2. Літній майданчик розміщують так, щоб для пішоходів лишався вільний прохід шириною не менше 2 метрів, а біля зупинок громадського транспорту — 3 метрів.

3. Літній майданчик працює з 8:00 до 23:00; музика після 22:00 заборонена.

4. Дозвіл на розміщення видає управління містобудування та архітектури через ЦНАП строком на один сезон (з 1 квітня до 31 жовтня).

5. Плата за розміщення становить 2 % мінімальної заробітної плати за квадратний метр на місяць.

6. Майданчик, розміщений без дозволу, демонтують за рахунок власника закладу."""

COMMENTS = [
    (2, "З візком 1,5 метра — це дуже тісно, особливо коли люди стоять у черзі до кафе.", ""),
    (
        2,
        "Біля зупинок взагалі не варто ставити майданчики.",
        "Біля зупинок громадського транспорту літні майданчики не розміщують.",
    ),
    (
        3,
        "У центрі живуть люди, 23:00 — пізно для будніх днів.",
        "Літній майданчик працює з 8:00 до 22:00 у будні та до 23:00 у п'ятницю і суботу.",
    ),
    (3, "Музику треба заборонити взагалі, а не лише після 22:00.", ""),
    (
        4,
        "Дозвіл має видаватися через ЦНАП, а не в управлінні.",
        "Дозвіл на розміщення видає ЦНАП за поданням управління містобудування та архітектури.",
    ),
    (
        5,
        "2 % — це багато для малого бізнесу на околицях.",
        "Для закладів поза центральною частиною громади плата становить 1 % мінімальної заробітної плати.",
    ),
    (
        1,
        "Варто додати вимоги до доступності для людей на візках.",
        "Літній майданчик має бути доступним для людей з інвалідністю та батьків з дитячими візками.",
    ),
    (
        6,
        "Хто контролюватиме демонтаж? Потрібна процедура попередження.",
        "Власника закладу попереджають письмово за 10 днів до демонтажу.",
    ),
    (2, "Підтримую ширші проходи.", ""),
    (5, "Гроші від плати варто спрямувати на благоустрій тієї ж вулиці.", ""),
]

SURVEY = [
    (
        "single",
        "Чи відвідуєте ви літні майданчики кафе в громаді?",
        ["Так, часто", "Інколи", "Ні"],
        True,
        None,
    ),
    (
        "multiple",
        "Що вам найбільше заважає?",
        ["Шум увечері", "Вузькі тротуари", "Сміття", "Нічого не заважає"],
        True,
        None,
    ),
    (
        "scale",
        "Наскільки ви підтримуєте проєкт правил загалом? (1 — зовсім ні, 5 — повністю)",
        [],
        True,
        None,
    ),
    (
        "ranking",
        "Розставте за важливістю",
        ["Тиша вночі", "Зручність для пішоходів", "Підтримка місцевого бізнесу"],
        False,
        None,
    ),
    ("text", "Що саме вам заважає? Опишіть коротко", [], False, ("Що вам найбільше заважає?", "Шум увечері")),
]

STATEMENTS = [
    "Літні майданчики роблять центр живим і безпечнішим увечері.",
    "Після 22:00 у житлових кварталах має бути тиша.",
    "Кафе мають платити більше, бо займають спільний простір.",
    "Плата для малого бізнесу має бути мінімальною.",
    "Тротуар насамперед для пішоходів, а не для столиків.",
    "Майданчики біля зупинок заважають пасажирам.",
    "Заклади мають самі прибирати територію навколо майданчика.",
    "Громаді потрібні єдині правила для всіх вулиць.",
    "Музика на вулиці — частина міського життя.",
    "Дозволи мають видаватися онлайн або через ЦНАП.",
    "Центр громади має бути пішохідним у вихідні.",
    "Кафе створюють робочі місця для молоді.",
]
# Two camps: "business first" agrees with the odd statements' side, "quiet first" with the other.
CAMP_VIEWS = [
    {0: 1, 1: -1, 2: -1, 3: 1, 4: -1, 5: 0, 8: 1, 10: -1, 11: 1},
    {0: -1, 1: 1, 2: 1, 3: -1, 4: 1, 5: 1, 8: -1, 10: 1, 11: 0},
]
SHARED = {6: 1, 7: 1, 9: 1}  # what everyone agrees with

CLOSED_TITLE = "Зміни до маршрутної мережі громадського транспорту"
CLOSED_SUMMARY = (
    "Проєкт рішення про зміну маршрутів автобусів № 3 і № 7, нову зупинку біля лікарні та вечірні рейси. "
    "Консультацію завершено; звіт з відповідями на всі пропозиції опубліковано."
)
CLOSED_DRAFT = """1. Маршрут № 3 продовжити до нової зупинки «Лікарня» з інтервалом руху 20 хвилин.

2. Маршрут № 7 скоротити до зупинки «Ринок» у вихідні дні.

3. Запровадити вечірні рейси маршрутів № 3 і № 7 до 22:30.

4. Зупинку «Школа № 2» перенести на 150 метрів ближче до перехрестя."""
CLOSED_PROPOSALS = [
    (
        2,
        "Скорочення сьомого маршруту відріже людей з вулиці Садової від ринку.",
        "Маршрут № 7 у вихідні дні курсує за повною схемою з інтервалом 40 хвилин.",
        "partly",
        "Врахуємо частково: у вихідні маршрут № 7 курсуватиме повністю, але з інтервалом 40 хвилин, бо пасажиропотік удвічі менший.",
    ),
    (
        3,
        "Після другої зміни люди закінчують роботу о 23:00.",
        "Запровадити вечірні рейси маршрутів № 3 і № 7 до 23:30.",
        "accepted",
        "Прийнято: останній рейс о 23:30 погоджено з перевізником.",
    ),
    (
        4,
        "Перенесення зупинки ближче до перехрестя небезпечне для дітей.",
        "Зупинку «Школа № 2» залишити на місці та облаштувати пішохідний перехід зі світлофором.",
        "rejected",
        "Відхилено: за висновком Національної поліції нинішнє місце зупинки не відповідає ДБН; біля нового місця буде регульований перехід.",
    ),
    (
        1,
        "Інтервал 20 хвилин замалий для лікарні вранці.",
        "Маршрут № 3 продовжити до зупинки «Лікарня» з інтервалом 15 хвилин з 7:00 до 10:00.",
        "accepted",
        "Прийнято: у ранкові години інтервал становитиме 15 хвилин.",
    ),
]
CLOSED_REPORT = (
    "У консультації взяли участь мешканці всіх старостинських округів. Надійшло чотири пропозиції до "
    "проєкту рішення: дві прийнято, одну враховано частково, одну відхилено з обґрунтуванням. Остаточну "
    "редакцію рішення винесено на сесію ради."
)


def _at(today: dt.date, days_ago: float, hour: float) -> dt.datetime:
    day = today - dt.timedelta(days=int(days_ago))
    return timezone.make_aware(dt.datetime.combine(day, dt.time())) + dt.timedelta(hours=hour)


def _staff(hromada: Hromada, subject: str = "") -> tuple[User | None, User | None, Department | None]:
    """The administrator, and an official of the department whose English name starts with ``subject``
    (the one the consultation's subject belongs to), or of the first department when the hromada has none."""
    admin = (
        HromadaRole.objects.filter(hromada=hromada, role=HromadaRole.Role.ADMINISTRATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    memberships = (
        DepartmentMembership.objects.filter(department__hromada=hromada)
        .select_related("user", "department")
        .order_by("pk")
    )
    membership = (subject and memberships.filter(department__name_en__startswith=subject).first()) or (
        memberships.first()
    )
    official = membership.user if membership else (admin.user if admin else None)
    return (official, admin.user if admin else None, membership.department if membership else None)


def _residents(hromada: Hromada) -> list[User]:
    return list(
        User.objects.filter(
            hromada=hromada, is_staff=False, is_active=True, verification_level__gte=1
        ).order_by("pk")
    )


def consultations_demo_load(*, hromada: Hromada, progress: Callable[[str], object] | None = None) -> int:
    """Bring the hromada's demo consultations up to date; returns how many rows were created."""
    if Consultation.objects.filter(hromada=hromada).exists():
        return 0
    official, admin, _first = _staff(hromada)
    people = _residents(hromada)
    if official is None or admin is None or len(people) < 8:
        return 0
    rng = random.Random(f"consultations-demo-{hromada.slug}")
    today = timezone.localdate()
    # Each consultation is run by the department its subject belongs to: bus routes and the square by
    # housing and utilities, the cafés' summer terraces by economic development.
    housing_official, _admin, housing = _staff(hromada, "Housing")
    economy_official, _admin, economy = _staff(hromada, "Economic")
    created = _closed(hromada, housing_official or official, housing, people, rng, today)
    created += _open(hromada, economy_official or official, admin, economy, people, rng, today)
    created += _prepared(hromada, housing_official or official, housing, today)
    created += _premoderated(hromada, housing_official or official, admin, housing, people, today)
    if progress:
        progress(f"consultations: {created} rows")
    return created


def _survey(consultation: Consultation, official: User) -> None:
    made: dict[str, object] = {}
    for kind, text, options, required, condition in SURVEY:
        show_if = None
        if condition is not None:
            show_if = made[condition[0]].options.get(text=condition[1])  # type: ignore[attr-defined]
        made[text] = actions.question_add(
            consultation=consultation,
            by=official,
            kind=kind,
            text=text,
            options=options,
            required=required,
            show_if=show_if,
        )


def _answer_survey(consultation: Consultation, person: User, rng: random.Random) -> None:
    questions = list(consultation.questions.prefetch_related("options"))
    values: dict[int, object] = {}
    chosen: set[int] = set()
    for q in questions:
        options = [o.pk for o in q.options.all()]
        if q.show_if_id is not None and q.show_if_id not in chosen:
            continue
        if q.kind == "single":
            values[q.pk] = rng.choices(options, weights=[3, 4, 2][: len(options)])[0]
        elif q.kind == "multiple":
            picked = (
                sorted(rng.sample(options[:-1], rng.randint(1, 2))) if rng.random() < 0.8 else [options[-1]]
            )
            values[q.pk] = picked
        elif q.kind == "scale":
            values[q.pk] = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 3, 5, 4])[0]
        elif q.kind == "ranking":
            if rng.random() < 0.7:
                values[q.pk] = rng.sample(options, len(options))
        elif rng.random() < 0.5:
            values[q.pk] = rng.choice(
                ["Музика з кафе до півночі.", "Гучні компанії біля столиків.", "Шум під вікнами спальні."]
            )
        given = values.get(q.pk)
        if isinstance(given, int):
            chosen.add(given)
        elif isinstance(given, list):
            chosen.update(v for v in given if isinstance(v, int))
    actions.survey_answer(consultation=consultation, person=person, values=values)  # type: ignore[arg-type]


def _open(
    hromada: Hromada,
    official: User,
    admin: User,
    department: Department | None,
    people: list[User],
    rng: random.Random,
    today: dt.date,
) -> int:
    created = 0
    with demo_clock(_at(today, 14, 10)):
        consultation = actions.consultation_create(
            hromada=hromada,
            by=official,
            title=OPEN_TITLE,
            summary=OPEN_SUMMARY,
            summary_en=OPEN_SUMMARY_EN,
            title_en="Rules for the summer terraces of cafés and restaurants",
            subject="draft_decision",
            department=department,
            audience="residents",
            min_age=14,
            opens_at=_at(today, 12, 9),
            closes_at=_at(today, -18, 18),
            report_term_days=30,
            with_opinion_map=True,
        )
        _survey(consultation, official)
        actions.draft_version_add(consultation=consultation, by=official, text=DRAFT_V1)
        held = actions.hearing_add(
            consultation=consultation,
            by=official,
            title="Громадські слухання з власниками кафе",
            title_en="Public hearing with café owners",
            starts_at=_at(today, 5, 17),
            ends_at=_at(today, 5, 19),
            place="Будинок культури, мала зала",
            capacity=40,
        )
        coming = actions.hearing_add(
            consultation=consultation,
            by=official,
            title="Громадські слухання для мешканців центру",
            title_en="Public hearing for the residents of the centre",
            starts_at=_at(today, -7, 18),
            ends_at=_at(today, -7, 20),
            place="Міська рада, сесійна зала",
            online_url="https://video.svitlohirsk.example/slukhannia",
            capacity=12,
        )
        consultation = actions.consultation_announce(consultation=consultation, by=official)
    created += 1
    participants = people[: max(8, min(len(people), 150))]
    # Survey answers over the first twelve days.
    for n, person in enumerate(participants):
        if rng.random() < 0.75:
            with demo_clock(_at(today, 12 - (n % 12), 9 + rng.random() * 12)):
                try:
                    _answer_survey(consultation, person, rng)
                    created += 1
                except ApplicationError:
                    pass  # too young for this consultation
    # Comments and proposals on the first version, then a second version that answers some of them.
    v1 = {
        p.number: p for p in Paragraph.objects.filter(version__consultation=consultation, version__number=1)
    }
    proposals = []
    for n, (number, text, wording) in enumerate(COMMENTS):
        author = participants[(n * 7) % len(participants)]
        with demo_clock(_at(today, 11 - n // 2, 10 + n)):
            try:
                row = actions.contribution_add(
                    paragraph=v1[number], person=author, text=text, replacement=wording
                )
            except ApplicationError:
                continue
        created += 1
        if wording:
            proposals.append(row)
    for proposal in proposals:
        for supporter in rng.sample(participants, min(len(participants), rng.randint(2, 12))):
            if supporter.pk == proposal.author_id:
                continue
            with demo_clock(_at(today, 6, 8 + rng.random() * 10)):
                try:
                    actions.proposal_support(contribution=proposal, person=supporter)
                    created += 1
                except ApplicationError:
                    pass
    with demo_clock(_at(today, 5, 11)):
        actions.draft_version_add(
            consultation=consultation,
            by=official,
            text=DRAFT_V2,
            note="Прохід для пішоходів збільшено до 2 метрів; дозволи — через ЦНАП (за пропозиціями мешканців).",
        )
    v2 = {
        p.number: p for p in Paragraph.objects.filter(version__consultation=consultation, version__number=2)
    }
    with demo_clock(_at(today, 3, 15)):
        try:
            actions.contribution_add(
                paragraph=v2[2], person=participants[3], text="Дякую, що врахували ширину проходу!"
            )
            created += 1
        except ApplicationError:
            pass
    # The opinion map: statements by residents, votes from two camps who share a few views.
    statements = []
    for n, text in enumerate(STATEMENTS):
        with demo_clock(_at(today, 12 - n // 2, 12)):
            try:
                statements.append(
                    actions.statement_add(
                        consultation=consultation, person=participants[(n * 5) % len(participants)], text=text
                    )
                )
                created += 1
            except ApplicationError:
                pass
    for n, person in enumerate(participants):
        camp = CAMP_VIEWS[0] if rng.random() < 0.45 else CAMP_VIEWS[1]
        seen = rng.sample(range(len(statements)), min(len(statements), rng.randint(5, len(statements))))
        with demo_clock(_at(today, 10 - (n % 10), 8 + rng.random() * 12)):
            for index in sorted(seen):
                view = SHARED.get(index, camp.get(index, 0))
                vote = view if rng.random() < 0.85 else rng.choice([-1, 0, 1])
                try:
                    actions.statement_vote(statement=statements[index], person=person, vote=vote)
                    created += 1
                except ApplicationError:
                    break
    actions.opinion_map_compute(consultation=consultation)
    # Registrations: the past hearing was half full; the coming one is full with two people waiting.
    for hearing, count, days_before in ((held, 18, 9), (coming, 20, 4)):
        for n, person in enumerate(participants[:count]):
            with demo_clock(_at(today, days_before, 8 + n * 0.5)):
                try:
                    actions.hearing_register(hearing=hearing, person=person)
                    created += 1
                except ApplicationError:
                    pass  # too young for this consultation
    return created


def _closed(
    hromada: Hromada,
    official: User,
    department: Department | None,
    people: list[User],
    rng: random.Random,
    today: dt.date,
) -> int:
    created = 0
    with demo_clock(_at(today, 75, 10)):
        consultation = actions.consultation_create(
            hromada=hromada,
            by=official,
            title=CLOSED_TITLE,
            summary=CLOSED_SUMMARY,
            title_en="Changes to the public transport routes",
            subject="draft_decision",
            department=department,
            audience="registered",
            opens_at=_at(today, 70, 9),
            closes_at=_at(today, 40, 18),
            report_term_days=30,
        )
        actions.question_add(
            consultation=consultation,
            by=official,
            kind="single",
            text="Як часто ви користуєтеся автобусами громади?",
            options=["Щодня", "Кілька разів на тиждень", "Рідко"],
        )
        actions.question_add(
            consultation=consultation,
            by=official,
            kind="scale",
            text="Оцініть нинішній розклад (1 — погано, 5 — добре)",
        )
        actions.question_add(
            consultation=consultation,
            by=official,
            kind="matrix",
            text="Як ви оцінюєте автобуси громади?",
            options=["Добре", "Задовільно", "Погано"],
            options_en=["Good", "Fair", "Poor"],
            rows=["Чистота в салоні", "Дотримання розкладу", "Ввічливість водіїв"],
            rows_en=["Cleanliness", "Keeping to the timetable", "Drivers' courtesy"],
            required=False,
        )
        actions.draft_version_add(consultation=consultation, by=official, text=CLOSED_DRAFT)
        hearing = actions.hearing_add(
            consultation=consultation,
            by=official,
            title="Громадські слухання щодо маршрутів",
            title_en="Public hearing on the routes",
            starts_at=_at(today, 55, 17),
            ends_at=_at(today, 55, 19),
            place="Міська рада, сесійна зала",
            capacity=60,
        )
        consultation = actions.consultation_announce(consultation=consultation, by=official)
    created += 1
    registrations = []
    for n, person in enumerate(people[:25]):
        with demo_clock(_at(today, 60, 9 + n * 0.3)):
            registrations.append(actions.hearing_register(hearing=hearing, person=person))
    with demo_clock(_at(today, 55, 19.5)):  # 21 of the 25 came; the department ticks them off
        actions.hearing_attendance_mark(
            hearing=hearing, by=official, present=[r.pk for r in registrations[:21]]
        )
    with demo_clock(_at(today, 52, 12)):
        actions.hearing_minutes_publish(hearing=hearing, by=official, text=CLOSED_MINUTES)
    created += 26
    questions = list(consultation.questions.prefetch_related("options"))
    matrix = questions[2]
    columns, matrix_rows = ([o.pk for o in part] for part in matrix.split_options())
    for n, person in enumerate(people[: min(len(people), 90)]):
        if rng.random() < 0.7:
            with demo_clock(_at(today, 69 - (n % 28), 9 + rng.random() * 11)):
                actions.survey_answer(
                    consultation=consultation,
                    person=person,
                    values={
                        questions[0].pk: rng.choices(
                            [o.pk for o in questions[0].options.all()], weights=[5, 3, 2]
                        )[0],
                        questions[1].pk: rng.choices([1, 2, 3, 4, 5], weights=[3, 4, 3, 2, 1])[0],
                        matrix.pk: {
                            row: rng.choices(columns, weights=[2 + n, 4, 3 - n])[0]
                            for n, row in enumerate(matrix_rows)
                        },
                    },
                )
            created += 1
    paragraphs = {p.number: p for p in Paragraph.objects.filter(version__consultation=consultation)}
    for n, (number, text, wording, decision, reasons) in enumerate(CLOSED_PROPOSALS):
        with demo_clock(_at(today, 60 - n * 4, 14)):
            proposal = actions.contribution_add(
                paragraph=paragraphs[number],
                person=people[(n * 3 + 1) % len(people)],
                text=text,
                replacement=wording,
            )
        for supporter in rng.sample(people, min(len(people), rng.randint(3, 15))):
            if supporter.pk != proposal.author_id:
                with demo_clock(_at(today, 45, 10 + rng.random() * 6)):
                    actions.proposal_support(contribution=proposal, person=supporter)
        with demo_clock(_at(today, 33 - n, 11)):
            actions.proposal_answer(contribution=proposal, by=official, decision=decision, reasons=reasons)
        created += 2
    with demo_clock(_at(today, 22, 16)):
        actions.report_publish(consultation=consultation, by=official, summary=CLOSED_REPORT)
    return created


CLOSED_MINUTES = (
    "Слухання відкрив начальник управління транспорту. Виступили 14 мешканців. Пропозиції: продовжити "
    "маршрут № 3 до нового мікрорайону; додати вечірній рейс о 21:30; поставити зупинку біля лікарні. "
    "Управління пообіцяло розглянути всі пропозиції у звіті консультації. Присутні: 23 особи."
)
PREPARED_TITLE = "Облаштування скверу біля ліцею № 2"
PREPARED_DRAFT = (
    "1. Сквер біля ліцею № 2 облаштовують у 2027 році коштом бюджету громади.\n\n"
    "2. У сквері встановлюють лавки, освітлення й урни; решту обирають мешканці за підсумками консультації.\n\n"
    "3. Сквер відкритий щодня з 6:00 до 23:00."
)


def _prepared(hromada: Hromada, official: User, department: Department | None, today: dt.date) -> int:
    """A consultation the department is still preparing (seen by officials only): its settings and
    survey can still change until it is announced."""
    with demo_clock(_at(today, 2, 10)):
        consultation = actions.consultation_create(
            hromada=hromada,
            by=official,
            title=PREPARED_TITLE,
            title_en="The square by lyceum No. 2",
            summary="Громада обирає, як облаштувати сквер біля ліцею № 2: що в ньому має бути і коли він відкритий.",
            subject="plan",
            department=department,
            audience="residents",
            opens_at=_at(today, -10, 9),
            closes_at=_at(today, -40, 18),
        )
        first = actions.question_add(
            consultation=consultation,
            by=official,
            kind="multiple",
            text="Що має бути у сквері?",
            options=["Лавки й тінь", "Дитячий майданчик", "Вуличні тренажери"],
        )
        actions.question_add(
            consultation=consultation,
            by=official,
            kind="text",
            text="Які тренажери потрібні?",
            show_if=first.options.get(text="Вуличні тренажери"),
        )
        # The plan's draft, whose paragraphs can still be split differently until the opening.
        actions.draft_version_add(consultation=consultation, by=official, text=PREPARED_DRAFT)
        actions.hearing_add(
            consultation=consultation,
            by=official,
            title="Громадські слухання у ліцеї",
            starts_at=_at(today, -20, 17),
            ends_at=_at(today, -20, 19),
            place="Ліцей № 2, актова зала",
            capacity=80,
        )
    return 1


PREMODERATED_TITLE = "Правила вигулу собак у парках і скверах громади"
PREMODERATED_SUMMARY = (
    "Де в парках можна відпускати собак без повідка, де облаштувати майданчики для вигулу і хто прибирає "
    "за тваринами. Пишіть свої твердження й голосуйте за твердження інших: модератор читає кожне нове "
    "твердження, перш ніж воно з'явиться для голосування."
)
# (text, what the moderator decided: "approve", a ground of core.moderation.ProhibitedContent, or "" — waiting)
PREMODERATED_STATEMENTS = [
    ("Собакам потрібні огороджені майданчики для вигулу в кожному парку.", "approve"),
    ("У дитячих зонах парку собак не має бути взагалі.", "approve"),
    ("Власники мають прибирати за собакою, а громада — поставити урни для цього.", "approve"),
    ("Великих собак у парку водять тільки в наморднику.", "approve"),
    ("Вранці до 8:00 собак можна відпускати без повідка на галявинах.", "approve"),
    ("Сусід з п'ятого під'їзду і його собака — ганьба всього району, ось його телефон.", "personal_data"),
    ("Майданчик для вигулу варто зробити біля старого стадіону, там нікому не заважатиме.", ""),
    ("Штрафи за неприбране за собакою мають бути вищими.", ""),
    ("Потрібні безкоштовні пакети для прибирання біля входів до парку.", ""),
    ("Собаки-поводирі мають право заходити в будь-яку частину парку.", ""),
]


def _moderator(hromada: Hromada, admin: User) -> User:
    """The hromada's moderator (of no department: they moderate every consultation), else its administrator."""
    role = (
        HromadaRole.objects.filter(hromada=hromada, role=HromadaRole.Role.MODERATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return role.user if role else admin


def _premoderated(
    hromada: Hromada,
    official: User,
    admin: User,
    department: Department | None,
    people: list[User],
    today: dt.date,
) -> int:
    """An open consultation whose opinion map is pre-moderated: most statements approved over the first
    days, one rejected with its ground, the newest still waiting in the moderators' queue."""
    with demo_clock(_at(today, 8, 11)):
        consultation = actions.consultation_create(
            hromada=hromada,
            by=official,
            title=PREMODERATED_TITLE,
            title_en="Rules for walking dogs in the parks and squares",
            summary=PREMODERATED_SUMMARY,
            summary_en=(
                "Where dogs may run off the lead in the parks, where to build dog runs and who cleans up after "
                "them. A moderator reads every new statement before it is shown for voting."
            ),
            subject="question",
            department=department,
            audience="residents",
            opens_at=_at(today, 6, 9),
            closes_at=_at(today, -24, 18),
            with_opinion_map=True,
            premoderate_statements=True,
        )
        consultation = actions.consultation_announce(consultation=consultation, by=official)
    moderator = _moderator(hromada, admin)
    created = 1
    approved: list[Statement] = []
    for n, (text, decision) in enumerate(PREMODERATED_STATEMENTS):
        # Two statements a day from the opening; the moderator decides on the next morning.
        written = 6 - n // 2
        with demo_clock(_at(today, written, 10 + (n % 2) * 6)):
            try:
                statement = actions.statement_add(
                    consultation=consultation, person=people[(n * 3 + 2) % len(people)], text=text
                )
            except ApplicationError:
                continue
        created += 1
        if not decision:
            continue
        with demo_clock(_at(today, written - 1, 9.5)):
            if decision == "approve":
                approved.append(actions.statement_approve(statement=statement, by=moderator))
            else:
                actions.statement_hide(statement=statement, by=moderator, reason=decision)
    # A few residents have voted on what was approved.
    for n, person in enumerate(people[: min(len(people), 30)]):
        with demo_clock(_at(today, 2 - n % 2, 8 + n * 0.4)):
            for index, statement in enumerate(approved):
                try:
                    actions.statement_vote(
                        statement=statement, person=person, vote=1 if (n + index) % 3 else -1
                    )
                    created += 1
                except ApplicationError:
                    break
    return created
