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
from hromada.core.democlock import demo_clock
from hromada.core.errors import ApplicationError
from hromada.core.geo import contains
from hromada.core.models import Hromada
from hromada.territory.models import Department, District

from . import actions
from .models import (
    BudgetCategory,
    BudgetCycle,
    CategoryResult,
    Channel,
    Criterion,
    Milestone,
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


# English versions officials add to this year's admitted projects (the author writes in Ukrainian).
ENGLISH = {
    "Інклюзивний дитячий майданчик у сквері на Садовій": (
        "An inclusive playground in Sadova Square",
        "Swings for children in wheelchairs, a rubber surface and benches in the shade.",
    ),
    "Освітлення пішохідних переходів біля ліцею № 2": (
        "Lighting for the pedestrian crossings near Lyceum No. 2",
        "LED floodlights and illuminated signs at three crossings.",
    ),
    "Сенсорна кімната в інклюзивно-ресурсному центрі": (
        "A sensory room in the inclusive resource centre",
        "Equipment for classes of children with special educational needs.",
    ),
    "Велопарковки біля ЦНАП, лікарні та ринку": (
        "Bicycle parking at TsNAP, the hospital and the market",
        "Twelve covered bicycle racks for 10 bicycles each.",
    ),
    "Зона відпочинку біля ставка в Березівці": (
        "A leisure area by the pond in Berezivka",
        "Gazebos, bins, a fishing pier and a lit footpath.",
    ),
    "Шкільна студія робототехніки": (
        "A school robotics studio",
        "Construction kits, a 3D printer and laptops for the club.",
    ),
    "Питні фонтанчики в центрі громади": (
        "Drinking fountains in the town centre",
        "Four drinking fountains that people in wheelchairs can use.",
    ),
    "Тактильна плитка та пандуси до амбулаторії": (
        "Tactile paving and ramps to the outpatient clinic",
        "A barrier-free path from the bus stop to the clinic's entrance.",
    ),
    "Молодіжний простір у бібліотеці": (
        "A youth space in the library",
        "A co-working room with furniture, a projector and backup power.",
    ),
    "Велодоріжка вздовж набережної": (
        "A cycle path along the embankment",
        "1.2 km of two-way cycle path with markings and signs.",
    ),
    "Літня сцена в парку Шевченка": (
        "A summer stage in Shevchenko Park",
        "A covered stage for concerts and plays, with a sound connection.",
    ),
    "Тренажерний зал під відкритим небом біля стадіону": (
        "An open-air gym by the stadium",
        "Exercise machines for people of all ages, with instructions.",
    ),
}


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
        (("Асфальтування, м²", 450, 820), ("Розмітка", 1, 24_000)),
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

EARLIER = (
    DemoProject(
        "Світлофор біля школи № 5",
        "Світлофор з кнопкою виклику на переході через вулицю Миру.",
        (("Світлофорний об'єкт", 1, 290_000),),
        "d0",
    ),
    DemoProject(
        "Книжкові шафи-буккросинги на зупинках",
        "Десять шаф для обміну книжками.",
        (("Шафа", 10, 8_500),),
        "d1",
    ),
    DemoProject(
        "Пандус і поручні до поліклініки",
        "Безбар'єрний вхід до поліклініки.",
        (("Пандус з поручнями", 1, 185_000),),
        "d2",
    ),
    DemoProject(
        "Скейт-парк біля стадіону",
        "Бетонні фігури для скейтбордингу та BMX.",
        (("Фігури скейт-парку", 1, 780_000), ("Основа, м²", 300, 900)),
        "city",
    ),
)

PREVIOUS = (
    DemoProject(
        "Ремонт тротуару на вул. Шкільній",
        "Нова плитка та бордюри на 150 м.",
        (("Плитка, м²", 300, 720), ("Бордюр, м", 300, 260)),
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
        (("Генератор 20 кВт", 1, 280_000), ("Підключення", 1, 45_000)),
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


@dataclass(frozen=True)
class Size:
    """How big a hromada's cycle is: the per-district and hromada-wide amounts (UAH) and how many vote."""

    per_district: int
    city: int
    max_project: int
    voters: int


def _categories(districts: list[District], size: Size) -> list[actions.CategoryIn]:
    categories = [
        actions.CategoryIn(
            key=f"d{index}",
            name=f"Округ: {district.name}",
            name_en=f"District: {district.name_en or district.name}",
            kind="district",
            district_id=district.pk,
            amount=size.per_district * UAH,
            max_cost=size.per_district * UAH // 2,
        )
        for index, district in enumerate(districts)
    ]
    categories.append(
        actions.CategoryIn(
            key="city",
            name="Загальногромадські проєкти",
            name_en="Hromada-wide projects",
            kind="general",
            amount=size.city * UAH,
            min_cost=size.city * UAH // 40,
        )
    )
    return categories


def _rules(size: Size, districts: list[District], **extra: object) -> actions.RulesIn:
    total = size.per_district * len(districts) + size.city
    return actions.RulesIn(
        total_amount=total * UAH,
        max_project_cost=size.max_project * UAH,
        **extra,  # type: ignore[arg-type]
    )


def _at(now: dt.datetime, days_ago: float) -> dt.datetime:
    return now - days_ago * DAY


@dataclass
class Cast:
    """Who acts in a hromada's budget story."""

    admin: User
    officer: User  # enters ЦНАП ballots
    reviewer: User  # reviews projects and records milestones
    department: Department | None
    residents: list[User]
    districts: list[District]


class _Story:
    """One hromada's budget history, replayed through the actions at the moments it happened."""

    def __init__(self, hromada: Hromada, cast: Cast, rng: random.Random) -> None:
        self.hromada = hromada
        self.admin = cast.admin
        self.officer = cast.officer
        self.reviewer = cast.reviewer
        self.department = cast.department
        self.residents = cast.residents
        self.districts = cast.districts
        self.rng = rng
        self.created = 0

    def cycle(self, *, year: int, schedule: actions.Schedule, size: Size, description: str,
              description_en: str = "", **rules: object) -> BudgetCycle:  # fmt: skip
        with demo_clock(schedule.submission_starts - 20 * DAY):
            cycle = actions.cycle_create(
                actor=self.admin,
                hromada=self.hromada,
                year=year,
                slug=str(year),
                title=f"Бюджет участі на {year} рік",
                title_en=f"Participatory budget {year}",
                description=description,
                description_en=description_en,
                schedule=schedule,
                rules=_rules(size, self.districts, **rules),
                categories=_categories(self.districts, size),
            )
        self.created += 1
        return cycle

    def submit(
        self, cycle: BudgetCycle, specs: tuple[DemoProject, ...], *, until: dt.datetime
    ) -> list[Project]:
        """Residents submit the projects over the submission phase (up to `until`)."""
        categories = {c.key: c for c in BudgetCategory.objects.filter(cycle=cycle).select_related("district")}
        span = (min(until, cycle.review_starts) - cycle.submission_starts).total_seconds()
        projects = []
        for index, spec in enumerate(specs):
            category = categories.get(spec.category) or categories["city"]
            lat, lon = _point_in(category.district, cycle.hromada, self.rng)
            author = self.residents[(index * 7 + cycle.year) % len(self.residents)]
            data = actions.ProjectIn(
                category_id=category.pk,
                title=spec.title,
                summary=spec.summary,
                description=f"{spec.summary}\n\n{DESCRIPTION}",
                cost_lines=tuple(
                    actions.CostLineIn(item=i, quantity=q, unit_cost=u * UAH) for i, q, u in spec.lines
                ),
                lat=lat,
                lon=lon,
            )
            at = cycle.submission_starts + dt.timedelta(seconds=span * (index + 1) / (len(specs) + 1))
            with demo_clock(at):
                projects.append(actions.project_submit(author=author, cycle=cycle, data=data))
            self.created += 1 + len(spec.lines)
        return projects

    def translate(self, projects: list[Project], *, at: dt.datetime) -> None:
        """The reviewing official adds the English versions of the projects on the ballot."""
        with demo_clock(at):
            for project in projects:
                english = ENGLISH.get(project.title)
                if english is None:
                    continue
                project.refresh_from_db()
                if project.status != Project.Status.ADMITTED:
                    continue
                title, summary = english
                actions.project_translate(
                    actor=self.reviewer,
                    project=project,
                    title_en=title,
                    summary_en=summary,
                    description_en=f"{summary}\n\n{DESCRIPTION_EN}",
                )

    def review(self, projects: list[Project], specs: tuple[DemoProject, ...], *, start: dt.datetime,
               end: dt.datetime, decide: bool = True) -> None:  # fmt: skip
        """Departments review each project on every criterion, then admit or reject it (or its author
        withdraws it); spread over the review phase from `start` to `end`."""
        span = (end - start).total_seconds()
        for index, (project, spec) in enumerate(zip(projects, specs, strict=True)):
            at = start + dt.timedelta(seconds=span * (index + 1) / (len(projects) + 2))
            if spec.status == Project.Status.WITHDRAWN:
                with demo_clock(at):
                    actions.project_withdraw(
                        author=project.author,
                        project=project,
                        reason="Знайшли спонсора; проєкт реалізують без бюджету.",
                    )
                continue
            rejected = spec.status == Project.Status.REJECTED
            with demo_clock(at):
                for criterion in Criterion.values:
                    negative = rejected and criterion == Criterion.LAND
                    actions.review_record(
                        reviewer=self.reviewer,
                        project=project,
                        criterion=criterion,
                        conclusion=Review.Conclusion.NEGATIVE if negative else Review.Conclusion.POSITIVE,
                        reasons=LAND_REFUSAL if negative else REVIEW_OK[criterion],
                        department=self.department,
                    )
                    self.created += 1
            if not decide:
                continue
            with demo_clock(at + DAY):
                if rejected:
                    actions.project_reject(actor=self.reviewer, project=project, reason=LAND_REFUSAL)
                else:
                    actions.project_admit(actor=self.reviewer, project=project)

    def vote(self, cycle: BudgetCycle, *, voters: int, until: dt.datetime, k: int) -> None:
        """Residents vote over the voting phase: online when verified, else at ЦНАП with a passport."""
        with demo_clock(cycle.voting_starts - 2 * DAY):
            actions.admitted_publish(actor=self.admin, cycle=cycle)
        admitted = list(
            Project.objects.filter(cycle=cycle, status=Project.Status.ADMITTED).order_by("number")
        )
        end = min(until, cycle.voting_ends)
        span = (end - cycle.voting_starts).total_seconds()
        chosen = self.rng.sample(self.residents, k=min(len(self.residents), voters))
        for index, voter in enumerate(chosen):
            at = cycle.voting_starts + dt.timedelta(seconds=span * (index + 1) / (len(chosen) + 1))
            choices = _choices(self.rng, admitted, k)
            try:
                with demo_clock(at):
                    if voter.verification_level >= VerificationLevel.STRONG:
                        actions.ballot_cast(voter=voter, cycle=cycle, choices=choices)
                    else:
                        actions.ballot_cast_by_official(
                            official=self.officer,
                            voter=voter,
                            cycle=cycle,
                            choices=choices,
                            channel=Channel.CNAP,
                            identity_document="паспорт громадянина України (ID-картка)",
                        )
            except ApplicationError:
                continue  # e.g. a resident younger than the minimum age
            self.created += 1 + len(choices)

    def results(self, cycle: BudgetCycle) -> None:
        with demo_clock(cycle.voting_ends + 2 * DAY):
            actions.results_compute(actor=self.admin, cycle=cycle)
            for result in CategoryResult.objects.filter(cycle=cycle):
                if result.ties:
                    actions.results_ties_acknowledge(
                        actor=self.admin,
                        result=result,
                        note="Нічию розв'язано за номером проєкту, як передбачено положенням.",
                    )
        with demo_clock(cycle.voting_ends + 5 * DAY):
            actions.results_publish(actor=self.admin, cycle=cycle)
        self.created += CategoryResult.objects.filter(cycle=cycle).count()

    def implement(self, cycle: BudgetCycle, *, now: dt.datetime, finished: bool) -> None:
        """Each winner's implementation, as the departments reported it: a contract, purchases, works.
        Some are done, some on schedule, one is late (its works milestone overdue), one delayed."""
        assert cycle.implementation_starts is not None
        start = cycle.implementation_starts
        winners = list(Project.objects.filter(cycle=cycle, status=Project.Status.WON).order_by("number"))
        for index, project in enumerate(winners):
            fates = ("done", "delayed") if finished else ("done", "on_schedule", "late", "done", "delayed")
            fate = fates[index % len(fates)]
            for step, (title, due_days, pct, spent_share) in enumerate(STEPS):
                due = start + (due_days + 10 * (index % 4)) * DAY
                last = step == len(STEPS) - 1
                if last and fate == "on_schedule":
                    due = now + (30 + 10 * index) * DAY
                completed = due - self.rng.randint(2, 12) * DAY
                if last and fate == "delayed":
                    completed = due + 21 * DAY  # finished three weeks late
                if completed > now or (last and fate in ("late", "on_schedule")):
                    # Not finished: reported as under way (its due date tells whether it is late).
                    at = min(now - 3 * DAY, max(start, due - 30 * DAY))
                    if at <= start:
                        break
                    status = (
                        Milestone.Status.DELAYED
                        if fate == "late" and due < now
                        else Milestone.Status.IN_PROGRESS
                    )
                    with demo_clock(at):
                        actions.milestone_add(
                            actor=self.reviewer,
                            project=project,
                            data=actions.MilestoneIn(
                                title=title,
                                description=PENDING[step] if status == Milestone.Status.IN_PROGRESS else LATE,
                                due_date=timezone.localdate(due),
                                status=status,
                                progress=max(pct - 25, 5),
                                spent=int(project.cost * spent_share * 0.6),
                            ),
                        )
                    self.created += 1
                    break
                with demo_clock(completed):
                    actions.milestone_add(
                        actor=self.reviewer,
                        project=project,
                        data=actions.MilestoneIn(
                            title=title,
                            description=DONE[step],
                            due_date=timezone.localdate(due),
                            completed_on=timezone.localdate(completed),
                            status=Milestone.Status.DONE,
                            progress=pct,
                            spent=int(project.cost * spent_share),
                        ),
                    )
                self.created += 1


STEPS = (
    ("Укладено договір з підрядником", 45, 10, 0.1),
    ("Закуплено обладнання та матеріали", 120, 60, 0.7),
    ("Роботи завершено, об'єкт відкрито", 200, 100, 0.97),
)
DONE = (
    "Договір укладено за результатами відкритих торгів у Prozorro; ціна нижча за кошторис.",
    "Обладнання та матеріали поставлено й прийнято комісією.",
    "Роботи прийнято, об'єкт відкрито для мешканців; гарантійний строк — два роки.",
)
PENDING = (
    "Оголошено відкриті торги; пропозиції розглядає тендерний комітет.",
    "Постачальник відвантажує обладнання частинами; частину вже прийнято.",
    "Підрядник виконує монтаж; завершення — у строк за договором.",
)
LATE = "Підрядник порушив строк: постачання затримано, управління направило претензію й нараховує пеню."
DESCRIPTION = "Проєкт подано жителями громади; кошторис додано. Автор готовий допомагати з реалізацією."
DESCRIPTION_EN = (
    "Submitted by residents of the hromada with a cost estimate; the author will help carry it out."
)
LAND_REFUSAL = "Ділянка у приватній власності, згоди власника немає."
REVIEW_OK: dict[str, str] = {
    Criterion.LEGALITY: "Не суперечить законодавству та рішенням ради.",
    Criterion.COMPETENCE: "Належить до повноважень органів місцевого самоврядування.",
    Criterion.LAND: "Ділянка комунальної власності, обмежень немає.",
    Criterion.COST: "Кошторис відповідає ринковим цінам; уточнень не потрібно.",
    Criterion.ACCESSIBILITY: "Результат буде доступний усім мешканцям, зокрема людям з інвалідністю.",
}


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


VILLAGE_PAST = (
    DemoProject(
        "Лавки та смітники біля сільського клубу",
        "Шість лавок і чотири урни.",
        (("Лавка", 6, 6_500), ("Урна", 4, 2_400)),
        "city",
    ),
    DemoProject(
        "Ліхтарі на вулиці Садовій в Озерянах",
        "Вісім ліхтарів на сонячних панелях.",
        (("Ліхтар на сонячній панелі", 8, 14_500),),
        "city",
    ),
    DemoProject(
        "Дитяча гірка біля школи",
        "Гірка й пісочниця на шкільному подвір'ї.",
        (("Гірка", 1, 68_000), ("Пісочниця", 1, 19_000)),
        "city",
    ),
)
VILLAGE_NEXT = (
    DemoProject(
        "Зупинка з навісом у Вербівці",
        "Навіс із лавою на зупинці шкільного автобуса.",
        (("Павільйон зупинки", 1, 74_000), ("Встановлення", 1, 12_000)),
        "city",
    ),
    DemoProject(
        "Тренажери на стадіоні",
        "Чотири вуличні тренажери.",
        (("Вуличний тренажер", 4, 24_000),),
        "city",
    ),
    DemoProject(
        "Оцифрування сільського архіву фотографій",
        "Сканер і зберігання старих фото в бібліотеці.",
        (("Сканер", 1, 32_000), ("Диск для зберігання", 2, 6_500)),
        "city",
    ),
)


def _cast(hromada: Hromada) -> Cast | None:
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
    if admin is None or len(residents) < 5:
        return None
    return Cast(
        admin=admin,
        officer=officer or admin,  # administrators may enter ЦНАП ballots too
        reviewer=membership.user if membership else admin,
        department=membership.department if membership else None,
        residents=residents,
        districts=list(District.objects.filter(hromada=hromada).order_by("name")[:3]),
    )


def budget_demo_load(*, hromada: Hromada, progress: Callable[[str], object] | None = None) -> int:
    """Create the hromada's demo cycles, sized to it; returns how many rows were created.

    A city (several districts, many residents): the cycle for the year before last, implemented; last
    year's, voted a year ago and being implemented (some milestones done, one late, one delayed); next
    year's with voting open now. A village: last year's small cycle, implemented, and next year's in
    its submission phase, with projects submitted and one under review, so submission and department
    review can be tried.
    """
    now = timezone.now()
    year = timezone.localdate().year
    if BudgetCycle.objects.filter(hromada=hromada, slug=str(year + 1)).exists():
        return 0
    cast = _cast(hromada)
    if cast is None:
        return 0
    story = _Story(hromada, cast, random.Random(f"budget-demo-{hromada.slug}"))
    village = len(story.districts) < 3
    if village:
        _village(story, now=now, year=year)
    else:
        _city(story, now=now, year=year)
    if progress is not None:
        cycles = BudgetCycle.objects.filter(hromada=hromada).count()
        projects = Project.objects.filter(hromada=hromada).count()
        progress(f"{hromada.slug} · public budget: {cycles} cycles, {projects} projects")
    return story.created


def _schedule(now: dt.datetime, voting_days_ago: float, *, voting_days: int = 21) -> actions.Schedule:
    """A yearly timetable around the vote: a month of submissions, six weeks of review."""
    voting = _at(now, voting_days_ago)
    return actions.Schedule(
        submission_starts=voting - 80 * DAY,
        review_starts=voting - 45 * DAY,
        voting_starts=voting,
        voting_ends=voting + voting_days * DAY,
        implementation_starts=voting + (voting_days + 45) * DAY,
    )


def _past(
    story: _Story,
    *,
    year: int,
    voting_days_ago: float,
    specs: tuple[DemoProject, ...],
    size: Size,
    now: dt.datetime,
    description: str,
    description_en: str = "",
    finished: bool = False,
    **rules: object,
) -> BudgetCycle:
    schedule = _schedule(now, voting_days_ago)
    cycle = story.cycle(
        year=year,
        schedule=schedule,
        size=size,
        description=description,
        description_en=description_en,
        **rules,
    )
    projects = story.submit(cycle, specs, until=cycle.review_starts)
    story.review(projects, specs, start=cycle.review_starts, end=cycle.voting_starts - 3 * DAY)
    story.vote(cycle, voters=size.voters, until=cycle.voting_ends, k=rules.get("max_choices") or 3)  # type: ignore[arg-type]
    story.results(cycle)
    story.implement(cycle, now=now, finished=finished)
    return cycle


def _city(story: _Story, *, now: dt.datetime, year: int) -> None:
    _past(
        story, year=year - 1, voting_days_ago=800, specs=EARLIER, now=now,
        size=Size(per_district=600_000, city=1_600_000, max_project=1_200_000, voters=60),
        description="Цикл на позаминулий рік: усі проєкти-переможці реалізовано.",
        description_en="The cycle of the year before last: every winning project has been carried out.",
        finished=True,
        max_choices=3,
    )  # fmt: skip
    _past(
        story, year=year, voting_days_ago=430, specs=PREVIOUS, now=now,
        size=Size(per_district=700_000, city=1_900_000, max_project=1_200_000, voters=80),
        description="Минулорічний цикл: результати та хід реалізації проєктів-переможців.",
        description_en="Last year's cycle: the results and how the winning projects are being carried out.",
        max_choices=3,
    )  # fmt: skip
    # Next year's cycle: submissions and review done, voting open for three more weeks.
    schedule = actions.Schedule(
        submission_starts=now - 90 * DAY,
        review_starts=now - 55 * DAY,
        voting_starts=now - 7 * DAY,
        voting_ends=now + 21 * DAY,
        implementation_starts=now + 60 * DAY,
    )
    cycle = story.cycle(
        year=year + 1,
        schedule=schedule,
        size=Size(per_district=900_000, city=2_300_000, max_project=1_500_000, voters=45),
        description="Голосуйте за проєкти свого округу та всієї громади. "
        "Переможців визначає метод рівних часток (MES).",
        description_en="Vote for projects of your district and of the whole hromada. "
        "The winners are chosen by the Method of Equal Shares (MES).",
        max_choices=4,
        max_choices_per_category=1,
        counting_rule="mes-add1",
        utility="cost",
        ballot_change_allowed=True,
        vote_min_age=16,
    )
    projects = story.submit(cycle, CURRENT, until=cycle.review_starts)
    story.review(projects, CURRENT, start=cycle.review_starts, end=cycle.voting_starts - 3 * DAY)
    story.translate(projects, at=cycle.voting_starts - 2 * DAY)
    story.vote(cycle, voters=45, until=now - DAY, k=4)


def _village(story: _Story, *, now: dt.datetime, year: int) -> None:
    story.districts = []  # one hromada-wide category: too few people for district quotas
    _past(
        story, year=year, voting_days_ago=430, specs=VILLAGE_PAST, now=now,
        size=Size(per_district=0, city=250_000, max_project=150_000, voters=8),
        description="Минулорічний цикл: результати та хід реалізації.",
        max_choices=2,
    )  # fmt: skip
    # Next year's cycle: ideas are being submitted; the first ones are already being reviewed.
    schedule = actions.Schedule(
        submission_starts=now - 12 * DAY,
        review_starts=now + 18 * DAY,
        voting_starts=now + 50 * DAY,
        voting_ends=now + 64 * DAY,
        implementation_starts=now + 110 * DAY,
    )
    cycle = story.cycle(
        year=year + 1,
        schedule=schedule,
        size=Size(per_district=0, city=300_000, max_project=150_000, voters=0),
        description="Подавайте ідеї до кінця місяця: до 150 000 грн на проєкт.",
        max_choices=2,
    )
    projects = story.submit(cycle, VILLAGE_NEXT, until=now - DAY)
    story.review(projects[:1], VILLAGE_NEXT[:1], start=now - 3 * DAY, end=now - DAY, decide=False)
