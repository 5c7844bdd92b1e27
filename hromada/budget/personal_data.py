"""The public budget's part of a person's data: projects and appeals they wrote, their support signatures,
ballots and eligibility proofs, and (for officials) what they decided.

Erasure (decisions per model in docs/accounts.md, "What erasure keeps"):

- a **draft** project (never submitted, never in the log) is deleted with its cost lines and photos;
- a submitted project stays — it went through review, the vote and maybe implementation — with its
  appeals, pointing at the anonymised account;
- a **support** signature stays counted for the shortlist (the row holds nothing but the link);
- a **ballot** stays counted with its choices, channel and receipt id; the identity document an official
  noted for a paper or ЦНАП ballot is replaced by :data:`ERASED` (the database requires a value there);
- an **eligibility proof** keeps its kind, status and who checked it (the reason a ballot counted) but
  loses the document and the official's free-text reason;
- what an official did (rules changes, proofs checked, reviews, appeal decisions, milestones, ballots
  entered, ties acknowledged) stays: acts of public authority, pointing at the anonymised account.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import User
from hromada.core.personal_data import iso
from hromada.core.registry import PersonalData, register_personal_data

from .models import (
    Appeal,
    Ballot,
    BudgetRules,
    CategoryResult,
    Channel,
    EligibilityProof,
    Milestone,
    Project,
    ProjectPhoto,
    Review,
    Support,
)

ERASED = "erased"
"""What an erased person's ballot keeps in place of the identity document an official checked."""


# ---------------------------------------------------------------------------------------- selectors


def projects_authored_by(*, person: User) -> list[Project]:
    """Every project the person proposed, in every hromada, with cost lines and appeals; oldest first."""
    return list(
        Project.objects.filter(author=person)
        .select_related("hromada", "cycle", "district")
        .prefetch_related("cost_lines", "appeals")
        .order_by("created_at", "id")
    )


def supports_given_by(*, person: User) -> list[Support]:
    return list(
        Support.objects.filter(person=person).select_related("project__cycle").order_by("created_at", "id")
    )


def ballots_cast_by(*, person: User) -> list[Ballot]:
    """The person's ballots (one per cycle), with their choices."""
    return list(
        Ballot.objects.filter(voter=person)
        .select_related("hromada", "cycle")
        .prefetch_related("choices__project")
        .order_by("cast_at", "id")
    )


def _project(p: Project) -> dict[str, Any]:
    return {
        "id": p.pk,
        "hromada": p.hromada.name,
        "cycle": p.cycle.title,
        "number": p.number,
        "title": p.title,
        "summary": p.summary,
        "description": p.description,
        "address": p.address,
        "lat": p.lat,
        "lon": p.lon,
        "district": p.district.name if p.district else None,
        "cost_kopiyky": p.cost,
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "submitted_at": iso(p.submitted_at),
        "decided_at": iso(p.decided_at),
        "decision_reason": p.decision_reason,
        "withdrawn_reason": p.withdrawn_reason,
        "cost_lines": [
            {
                "item": c.item,
                "quantity": c.quantity,
                "unit_cost_kopiyky": c.unit_cost,
                "amount_kopiyky": c.amount,
            }
            for c in p.cost_lines.all()
        ],
        "appeals": [
            {
                "text": a.text,
                "status": a.status,
                "status_label": str(a.get_status_display()),
                "at": iso(a.created_at),
                "decided_at": iso(a.decided_at),
                "decision_reason": a.decision_reason,
            }
            for a in p.appeals.all()
        ],
    }


def _ballot(b: Ballot) -> dict[str, Any]:
    return {
        "hromada": b.hromada.name,
        "cycle": b.cycle.title,
        "channel": b.channel,
        "channel_label": str(Channel(b.channel).label),
        "version": b.version,
        "rules_version": b.rules_version,
        "cast_at": iso(b.cast_at),
        "receipt_id": b.receipt_id,
        "identity_document": b.identity_document,
        "entered_by_official": b.entered_by_id is not None,
        "choices": [
            {
                "project": c.project_id,
                "number": c.project.number,
                "title": c.project.title,
                "points": c.points,
                "rank": c.rank,
            }
            for c in b.choices.all()
        ],
    }


def _export(person: User) -> dict[str, Any]:
    proofs = (
        EligibilityProof.objects.filter(person=person).select_related("hromada").order_by("created_at", "id")
    )
    return {
        "projects": [_project(p) for p in projects_authored_by(person=person)],
        "support": [
            {
                "project": s.project_id,
                "number": s.project.number,
                "title": s.project.title,
                "cycle": s.project.cycle.title,
                "at": iso(s.created_at),
            }
            for s in supports_given_by(person=person)
        ],
        "ballots": [_ballot(b) for b in ballots_cast_by(person=person)],
        "eligibility_proofs": [
            {
                "hromada": e.hromada.name,
                "kind": e.kind,
                "kind_label": str(e.get_kind_display()),
                "document": e.document,
                "status": e.status,
                "status_label": str(e.get_status_display()),
                "checked_at": iso(e.checked_at),
                "reason": e.reason,
            }
            for e in proofs
        ],
        # Officials: what they decided (public acts by reference; never the people they concern).
        "rules_versions_written": [
            {"cycle": r.cycle.title, "version": r.version}
            for r in BudgetRules.objects.filter(changed_by=person).select_related("cycle")
        ],
        "proofs_checked": EligibilityProof.objects.filter(checked_by=person).count(),
        "reviews_written": [
            {"project": r.project_id, "revision": r.revision, "criterion": r.criterion}
            for r in Review.objects.filter(reviewer=person).order_by("id")
        ],
        "appeals_decided": list(
            Appeal.objects.filter(decided_by=person).order_by("id").values_list("project_id", flat=True)
        ),
        "milestones_recorded": list(
            Milestone.objects.filter(recorded_by=person).order_by("id").values_list("project_id", flat=True)
        ),
        "ballots_entered": Ballot.objects.filter(entered_by=person).count(),
        "ties_acknowledged": list(
            CategoryResult.objects.filter(ties_acknowledged_by=person)
            .order_by("id")
            .values_list("pk", flat=True)
        ),
    }


# ------------------------------------------------------------------------------------------ actions


@transaction.atomic
def project_drafts_delete(*, author: User) -> int:
    """Delete the person's unsubmitted drafts with their cost lines and photos (files after commit)."""
    drafts = list(Project.objects.filter(author=author, status=Project.Status.DRAFT))
    if not drafts:
        return 0
    photos = list(ProjectPhoto.objects.filter(project__in=drafts))
    files = [(photo.image.storage, photo.image.name) for photo in photos if photo.image]
    for draft in drafts:
        draft.delete()

    def remove_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return len(drafts)


@transaction.atomic
def ballots_unlink(*, voter: User) -> int:
    """Replace the identity document noted on the person's offline ballots; the votes stay counted."""
    return Ballot.objects.filter(voter=voter).exclude(identity_document="").update(identity_document=ERASED)


@transaction.atomic
def eligibility_proofs_strip(*, person: User) -> int:
    """Drop the document and the free-text reason from the person's eligibility proofs."""
    return EligibilityProof.objects.filter(person=person).update(document="", reason="")


def _erase(person: User) -> None:
    project_drafts_delete(author=person)
    ballots_unlink(voter=person)
    eligibility_proofs_strip(person=person)


def register() -> None:
    """Called from ``BudgetConfig.ready()``."""
    register_personal_data(
        PersonalData(
            key="budget",
            title=_("Public budget"),
            export=_export,
            erase=_erase,
            covers=(
                Project.author,
                Support.person,
                Ballot.voter,
                Ballot.entered_by,
                EligibilityProof.person,
                EligibilityProof.checked_by,
                BudgetRules.changed_by,
                Review.reviewer,
                Appeal.decided_by,
                Milestone.recorded_by,
                CategoryResult.ties_acknowledged_by,
            ),
            order=60,
        )
    )
