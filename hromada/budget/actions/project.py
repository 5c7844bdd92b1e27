"""Projects by their authors: submit (or save a draft), edit, withdraw, add photos."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.core import clock
from hromada.core.errors import ApplicationError, PermissionDeniedError, ensure
from hromada.core.permissions import require
from hromada.core.phases import Feature
from hromada.core.uploads import IMAGES, clean_upload
from hromada.ledger.actions import ledger_append
from hromada.territory.selectors import district_at

from ..inputs import CostLineIn, ProjectIn
from ..models import (
    BudgetCategory,
    BudgetCycle,
    BudgetRules,
    CostLine,
    Milestone,
    Project,
    ProjectPhoto,
    Review,
)
from ..money import hryvnias
from ..permissions import reviews_projects
from ..selectors import eligibility_problem, rules_current
from ._common import _allows, _search_text


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
    ensure(_allows(cycle, Feature.CREATE), _("Projects are not being accepted now."), code="wrong_phase")
    rules = rules_current(cycle=cycle)
    problem = eligibility_problem(person=author, hromada=cycle.hromada, rules=rules, purpose="submit")
    if problem:
        raise PermissionDeniedError(problem, code="not_eligible")
    category, cost = _check_project(cycle, rules, data)
    number = (Project.objects.filter(cycle=cycle).aggregate(n=Max("number"))["n"] or 0) + 1
    now = clock.now()
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
    revising = (
        project.status == Project.Status.UNDER_REVIEW
        and project.reviews.filter(
            revision=project.revision, conclusion=Review.Conclusion.NEEDS_REVISION
        ).exists()
    )
    editable = _allows(cycle, Feature.CREATE) and project.status in (
        Project.Status.DRAFT,
        Project.Status.SUBMITTED,
    )
    ensure(editable or revising, _("This project cannot be changed now."), code="not_editable")
    rules = rules_current(cycle=cycle)
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
        project.submitted_at = clock.now()
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
    ensure(
        clock.now() < project.cycle.voting_starts, _("A project cannot be withdrawn once voting has opened.")
    )
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
def project_translate(
    *, actor: User, project: Project, title_en: str, summary_en: str, description_en: str
) -> Project:
    """Officials add (or clear) the English version of a project; English pages show it, the author's
    Ukrainian text stays the project of record. The back office records the change in the log."""
    project = Project.objects.select_for_update().select_related("hromada").get(pk=project.pk)
    require(reviews_projects, actor, project.hromada, _("Only officials of this hromada translate projects."))
    project.title_en = title_en.strip()[:200]
    project.summary_en = summary_en.strip()[:500]
    project.description_en = description_en.strip()
    project.search_text = _search_text(project)
    project.save(update_fields=["title_en", "summary_en", "description_en", "search_text", "updated_at"])
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
