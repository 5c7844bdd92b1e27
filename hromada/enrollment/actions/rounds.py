"""Rounds: open (rules frozen), close (the lottery seed fixed by the log), allocate (deferred acceptance)."""

from __future__ import annotations

import base64
import calendar
import datetime as dt
import hashlib
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.actions import audit_actor
from hromada.accounts.models import User
from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.calendar import add_working_days
from hromada.core.errors import ApplicationError, ConflictError, ensure
from hromada.core.geo import polygon_problems
from hromada.core.permissions import require
from hromada.ledger.actions import EntryDraft, ledger_append, ledger_append_many
from hromada.ledger.jcs import canonical_json
from hromada.ledger.models import Entry
from hromada.ledger.receipts import ReceiptToKeep, receipts_keep_many
from hromada.ledger.selectors import root_get
from hromada.territory.models import Institution

from .. import allocation, facts
from .. import rules as rules_core
from ..models import Application, Group, Kind, Offer, Round, Territory
from ..permissions import manages_enrollment
from ..selectors import round_export, round_facts, round_instance, round_rules
from ._common import EVENT_TITLES

SCHOOL_TERRITORY_MONTHS = 6
"""MON order 367: a school's service territory is published at least six months before applications."""


@transaction.atomic
def territory_publish(
    *,
    institution: Institution,
    official: User,
    description: str,
    streets: list[str],
    boundary: dict[str, Any] | None = None,
) -> Territory:
    """Publish (or republish) an institution's service territory; the publication date is recorded and
    logged. Rounds that already opened keep the choices' territory as registered."""
    require(manages_enrollment, official, institution.hromada)
    ensure(description.strip(), _("Describe the territory (its streets)."), field="description")
    if boundary:
        ensure(not polygon_problems(boundary), _("The boundary is not a valid polygon."), field="boundary")
    territory, _created = Territory.objects.select_for_update().get_or_create(
        institution=institution, defaults={"hromada": institution.hromada, "description": description}
    )
    territory.description = description.strip()
    territory.streets = sorted({facts.street_key(s) for s in streets if facts.street_key(s)})
    territory.boundary = boundary or None
    territory.published_at = clock.now()
    territory.save()
    ledger_append(
        hromada=institution.hromada,
        kind="enrollment.territory_published",
        subject=institution,
        payload={
            "institution": institution.pk,
            "streets": territory.streets,
            "boundary_sha256": hashlib.sha256(canonical_json(boundary)).hexdigest() if boundary else None,
            "published_at": territory.published_at.isoformat(),
            "actor": audit_actor(user=official, hromada=institution.hromada).as_payload(),
        },
    )
    return territory


@transaction.atomic
def round_open(*, round: Round, official: User) -> Round:
    """Open a prepared round: its rules version and community categories are frozen, every chosen
    institution's territory must be published (six months ahead for schools), and the opening with its
    places is logged."""
    round = Round.objects.select_for_update().select_related("hromada").get(pk=round.pk)
    require(manages_enrollment, official, round.hromada)
    ensure(round.status == Round.Status.DRAFT, _("This round was already opened."), code="not_draft")
    rules = rules_core.VERSIONS.get(round.rules_key)
    ensure(
        rules is not None and rules.kind == round.kind, _("Choose a rules version for this kind of round.")
    )
    assert rules is not None
    ensure(
        not rules_core.statute_problems(rules),
        _("Every priority category of the rules version must cite the law that grants it."),
        code="category_without_statute",
    )
    _rules, local = round_rules(round)
    problems = rules_core.local_problems(rules, local)
    ensure(not problems, _("Every community category needs a code of its own and the council's decision."))
    groups = list(Group.objects.filter(round=round).select_related("institution"))
    ensure(groups, _("Add the groups and their places first."), code="no_groups")
    if rules.territory != "none":
        published = {
            t.institution_id: t.published_at
            for t in Territory.objects.filter(institution_id__in={g.institution_id for g in groups})
        }
        latest = round.opens_at
        if round.kind == Kind.SCHOOL:
            latest = _months_before(round.opens_at, SCHOOL_TERRITORY_MONTHS)
        late = sorted(
            {
                str(g.institution)
                for g in groups
                if (moment := published.get(g.institution_id)) is None or moment > latest
            }
        )
        if late:
            raise ApplicationError(
                _("The service territory of %(names)s was not published in time before applications open.")
                % {"names": ", ".join(late)},
                code="territory_not_published",
            )
    round.rules_frozen = rules_core.rules_snapshot(rules, local)
    round.status = Round.Status.OPEN
    round.save(update_fields=["rules_frozen", "status", "updated_at"])
    ledger_append(
        hromada=round.hromada,
        kind="enrollment.round_opened",
        subject=round,
        payload={
            "round": round.slug,
            "rules": round.rules_frozen,
            "opens_at": round.opens_at.isoformat(),
            "closes_at": round.closes_at.isoformat(),
            "places": {g.public_id: g.places for g in groups},
            "actor": audit_actor(user=official, hromada=round.hromada).as_payload(),
        },
    )
    return round


def _months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day ``months`` earlier, or that month's last day when it is shorter (31 Aug → 28/29 Feb)."""
    month = moment.month - months
    year = moment.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def round_close(*, round: Round) -> Round:
    """Close a round whose deadline passed. The closing entry fixes the lottery seed: the root of the log
    of every entry up to and including it, which nobody can choose once it is appended."""
    round = Round.objects.select_for_update().select_related("hromada").get(pk=round.pk)
    ensure(round.status == Round.Status.OPEN, _("This round is not open."), code="not_open")
    ensure(clock.now() >= round.closes_at, _("The deadline has not passed yet."), code="too_early")
    count = Application.objects.filter(round=round).exclude(status=Application.Status.WITHDRAWN).count()
    receipt = ledger_append(
        hromada=round.hromada,
        kind="enrollment.round_closed",
        subject=round,
        payload={"round": round.slug, "applications": count, "closes_at": round.closes_at.isoformat()},
    )
    round.status = Round.Status.CLOSED
    round.close_receipt_id = receipt.receipt_id
    round.save(update_fields=["status", "close_receipt_id", "updated_at"])
    return round


@transaction.atomic
def round_allocate(*, round: Round, official: User | None) -> Round:
    """Run the main intake: lottery numbers from the seed, classes from the frozen rules and the claims
    granted with a valid proof on the deadline, student-proposing deferred acceptance, one offer per
    assigned child with a deadline in working days. The result and a hash of the public export are logged;
    ``hromada enrollment verify`` recomputes it from the export."""
    round = Round.objects.select_for_update().select_related("hromada").get(pk=round.pk)
    hromada = round.hromada
    if official is not None:
        require(manages_enrollment, official, hromada)
    ensure(round.status == Round.Status.CLOSED, _("Close the round before allocating."), code="not_closed")
    assert round.close_receipt_id is not None
    closing = Entry.objects.filter(hromada=hromada, receipt_id=round.close_receipt_id).first()
    if closing is None:
        raise ConflictError(
            _("The log has not recorded the closing yet; the seed is fixed within a minute. Try again soon."),
            code="seed_not_ready",
        )
    tree_size = closing.index + 1
    seed = root_get(hromada=hromada, tree_size=tree_size)
    facts_ = round_facts(round=round, on=round.closes_at.date())
    lottery = allocation.lottery_numbers(seed=seed, ids=[f.public_id for f in facts_])
    applications = {a.pk: a for a in Application.objects.filter(pk__in=[f.application_id for f in facts_])}
    for f in facts_:
        f.lottery = lottery[f.public_id]
        applications[f.application_id].lottery = f.lottery
    Application.objects.bulk_update(list(applications.values()), ["lottery"])
    groups = list(Group.objects.filter(round=round).order_by("id"))
    assignments = allocation.allocate(round_instance(facts=facts_, groups=groups))
    by_public = {f.public_id: applications[f.application_id] for f in facts_}
    group_by_public = {g.public_id: g for g in groups}
    now = clock.now()
    deadline = add_working_days(hromada=hromada, start=now.date(), days=round.offer_days)
    offered = []
    for public_id, gid in assignments.items():
        if gid is None:
            continue
        application = by_public[public_id]
        offered.append(
            Offer(
                hromada=hromada,
                application=application,
                group=group_by_public[gid],
                origin=Offer.Origin.ROUND,
                made_at=now,
                deadline=deadline,
            )
        )
    Offer.objects.bulk_create(offered)
    round.status = Round.Status.ALLOCATED
    round.seed = base64.b64encode(seed).decode()
    round.seed_tree_size = tree_size
    round.allocated_at = now
    round.save(update_fields=["status", "seed", "seed_tree_size", "allocated_at", "updated_at"])
    export = round_export(round=round)
    drafts = [
        EntryDraft(
            kind="enrollment.allocated",
            subject=round,
            payload={
                "round": round.slug,
                "seed": round.seed,
                "seed_tree_size": tree_size,
                "applicants": len(facts_),
                "assigned": len(offered),
                "export_sha256": hashlib.sha256(canonical_json(export)).hexdigest(),
            },
        )
    ]
    drafts += [
        EntryDraft(
            kind="enrollment.offer",
            subject=round,
            people=[o.application.reference],
            payload={
                "round": round.slug,
                "application": o.application.public_id,
                "group": o.group.public_id,
                "deadline": deadline.isoformat(),
                "origin": "round",
            },
        )
        for o in offered
    ]
    receipts = ledger_append_many(hromada=hromada, entries=drafts)
    receipts_keep_many(
        items=[
            ReceiptToKeep(
                user=o.application.parent,
                receipt=r,
                reference=o.application.reference,
                title=_("Application %(number)s: %(event)s")
                % {"number": o.application.public_id, "event": EVENT_TITLES["enrollment.offer"]},
            )
            for o, r in zip(offered, receipts[1:], strict=True)
        ]
    )
    for o in offered:
        notify_on_commit(
            hromada=hromada,
            recipients=[o.application.parent],
            kind="enrollment.offer",
            params={
                "number": o.application.public_id,
                "group": str(o.group),
                "deadline": deadline.isoformat(),
            },
        )
    return round


def rounds_tick() -> int:
    """The periodic job: close rounds whose deadline passed, expire unanswered offers (passing the place
    on), mark expired proofs. Idempotent."""
    from .applications import claims_expire
    from .offers import offers_expire

    done = 0
    now = clock.now()
    for round in Round.objects.filter(status=Round.Status.OPEN, closes_at__lte=now):
        claims_expire(round=round)
        round_close(round=round)
        done += 1
    done += offers_expire()
    return done
