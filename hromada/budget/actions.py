"""Every write of the public budget: typed, keyword-only, one transaction, permissions checked, logged.

Officials' decisions are recorded with :func:`~hromada.ledger.audit.audit_record` (``audit.budget_*``);
ballots with :func:`~hromada.ledger.actions.ledger_append` (kind ``budget.ballot.cast`` /
``budget.ballot.changed``), naming the voter only as a salted commitment, and the voter keeps the receipt
(:func:`~hromada.ledger.receipts.receipt_keep`). Notifications are sent after commit. Money is in kopiyky.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.actions import audit_actor
from hromada.accounts.models import User, VerificationLevel
from hromada.core.actions import notification_send
from hromada.core.errors import (
    ApplicationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ensure,
)
from hromada.core.models import Hromada
from hromada.core.permissions import require
from hromada.core.uploads import IMAGES, clean_upload
from hromada.ledger.actions import ledger_append
from hromada.ledger.audit import audit_record
from hromada.ledger.receipts import receipt_keep
from hromada.territory.models import Department, District
from hromada.territory.selectors import district_at

from . import counting
from .models import (
    Appeal,
    Ballot,
    BallotChoice,
    BallotType,
    BudgetCategory,
    BudgetCycle,
    BudgetRules,
    CategoryResult,
    Channel,
    CostLine,
    Criterion,
    EligibilityProof,
    Milestone,
    Phase,
    Project,
    ProjectPhoto,
    ProjectResult,
    ProofKind,
    Review,
    Support,
)
from .money import hryvnias
from .permissions import enters_ballots, manages_budget, reviews_projects

# ------------------------------------------------------------------------------------------------ inputs


@dataclass(frozen=True)
class Schedule:
    """When each phase starts (the end of one phase is the start of the next)."""

    submission_starts: dt.datetime
    review_starts: dt.datetime
    voting_starts: dt.datetime
    voting_ends: dt.datetime
    support_starts: dt.datetime | None = None
    implementation_starts: dt.datetime | None = None


@dataclass(frozen=True)
class CategoryIn:
    """A category as a council sets it; ``key`` identifies it across rules versions."""

    key: str
    name: str
    amount: int
    name_en: str = ""
    kind: str = BudgetCategory.Kind.GENERAL
    district_id: int | None = None
    min_cost: int | None = None
    max_cost: int | None = None
    max_winners: int | None = None


@dataclass(frozen=True)
class RulesIn:
    """Everything a council sets for a cycle (see ``BudgetRules`` for the meaning of each field)."""

    total_amount: int
    min_project_cost: int = 0
    max_project_cost: int | None = None
    submit_min_age: int = 16
    vote_min_age: int = 16
    submit_proofs: tuple[str, ...] = (ProofKind.RESIDENCE,)
    vote_proofs: tuple[str, ...] = (ProofKind.RESIDENCE,)
    vote_min_level: int = VerificationLevel.STRONG
    ballot_type: str = BallotType.APPROVAL
    min_choices: int = 1
    max_choices: int | None = None
    max_choices_per_category: int | None = None
    points_total: int | None = None
    max_points_per_project: int | None = None
    max_rank_length: int | None = None
    counting_rule: str = "greedy"
    utility: str = "cost"
    tie_breaking: str = "project_id"
    ballot_change_allowed: bool = False
    support_threshold: int | None = None

    @classmethod
    def of(cls, rules: BudgetRules) -> RulesIn:
        """The settings of a stored version (to change a few fields with ``dataclasses.replace``)."""
        values = {f.name: getattr(rules, f.name) for f in fields(cls)}
        values["submit_proofs"] = tuple(values["submit_proofs"])
        values["vote_proofs"] = tuple(values["vote_proofs"])
        return cls(**values)


@dataclass(frozen=True)
class CostLineIn:
    item: str
    unit_cost: int
    quantity: int = 1


@dataclass(frozen=True)
class ProjectIn:
    """What an author writes; ``cost_lines`` sum to the project's cost."""

    category_id: int
    title: str
    description: str
    cost_lines: tuple[CostLineIn, ...]
    summary: str = ""
    address: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class ChoiceIn:
    """One project on a ballot: ``points`` for cumulative ballots (1 otherwise). An ordinal ballot ranks
    its choices in the order given (best first)."""

    project_id: int
    points: int = 1


@dataclass(frozen=True)
class BallotReceipt:
    """What a voter gets back: the ballot and the reference of its ledger receipt."""

    ballot: Ballot
    receipt_id: int
    changed: bool = False
    choices: tuple[int, ...] = field(default=())


# ------------------------------------------------------------------------------------------------ helpers


def _now() -> dt.datetime:
    return timezone.now()


def _actor_audit(user: User, hromada: Hromada, verb: str, subject: Any, changes: Any, people: Sequence = ()):
    return audit_record(
        hromada=hromada,
        actor=audit_actor(user=user, hromada=hromada),
        verb=verb,
        subject=subject,
        changes=changes,
        people=list(people),
    )


def _notify(*, hromada: Hromada, recipient: User | None, kind: str, params: dict[str, object]) -> None:
    """Put a message in the recipient's inbox once the transaction has committed (texts: notifications.py)."""
    if recipient is None:
        return
    hromada_id, recipient_id = hromada.pk, recipient.pk

    def send() -> None:
        notification_send(
            hromada=Hromada.objects.get(pk=hromada_id),
            recipient=User.objects.get(pk=recipient_id),
            kind=kind,
            params=params,
        )

    transaction.on_commit(send)


def _managers(hromada: Hromada) -> list[User]:
    return list(
        User.objects.filter(
            hromada_roles__hromada=hromada, hromada_roles__role="administrator", is_active=True
        ).distinct()
    )


def current_rules(cycle: BudgetCycle) -> BudgetRules:
    """The cycle's rules in force: its highest version."""
    rules = BudgetRules.objects.filter(cycle=cycle).order_by("-version").first()
    if rules is None:
        raise ApplicationError(_("This cycle has no rules yet."), code="no_rules")
    return rules


def _phase(cycle: BudgetCycle) -> Phase:
    return cycle.phase_at(_now())


def _same_hromada(hromada: Hromada, *rows: Any) -> None:
    for row in rows:
        if row is not None and getattr(row, "hromada_id", hromada.pk) != hromada.pk:
            raise NotFoundError(_("Not found."))


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def eligibility_problem(
    *, person: User, hromada: Hromada, rules: BudgetRules, purpose: str, in_person: bool = False
) -> str | None:
    """Why ``person`` may not submit (``purpose="submit"``) or vote (``"vote"``) under ``rules``; None if
    they may. ``in_person``: an official checked their identity (paper and ЦНАП ballots)."""
    min_age = rules.submit_min_age if purpose == "submit" else rules.vote_min_age
    proofs = set(rules.submit_proofs if purpose == "submit" else rules.vote_proofs)
    if purpose == "vote" and not in_person and person.verification_level < rules.vote_min_level:
        return _("Verify your identity to vote online (for example with an identity provider or at ЦНАП).")
    if person.birth_date is None:
        return _("Your date of birth is not known; add it to your profile or ask at ЦНАП.")
    if _age_on(person.birth_date, timezone.localdate()) < min_age:
        return _("You must be at least %(age)s years old.") % {"age": min_age}
    if ProofKind.RESIDENCE in proofs and person.hromada_id == hromada.pk:
        return None
    accepted = EligibilityProof.objects.filter(
        hromada=hromada, person=person, kind__in=proofs, status=EligibilityProof.Status.ACCEPTED
    ).exists()
    if accepted:
        return None
    return _(
        "You need a registered residence in the hromada or another accepted proof (work or study here); "
        "declare it and an official will check it."
    )


def _search_text(project: Project) -> str:
    return f"{project.number} {project.title} {project.summary} {project.address}".casefold()


# ------------------------------------------------------------------------------------------------ cycles


def _check_schedule(schedule: Schedule) -> None:
    s = schedule
    ensure(
        s.submission_starts < s.review_starts,
        _("Review must start after submission opens."),
        field="review_starts",
    )
    ensure(
        s.review_starts < s.voting_starts,
        _("Voting must open after the review starts."),
        field="voting_starts",
    )
    ensure(s.voting_starts < s.voting_ends, _("Voting must close after it opens."), field="voting_ends")
    if s.support_starts is not None:
        ensure(
            s.review_starts < s.support_starts < s.voting_starts,
            _("The support phase must lie between the review and the vote."),
            field="support_starts",
        )
    if s.implementation_starts is not None:
        ensure(
            s.implementation_starts >= s.voting_ends,
            _("Implementation starts after voting closes."),
            field="implementation_starts",
        )


def _check_rules(rules: RulesIn) -> None:
    errors: dict[str, list[str]] = defaultdict(list)

    def need(condition: bool, name: str, message: str) -> None:
        if not condition:
            errors[name].append(message)

    need(rules.total_amount > 0, "total_amount", _("The total budget must be positive."))
    need(rules.min_project_cost >= 0, "min_project_cost", _("A cost limit cannot be negative."))
    need(
        rules.max_project_cost is None or rules.max_project_cost >= rules.min_project_cost,
        "max_project_cost",
        _("The maximum cost must not be below the minimum."),
    )
    need(rules.submit_min_age >= 14, "submit_min_age", _("The minimum age is at least 14."))
    need(rules.vote_min_age >= 14, "vote_min_age", _("The minimum age is at least 14."))
    known = set(ProofKind.values)
    need(
        set(rules.submit_proofs) <= known and bool(rules.submit_proofs), "submit_proofs", _("Unknown proof.")
    )
    need(set(rules.vote_proofs) <= known and bool(rules.vote_proofs), "vote_proofs", _("Unknown proof."))
    need(rules.vote_min_level in VerificationLevel.values, "vote_min_level", _("Unknown level."))
    need(rules.ballot_type in BallotType.values, "ballot_type", _("Unknown ballot type."))
    need(rules.min_choices >= 1, "min_choices", _("A ballot has at least one project."))
    need(
        rules.max_choices is None or rules.max_choices >= rules.min_choices,
        "max_choices",
        _("The maximum must not be below the minimum."),
    )
    if rules.ballot_type == BallotType.CUMULATIVE:
        need(bool(rules.points_total), "points_total", _("Say how many points each voter distributes."))
    need(rules.counting_rule in counting.RULE_NAMES, "counting_rule", _("Unknown counting rule."))
    need(rules.utility in ("cost", "cardinality", "points"), "utility", _("Unknown utility."))
    need(rules.tie_breaking in counting.TIE_BREAKS, "tie_breaking", _("Unknown tie-breaking rule."))
    if not errors:
        problem = counting.combination_problem(
            ballot_type=rules.ballot_type, rule=rules.counting_rule, utility=rules.utility
        )
        if problem:
            errors["counting_rule"].append(
                _("This counting rule cannot count these ballots: %(problem)s") % {"problem": problem}
            )
    if errors:
        raise ApplicationError(_("Some rules are not valid."), code="invalid_rules", fields=dict(errors))


def _check_categories(hromada: Hromada, categories: Sequence[CategoryIn], total: int) -> None:
    ensure(categories, _("A cycle needs at least one category."), field="categories")
    keys = [c.key for c in categories]
    ensure(len(set(keys)) == len(keys), _("Category keys must differ."), field="categories")
    for c in categories:
        ensure(
            c.key.strip() and c.name.strip(), _("Every category needs a key and a name."), field="categories"
        )
        ensure(c.amount > 0, _("Every category needs a positive amount."), field="categories")
        ensure(c.kind in BudgetCategory.Kind.values, _("Unknown category kind."), field="categories")
        if c.district_id is not None:
            ensure(
                District.objects.filter(pk=c.district_id, hromada=hromada).exists(),
                _("Unknown district."),
                field="categories",
            )
    ensure(
        sum(c.amount for c in categories) <= total,
        _("The categories together exceed the total budget."),
        field="categories",
    )


def _sync_categories(cycle: BudgetCycle, categories: Sequence[CategoryIn]) -> list[dict[str, Any]]:
    existing = {c.key: c for c in BudgetCategory.objects.filter(cycle=cycle)}
    for position, c in enumerate(categories):
        values = {
            "name": c.name.strip(),
            "name_en": c.name_en.strip(),
            "kind": c.kind,
            "district_id": c.district_id,
            "amount": c.amount,
            "min_cost": c.min_cost,
            "max_cost": c.max_cost,
            "max_winners": c.max_winners,
            "position": position,
        }
        row = existing.pop(c.key, None)
        if row is None:
            BudgetCategory.objects.create(cycle=cycle, key=c.key, **values)
        elif any(getattr(row, k) != v for k, v in values.items()):
            BudgetCategory.objects.filter(pk=row.pk).update(**values)
    for key, row in existing.items():
        ensure(
            not Project.objects.filter(category=row).exists(),
            _("Category “%(key)s” has projects and cannot be removed.") % {"key": key},
            field="categories",
        )
        row.delete()
    return [asdict(c) for c in categories]


@transaction.atomic
def cycle_create(
    *,
    actor: User,
    hromada: Hromada,
    year: int,
    slug: str,
    title: str,
    schedule: Schedule,
    rules: RulesIn,
    categories: Sequence[CategoryIn],
    title_en: str = "",
    description: str = "",
) -> BudgetCycle:
    """Create a year's cycle with version 1 of its rules and its categories (administrators only)."""
    require(
        manages_budget, actor, hromada, _("Only administrators of this hromada manage the public budget.")
    )
    ensure(title.strip(), _("Enter a title."), field="title")
    ensure(slug.strip(), _("Enter a short name."), field="slug")
    _check_schedule(schedule)
    _check_rules(rules)
    _check_categories(hromada, categories, rules.total_amount)
    ensure(
        not BudgetCycle.objects.filter(hromada=hromada, slug=slug).exists(),
        _("A cycle with this short name exists."),
        field="slug",
    )
    cycle = BudgetCycle.objects.create(
        hromada=hromada,
        year=year,
        slug=slug.strip(),
        title=title.strip(),
        title_en=title_en.strip(),
        description=description,
        **asdict(schedule),
    )
    snapshot = _sync_categories(cycle, categories)
    values = asdict(rules)
    values["submit_proofs"] = list(rules.submit_proofs)
    values["vote_proofs"] = list(rules.vote_proofs)
    BudgetRules.objects.create(
        cycle=cycle, version=1, categories_snapshot=snapshot, changed_by=actor, reason="", **values
    )
    _actor_audit(
        actor,
        hromada,
        "budget_cycle.created",
        cycle,
        {"year": year, "slug": cycle.slug, "rules_version": 1, **_public_rules(values, snapshot)},
    )
    return cycle


def _public_rules(values: dict[str, Any], snapshot: list[dict[str, Any]]) -> dict[str, Any]:
    public = {k: (list(v) if isinstance(v, tuple) else v) for k, v in values.items()}
    public["categories"] = [
        {"key": c["key"], "amount": c["amount"], "max_winners": c["max_winners"]} for c in snapshot
    ]
    return public


def _refuse_if_frozen(cycle: BudgetCycle) -> None:
    if cycle.rules_frozen_at is not None or _now() >= cycle.voting_starts:
        raise ConflictError(
            _("Voting has opened: the rules of this cycle are frozen and cannot be changed."),
            code="rules_frozen",
        )


@transaction.atomic
def rules_update(
    *,
    actor: User,
    cycle: BudgetCycle,
    rules: RulesIn,
    categories: Sequence[CategoryIn] | None = None,
    reason: str = "",
) -> BudgetRules:
    """Write the next version of the cycle's rules (and categories); refused once voting has opened."""
    require(
        manages_budget,
        actor,
        cycle.hromada,
        _("Only administrators of this hromada manage the public budget."),
    )
    cycle = BudgetCycle.objects.select_for_update().get(pk=cycle.pk)
    _refuse_if_frozen(cycle)
    _check_rules(rules)
    previous = current_rules(cycle)
    if categories is None:
        categories = [
            CategoryIn(
                key=c.key,
                name=c.name,
                name_en=c.name_en,
                kind=c.kind,
                district_id=c.district_id,
                amount=c.amount,
                min_cost=c.min_cost,
                max_cost=c.max_cost,
                max_winners=c.max_winners,
            )
            for c in cycle.categories.all()
        ]
    _check_categories(cycle.hromada, categories, rules.total_amount)
    snapshot = _sync_categories(cycle, categories)
    values = asdict(rules)
    values["submit_proofs"] = list(rules.submit_proofs)
    values["vote_proofs"] = list(rules.vote_proofs)
    version = BudgetRules.objects.create(
        cycle=cycle,
        version=previous.version + 1,
        categories_snapshot=snapshot,
        changed_by=actor,
        reason=reason.strip()[:500],
        **values,
    )
    before = RulesIn.of(previous)
    changed = {
        k: v
        for k, v in _public_rules(values, snapshot).items()
        if k == "categories" or getattr(before, k) != getattr(rules, k)
    }
    if snapshot == previous.categories_snapshot:
        changed.pop("categories", None)
    _actor_audit(actor, cycle.hromada, "budget_rules.changed", cycle, {"version": version.version, **changed})
    return version


@transaction.atomic
def cycle_update(
    *,
    actor: User,
    cycle: BudgetCycle,
    title: str,
    schedule: Schedule,
    title_en: str = "",
    description: str = "",
) -> BudgetCycle:
    """Change a cycle's title and schedule; the opening of the vote cannot move once it has opened."""
    require(
        manages_budget,
        actor,
        cycle.hromada,
        _("Only administrators of this hromada manage the public budget."),
    )
    cycle = BudgetCycle.objects.select_for_update().get(pk=cycle.pk)
    _check_schedule(schedule)
    if schedule.voting_starts != cycle.voting_starts:
        _refuse_if_frozen(cycle)
        ensure(
            schedule.voting_starts > _now(), _("Voting cannot be moved into the past."), field="voting_starts"
        )
    values = {
        "title": title.strip(),
        "title_en": title_en.strip(),
        "description": description,
        **asdict(schedule),
    }
    changed = {k: v for k, v in values.items() if getattr(cycle, k) != v}
    for k, v in values.items():
        setattr(cycle, k, v)
    cycle.save()
    if changed:
        _actor_audit(
            actor,
            cycle.hromada,
            "budget_cycle.changed",
            cycle,
            {
                k: (v.isoformat() if isinstance(v, dt.datetime) else v)
                for k, v in changed.items()
                if k != "description"
            },
        )
    return cycle


def cycle_freeze(*, cycle: BudgetCycle) -> bool:
    """Freeze the cycle's rules once voting has opened (idempotent); True when this call froze them."""
    now = _now()
    if now < cycle.voting_starts or cycle.rules_frozen_at is not None:
        return False
    with transaction.atomic():
        frozen = BudgetCycle.objects.filter(pk=cycle.pk, rules_frozen_at__isnull=True).update(
            rules_frozen_at=now
        )
        if frozen:
            rules = current_rules(cycle)
            ledger_append(
                hromada=cycle.hromada,
                kind="budget.rules.frozen",
                subject=cycle,
                payload={"rules_version": rules.version, "frozen_at": now.isoformat()},
            )
            cycle.rules_frozen_at = now
    return bool(frozen)


def cycles_freeze_due() -> int:
    """Periodic job: freeze the rules of every cycle whose voting has opened; returns how many."""
    due = BudgetCycle.objects.filter(rules_frozen_at__isnull=True, voting_starts__lte=_now()).select_related(
        "hromada"
    )
    return sum(cycle_freeze(cycle=cycle) for cycle in due)


@transaction.atomic
def admitted_publish(*, actor: User, cycle: BudgetCycle) -> BudgetCycle:
    """Publish the list of projects admitted to the vote (recorded with their numbers)."""
    require(reviews_projects, actor, cycle.hromada, _("Only officials of this hromada may publish the list."))
    cycle = BudgetCycle.objects.select_for_update().get(pk=cycle.pk)
    numbers = list(
        cycle.projects.filter(status=Project.Status.ADMITTED)
        .order_by("number")
        .values_list("number", flat=True)
    )
    ensure(numbers, _("No project has been admitted yet."), code="nothing_admitted")
    cycle.admitted_published_at = _now()
    cycle.save(update_fields=["admitted_published_at", "updated_at"])
    _actor_audit(actor, cycle.hromada, "budget_cycle.admitted_published", cycle, {"admitted": numbers})
    return cycle


# ------------------------------------------------------------------------------------------------ projects


def _check_project(cycle: BudgetCycle, rules: BudgetRules, data: ProjectIn) -> tuple[BudgetCategory, int]:
    errors: dict[str, list[str]] = defaultdict(list)
    category = BudgetCategory.objects.filter(cycle=cycle, pk=data.category_id).first()
    if category is None:
        errors["category"].append(_("Choose a category of this cycle."))
    if not data.title.strip():
        errors["title"].append(_("Enter a title."))
    if len(data.title) > 200:
        errors["title"].append(_("At most 200 characters."))
    if not data.description.strip():
        errors["description"].append(_("Describe the project."))
    if not data.cost_lines:
        errors["cost_lines"].append(_("Add at least one line to the cost estimate."))
    cost = 0
    for number, line in enumerate(data.cost_lines, start=1):
        if not line.item.strip():
            errors[f"cost_lines.{number}"].append(_("Name the item."))
        if line.quantity < 1 or line.unit_cost < 0:
            errors[f"cost_lines.{number}"].append(_("Quantity is at least 1 and cost is not negative."))
        cost += max(line.quantity, 0) * max(line.unit_cost, 0)
    if category is not None and not errors.get("cost_lines"):
        low = category.min_cost if category.min_cost is not None else rules.min_project_cost
        high = category.max_cost if category.max_cost is not None else rules.max_project_cost
        high = min(h for h in (high, category.amount) if h is not None)
        if cost < low:
            errors["cost_lines"].append(
                _("The project costs %(cost)s UAH; the minimum is %(limit)s UAH.")
                % {"cost": hryvnias(cost), "limit": hryvnias(low)}
            )
        if cost > high:
            errors["cost_lines"].append(
                _("The project costs %(cost)s UAH; the maximum is %(limit)s UAH.")
                % {"cost": hryvnias(cost), "limit": hryvnias(high)}
            )
    if (data.lat is None) != (data.lon is None):
        errors["location"].append(_("Give both latitude and longitude, or neither."))
    elif data.lat is not None and data.lon is not None:
        if not (-90 <= data.lat <= 90 and -180 <= data.lon <= 180):
            errors["location"].append(_("The point is not on the map."))
        elif category is not None and category.district is not None:
            from hromada.core.geo import contains

            if not contains(category.district.boundary, data.lon, data.lat):
                errors["location"].append(_("The place is outside the category's district."))
    if errors:
        raise ApplicationError(_("Please correct the project."), code="invalid_project", fields=dict(errors))
    assert category is not None
    return category, cost


def _write_lines(project: Project, lines: Sequence[CostLineIn]) -> None:
    CostLine.objects.filter(project=project).delete()
    CostLine.objects.bulk_create(
        CostLine(
            project=project,
            position=position,
            item=line.item.strip()[:300],
            quantity=line.quantity,
            unit_cost=line.unit_cost,
            amount=line.quantity * line.unit_cost,
        )
        for position, line in enumerate(lines)
    )


def _place(project: Project, category: BudgetCategory, data: ProjectIn) -> None:
    project.address = data.address.strip()[:300]
    project.lat, project.lon = data.lat, data.lon
    if category.district_id is not None:
        project.district_id = category.district_id
    elif data.lat is not None and data.lon is not None:
        found = district_at(hromada=project.hromada, lon=data.lon, lat=data.lat)
        project.district_id = found.pk if found else None
    else:
        project.district_id = None


@transaction.atomic
def project_submit(*, author: User, cycle: BudgetCycle, data: ProjectIn, draft: bool = False) -> Project:
    """Submit (or save as a draft) a project during the submission phase, by an eligible author."""
    cycle = BudgetCycle.objects.select_for_update().select_related("hromada").get(pk=cycle.pk)
    ensure(_phase(cycle) == Phase.SUBMISSION, _("Projects are not being accepted now."), code="wrong_phase")
    rules = current_rules(cycle)
    problem = eligibility_problem(person=author, hromada=cycle.hromada, rules=rules, purpose="submit")
    if problem:
        raise PermissionDeniedError(problem, code="not_eligible")
    category, cost = _check_project(cycle, rules, data)
    number = (Project.objects.filter(cycle=cycle).aggregate(n=Max("number"))["n"] or 0) + 1
    now = _now()
    project = Project(
        hromada=cycle.hromada,
        cycle=cycle,
        category=category,
        number=number,
        author=author,
        title=data.title.strip(),
        summary=data.summary.strip()[:500],
        description=data.description.strip(),
        cost=cost,
        status=Project.Status.DRAFT if draft else Project.Status.SUBMITTED,
        submitted_at=None if draft else now,
    )
    _place(project, category, data)
    project.search_text = _search_text(project)
    project.save()
    _write_lines(project, data.cost_lines)
    if not draft:
        ledger_append(
            hromada=cycle.hromada,
            kind="budget.project.submitted",
            subject=project,
            people=[author],
            payload={"number": number, "title": project.title, "cost": cost, "category": category.key},
        )
    return project


def _own_project(author: User, project: Project) -> Project:
    project = Project.objects.select_for_update().select_related("cycle", "hromada").get(pk=project.pk)
    if project.author_id != author.pk:
        raise PermissionDeniedError(_("Only the author may change this project."))
    return project


@transaction.atomic
def project_update(*, author: User, project: Project, data: ProjectIn, submit: bool = True) -> Project:
    """The author revises their project: freely before review, or when a review asked for a revision
    (a new revision, reviewed again)."""
    project = _own_project(author, project)
    cycle = project.cycle
    phase = _phase(cycle)
    revising = (
        project.status == Project.Status.UNDER_REVIEW
        and project.reviews.filter(
            revision=project.revision, conclusion=Review.Conclusion.NEEDS_REVISION
        ).exists()
    )
    editable = phase == Phase.SUBMISSION and project.status in (
        Project.Status.DRAFT,
        Project.Status.SUBMITTED,
    )
    ensure(editable or revising, _("This project cannot be changed now."), code="not_editable")
    rules = current_rules(cycle)
    category, cost = _check_project(cycle, rules, data)
    project.category = category
    project.title = data.title.strip()
    project.summary = data.summary.strip()[:500]
    project.description = data.description.strip()
    project.cost = cost
    _place(project, category, data)
    if revising:
        project.revision += 1
    elif submit and project.status == Project.Status.DRAFT:
        project.status = Project.Status.SUBMITTED
        project.submitted_at = _now()
    project.search_text = _search_text(project)
    project.save()
    _write_lines(project, data.cost_lines)
    if project.status != Project.Status.DRAFT:
        ledger_append(
            hromada=project.hromada,
            kind="budget.project.revised",
            subject=project,
            people=[author],
            payload={"number": project.number, "revision": project.revision, "cost": cost},
        )
    return project


@transaction.atomic
def project_withdraw(*, author: User, project: Project, reason: str = "") -> Project:
    """The author withdraws their project before voting opens."""
    project = _own_project(author, project)
    ensure(_now() < project.cycle.voting_starts, _("A project cannot be withdrawn once voting has opened."))
    ensure(
        project.status not in (Project.Status.WITHDRAWN, Project.Status.REJECTED),
        _("This project is already out of the vote."),
    )
    project.status = Project.Status.WITHDRAWN
    project.withdrawn_reason = reason.strip()[:500]
    project.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    ledger_append(
        hromada=project.hromada,
        kind="budget.project.withdrawn",
        subject=project,
        people=[author],
        payload={"number": project.number},
    )
    return project


@transaction.atomic
def project_photo_add(
    *,
    actor: User,
    project: Project,
    data: bytes,
    filename: str,
    caption: str = "",
    milestone: Milestone | None = None,
) -> ProjectPhoto:
    """Attach a cleaned photo (EXIF removed) to a project by its author, or to a milestone by an official."""
    project = Project.objects.select_related("hromada").get(pk=project.pk)
    if milestone is not None:
        ensure(milestone.project_id == project.pk, _("Not found."))
        require(reviews_projects, actor, project.hromada)
    elif project.author_id != actor.pk:
        require(reviews_projects, actor, project.hromada, _("Only the author may add photos."))
    ensure(project.photos.count() < 20, _("A project has at most 20 photos."), field="file")
    upload = clean_upload(data, filename=filename, allowed=IMAGES)
    photo = ProjectPhoto(
        project=project,
        milestone=milestone,
        width=upload.width,
        height=upload.height,
        caption=caption.strip()[:300],
        position=project.photos.count(),
    )
    photo.image.save(upload.original_name, upload.as_file(), save=False)
    photo.save()
    return photo


# ------------------------------------------------------------------------------------------------ review


@transaction.atomic
def review_record(
    *,
    reviewer: User,
    project: Project,
    criterion: str,
    conclusion: str,
    reasons: str,
    department: Department | None = None,
) -> Review:
    """A department's reasoned conclusion on one criterion of the project's current revision."""
    project = Project.objects.select_for_update().select_related("hromada", "author").get(pk=project.pk)
    hromada = project.hromada
    require(reviews_projects, reviewer, hromada, _("Only officials of this hromada review projects."))
    _same_hromada(hromada, department)
    ensure(criterion in Criterion.values, _("Unknown criterion."), field="criterion")
    ensure(conclusion in Review.Conclusion.values, _("Unknown conclusion."), field="conclusion")
    ensure(reasons.strip(), _("Give the reasons of the conclusion."), field="reasons")
    ensure(
        project.status in (Project.Status.SUBMITTED, Project.Status.UNDER_REVIEW),
        _("Only submitted projects are reviewed."),
        code="not_reviewable",
    )
    review, _created = Review.objects.update_or_create(
        project=project,
        revision=project.revision,
        criterion=criterion,
        defaults={
            "conclusion": conclusion,
            "reasons": reasons.strip(),
            "department": department,
            "reviewer": reviewer,
        },
    )
    if project.status == Project.Status.SUBMITTED:
        project.status = Project.Status.UNDER_REVIEW
        project.save(update_fields=["status", "updated_at"])
    _actor_audit(
        reviewer,
        hromada,
        "budget_review.recorded",
        project,
        {
            "revision": project.revision,
            "criterion": criterion,
            "conclusion": conclusion,
            "reasons": reasons.strip(),
        },
    )
    if conclusion != Review.Conclusion.POSITIVE:
        _notify(
            hromada=hromada,
            recipient=project.author,
            kind="budget.review",
            params={"title": project.title, "criterion": str(criterion), "reasons": reasons.strip()},
        )
    return review


@transaction.atomic
def project_admit(*, actor: User, project: Project, reason: str = "") -> Project:
    """Admit a project to the vote: every criterion of its current revision reviewed positively."""
    project = Project.objects.select_for_update().select_related("hromada", "author").get(pk=project.pk)
    require(reviews_projects, actor, project.hromada, _("Only officials of this hromada admit projects."))
    ensure(
        project.status in (Project.Status.SUBMITTED, Project.Status.UNDER_REVIEW, Project.Status.APPEAL),
        _("This project is not waiting for a decision."),
        code="not_reviewable",
    )
    if project.status != Project.Status.APPEAL:
        conclusions = dict(
            Review.objects.filter(project=project, revision=project.revision).values_list(
                "criterion", "conclusion"
            )
        )
        missing = [Criterion(c).label for c in Criterion.values if c not in conclusions]
        ensure(
            not missing,
            _("Not every criterion has been reviewed: %(missing)s.")
            % {"missing": ", ".join(map(str, missing))},
            code="review_incomplete",
        )
        ensure(
            set(conclusions.values()) == {Review.Conclusion.POSITIVE},
            _("A project with a negative conclusion or an open revision cannot be admitted."),
            code="review_negative",
        )
    return _decide(actor, project, Project.Status.ADMITTED, reason)


@transaction.atomic
def project_reject(*, actor: User, project: Project, reason: str) -> Project:
    """Reject a project with reasons; the author may appeal."""
    project = Project.objects.select_for_update().select_related("hromada", "author").get(pk=project.pk)
    require(reviews_projects, actor, project.hromada, _("Only officials of this hromada reject projects."))
    ensure(reason.strip(), _("Give the reasons of the rejection."), field="reason")
    ensure(
        project.status in (Project.Status.SUBMITTED, Project.Status.UNDER_REVIEW, Project.Status.APPEAL),
        _("This project is not waiting for a decision."),
        code="not_reviewable",
    )
    return _decide(actor, project, Project.Status.REJECTED, reason)


def _decide(actor: User, project: Project, status: str, reason: str) -> Project:
    ensure(_now() < project.cycle.voting_starts, _("Voting has opened: the list of projects is final."))
    project.status = status
    project.decided_at = _now()
    project.decision_reason = reason.strip()
    project.save(update_fields=["status", "decided_at", "decision_reason", "updated_at"])
    _actor_audit(
        actor,
        project.hromada,
        f"budget_project.{status}",
        project,
        {"number": project.number, "status": status, "reason": project.decision_reason},
    )
    _notify(
        hromada=project.hromada,
        recipient=project.author,
        kind="budget.admitted" if status == Project.Status.ADMITTED else "budget.rejected",
        params={"title": project.title, "reason": reason.strip()},
    )
    return project


@transaction.atomic
def project_appeal(*, author: User, project: Project, text: str) -> Appeal:
    """The author appeals against the rejection of their project (one pending appeal at a time)."""
    project = _own_project(author, project)
    ensure(
        project.status == Project.Status.REJECTED,
        _("Only a rejected project can be appealed."),
        code="not_rejected",
    )
    ensure(_now() < project.cycle.voting_starts, _("Voting has opened: it is too late to appeal."))
    ensure(text.strip(), _("Say why the decision is wrong."), field="text")
    appeal = Appeal.objects.create(project=project, text=text.strip())
    project.status = Project.Status.APPEAL
    project.save(update_fields=["status", "updated_at"])
    ledger_append(
        hromada=project.hromada,
        kind="budget.project.appealed",
        subject=project,
        people=[author],
        payload={"number": project.number},
    )
    for manager in _managers(project.hromada):
        _notify(
            hromada=project.hromada,
            recipient=manager,
            kind="budget.appeal",
            params={"number": project.number},
        )
    return appeal


@transaction.atomic
def appeal_decide(*, actor: User, appeal: Appeal, upheld: bool, reason: str) -> Appeal:
    """Decide an appeal: upheld admits the project, dismissed keeps it rejected."""
    appeal = (
        Appeal.objects.select_for_update()
        .select_related("project__hromada", "project__author")
        .get(pk=appeal.pk)
    )
    project = appeal.project
    require(manages_budget, actor, project.hromada, _("Only administrators of this hromada decide appeals."))
    ensure(appeal.status == Appeal.Status.PENDING, _("This appeal has been decided."), code="decided")
    ensure(reason.strip(), _("Give the reasons of the decision."), field="reason")
    appeal.status = Appeal.Status.UPHELD if upheld else Appeal.Status.DISMISSED
    appeal.decided_by = actor
    appeal.decided_at = _now()
    appeal.decision_reason = reason.strip()
    appeal.save()
    project = (
        Project.objects.select_for_update().select_related("cycle", "hromada", "author").get(pk=project.pk)
    )
    _decide(actor, project, Project.Status.ADMITTED if upheld else Project.Status.REJECTED, reason)
    return appeal


# ------------------------------------------------------------------------------------------------ eligibility


@transaction.atomic
def eligibility_proof_declare(
    *, person: User, hromada: Hromada, kind: str, document: str = ""
) -> EligibilityProof:
    """A person declares a tie to the hromada (work, study, …) for an official to check."""
    ensure(kind in ProofKind.values, _("Unknown proof."), field="kind")
    proof, created = EligibilityProof.objects.get_or_create(
        hromada=hromada, person=person, kind=kind, defaults={"document": document.strip()[:200]}
    )
    if not created and proof.status == EligibilityProof.Status.REFUSED:
        proof.status = EligibilityProof.Status.PENDING
        proof.document = document.strip()[:200]
        proof.save(update_fields=["status", "document", "updated_at"])
    return proof


@transaction.atomic
def eligibility_proof_check(
    *, official: User, proof: EligibilityProof, accepted: bool, reason: str = ""
) -> EligibilityProof:
    """An official who saw the document accepts or refuses a declared proof."""
    proof = EligibilityProof.objects.select_for_update().select_related("hromada").get(pk=proof.pk)
    require(
        enters_ballots, official, proof.hromada, _("Only ЦНАП administrators of this hromada check proofs.")
    )
    ensure(proof.person_id != official.pk, _("You cannot check your own proof."))
    proof.status = EligibilityProof.Status.ACCEPTED if accepted else EligibilityProof.Status.REFUSED
    proof.checked_by, proof.checked_at, proof.reason = official, _now(), reason.strip()[:500]
    proof.save()
    _actor_audit(official, proof.hromada, "budget_proof.checked", proof, ["status"])
    return proof


# ------------------------------------------------------------------------------------------------ support


@transaction.atomic
def support_add(*, person: User, project: Project) -> Support:
    """Sign in support of an admitted project during the support phase (once per person and project)."""
    project = Project.objects.select_related("cycle", "hromada").get(pk=project.pk)
    cycle = project.cycle
    ensure(_phase(cycle) == Phase.SUPPORT, _("Projects are not collecting support now."), code="wrong_phase")
    ensure(project.status == Project.Status.ADMITTED, _("Only admitted projects collect support."))
    problem = eligibility_problem(
        person=person, hromada=cycle.hromada, rules=current_rules(cycle), purpose="vote"
    )
    if problem:
        raise PermissionDeniedError(problem, code="not_eligible")
    try:
        with transaction.atomic():
            support = Support.objects.create(project=project, person=person)
    except IntegrityError:
        raise ConflictError(_("You already support this project."), code="already_supported") from None
    ledger_append(
        hromada=cycle.hromada,
        kind="budget.project.supported",
        subject=project,
        people=[person],
        payload={"number": project.number},
    )
    return support


# ------------------------------------------------------------------------------------------------ ballots


def ballot_projects(cycle: BudgetCycle, rules: BudgetRules) -> dict[int, Project]:
    """The projects on the ballot: admitted, and with enough support when a threshold is set."""
    qs = Project.objects.filter(
        cycle=cycle, status__in=[Project.Status.ADMITTED, Project.Status.WON, Project.Status.LOST]
    )
    if rules.support_threshold and cycle.support_starts is not None:
        from django.db.models import Count

        qs = qs.annotate(n=Count("supports")).filter(n__gte=rules.support_threshold)
    return {p.pk: p for p in qs.select_related("category")}


def ballot_problems(
    *, rules: BudgetRules, projects: dict[int, Project], choices: Sequence[ChoiceIn]
) -> dict[str, list[str]]:
    """Field errors of a ballot under the rules; empty when the ballot is valid."""
    errors: dict[str, list[str]] = defaultdict(list)
    ids = [c.project_id for c in choices]
    if len(set(ids)) != len(ids):
        errors["choices"].append(_("A project appears twice on the ballot."))
    for index, choice in enumerate(choices):
        if choice.project_id not in projects:
            errors[f"choices.{index}.project_id"].append(_("This project is not on the ballot."))
    if errors:
        return dict(errors)
    if len(choices) < rules.min_choices:
        errors["choices"].append(_("Choose at least %(n)s projects.") % {"n": rules.min_choices})
    if rules.max_choices is not None and len(choices) > rules.max_choices:
        errors["choices"].append(_("Choose at most %(n)s projects.") % {"n": rules.max_choices})
    per_category = Counter(projects[c.project_id].category_id for c in choices)
    if rules.max_choices_per_category is not None:
        for category_id, count in per_category.items():
            if count > rules.max_choices_per_category:
                name = next(
                    projects[c.project_id].category.name
                    for c in choices
                    if projects[c.project_id].category_id == category_id
                )
                errors["choices"].append(
                    _("Choose at most %(n)s projects in “%(category)s”.")
                    % {"n": rules.max_choices_per_category, "category": name}
                )
    kind = rules.ballot_type
    if kind in (BallotType.APPROVAL, BallotType.COST_APPROVAL, BallotType.ORDINAL):
        for index, choice in enumerate(choices):
            if choice.points != 1:
                errors[f"choices.{index}.points"].append(_("This ballot has no points."))
    if kind == BallotType.COST_APPROVAL:
        spent: dict[int, int] = defaultdict(int)
        for choice in choices:
            spent[projects[choice.project_id].category_id] += projects[choice.project_id].cost
        for category_id, total in spent.items():
            category = next(
                projects[c.project_id].category
                for c in choices
                if projects[c.project_id].category_id == category_id
            )
            if total > category.amount:
                errors["choices"].append(
                    _(
                        "The projects you chose in “%(category)s” cost %(cost)s UAH, "
                        "more than its %(amount)s UAH."
                    )
                    % {
                        "category": category.name,
                        "cost": hryvnias(total),
                        "amount": hryvnias(category.amount),
                    }
                )
        if sum(spent.values()) > rules.total_amount:
            errors["choices"].append(_("The projects you chose cost more than the whole budget."))
    if kind == BallotType.CUMULATIVE:
        total_points = sum(c.points for c in choices)
        for index, choice in enumerate(choices):
            if choice.points < 1:
                errors[f"choices.{index}.points"].append(_("Give at least one point."))
            if rules.max_points_per_project is not None and choice.points > rules.max_points_per_project:
                errors[f"choices.{index}.points"].append(
                    _("At most %(n)s points per project.") % {"n": rules.max_points_per_project}
                )
        if rules.points_total is not None and total_points > rules.points_total:
            errors["choices"].append(
                _("You gave %(given)s points; you have %(total)s.")
                % {"given": total_points, "total": rules.points_total}
            )
    if (
        kind == BallotType.ORDINAL
        and rules.max_rank_length is not None
        and len(choices) > rules.max_rank_length
    ):
        errors["choices"].append(_("Rank at most %(n)s projects.") % {"n": rules.max_rank_length})
    return dict(errors)


def _write_choices(ballot: Ballot, rules: BudgetRules, choices: Sequence[ChoiceIn]) -> None:
    ordinal = rules.ballot_type == BallotType.ORDINAL
    BallotChoice.objects.bulk_create(
        BallotChoice(
            ballot=ballot, project_id=c.project_id, points=c.points, rank=index + 1 if ordinal else None
        )
        for index, c in enumerate(choices)
    )


def _ballot_entry(
    *, cycle: BudgetCycle, voter: User, ballot: Ballot, kind: str, official: User | None
) -> int:
    people: list[Any] = [voter] if official is None else [voter, official]
    payload: dict[str, Any] = {
        "cycle": cycle.slug,
        "channel": ballot.channel,
        "version": ballot.version,
        "rules_version": ballot.rules_version,
    }
    if official is not None:
        payload["entered_by"] = audit_actor(user=official, hromada=cycle.hromada).as_payload()
    receipt = ledger_append(hromada=cycle.hromada, kind=kind, subject=cycle, people=people, payload=payload)
    receipt_keep(
        user=voter,
        receipt=receipt,
        reference=voter,
        title=_("Your vote in “%(cycle)s” is recorded") % {"cycle": cycle.title},
    )
    return receipt.receipt_id


def _cast(
    *,
    cycle: BudgetCycle,
    voter: User,
    choices: Sequence[ChoiceIn],
    channel: str,
    official: User | None,
    identity_document: str,
    must_exist: bool,
) -> BallotReceipt:
    cycle = BudgetCycle.objects.select_related("hromada").get(pk=cycle.pk)
    hromada = cycle.hromada
    ensure(_phase(cycle) == Phase.VOTING, _("Voting is not open."), code="voting_closed")
    cycle_freeze(cycle=cycle)
    rules = current_rules(cycle)
    problem = eligibility_problem(
        person=voter, hromada=hromada, rules=rules, purpose="vote", in_person=official is not None
    )
    if problem:
        raise PermissionDeniedError(problem, code="not_eligible")
    projects = ballot_projects(cycle, rules)
    errors = ballot_problems(rules=rules, projects=projects, choices=choices)
    if errors:
        raise ApplicationError(_("The ballot is not valid."), code="invalid_ballot", fields=errors)
    existing = Ballot.objects.select_for_update().filter(cycle=cycle, voter=voter).first()
    if existing is None and must_exist:
        raise NotFoundError(_("You have not voted in this cycle yet."), code="no_ballot")
    ballot: Ballot | None = None
    if existing is None:
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    hromada=hromada,
                    cycle=cycle,
                    voter=voter,
                    channel=channel,
                    entered_by=official,
                    identity_document=identity_document,
                    rules_version=rules.version,
                    cast_at=_now(),
                )
        except IntegrityError:
            # Another channel's ballot of the same person committed first: treat ours as a change of it.
            existing = Ballot.objects.select_for_update().filter(cycle=cycle, voter=voter).first()
            if existing is None:
                raise
    if ballot is not None:
        _write_choices(ballot, rules, choices)
        receipt_id = _ballot_entry(
            cycle=cycle, voter=voter, ballot=ballot, kind="budget.ballot.cast", official=official
        )
        changed = False
    else:
        assert existing is not None
        if not rules.ballot_change_allowed:
            raise ConflictError(
                _(
                    "This person has already voted in this cycle (one ballot per person, whatever the "
                    "channel), and the rules do not allow changing a ballot."
                ),
                code="already_voted",
            )
        ballot = existing
        BallotChoice.objects.filter(ballot=ballot).delete()
        _write_choices(ballot, rules, choices)
        Ballot.objects.filter(pk=ballot.pk).update(
            version=F("version") + 1,
            channel=channel,
            entered_by=official,
            identity_document=identity_document,
            rules_version=rules.version,
            cast_at=_now(),
        )
        ballot.refresh_from_db()
        receipt_id = _ballot_entry(
            cycle=cycle, voter=voter, ballot=ballot, kind="budget.ballot.changed", official=official
        )
        changed = True
    Ballot.objects.filter(pk=ballot.pk).update(receipt_id=receipt_id)
    ballot.receipt_id = receipt_id
    return BallotReceipt(
        ballot=ballot, receipt_id=receipt_id, changed=changed, choices=tuple(c.project_id for c in choices)
    )


@transaction.atomic
def ballot_cast(
    *, voter: User, cycle: BudgetCycle, choices: Sequence[ChoiceIn], channel: str = Channel.WEB
) -> BallotReceipt:
    """Cast the voter's online ballot, validated against the frozen rules; one ballot per person across
    all channels (a second ballot is a 409 ``already_voted`` unless the rules allow changing it, in which
    case it replaces the first). Writes a ledger entry and keeps the voter's receipt."""
    ensure(channel in (Channel.WEB, Channel.API), _("Online ballots come from the site or the API."))
    return _cast(
        cycle=cycle,
        voter=voter,
        choices=choices,
        channel=channel,
        official=None,
        identity_document="",
        must_exist=False,
    )


@transaction.atomic
def ballot_cast_by_official(
    *,
    official: User,
    voter: User,
    cycle: BudgetCycle,
    choices: Sequence[ChoiceIn],
    channel: str,
    identity_document: str,
) -> BallotReceipt:
    """Enter a paper or ЦНАП ballot after checking the voter's identity document in person. The same
    one-ballot constraint applies: a person who voted online cannot vote again on paper."""
    require(
        enters_ballots, official, cycle.hromada, _("Only ЦНАП administrators of this hromada enter ballots.")
    )
    ensure(channel in (Channel.PAPER, Channel.CNAP), _("Choose the paper or ЦНАП channel."), field="channel")
    ensure(
        identity_document.strip(), _("Say which identity document you checked."), field="identity_document"
    )
    ensure(official.pk != voter.pk, _("You cannot enter your own ballot."), code="self_entry")
    return _cast(
        cycle=cycle,
        voter=voter,
        choices=choices,
        channel=channel,
        official=official,
        identity_document=identity_document.strip()[:60],
        must_exist=False,
    )


@transaction.atomic
def ballot_change(
    *, voter: User, cycle: BudgetCycle, choices: Sequence[ChoiceIn], channel: str = Channel.WEB
) -> BallotReceipt:
    """Replace the voter's ballot atomically before the close, when the rules allow it; logged."""
    return _cast(
        cycle=cycle,
        voter=voter,
        choices=choices,
        channel=channel,
        official=None,
        identity_document="",
        must_exist=True,
    )


# ------------------------------------------------------------------------------------------------ results


@transaction.atomic
def results_compute(*, actor: User, cycle: BudgetCycle) -> list[CategoryResult]:
    """Count every category with the cycle's frozen rule through the rules core and store the outcome and
    the explanation per project. Ties are stored and reported to the administrators; results with ties
    are published only after an administrator acknowledged them."""
    require(manages_budget, actor, cycle.hromada, _("Only administrators of this hromada compute results."))
    cycle = BudgetCycle.objects.select_for_update().select_related("hromada").get(pk=cycle.pk)
    ensure(_now() >= cycle.voting_ends, _("Voting has not closed yet."), code="voting_open")
    ensure(cycle.results_published_at is None, _("The results are published and final."), code="published")
    cycle_freeze(cycle=cycle)
    rules = current_rules(cycle)
    CategoryResult.objects.filter(cycle=cycle).delete()
    stored = []
    tie_report = []
    now = _now()
    for counted in counting.count_cycle(cycle=cycle, rules=rules):
        result = CategoryResult.objects.create(
            cycle=cycle,
            category=counted.category,
            rules_version=rules.version,
            rule=rules.counting_rule,
            utility=counted.utility,
            budget=counted.category.amount,
            total_cost=counted.total_cost,
            voters=counted.voters,
            winners=list(counted.winners),
            ties=counted.ties,
            computed_at=now,
        )
        ProjectResult.objects.bulk_create(
            ProjectResult(
                result=result,
                project_id=line.project_id,
                votes=line.votes,
                points=line.points,
                won=line.won,
                position=line.position,
                explanation=line.reason,
                details=line.details,
            )
            for line in counted.lines
        )
        stored.append(result)
        if counted.ties:
            tie_report.append(counted.category.name)
    _actor_audit(
        actor,
        cycle.hromada,
        "budget_results.computed",
        cycle,
        {
            "rules_version": rules.version,
            "rule": rules.counting_rule,
            "winners": {r.category.key: list(r.winners) for r in stored},
            "ties": {r.category.key: len(r.ties) for r in stored if r.ties},
        },
    )
    if tie_report:
        for manager in _managers(cycle.hromada):
            _notify(
                hromada=cycle.hromada,
                recipient=manager,
                kind="budget.ties",
                params={"cycle": cycle.title, "categories": ", ".join(tie_report)},
            )
    return stored


@transaction.atomic
def results_ties_acknowledge(*, actor: User, result: CategoryResult, note: str) -> CategoryResult:
    """An administrator confirms they checked the ties of a category's count (with a public note)."""
    result = (
        CategoryResult.objects.select_for_update()
        .select_related("cycle__hromada", "category")
        .get(pk=result.pk)
    )
    hromada = result.cycle.hromada
    require(manages_budget, actor, hromada, _("Only administrators of this hromada handle results."))
    ensure(result.ties, _("This count met no ties."))
    ensure(
        not any(t.get("chosen") is None for t in result.ties),
        _("The counting rule could not break a tie; the council must decide how to proceed."),
        code="tie_unresolved",
    )
    ensure(note.strip(), _("Write a note for the public on how the ties were checked."), field="note")
    result.ties_acknowledged_by = actor
    result.ties_note = note.strip()
    result.save(update_fields=["ties_acknowledged_by", "ties_note", "updated_at"])
    _actor_audit(
        actor,
        hromada,
        "budget_results.ties_acknowledged",
        result.cycle,
        {"category": result.category.key, "note": result.ties_note},
    )
    return result


@transaction.atomic
def results_publish(*, actor: User, cycle: BudgetCycle) -> BudgetCycle:
    """Publish the computed results; winners become ``won`` and the others ``lost``."""
    require(manages_budget, actor, cycle.hromada, _("Only administrators of this hromada publish results."))
    cycle = BudgetCycle.objects.select_for_update().select_related("hromada").get(pk=cycle.pk)
    ensure(cycle.results_published_at is None, _("The results are already published."), code="published")
    results = list(CategoryResult.objects.filter(cycle=cycle).select_related("category"))
    ensure(results, _("Compute the results first."), code="not_computed")
    for result in results:
        ensure(
            not result.ties or result.ties_acknowledged_by_id is not None,
            _("The ties in “%(category)s” must be acknowledged first.") % {"category": result.category.name},
            code="ties_pending",
        )
    now = _now()
    won = [int(n) for r in results for n in r.winners]
    on_ballot = ProjectResult.objects.filter(result__cycle=cycle).values_list("project_id", flat=True)
    Project.objects.filter(cycle=cycle, number__in=won).update(status=Project.Status.WON)
    Project.objects.filter(pk__in=on_ballot).exclude(number__in=won).update(status=Project.Status.LOST)
    CategoryResult.objects.filter(cycle=cycle).update(published_at=now)
    cycle.results_published_at = now
    cycle.save(update_fields=["results_published_at", "updated_at"])
    _actor_audit(actor, cycle.hromada, "budget_results.published", cycle, {"winners": sorted(won)})
    for project in Project.objects.filter(pk__in=on_ballot).select_related("author"):
        _notify(
            hromada=cycle.hromada,
            recipient=project.author,
            kind="budget.won" if project.status == Project.Status.WON else "budget.not_funded",
            params={"title": project.title},
        )
    return cycle


# ---------------------------------------------------------------------------------------- implementation


@dataclass(frozen=True)
class MilestoneIn:
    title: str
    description: str = ""
    due_date: dt.date | None = None
    completed_on: dt.date | None = None
    status: str = Milestone.Status.PLANNED
    progress: int = 0
    spent: int = 0


def _check_milestone(data: MilestoneIn) -> None:
    ensure(data.title.strip(), _("Enter a title."), field="title")
    ensure(data.status in Milestone.Status.values, _("Unknown status."), field="status")
    ensure(0 <= data.progress <= 100, _("Progress is between 0 and 100 %."), field="progress")
    ensure(data.spent >= 0, _("Money spent cannot be negative."), field="spent")


def _track(project: Project, milestone: Milestone) -> None:
    project.progress = milestone.progress
    project.spent = milestone.spent
    if milestone.progress >= 100 and milestone.status == Milestone.Status.DONE:
        project.status = Project.Status.DONE
    elif project.status == Project.Status.WON:
        project.status = Project.Status.IMPLEMENTING
    project.save(update_fields=["progress", "spent", "status", "updated_at"])


@transaction.atomic
def milestone_add(*, actor: User, project: Project, data: MilestoneIn) -> Milestone:
    """Record an implementation milestone of a winning project (progress and money spent so far)."""
    project = Project.objects.select_for_update().select_related("hromada").get(pk=project.pk)
    require(
        reviews_projects, actor, project.hromada, _("Only officials of this hromada track implementation.")
    )
    ensure(
        project.status in (Project.Status.WON, Project.Status.IMPLEMENTING, Project.Status.DONE),
        _("Only winning projects are tracked."),
        code="not_winner",
    )
    _check_milestone(data)
    milestone = Milestone.objects.create(
        project=project, recorded_by=actor, **{**asdict(data), "title": data.title.strip()}
    )
    _track(project, milestone)
    _actor_audit(actor, project.hromada, "budget_milestone.added", project, _milestone_public(milestone))
    return milestone


@transaction.atomic
def milestone_update(*, actor: User, milestone: Milestone, data: MilestoneIn) -> Milestone:
    """Change a milestone (status, progress, money spent); the project shows its latest numbers."""
    milestone = Milestone.objects.select_for_update().select_related("project__hromada").get(pk=milestone.pk)
    project = milestone.project
    require(
        reviews_projects, actor, project.hromada, _("Only officials of this hromada track implementation.")
    )
    _check_milestone(data)
    for key, value in asdict(data).items():
        setattr(milestone, key, value)
    milestone.save()
    latest = project.milestones.order_by("-updated_at", "-id").first()
    _track(project, latest or milestone)
    _actor_audit(actor, project.hromada, "budget_milestone.changed", project, _milestone_public(milestone))
    return milestone


def _milestone_public(m: Milestone) -> dict[str, Any]:
    return {
        "milestone": m.pk,
        "title": m.title,
        "status": m.status,
        "progress": m.progress,
        "spent": m.spent,
        "due_date": m.due_date.isoformat() if m.due_date else None,
        "completed_on": m.completed_on.isoformat() if m.completed_on else None,
    }


__all__ = [
    "BallotReceipt",
    "CategoryIn",
    "ChoiceIn",
    "CostLineIn",
    "MilestoneIn",
    "ProjectIn",
    "RulesIn",
    "Schedule",
    "admitted_publish",
    "appeal_decide",
    "ballot_cast",
    "ballot_cast_by_official",
    "ballot_change",
    "ballot_problems",
    "ballot_projects",
    "current_rules",
    "cycle_create",
    "cycle_freeze",
    "cycle_update",
    "cycles_freeze_due",
    "eligibility_problem",
    "eligibility_proof_check",
    "eligibility_proof_declare",
    "milestone_add",
    "milestone_update",
    "project_admit",
    "project_appeal",
    "project_photo_add",
    "project_reject",
    "project_submit",
    "project_update",
    "project_withdraw",
    "results_compute",
    "results_publish",
    "results_ties_acknowledge",
    "review_record",
    "rules_update",
    "support_add",
]
