"""The demo is internally consistent: the platform's own checks pass over every row it loads.

One load, then every check the platform applies when the same rows are written for real: each row's
`full_clean()` (fields, choices, model constraints), the public budget's cost limits and phase dates, the
petitions' statuses against their dates and thresholds, and each hromada's transparency-log check. A
problem is collected with the row it concerns, so a failure lists all of them at once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import JSONField, Sum
from django.utils import timezone

from hromada.budget.models import Ballot, BudgetCycle, Milestone, Project
from hromada.budget.selectors import cycle_phase, rules_current
from hromada.core.models import Hromada
from hromada.ledger.actions import ledger_publish
from hromada.ledger.selectors import log_check
from hromada.petitions.models import Petition, PetitionStatus, PetitionTally, Signature
from hromada.portal.models import Article, HelpPage

pytestmark = pytest.mark.django_db(transaction=False)

OUR_APPS = {"core", "territory", "accounts", "portal", "petitions", "budget"}


@pytest.fixture
def loaded(demo_loaded, db):
    return timezone.now()


def _full_clean_problems() -> list[str]:
    problems = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model._meta.proxy or not model._meta.managed:
            continue
        json_fields = [f for f in model._meta.concrete_fields if isinstance(f, JSONField)]
        for row in model._base_manager.all():
            # An empty list in a JSON field without blank=True (budget.CategoryResult.ties, written by
            # results_compute when there is no tie) fails only the form-level "blank" check: not a data fault.
            empty = [f.name for f in json_fields if getattr(row, f.attname) in ([], {})]
            try:
                row.full_clean(exclude=empty)
            except ValidationError as error:
                problems.append(f"{model._meta.label} {row.pk}: {error.message_dict}")
    return problems


def _budget_problems(now: dt.datetime) -> list[str]:
    problems = []
    today = timezone.localdate(now)
    for cycle in BudgetCycle.objects.select_related("hromada"):
        rules = rules_current(cycle=cycle)
        phase = cycle_phase(cycle=cycle).phase
        where = f"{cycle.hromada.slug} {cycle.slug}"
        projects = Project.objects.filter(cycle=cycle).select_related("category")
        for p in projects:
            category = p.category
            low = category.min_cost if category.min_cost is not None else rules.min_project_cost
            high = category.max_cost if category.max_cost is not None else rules.max_project_cost
            limits = [h for h in (high, category.amount) if h is not None]
            if p.cost < low or p.cost > min(limits):
                problems.append(f"{where} project {p.number}: cost {p.cost} outside {low}..{min(limits)}")
            lines = p.cost_lines.aggregate(total=Sum("amount"))["total"] or 0
            if lines != p.cost:
                problems.append(f"{where} project {p.number}: cost lines {lines} ≠ cost {p.cost}")
            if p.submitted_at and not (cycle.submission_starts <= p.submitted_at < cycle.review_starts):
                problems.append(f"{where} project {p.number}: submitted outside the submission phase")
            if p.decided_at and p.decided_at >= cycle.voting_starts:
                problems.append(f"{where} project {p.number}: decided after voting opened")
            if p.status in ("won", "lost", "implementing", "done") and cycle.results_published_at is None:
                problems.append(f"{where} project {p.number}: {p.status} without published results")
        if cycle.results_published_at is not None:
            for category in cycle.categories.all():
                won = projects.filter(category=category, status__in=["won", "implementing", "done"])
                spent = won.aggregate(total=Sum("cost"))["total"] or 0
                if spent > category.amount:
                    problems.append(f"{where} {category.key}: winners cost {spent} > {category.amount}")
        for ballot in Ballot.objects.filter(cycle=cycle):
            if not (cycle.voting_starts <= ballot.cast_at < min(cycle.voting_ends, now)):
                problems.append(f"{where} ballot {ballot.pk}: cast outside the vote")
        if phase in ("scheduled", "submission", "review") and Ballot.objects.filter(cycle=cycle).exists():
            problems.append(f"{where}: ballots before voting")
    for m in Milestone.objects.select_related("project"):
        where = f"milestone {m.pk} of project {m.project.number}"
        if m.completed_on and m.completed_on > today:
            problems.append(f"{where}: completed in the future")
        if (m.status == Milestone.Status.DONE) != (m.completed_on is not None):
            problems.append(f"{where}: status {m.status} with completed_on {m.completed_on}")
        if m.created_at > now or m.spent > m.project.cost:
            problems.append(f"{where}: recorded in the future or spends more than the project costs")
    return problems


def _petition_problems(now: dt.datetime) -> list[str]:
    problems = []
    for p in Petition.objects.select_related("rules", "hromada"):
        where = f"{p.hromada.slug} petition {p.pk} ({p.status})"
        tally = PetitionTally.objects.filter(petition=p).values_list("count_for", flat=True).first() or 0
        threshold = p.rules.signature_threshold if p.rules else None
        moments = [p.created_at, p.submitted_at, p.published_at, p.threshold_reached_at, p.forwarded_at,
                   p.answered_at, p.rejected_at, p.expired_at]  # fmt: skip
        if any(m is not None and m > now for m in moments):
            problems.append(f"{where}: an event in the future")
        if p.status == PetitionStatus.COLLECTING:
            assert p.collection_ends_at is not None and threshold is not None
            if not now < p.collection_ends_at:
                problems.append(f"{where}: collecting after its term ended")
            if tally >= threshold:
                problems.append(f"{where}: collecting with {tally} of {threshold} signatures")
        if p.status == PetitionStatus.EXPIRED:
            assert p.collection_ends_at is not None and p.expired_at is not None and threshold is not None
            if p.collection_ends_at > p.expired_at or p.collection_ends_at > now:
                problems.append(f"{where}: expired before its term ended")
            if tally >= threshold:
                problems.append(f"{where}: expired with the threshold reached")
        reached = p.status in (PetitionStatus.THRESHOLD_REACHED, PetitionStatus.UNDER_CONSIDERATION)
        if reached and (threshold is None or tally < threshold):
            problems.append(f"{where}: {tally} signatures, below the threshold")
        awaiting = p.status in (PetitionStatus.UNDER_CONSIDERATION, PetitionStatus.EXPIRED)
        if awaiting and (p.answer_due_at is None or p.answer_due_at < now):
            problems.append(f"{where}: answer overdue ({p.answer_due_at})")
        late = p.answered_at and p.answer_due_at and p.answered_at > p.answer_due_at
        if p.status == PetitionStatus.ANSWERED and late:
            problems.append(f"{where}: answered after the deadline")
        for s in Signature.objects.filter(petition=p):
            ends = min(m for m in (p.closed_at, p.collection_ends_at, now) if m is not None)
            if p.published_at is None or not (p.published_at <= s.signed_at <= ends):
                problems.append(f"{where}: signature {s.pk} outside the collection")
    return problems


def test_every_row_the_demo_loads_passes_the_platforms_checks(loaded):
    now = loaded

    problems = _full_clean_problems() + _budget_problems(now) + _petition_problems(now)
    for hromada in Hromada.objects.all():
        ledger_publish(hromada=hromada)
        problems += [f"{hromada.slug} ledger: {problem}" for problem in log_check(hromada=hromada)]

    assert problems == []


def test_the_demo_is_spread_over_past_dates_and_sized_to_each_hromada(loaded):
    now = loaded
    city, village = Hromada.objects.get(slug="svitlohirsk"), Hromada.objects.get(slug="verbivka")

    days = Counter(timezone.localdate(p.created_at) for p in Petition.objects.all())
    assert len(days) == Petition.objects.count()  # no two petitions drafted the same day
    assert min(days) < timezone.localdate(now) - dt.timedelta(days=90)
    assert Article.objects.filter(published_at__gt=now).count() == 0
    for hromada in (city, village):
        assert HelpPage.objects.filter(hromada=hromada, is_published=True).exists()
    assert Project.objects.filter(hromada=village).count() * 3 < Project.objects.filter(hromada=city).count()
    village_total = sum(
        c.categories.aggregate(total=Sum("amount"))["total"]
        for c in BudgetCycle.objects.filter(hromada=village)
    )
    city_total = sum(
        c.categories.aggregate(total=Sum("amount"))["total"] for c in BudgetCycle.objects.filter(hromada=city)
    )
    assert village_total * 10 < city_total
    phases = {
        cycle.slug: cycle_phase(cycle=cycle).phase for cycle in BudgetCycle.objects.filter(hromada=city)
    }
    assert set(phases.values()) >= {"implementation", "voting"}
    assert (
        cycle_phase(cycle=BudgetCycle.objects.filter(hromada=village).order_by("-year").first()).phase
        == "submission"
    )
    overdue = [
        m for m in Milestone.objects.all() if m.due_date < timezone.localdate(now) and not m.completed_on
    ]
    assert overdue, "the demo should show an overdue milestone"
    updates = Counter(m.description for m in Milestone.objects.all())
    assert updates.most_common(1)[0][1] < Milestone.objects.count() / 2


def test_every_demo_place_has_its_english_name(loaded):
    from hromada.territory.models import Department, District, Institution

    unnamed = [
        f"{model.__name__} {row.name}"
        for model in (Institution, District, Department)
        for row in model.objects.filter(name_en="")
    ]

    assert unnamed == []
