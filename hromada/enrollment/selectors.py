"""Reads for enrollment: rounds, groups, a family's applications and their places on every list, the
public export a parent re-runs."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils.translation import get_language

from hromada.accounts.models import User
from hromada.core import clock
from hromada.core.errors import NotFoundError
from hromada.core.models import Hromada
from hromada.ledger.jcs import canonical_json
from hromada.ledger.models import Entry
from hromada.ledger.selectors import root_get

from . import allocation, verification
from . import rules as rules_core
from .categories import category_title
from .models import Application, Choice, Group, Kind, Offer, PriorityClaim, ProofFile, Round, Territory

EXPORT_FORMAT = "hromada-enrollment/1"


def rounds_public(*, hromada: Hromada) -> QuerySet[Round]:
    """Rounds people can see (every one but drafts), newest school year first."""
    return Round.objects.filter(hromada=hromada).exclude(status=Round.Status.DRAFT)


def round_get(*, hromada: Hromada, slug: str) -> Round:
    found = rounds_public(hromada=hromada).filter(slug=slug).first()
    if found is None:
        from django.utils.translation import gettext as _

        raise NotFoundError(_("There is no such intake round."))
    return found


def groups_of(*, round: Round) -> QuerySet[Group]:
    """The round's groups with their institution and how many places are taken (live offers)."""
    return (
        Group.objects.filter(round=round)
        .select_related("institution")
        .annotate(
            taken=Count("offers", filter=Q(offers__status__in=Offer.HOLDS_PLACE), distinct=True),
            applicants=Count("choices", filter=~Q(choices__application__status="withdrawn"), distinct=True),
        )
        .order_by("institution__name", "min_age_months", "name", "id")
    )


def territories_published(*, hromada: Hromada) -> QuerySet[Territory]:
    return Territory.objects.filter(hromada=hromada, published_at__isnull=False).select_related("institution")


def applications_of(*, hromada: Hromada, parent: User) -> QuerySet[Application]:
    return (
        Application.objects.filter(hromada=hromada, parent=parent)
        .select_related("round")
        .prefetch_related(
            Prefetch(
                "choices", queryset=Choice.objects.select_related("group__institution").order_by("rank")
            ),
            Prefetch("claims", queryset=PriorityClaim.objects.prefetch_related("files")),
            Prefetch("offers", queryset=Offer.objects.select_related("group__institution")),
        )
        .order_by("-registered_at", "-id")
    )


def application_of_parent(*, hromada: Hromada, parent: User, public_id: str) -> Application:
    found = applications_of(hromada=hromada, parent=parent).filter(public_id=public_id).first()
    if found is None:
        from django.utils.translation import gettext as _

        raise NotFoundError(_("There is no such application among yours."))
    return found


def offer_find(*, hromada: Hromada, pk: int) -> Offer | None:
    """The hromada's offer ``pk`` (with its application), or None; whose it is the actions check."""
    return Offer.objects.filter(hromada=hromada, pk=pk).select_related("application").first()


def with_state(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate ``live_offer_status`` (the one open, accepted or enrolled offer's status, or None), from
    which ``Application.state`` derives without another query."""
    live = Offer.objects.filter(application=OuterRef("pk"), status__in=Offer.HOLDS_PLACE).values("status")[:1]
    return applications.annotate(live_offer_status=Subquery(live))


def round_rules(round: Round) -> tuple[rules_core.RulesVersion, tuple[rules_core.LocalCategory, ...]]:
    """The round's rules: the frozen snapshot once it opened, else the version it names."""
    if round.rules_frozen:
        return rules_core.rules_from_snapshot(round.rules_frozen)
    local = tuple(
        rules_core.LocalCategory(
            c.get("code", ""), c.get("title", ""), c.get("decision", ""), c.get("title_en", "")
        )
        for c in round.local_categories or []
    )
    return rules_core.VERSIONS[round.rules_key], local


@dataclass
class ApplicantFacts:
    """What the rules need about one application, in the public export's terms (no personal data)."""

    application_id: int
    public_id: str
    registered_at: dt.datetime
    choices: list[str]
    territory: list[str]
    categories: list[str]
    lottery: int | None
    status: str
    priority: dict[str, int] = field(default_factory=dict)


def _granted_on(claims: list[PriorityClaim], day: dt.date) -> list[str]:
    return sorted(
        c.category
        for c in claims
        if c.status == PriorityClaim.Status.GRANTED
        and (c.proof_expires_on is None or c.proof_expires_on >= day)
    )


def _applicant_facts(
    app: Application,
    *,
    on: dt.date,
    rules: rules_core.RulesVersion,
    local: tuple[rules_core.LocalCategory, ...],
) -> ApplicantFacts:
    """One application's facts (its choices and claims prefetched, choices in rank order) on ``on``."""
    choices = list(app.choices.all())
    granted = _granted_on(list(app.claims.all()), on)
    territory = [f"g{c.group_id}" for c in choices if c.in_territory]
    return ApplicantFacts(
        application_id=app.pk,
        public_id=app.public_id,
        registered_at=app.registered_at,
        choices=[f"g{c.group_id}" for c in choices],
        territory=territory,
        categories=granted,
        lottery=app.lottery,
        status=app.state,
        priority={
            f"g{c.group_id}": rules_core.priority_class(
                rules, local, in_territory=c.in_territory, granted=granted
            )
            for c in choices
        },
    )


def round_facts(*, round: Round, on: dt.date | None = None) -> list[ApplicantFacts]:
    """Every application in the queue (not withdrawn), with its choices, territory, categories granted on
    ``on`` (default: the deadline once it passed, else today) and its class at each choice."""
    rules, local = round_rules(round)
    if on is None:
        today = clock.now().date()
        on = min(today, round.closes_at.date())
    applications = (
        with_state(Application.objects.filter(round=round))
        .exclude(status=Application.Status.WITHDRAWN)
        .prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("rank")),
            "claims",
        )
        .order_by("registered_at", "id")
    )
    return [_applicant_facts(app, on=on, rules=rules, local=local) for app in applications]


@dataclass(frozen=True)
class Position:
    """Where an application stands on one group's list, and why."""

    group: Group
    rank: int
    priority_class: int
    in_territory: bool | None  # what the class stands for (rules.class_basis)
    category: str | None  # its title, in the active language (a community category's own title)
    lottery: int | None
    position: int | None  # 1-based, once the lottery is drawn
    ahead_in_higher_classes: int
    same_class: int
    places: int


def queue_positions(*, application: Application) -> list[Position]:
    """The application's place on the list of every group it chose (before the lottery: how many are in
    higher classes and how many share its class)."""
    round = application.round
    facts = round_facts(round=round)
    mine = next((f for f in facts if f.application_id == application.pk), None)
    choices = list(application.choices.all())
    if mine is None:
        return []
    rules, local = round_rules(round)
    local_titles = {c.code: c.title_in(get_language()) for c in local}
    result = []
    for choice in choices:
        gid = f"g{choice.group_id}"
        cls = mine.priority[gid]
        in_territory, code = rules_core.class_basis(rules, local, cls)
        category = None if code is None else local_titles.get(code) or category_title(code)
        rivals = [f for f in facts if gid in f.priority and f.application_id != application.pk]
        higher = sum(1 for f in rivals if f.priority[gid] < cls)
        same = sum(1 for f in rivals if f.priority[gid] == cls)
        position = None
        if mine.lottery is not None:
            position = 1 + sum(
                1
                for f in rivals
                if f.lottery is not None and (f.priority[gid], f.lottery) < (cls, mine.lottery)
            )
        result.append(
            Position(
                group=choice.group,
                rank=choice.rank,
                priority_class=cls,
                in_territory=in_territory,
                category=category,
                lottery=mine.lottery,
                position=position,
                ahead_in_higher_classes=higher,
                same_class=same + 1,
                places=choice.group.places,
            )
        )
    return result


def group_waiting_list(*, group: Group) -> list[ApplicantFacts]:
    """Everyone who chose the group, in the order the rules rank them (class, then lottery); before the
    lottery, by class and registration time."""
    gid = group.public_id
    facts = [f for f in round_facts(round=group.round) if gid in f.priority]
    return sorted(facts, key=lambda f: (f.priority[gid], f.lottery or 0, f.registered_at, f.public_id))


def round_instance(*, facts: list[ApplicantFacts], groups: list[Group]) -> allocation.Instance:
    return allocation.Instance(
        places=tuple(allocation.Place(g.public_id, g.places) for g in groups),
        applicants=tuple(
            allocation.Applicant(f.public_id, tuple(f.choices), f.lottery or 0, f.priority) for f in facts
        ),
    )


def round_assignments(*, round: Round) -> dict[str, str | None]:
    """Who the main intake assigned where (the offers of origin "round"), by public ids."""
    assigned: dict[str, str | None] = {}
    offers = Offer.objects.filter(application__round=round, origin=Offer.Origin.ROUND).values_list(
        "application__public_id", "group_id"
    )
    for public_id, group_id in offers:
        assigned[public_id] = f"g{group_id}"
    return assigned


def round_export(*, round: Round) -> dict[str, Any]:
    """The round's public inputs and result (format ``hromada-enrollment/1``): the frozen rules, the
    seed, the places and every application by its public number only. ``hromada enrollment verify`` and
    ``hromada enrollment allocate`` read it as it is."""
    groups = list(Group.objects.filter(round=round).select_related("institution").order_by("id"))
    allocated = round.status == Round.Status.ALLOCATED
    facts = round_facts(round=round, on=round.closes_at.date())
    if allocated:
        # The allocation's inputs: the applications it ran on (withdrawals after it stay in).
        facts = _facts_at_allocation(round=round, facts=facts)
    rules, local = round_rules(round)
    assignments = round_assignments(round=round) if allocated else None
    return {
        "format": EXPORT_FORMAT,
        "round": round.slug,
        "title": round.title,
        "kind": round.kind,
        "school_year": round.school_year,
        "closes_at": round.closes_at.isoformat(),
        "rules": round.rules_frozen or rules_core.rules_snapshot(rules, local),
        "seed": round.seed or None,
        "seed_tree_size": round.seed_tree_size,
        "institutions": [
            {
                "id": g.public_id,
                "capacity": g.places,
                "institution": g.institution.name,
                "institution_id": g.institution_id,
                "group": g.name,
                "band": g.band,
            }
            for g in groups
        ],
        "applicants": [
            {
                "id": f.public_id,
                "choices": f.choices,
                "territory": f.territory,
                "categories": f.categories,
                "priority": f.priority,
                "lottery": f.lottery,
            }
            for f in facts
        ],
        "assignments": (
            {f.public_id: assignments.get(f.public_id) for f in facts} if assignments is not None else None
        ),
    }


def _facts_at_allocation(*, round: Round, facts: list[ApplicantFacts]) -> list[ApplicantFacts]:
    """The applications the allocation ran on: everyone who had a lottery number then."""
    rules, local = round_rules(round)
    by_id = {f.application_id: f for f in facts}
    on = round.closes_at.date()
    withdrawn = Application.objects.filter(
        round=round, status=Application.Status.WITHDRAWN, lottery__isnull=False
    ).prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("rank")), "claims")
    for app in withdrawn:
        by_id[app.pk] = _applicant_facts(app, on=on, rules=rules, local=local)
    return sorted(
        (f for f in by_id.values() if f.lottery is not None),
        key=lambda f: (f.registered_at, f.application_id),
    )


def claim_of_parent(*, application: Application, pk: int) -> PriorityClaim | None:
    return PriorityClaim.objects.filter(application=application, pk=pk).first()


def proof_file_find(*, hromada: Hromada, pk: int) -> ProofFile | None:
    """The hromada's proof file ``pk`` with its application; who may see it the view checks."""
    return ProofFile.objects.filter(hromada=hromada, pk=pk).select_related("claim__application").first()


def claims_pending(*, hromada: Hromada) -> QuerySet[PriorityClaim]:
    return PriorityClaim.objects.filter(hromada=hromada, status=PriorityClaim.Status.PENDING).select_related(
        "application__round"
    )


def open_data_line(*, hromada: Hromada) -> list[dict[str, Any]]:
    """The Resolution 835 draft "line" dataset: one row per application, nothing that identifies a child
    (birth year only, priority as yes/no)."""
    rows = []
    applications = (
        Application.objects.filter(hromada=hromada)
        .exclude(round__status=Round.Status.DRAFT)
        .select_related("round")
        .prefetch_related(
            Prefetch(
                "choices", queryset=Choice.objects.select_related("group__institution").order_by("rank")
            ),
            "claims",
            Prefetch("offers", queryset=Offer.objects.filter(status__in=Offer.HOLDS_PLACE)),
        )
        .order_by("registered_at", "id")
    )
    by_group: dict[int, int] = defaultdict(int)
    for app in applications:
        first = next(iter(app.choices.all()), None)
        live = next(iter(app.offers.all()), None)
        group = first.group if first else None
        if group is not None:
            by_group[group.pk] += 1
        rows.append(
            {
                "uid": app.public_id,
                "receivedDate": app.registered_at.date().isoformat(),
                "number": by_group[group.pk] if group else None,
                "gender": "",
                "birthDate": app.birth_date.year,
                "ageGroup": group.get_band_display() if group else "",
                "benefitType": "yes"
                if any(c.status == PriorityClaim.Status.GRANTED for c in app.claims.all())
                else "no",
                "institutionName": group.institution.name if group else "",
                "institutionId": group.institution_id if group else None,
                "dateProvided": live.made_at.date().isoformat() if live else "",
                "status": app.state,
            }
        )
    return rows


@dataclass(frozen=True)
class RoundEntries:
    """The round's entries in the transparency log (None while an entry waits to be integrated)."""

    opened: Entry | None
    closed: Entry | None
    allocated: Entry | None
    facts: verification.LedgerFacts


def _entry_payload(entry: Entry) -> dict[str, Any]:
    try:
        value = json.loads(bytes(entry.data))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _round_entry(*, round: Round, kind: str) -> Entry | None:
    """The last integrated entry of ``kind`` about ``round`` (its subject and payload name the round)."""
    subject = f"enrollment.round:{round.pk}"
    for entry in Entry.objects.filter(hromada_id=round.hromada_id, kind=kind).order_by("-index")[:50]:
        data = _entry_payload(entry)
        if data.get("subject") == subject and (data.get("payload") or {}).get("round") == round.slug:
            return entry
    return None


def round_entries(*, round: Round) -> RoundEntries:
    """What the log recorded about the round: the rules at opening, the closing entry (whose position fixes
    the seed: the root of the log up to it, recomputed here from the log's stored hashes, not read from
    the round) and the allocation with the export's SHA-256."""
    opened = _round_entry(round=round, kind="enrollment.round_opened")
    closed = (
        Entry.objects.filter(hromada_id=round.hromada_id, receipt_id=round.close_receipt_id).first()
        if round.close_receipt_id is not None
        else None
    )
    allocated = _round_entry(round=round, kind="enrollment.allocated")
    seed_root = seed_size = None
    if closed is not None:
        seed_size = closed.index + 1
        seed_root = base64.b64encode(root_get(hromada=round.hromada, tree_size=seed_size)).decode()
    done = _entry_payload(allocated).get("payload", {}) if allocated is not None else {}
    return RoundEntries(
        opened=opened,
        closed=closed,
        allocated=allocated,
        facts=verification.LedgerFacts(
            rules=(_entry_payload(opened).get("payload") or {}).get("rules") if opened is not None else None,
            seed_root=seed_root,
            seed_tree_size=seed_size,
            export_sha256=done.get("export_sha256"),
            applicants=done.get("applicants"),
            assigned=done.get("assigned"),
        ),
    )


def export_sha256(data: Any) -> str | None:
    """The SHA-256 (hex) of the export's RFC 8785 canonical JSON; None when it cannot be encoded."""
    try:
        return hashlib.sha256(canonical_json(data)).hexdigest()
    except (TypeError, ValueError):
        return None


def round_verify(*, round: Round, data: Any | None = None) -> tuple[list[verification.Check], RoundEntries]:
    """Re-compute the round from an export (the one published now, or a copy the visitor kept) and
    compare it with the log's entries."""
    entries = round_entries(round=round)
    if data is None:
        data = round_export(round=round)
    return (
        verification.check_export(data, ledger=entries.facts, export_sha256=export_sha256(data)),
        entries,
    )


def open_data_statistics(*, hromada: Hromada) -> list[dict[str, Any]]:
    """Per round (not being prepared) and institution: the groups and places offered, the applications
    that chose the institution (at any rank and first), the live offers and the children enrolled. Counts
    only, in four grouped queries; no child, parent or application is in a row. Rounds by school year and
    address name, institutions by name."""
    rounds = Round.objects.filter(hromada=hromada).exclude(status=Round.Status.DRAFT)
    kinds, statuses = dict(Kind.choices), dict(Round.Status.choices)
    rows: dict[tuple[int, int], dict[str, Any]] = {}
    for g in (
        Group.objects.filter(round__in=rounds)
        .values(
            "round_id", "round__slug", "round__title", "round__school_year", "round__kind",
            "round__status", "institution_id", "institution__name",
        )
        .annotate(groups=Count("pk"), places=Sum("places"))
        .order_by()
    ):  # fmt: skip
        rows[(g["round_id"], g["institution_id"])] = {
            "round": g["round__slug"],
            "round_title": g["round__title"],
            "school_year": g["round__school_year"],
            "kind": str(kinds.get(g["round__kind"], g["round__kind"])),
            "round_status": str(statuses.get(g["round__status"], g["round__status"])),
            "institution_id": g["institution_id"],
            "institution": g["institution__name"],
            "groups": g["groups"],
            "places": g["places"] or 0,
            "applications": 0,
            "first_choice": 0,
            "offered": 0,
            "enrolled": 0,
        }
    choices = (
        Choice.objects.filter(group__round__in=rounds)
        .exclude(application__status=Application.Status.WITHDRAWN)
        .values("group__round_id", "group__institution_id")
        .annotate(
            applications=Count("application", distinct=True),
            first_choice=Count("application", filter=Q(rank=1), distinct=True),
        )
        .order_by()
    )
    for c in choices:
        row = rows.get((c["group__round_id"], c["group__institution_id"]))
        if row is not None:
            row["applications"], row["first_choice"] = c["applications"], c["first_choice"]
    offers = (
        Offer.objects.filter(group__round__in=rounds, status__in=Offer.HOLDS_PLACE)
        .values("group__round_id", "group__institution_id")
        .annotate(
            offered=Count("pk"),
            enrolled=Count("pk", filter=Q(status=Offer.Status.ENROLLED)),
        )
        .order_by()
    )
    for o in offers:
        row = rows.get((o["group__round_id"], o["group__institution_id"]))
        if row is not None:
            row["offered"], row["enrolled"] = o["offered"], o["enrolled"]
    return sorted(
        rows.values(), key=lambda r: (r["school_year"], r["round"], r["institution"], r["institution_id"])
    )


def open_data_statistics_modified(*, hromada: Hromada) -> dt.datetime | None:
    """When a round, group, application or offer of the hromada last changed (what the statistics count)."""
    moments = [
        model.objects.filter(hromada=hromada).aggregate(m=Max("updated_at"))["m"]
        for model in (Round, Group, Application, Offer)
    ]
    return max((m for m in moments if m is not None), default=None)
