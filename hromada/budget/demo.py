"""The public budget's part of the demo: last year's cycle with results and implementation, and this
year's cycle with voting open, projects per district, reviews and ballots by demo residents.

Registered as a DemoStep in ``apps.py``; runs inside the demo loader's transaction after the foundation's
rows exist. Idempotent: a hromada that already has this year's demo cycle gets nothing new. Cycles,
results, milestones and ballots go through the actions (so their ledger entries and receipts exist);
the projects and reviews of the past phases are written as rows, as an import of the council's files.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from hromada.accounts.models import DepartmentMembership, HromadaRole, User, VerificationLevel
from hromada.core.errors import ApplicationError
from hromada.core.geo import contains
from hromada.core.models import Hromada
from hromada.territory.models import Department, District

from . import actions
from .models import (
    Ballot,
    BallotChoice,
    BudgetCategory,
    BudgetCycle,
    Channel,
    CostLine,
    Criterion,
    Project,
    Review,
)

DAY = dt.timedelta(days=1)
UAH = 100  # kopiyky


@dataclass(frozen=True)
class DemoProject:
    title: str
    summary: str
    lines: tuple[tuple[str, int, int], ...]  # item, quantity, unit cost in UAH
    category: str  # "city" or the index of a district ("d0", "d1", …)
    status: str = Project.Status.ADMITTED


CURRENT = (
    DemoProject(
        "Інклюзивний дитячий майданчик у сквері на Садовій",
        "Гойдалки для дітей на візках, гумове покриття, лавки в тіні.",
        (
            ("Інклюзивна гойдалка", 2, 68_000),
            ("Гумове покриття, м²", 180, 1_450),
            ("Лавка зі спинкою", 6, 7_800),
        ),
        "d0",
    ),
    DemoProject(
        "Освітлення пішохідних переходів біля ліцею № 2",
        "Світлодіодні прожектори та знаки з підсвіткою на трьох переходах.",
        (
            ("Прожектор LED з опорою", 6, 24_500),
            ("Знак із підсвіткою", 6, 9_300),
            ("Монтаж і підключення", 1, 41_000),
        ),
        "d0",
    ),
    DemoProject(
        "Сенсорна кімната в інклюзивно-ресурсному центрі",
        "Обладнання для занять дітей з особливими освітніми потребами.",
        (("Комплект сенсорного обладнання", 1, 286_000), ("М'які модулі", 1, 54_000)),
        "d0",
    ),
    DemoProject(
        "Велопарковки біля ЦНАП, лікарні та ринку",
        "Дванадцять накритих велопарковок на 10 місць кожна.",
        (("Велопарковка з навісом", 12, 21_500), ("Встановлення", 12, 2_400)),
        "d1",
    ),
    DemoProject(
        "Зона відпочинку біля ставка в Березівці",
        "Альтанки, урни, пірс для риболовлі та освітлення доріжки.",
        (("Альтанка дерев'яна", 3, 62_000), ("Пірс, м²", 40, 4_100), ("Урна", 10, 3_200)),
        "d1",
    ),
    DemoProject(
        "Шкільна студія робототехніки",
        "Набори для конструювання, 3D-принтер і ноутбуки для гуртка.",
        (("Набір з робототехніки", 10, 18_900), ("3D-принтер", 1, 42_000), ("Ноутбук", 6, 27_500)),
        "d1",
    ),
    DemoProject(
        "Питні фонтанчики в центрі громади",
        "Чотири фонтанчики з питною водою, доступні для людей на візках.",
        (("Фонтанчик питний", 4, 38_000), ("Підключення до мережі", 4, 14_500)),
        "d2",
    ),
    DemoProject(
        "Тактильна плитка та пандуси до амбулаторії",
        "Безбар'єрний шлях від зупинки до входу в амбулаторію.",
        (("Тактильна плитка, м²", 60, 1_900), ("Пандус з поручнями", 2, 96_000)),
        "d2",
    ),
    DemoProject(
        "Молодіжний простір у бібліотеці",
        "Коворкінг з меблями, проєктором і безперебійним живленням.",
        (("Меблі (комплект)", 1, 148_000), ("Проєктор та екран", 1, 39_000), ("Зарядна станція", 2, 46_000)),
        "city",
    ),
    DemoProject(
        "Велодоріжка вздовж набережної",
        "1,2 км двосторонньої велодоріжки з розміткою та знаками.",
        (("Влаштування велодоріжки, м", 1_200, 1_150), ("Розмітка і знаки", 1, 88_000)),
        "city",
    ),
    DemoProject(
        "Літня сцена в парку Шевченка",
        "Накрита сцена для концертів і вистав, з підключенням звуку.",
        (("Сцена з навісом", 1, 640_000), ("Електропідключення", 1, 75_000)),
        "city",
    ),
    DemoProject(
        "Мурал про історію громади на стіні школи",
        "Розпис торця будівлі за ескізом, обраним учнями.",
        (("Фарби та матеріали", 1, 48_000), ("Робота художників", 1, 92_000)),
        "city",
        Project.Status.REJECTED,
    ),
    DemoProject(
        "Парковка на 40 місць біля ринку",
        "Асфальтування та розмітка майданчика.",
        (("Асфальтування, м²", 900, 820), ("Розмітка", 1, 24_000)),
        "d1",
        Project.Status.REJECTED,
    ),
    DemoProject(
        "Спортивний майданчик біля гуртожитку",
        "Вуличні тренажери та турнік.",
        (("Вуличний тренажер", 6, 26_000),),
        "d2",
        Project.Status.WITHDRAWN,
    ),
    DemoProject(
        "Тренажерний зал під відкритим небом біля стадіону",
        "Тренажери для людей різного віку з інструкціями.",
        (("Тренажер", 8, 31_000), ("Покриття, м²", 120, 1_450)),
        "d2",
    ),
)

PREVIOUS = (
    DemoProject(
        "Ремонт тротуару на вул. Шкільній",
        "Нова плитка та бордюри на 300 м.",
        (("Плитка, м²", 600, 720), ("Бордюр, м", 600, 260)),
        "d0",
    ),
    DemoProject(
        "Навчальне укриття-клас у гімназії",
        "Облаштування підвалу для уроків під час тривог.",
        (("Вентиляція", 1, 190_000), ("Меблі", 1, 120_000)),
        "d0",
    ),
    DemoProject(
        "Лавки та урни в парку",
        "30 лавок і 30 урн уздовж алей.",
        (("Лавка", 30, 6_900), ("Урна", 30, 2_800)),
        "d1",
    ),
    DemoProject(
        "Дитячий майданчик у Березівці",
        "Гірка, гойдалки та пісочниця.",
        (("Комплекс ігровий", 1, 240_000),),
        "d1",
    ),
    DemoProject(
        "Генератор для амбулаторії",
        "Резервне живлення на час відключень.",
        (("Генератор 30 кВт", 1, 420_000), ("Підключення", 1, 60_000)),
        "d2",
    ),
    DemoProject(
        "Футбольне поле зі штучним покриттям",
        "Міні-поле 20 × 40 м з огорожею.",
        (("Покриття, м²", 800, 1_100), ("Огорожа", 1, 210_000)),
        "city",
    ),
    DemoProject(
        "Обладнання для шкільної їдальні",
        "Пароконвектомат і холодильники.",
        (("Пароконвектомат", 1, 310_000), ("Холодильна шафа", 2, 55_000)),
        "city",
    ),
)


def _point_in(
    district: District | None, hromada: Hromada, rng: random.Random
) -> tuple[float | None, float | None]:
    """A point inside the district (or near the centre), or no point when none is found."""
    if district is None:
        return hromada.center_lat + rng.uniform(-0.01, 0.01), hromada.center_lon + rng.uniform(-0.01, 0.01)
    rings = district.boundary["coordinates"]
    ring = rings[0][0] if district.boundary.get("type") == "MultiPolygon" else rings[0]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    for _ in range(40):
        lon, lat = rng.uniform(min(lons), max(lons)), rng.uniform(min(lats), max(lats))
        if contains(district.boundary, lon, lat):
            return lat, lon
    return None, None


def _categories(districts: list[District], amounts: tuple[int, int]) -> list[actions.CategoryIn]:
    per_district, city = amounts
    categories = [
        actions.CategoryIn(
            key=f"d{index}",
            name=f"Округ: {district.name}",
            name_en=f"District: {district.name_en or district.name}",
            kind="district",
            district_id=district.pk,
            amount=per_district,
            max_cost=per_district // 2,
        )
        for index, district in enumerate(districts)
    ]
    categories.append(
        actions.CategoryIn(
            key="city",
            name="Загальногромадські проєкти",
            name_en="Hromada-wide projects",
            kind="general",
            amount=city,
            min_cost=50_000 * UAH,
        )
    )
    return categories


def _projects(
    cycle: BudgetCycle, specs: tuple[DemoProject, ...], authors: list[User], rng: random.Random
) -> list[Project]:
    categories = {c.key: c for c in BudgetCategory.objects.filter(cycle=cycle).select_related("district")}
    projects = []
    for number, spec in enumerate(specs, start=1):
        category = categories.get(spec.category) or categories["city"]
        cost = sum(q * unit * UAH for _, q, unit in spec.lines)
        lat, lon = _point_in(category.district, cycle.hromada, rng)
        project = Project.objects.create(
            hromada=cycle.hromada,
            cycle=cycle,
            category=category,
            number=number,
            author=authors[(number * 7) % len(authors)],
            title=spec.title,
            summary=spec.summary,
            description=f"{spec.summary}\n\nПроєкт подано жителями громади; кошторис додано.",
            lat=lat,
            lon=lon,
            district=category.district,
            cost=cost,
            status=spec.status,
            submitted_at=cycle.submission_starts + (number % 9 + 1) * DAY,
            decided_at=cycle.review_starts + (number % 9 + 5) * DAY,
            decision_reason="Земельна ділянка не належить громаді."
            if spec.status == Project.Status.REJECTED
            else "",
        )
        project.search_text = f"{number} {project.title} {project.summary}".casefold()
        project.save(update_fields=["search_text"])
        CostLine.objects.bulk_create(
            CostLine(
                project=project,
                position=i,
                item=item,
                quantity=q,
                unit_cost=unit * UAH,
                amount=q * unit * UAH,
            )
            for i, (item, q, unit) in enumerate(spec.lines)
        )
        projects.append(project)
    return projects


def _reviews(projects: list[Project], department: Department | None, reviewer: User | None) -> int:
    rows = []
    for project in projects:
        if project.status == Project.Status.WITHDRAWN:
            continue
        rejected = project.status == Project.Status.REJECTED
        for criterion in Criterion.values:
            negative = rejected and criterion == Criterion.LAND
            rows.append(
                Review(
                    project=project,
                    revision=1,
                    criterion=criterion,
                    conclusion=Review.Conclusion.NEGATIVE if negative else Review.Conclusion.POSITIVE,
                    reasons="Ділянка у приватній власності, згоди власника немає."
                    if negative
                    else "Відповідає критерію; зауважень немає.",
                    department=department,
                    reviewer=reviewer,
                )
            )
    Review.objects.bulk_create(rows)
    return len(rows)


def _choices(rng: random.Random, projects: list[Project], k: int) -> list[actions.ChoiceIn]:
    """A voter picks up to one project per district category and one hromada-wide project."""
    by_category: dict[int, list[Project]] = {}
    for p in projects:
        by_category.setdefault(p.category_id, []).append(p)
    chosen = []
    for options in by_category.values():
        weights = [len(options) - i + 2 for i in range(len(options))]
        chosen.append(rng.choices(options, weights=weights)[0])
    rng.shuffle(chosen)
    return [actions.ChoiceIn(project_id=p.pk) for p in chosen[:k]]


def budget_demo_load(*, hromada: Hromada, progress: Callable[[str], object] | None = None) -> int:
    """Create the hromada's demo cycles (see the module docstring); returns how many rows were created."""
    now = timezone.now()
    year = timezone.localdate().year
    if BudgetCycle.objects.filter(hromada=hromada, slug=str(year + 1)).exists():
        return 0
    admin = User.objects.filter(
        hromada_roles__hromada=hromada, hromada_roles__role=HromadaRole.Role.ADMINISTRATOR
    ).first()
    officer = User.objects.filter(
        memberships__department__hromada=hromada, memberships__role=DepartmentMembership.Role.CNAP_OFFICER
    ).first()
    membership = (
        DepartmentMembership.objects.filter(department__hromada=hromada)
        .exclude(role=DepartmentMembership.Role.CNAP_OFFICER)
        .select_related("user", "department")
        .first()
    )
    residents = list(
        User.objects.filter(hromada=hromada, is_staff=False, birth_date__isnull=False).order_by("pk")
    )
    if admin is None or len(residents) < 10:
        return 0
    officer = officer or admin  # administrators may enter ЦНАП ballots too
    reviewer = membership.user if membership else admin
    department = membership.department if membership else None
    districts = list(District.objects.filter(hromada=hromada).order_by("name")[:3])
    rng = random.Random(f"budget-demo-{hromada.slug}")
    created = 0

    # Last year's cycle: counted, published, being implemented.
    previous = actions.cycle_create(
        actor=admin,
        hromada=hromada,
        year=year,
        slug=str(year),
        title=f"Бюджет участі на {year} рік",
        title_en=f"Participatory budget {year}",
        description="Минулорічний цикл: результати та хід реалізації проєктів-переможців.",
        schedule=actions.Schedule(
            submission_starts=now - 420 * DAY,
            review_starts=now - 390 * DAY,
            voting_starts=now - 350 * DAY,
            voting_ends=now - 330 * DAY,
            implementation_starts=now - 300 * DAY,
        ),
        rules=actions.RulesIn(total_amount=4_000_000 * UAH, max_choices=3, counting_rule="greedy"),
        categories=_categories(districts, (700_000 * UAH, 1_900_000 * UAH)),
    )
    old = _projects(previous, PREVIOUS, residents, rng)
    created += 1 + len(old) + _reviews(old, department, reviewer)
    voters = rng.sample(residents, k=min(len(residents), 80))
    for voter in voters:
        ballot = Ballot.objects.create(
            hromada=hromada,
            cycle=previous,
            voter=voter,
            channel=Channel.WEB if voter.verification_level >= VerificationLevel.STRONG else Channel.PAPER,
            entered_by=None if voter.verification_level >= VerificationLevel.STRONG else officer,
            identity_document="" if voter.verification_level >= VerificationLevel.STRONG else "паспорт",
            rules_version=1,
            cast_at=previous.voting_starts + rng.randint(0, 19) * DAY,
        )
        picks = _choices(rng, old, 3)
        BallotChoice.objects.bulk_create(BallotChoice(ballot=ballot, project_id=c.project_id) for c in picks)
        created += 1 + len(picks)
    actions.results_compute(actor=admin, cycle=previous)
    from .models import CategoryResult

    for result in CategoryResult.objects.filter(cycle=previous):
        if result.ties:
            actions.results_ties_acknowledge(
                actor=admin,
                result=result,
                note="Нічию розв'язано за номером проєкту, як передбачено положенням.",
            )
    actions.results_publish(actor=admin, cycle=previous)
    for project in Project.objects.filter(cycle=previous, status=Project.Status.WON).order_by("number"):
        share = rng.choice((30, 60, 100))
        steps = [
            ("Укладено договір з підрядником", 10, 0.0, "done"),
            ("Закуплено обладнання та матеріали", share if share < 100 else 70, 0.6, "done"),
        ]
        if share == 100:
            steps.append(("Роботи завершено, об'єкт відкрито", 100, 0.97, "done"))
        else:
            steps.append(("Монтажні роботи", share, 0.6, "in_progress"))
        for index, (title, progress_pct, spent_share, status) in enumerate(steps):
            actions.milestone_add(
                actor=reviewer,
                project=project,
                data=actions.MilestoneIn(
                    title=title,
                    description="Оновлення від управління, що реалізує проєкт.",
                    due_date=(previous.implementation_starts or now).date()
                    + dt.timedelta(days=45 * (index + 1)),
                    completed_on=(previous.implementation_starts or now).date()
                    + dt.timedelta(days=40 * (index + 1))
                    if status == "done"
                    else None,
                    status=status,
                    progress=progress_pct,
                    spent=int(project.cost * spent_share),
                ),
            )
            created += 1

    # This year's cycle: voting is open.
    current = actions.cycle_create(
        actor=admin,
        hromada=hromada,
        year=year + 1,
        slug=str(year + 1),
        title=f"Бюджет участі на {year + 1} рік",
        title_en=f"Participatory budget {year + 1}",
        description="Подавайте ідеї, голосуйте за проєкти свого округу та всієї громади. "
        "Переможців визначає метод рівних часток (MES).",
        schedule=actions.Schedule(
            submission_starts=now - 80 * DAY,
            review_starts=now - 50 * DAY,
            voting_starts=now - 7 * DAY,
            voting_ends=now + 21 * DAY,
            implementation_starts=now + 60 * DAY,
        ),
        rules=actions.RulesIn(
            total_amount=5_000_000 * UAH,
            max_choices=4,
            max_choices_per_category=1,
            counting_rule="mes-add1",
            utility="cost",
            ballot_change_allowed=True,
            vote_min_age=16,
        ),
        categories=_categories(districts, (900_000 * UAH, 2_300_000 * UAH)),
    )
    projects = _projects(current, CURRENT, residents, rng)
    created += 1 + len(projects) + _reviews(projects, department, reviewer)
    admitted = [p for p in projects if p.status == Project.Status.ADMITTED]
    BudgetCycle.objects.filter(pk=current.pk).update(admitted_published_at=current.voting_starts - DAY)
    for voter in rng.sample(residents, k=min(len(residents), 45)):
        choices = _choices(rng, admitted, 4)
        try:
            if voter.verification_level >= VerificationLevel.STRONG:
                actions.ballot_cast(voter=voter, cycle=current, choices=choices)
            else:
                actions.ballot_cast_by_official(
                    official=officer,
                    voter=voter,
                    cycle=current,
                    choices=choices,
                    channel=Channel.CNAP,
                    identity_document="паспорт громадянина України (ID-картка)",
                )
            created += 1 + len(choices)
        except ApplicationError:
            continue  # e.g. a resident younger than the minimum age
    if progress is not None:
        progress(f"{hromada.slug} · public budget: 2 cycles, {len(old) + len(projects)} projects")
    return created
