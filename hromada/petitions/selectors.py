"""Reads of the petitions module, always scoped by hromada; query counts do not grow with the data.

Public counts come from the aggregate tables (``PetitionTally`` and friends), refreshed every few seconds
by the ``petitions.aggregate`` job, never by counting signatures on a page view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import DEFAULT_DB_ALIAS
from django.db.models import ExpressionWrapper, F, IntegerField, Model, Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Coalesce
from django.utils import timezone

from hromada.accounts import eligibility
from hromada.accounts.models import User
from hromada.accounts.permissions import can_moderate, works_for_hromada
from hromada.accounts.selectors import moderators_of
from hromada.core import clock
from hromada.core import textsearch as search
from hromada.core.batchsql import any_of, hot_cursor
from hromada.core.calendar import calendar_for
from hromada.core.indicators import Quarter, percent
from hromada.core.models import Hromada
from hromada.core.workdays import WorkingCalendar

from . import clocks
from .lifecycle import IN_MODERATION, OPEN, PUBLIC
from .models import (
    Addressee,
    FraudAlert,
    Petition,
    PetitionAnswer,
    PetitionRules,
    PetitionStatus,
    PetitionTally,
    PetitionUpdate,
    Signature,
    SignatureDayCount,
    SignatureDistrictCount,
    SignatureStatus,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

_M = TypeVar("_M", bound=Model)

__all__ = [
    "SORTS",
    "PetitionDetail",
    "accountability",
    "addressees_of",
    "author_petitions",
    "counts_by_day",
    "counts_by_district",
    "fraud_alerts",
    "moderation_queue",
    "moderators_of",
    "opendata_answers",
    "opendata_compliance",
    "opendata_counts_by_day",
    "opendata_counts_by_district",
    "opendata_modified",
    "opendata_petitions",
    "petition_clocks",
    "petition_detail",
    "petition_for_signing",
    "petition_get",
    "petition_list",
    "petition_page",
    "petitions_near_threshold",
    "rules_current",
    "rules_versions",
    "signatories",
    "signature_of",
    "signatures_of",
    "similar_open_petitions",
]

PUBLIC_STATUSES = [s.value for s in PUBLIC]
SORTS = {
    "new": ("-published_at", "-id"),
    "popular": ("-tally__count_for", "-id"),
    "ending": ("collection_ends_at", "id"),
    "answer_due": ("answer_due_at", "id"),
}


# --------------------------------------------------------------------------------------- rules, people


def rules_current(*, hromada: Hromada) -> PetitionRules | None:
    """The newest rules version of the hromada (what new petitions are published under), or None."""
    return PetitionRules.objects.filter(hromada=hromada).order_by("-version").first()


def rules_versions(*, hromada: Hromada) -> QuerySet[PetitionRules]:
    return PetitionRules.objects.filter(hromada=hromada).order_by("-version")


def addressees_of(*, hromada: Hromada, active_only: bool = True) -> QuerySet[Addressee]:
    qs = Addressee.objects.filter(hromada=hromada)
    return qs.filter(is_active=True) if active_only else qs


# -------------------------------------------------------------------------------------------- lists


def _with_relations(qs: QuerySet[Petition]) -> QuerySet[Petition]:
    return qs.select_related("addressee", "district", "tally", "rules")


LIST_DEFERRED = ("text", "search_text", "rejection_text")
"""Long texts a list row never shows (deferred: reading ``petition.text`` on a list row costs a query)."""


def petition_list(
    *,
    hromada: Hromada,
    status: str | list[str] | None = None,
    topic: str | None = None,
    district_id: int | None = None,
    addressee_id: int | None = None,
    query: str = "",
    sort: str = "new",
) -> QuerySet[Petition]:
    """Public petitions of the hromada, filtered and sorted (``SORTS``); paginate the result.

    ``status`` may be one status or several; non-public statuses are ignored. ``query`` is matched with
    :func:`search.query_stems` against the normalised title and text (all stems must occur). Each row
    comes with its addressee, district, rules and tally (``petition.tally.count_for``) in the same query;
    the long texts (``LIST_DEFERRED``: ``text``, ``search_text``, ``rejection_text``) are not loaded.
    """
    qs = Petition.objects.filter(hromada=hromada)
    statuses = [status] if isinstance(status, str) else list(status or [])
    statuses = [s for s in statuses if s in PUBLIC_STATUSES]
    qs = qs.filter(status__in=statuses or PUBLIC_STATUSES)
    if topic:
        qs = qs.filter(topic=topic)
    if district_id:
        qs = qs.filter(district_id=district_id)
    if addressee_id:
        qs = qs.filter(addressee_id=addressee_id)
    for stem in search.query_stems(query):
        qs = qs.filter(search_text__contains=stem)
    ordering = SORTS.get(sort, SORTS["new"])
    qs = _with_relations(qs).defer(*LIST_DEFERRED)
    if sort == "popular":
        # Every public petition has its tally (made at publication or rejection): an inner join lets the
        # database walk the tally index (hromada, -count_for) and stop after one page.
        return qs.filter(tally__hromada=hromada).order_by("-tally__count_for", "-tally__petition_id")
    if sort in ("ending", "answer_due"):
        first = ordering[0]
        return qs.order_by(F(first).asc(nulls_last=True), *ordering[1:])
    return qs.order_by(*ordering)


def petition_page(petitions: QuerySet[Petition], *, start: int, size: int) -> list[Petition]:
    """One page of a :func:`petition_list` queryset in two queries: the page's ids (read in index order
    with no joins, so a deep page costs little), then those rows with their relations."""
    ids = list(petitions.values_list("pk", flat=True)[start : start + size])
    if not ids:
        return []
    rows = {p.pk: p for p in _with_relations(Petition.objects.filter(pk__in=ids)).defer(*LIST_DEFERRED)}
    return [rows[pk] for pk in ids if pk in rows]


def petitions_near_threshold(*, hromada: Hromada) -> QuerySet[Petition]:
    """The hromada's petitions collecting signatures, those with the fewest signatures still missing
    first (then the earliest to close): the city chat bot's list. Each row comes with its rules and tally
    in the same query (``missing`` annotated); the long texts are not loaded. Slice it for a page."""
    missing = ExpressionWrapper(
        F("rules__signature_threshold") - Coalesce(F("tally__count_for"), 0), output_field=IntegerField()
    )
    return (
        _with_relations(Petition.objects.filter(hromada=hromada, status=PetitionStatus.COLLECTING))
        .defer(*LIST_DEFERRED)
        .annotate(missing=missing)
        .order_by("missing", F("collection_ends_at").asc(nulls_last=True), "id")
    )


def moderation_queue(*, hromada: Hromada) -> QuerySet[Petition]:
    """Petitions waiting for moderation, the most urgent (earliest moderation deadline) first."""
    return (
        Petition.objects.filter(hromada=hromada, status__in=[s.value for s in IN_MODERATION])
        .select_related("addressee", "district", "author", "moderator")
        .order_by("moderation_due_at", "id")
    )


def author_petitions(*, hromada: Hromada, author: User) -> QuerySet[Petition]:
    """The author's petitions here (drafts included), newest first: the author's dashboard."""
    return (
        Petition.objects.filter(hromada=hromada, author=author)
        .select_related("addressee", "district", "tally", "rules")
        .order_by("-created_at", "-id")
    )


def signatures_of(*, hromada: Hromada, signer: User) -> QuerySet[Signature]:
    """The person's signatures here with their petitions, newest first (links to their receipts)."""
    return (
        Signature.objects.filter(hromada=hromada, signer=signer)
        .select_related("petition", "petition__tally")
        .order_by("-signed_at", "-id")
    )


def signature_of(*, petition: Petition, signer: User | AnonymousUser | None) -> Signature | None:
    """The person's signature under the petition (any status), or None."""
    if signer is None or not signer.is_authenticated:
        return None
    return Signature.objects.filter(petition=petition, signer_id=signer.pk).first()


# ------------------------------------------------------------------------------------------- detail


def _may_see(petition: Petition, viewer: Any) -> bool:
    if petition.status in PUBLIC:
        return True
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    if petition.author_id == viewer.pk:
        return True
    return petition.status != PetitionStatus.DRAFT and bool(can_moderate(viewer, petition.hromada))


def petition_get(*, hromada: Hromada, petition_id: int, viewer: Any = None) -> Petition | None:
    """The petition if the viewer may see it: public ones to all; drafts to their author; submitted
    ones also to moderators. None otherwise (also for another hromada's petition)."""
    petition = (
        Petition.objects.filter(hromada=hromada, pk=petition_id)
        .select_related("hromada", "addressee", "district", "tally", "rules", "author", "duplicate_of")
        .first()
    )
    if petition is None or not _may_see(petition, viewer):
        return None
    return petition


_SIGNING_PETITION_FIELDS = ("id", "status", "rules_id", "collection_ends_at")
_SIGNING_RULES_FIELDS = (
    "id",
    "hromada_id",
    "sign_level",
    "min_signer_age",
    "residency_required",
    "against_allowed",
)


def _signing_sql(wanted: str) -> str:
    petitions, rules = Petition._meta.db_table, PetitionRules._meta.db_table
    columns = [f"p.{name}" for name in _SIGNING_PETITION_FIELDS] + [f"r.{n}" for n in _SIGNING_RULES_FIELDS]
    return (
        f"SELECT {', '.join(columns)} FROM {petitions} p LEFT JOIN {rules} r ON r.id = p.rules_id "  # noqa: S608
        f"WHERE {wanted} AND p.hromada_id = %s"
    )


def _loaded(model: type[_M], values: dict[str, Any]) -> _M:
    """A model instance with only `values` loaded (the rest deferred), as ``.only()`` would give."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])


def eligibility_codes(*, person: Any, rules: PetitionRules, level: int) -> list[str]:
    """What keeps ``person`` from creating/signing under ``rules`` at ``level`` (``eligibility`` codes)."""
    return eligibility.problems(
        eligibility.Person(
            verification_level=person.verification_level,
            birth_date=person.birth_date,
            home_hromada_id=person.hromada_id,
        ),
        eligibility.Requirements(
            level=level,
            min_age=rules.min_signer_age,
            residency_required=rules.residency_required,
            hromada_id=rules.hromada_id,
        ),
        today=clocks.local_date(clock.now()),
    )


def petition_for_signing(*, hromada: Hromada, petition_id: int) -> Petition | None:
    """The petition with its frozen rules, reading only what signing needs (the hot path: one query).

    One hand-written SELECT (petition joined to its rules, scoped to the hromada) instead of a queryset:
    building the ORM query (select_related, only, ordering) cost more CPU than the rest of the read. The
    instances have just these fields loaded (the others deferred, as with ``.only()``), and
    ``petition.hromada`` is the request's hromada.
    """
    return petitions_for_signing(hromada=hromada, petition_ids=[petition_id]).get(petition_id)


def petitions_for_signing(*, hromada: Hromada, petition_ids: Iterable[int]) -> dict[int, Petition]:
    """:func:`petition_for_signing` for several petitions in one query (a batch of signatures)."""
    wanted = sorted(set(petition_ids))
    if not wanted:
        return {}
    condition, params = any_of("p.id", wanted)
    with hot_cursor() as cursor:
        cursor.execute(_signing_sql(condition), [*params, hromada.pk])
        rows = cursor.fetchall()
    found: dict[int, Petition] = {}
    count = len(_SIGNING_PETITION_FIELDS)
    for row in rows:
        values = dict(zip(_SIGNING_PETITION_FIELDS, row[:count], strict=True))
        ends_at = values["collection_ends_at"]
        if isinstance(ends_at, dt.datetime) and timezone.is_naive(ends_at):  # SQLite keeps UTC, naive
            values["collection_ends_at"] = ends_at.replace(tzinfo=dt.UTC)
        petition = _loaded(Petition, {**values, "hromada_id": hromada.pk})
        petition.hromada = hromada
        if values["rules_id"] is None:
            petition.rules = None
        else:
            rules = dict(zip(_SIGNING_RULES_FIELDS, row[count:], strict=True))
            rules["residency_required"] = bool(rules["residency_required"])
            rules["against_allowed"] = bool(rules["against_allowed"])
            petition.rules = _loaded(PetitionRules, rules)
        found[petition.pk] = petition
    return found


def petition_clocks(
    petition: Petition, *, now: dt.datetime | None = None, calendar: WorkingCalendar | None = None
) -> list[clocks.Clock]:
    """The petition's deadline clocks: to publication (while/after moderation) and to answer."""
    now = now or clock.now()
    calendar = calendar or calendar_for(hromada=petition.hromada)
    result = []
    if petition.submitted_at and petition.moderation_due_at:
        decided = petition.published_at or petition.rejected_at
        if decided is None and petition.status == PetitionStatus.WITHDRAWN:
            decided = petition.withdrawn_at
        result.append(
            clocks.clock(
                calendar,
                kind=clocks.MODERATION,
                started=petition.submitted_at,
                due=petition.moderation_due_at,
                stopped=decided,
                now=now,
            )
        )
    if petition.answer_due_at is not None:
        started = petition.forwarded_at or petition.expired_at or petition.answer_due_at
        result.append(
            clocks.clock(
                calendar,
                kind=clocks.APPEAL if petition.expired_at else clocks.ANSWER,
                started=started,
                due=petition.answer_due_at,
                stopped=petition.answered_at,
                now=now,
            )
        )
    return result


@dataclass(frozen=True)
class PetitionDetail:
    """Everything a petition page shows, read in a fixed number of queries."""

    petition: Petition
    count_for: int
    count_against: int
    counted_at: dt.datetime | None
    threshold: int | None
    clocks: list[clocks.Clock]
    answer: PetitionAnswer | None
    updates: list[PetitionUpdate] = field(default_factory=list)
    my_signature: Signature | None = None
    may_moderate: bool = False
    may_answer: bool = False

    @property
    def progress(self) -> float | None:
        """Share of the threshold reached (0…1), or None before publication."""
        if not self.threshold:
            return None
        return min(1.0, self.count_for / self.threshold)

    @property
    def overdue(self) -> bool:
        return any(c.overdue for c in self.clocks)


def petition_detail(
    *, hromada: Hromada, petition_id: int, viewer: Any = None, now: dt.datetime | None = None
) -> PetitionDetail | None:
    """The petition page's data (None if the viewer may not see it): counts, clocks, answer, updates."""
    petition = petition_get(hromada=hromada, petition_id=petition_id, viewer=viewer)
    if petition is None:
        return None
    tally = getattr(petition, "tally", None)
    answer = PetitionAnswer.objects.filter(petition=petition).first() if petition.answered_at else None
    updates = list(PetitionUpdate.objects.filter(petition=petition)) if answer is not None else []
    authenticated = viewer is not None and getattr(viewer, "is_authenticated", False)
    return PetitionDetail(
        petition=petition,
        count_for=tally.count_for if tally else 0,
        count_against=tally.count_against if tally else 0,
        counted_at=tally.counted_at if tally else None,
        threshold=petition.rules.signature_threshold if petition.rules else None,
        clocks=petition_clocks(petition, now=now),
        answer=answer,
        updates=updates,
        my_signature=signature_of(petition=petition, signer=viewer) if authenticated else None,
        may_moderate=bool(authenticated and can_moderate(viewer, hromada)),
        may_answer=bool(authenticated and works_for_hromada(viewer, hromada)),
    )


def answer_document(*, hromada: Hromada, petition_id: int, viewer: Any = None) -> FieldFile | None:
    """The answer's document of a petition the viewer may see (None otherwise, or when it has none)."""
    petition = petition_get(hromada=hromada, petition_id=petition_id, viewer=viewer)
    if petition is None or petition.answered_at is None:
        return None
    answer = PetitionAnswer.objects.filter(petition=petition).only("document").first()
    return answer.document if answer is not None and answer.document else None


def signatories(*, petition: Petition) -> QuerySet[Signature]:
    """Valid signatures whose signer consented to show the name, oldest first (paginate it).

    Empty before publication and after the names-hidden period (``names_hidden_at``).
    """
    if petition.status not in PUBLIC or petition.names_hidden_at is not None or petition.published_at is None:
        return Signature.objects.none()
    return (
        Signature.objects.filter(petition=petition, status=SignatureStatus.VALID, show_name=True)
        .exclude(public_name="")
        .only("pk", "public_name", "signed_at", "against")
        .order_by("signed_at", "pk")
    )


def counts_by_day(*, petition: Petition) -> QuerySet[SignatureDayCount]:
    return SignatureDayCount.objects.filter(petition=petition).order_by("day")


def counts_by_district(*, petition: Petition) -> QuerySet[SignatureDistrictCount]:
    return (
        SignatureDistrictCount.objects.filter(petition=petition)
        .select_related("district")
        .order_by("-count_for", "district__name")
    )


def fraud_alerts(*, hromada: Hromada, petition: Petition | None = None) -> QuerySet[FraudAlert]:
    qs = FraudAlert.objects.filter(hromada=hromada).select_related("petition")
    return qs.filter(petition=petition) if petition is not None else qs


# ------------------------------------------------------------------------------------ accountability


def accountability(
    *, hromada: Hromada, now: dt.datetime | None = None
) -> list[tuple[Addressee, clocks.Compliance]]:
    """Per addressee: answered on time / late / overdue now / waiting (two queries whatever the size)."""
    now = now or clock.now()
    addressees = list(Addressee.objects.filter(hromada=hromada).order_by("kind"))
    rows: dict[int, list[tuple[dt.datetime | None, dt.datetime | None]]] = {a.pk: [] for a in addressees}
    for addressee_id, due, answered in Petition.objects.filter(
        hromada=hromada, answer_due_at__isnull=False
    ).values_list("addressee_id", "answer_due_at", "answered_at"):
        rows.setdefault(addressee_id, []).append((due, answered))
    return [(a, clocks.compliance(rows[a.pk], now=now)) for a in addressees]


# ---------------------------------------------------------------------------------- similar petitions


def similar_open_petitions(
    *, hromada: Hromada, text: str, exclude_id: int | None = None, limit: int = 5, min_score: float = 0.34
) -> list[tuple[Petition, float]]:
    """Open petitions whose text shares the draft's significant stems, best first (one query).

    Used by the creation wizard to suggest signing an existing petition instead of duplicating it.
    """
    stems = search.significant_stems(text)
    if not stems:
        return []
    matches = Q()
    for stem in stems:
        matches |= Q(search_text__contains=stem)
    candidates = (
        Petition.objects.filter(hromada=hromada, status__in=[s.value for s in OPEN - IN_MODERATION])
        .filter(matches)
        .select_related("tally", "addressee")
        .order_by("-published_at", "-id")
    )
    if exclude_id is not None:
        candidates = candidates.exclude(pk=exclude_id)
    scored = [(p, search.similarity(stems, p.search_text)) for p in candidates[:200]]
    scored = [(p, s) for p, s in scored if s >= min_score]
    scored.sort(key=lambda ps: (-ps[1], -(ps[0].pk)))
    return scored[:limit]


# ------------------------------------------------------------------------------------------ open data


def opendata_petitions(*, hromada: Hromada, after: Any = None) -> Iterator[dict[str, Any]]:
    """Public petitions as flat rows (no personal data: the author is not named), by number; ``after``:
    only those numbered after it (keyset paging of the open-data API)."""
    qs = (
        Petition.objects.filter(hromada=hromada, status__in=PUBLIC_STATUSES)
        .select_related("addressee", "district", "tally", "rules")
        .order_by("pk")
    )
    if after is not None:
        qs = qs.filter(pk__gt=int(after))
    for p in qs.iterator(chunk_size=2000):
        tally = getattr(p, "tally", None)
        yield {
            "id": p.pk,
            "title": p.title,
            "status": p.status,
            "topic": p.topic,
            "district": p.district.name if p.district else "",
            "addressee": p.addressee.kind,
            "rules_version": p.rules.version if p.rules else None,
            "signature_threshold": p.rules.signature_threshold if p.rules else None,
            "signatures": tally.count_for if tally else 0,
            "signatures_against": tally.count_against if tally else 0,
            "published_at": _iso(p.published_at),
            "collection_ends_at": _iso(p.collection_ends_at),
            "threshold_reached_at": _iso(p.threshold_reached_at),
            "forwarded_at": _iso(p.forwarded_at),
            "answer_due_at": _iso(p.answer_due_at),
            "answered_at": _iso(p.answered_at),
            "rejected_at": _iso(p.rejected_at),
            "rejection_reason": p.rejection_reason,
            "expired_at": _iso(p.expired_at),
        }


def opendata_modified(*, hromada: Hromada) -> dt.datetime | None:
    """When the petitions' open data last changed: a public petition, its count or an answer."""
    from django.db.models import Max

    moments = [
        Petition.objects.filter(hromada=hromada, status__in=PUBLIC_STATUSES).aggregate(m=Max("updated_at"))[
            "m"
        ],
        PetitionTally.objects.filter(hromada=hromada).aggregate(m=Max("counted_at"))["m"],
        PetitionAnswer.objects.filter(hromada=hromada).aggregate(m=Max("updated_at"))["m"],
    ]
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def opendata_counts_by_day(*, hromada: Hromada) -> Iterator[dict[str, Any]]:
    qs = SignatureDayCount.objects.filter(hromada=hromada, petition__status__in=PUBLIC_STATUSES).order_by(
        "petition_id", "day"
    )
    for row in qs.values_list("petition_id", "day", "count_for", "count_against").iterator(chunk_size=5000):
        yield {"petition": row[0], "day": row[1].isoformat(), "signatures": row[2], "against": row[3]}


def opendata_counts_by_district(*, hromada: Hromada) -> Iterator[dict[str, Any]]:
    qs = (
        SignatureDistrictCount.objects.filter(hromada=hromada, petition__status__in=PUBLIC_STATUSES)
        .order_by("petition_id", "district_id")
        .values_list("petition_id", "district_id", "district__name", "count_for", "count_against")
    )
    for row in qs.iterator(chunk_size=5000):
        yield {
            "petition": row[0],
            "district_id": row[1],
            "district": row[2] or "",
            "signatures": row[3],
            "against": row[4],
        }


def opendata_petitions_count(*, hromada: Hromada) -> int:
    return Petition.objects.filter(hromada=hromada, status__in=PUBLIC_STATUSES).count()


def opendata_answers(*, hromada: Hromada, after: Any = None) -> Iterator[dict[str, Any]]:
    """The answers by petition number; ``after``: only those of petitions numbered after it."""
    qs = (
        PetitionAnswer.objects.filter(hromada=hromada)
        .select_related("petition", "petition__addressee")
        .order_by("petition_id")
    )
    if after is not None:
        qs = qs.filter(petition_id__gt=int(after))
    for a in qs.iterator(chunk_size=2000):
        yield {
            "petition": a.petition_id,
            "addressee": a.petition.addressee.kind,
            "decision": a.decision,
            "answered_at": _iso(a.answered_at),
            "answer_due_at": _iso(a.petition.answer_due_at),
            "on_time": a.on_time,
            "text": a.text,
            "document": a.document_url() if a.document else "",
        }


def opendata_compliance(*, hromada: Hromada, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    return [
        {
            "addressee": a.kind,
            "name": a.name,
            "answered_on_time": c.answered_on_time,
            "answered_late": c.answered_late,
            "overdue_now": c.overdue_now,
            "waiting": c.waiting,
        }
        for a, c in accountability(hromada=hromada, now=now)
    ]


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


# ------------------------------------------------------------------- indicators (insight, issue 19)


def indicator_answered_on_time(*, hromada: Hromada, quarter: Quarter) -> float | None:
    """Petitions answered in the quarter whose answer came by its deadline, as a percentage."""
    start, end = quarter.span()
    answers = PetitionAnswer.objects.filter(hromada=hromada, answered_at__gte=start, answered_at__lt=end)
    return percent(answers.filter(on_time=True).count(), answers.count())


def headline_petitions(*, hromada: Hromada, start: dt.datetime, end: dt.datetime) -> float | None:
    """Petitions published in [start, end)."""
    return float(
        Petition.objects.filter(hromada=hromada, published_at__gte=start, published_at__lt=end).count()
    )
