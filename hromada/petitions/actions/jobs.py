"""The periodic jobs: expiry of collection periods, forwarding when due, anonymisation, aggregation with
the anti-fraud scan (``petitions_tick``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count

from hromada.accounts.selectors import moderators_of
from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ApplicationError

from .. import clocks, fraud
from ..models import FraudAlert, JobMark, Petition, PetitionStatus, PetitionTally, Signature, SignatureStatus
from ._common import _iso, _locked, _log, _petition_url, _transition
from .aggregation import RECOUNT_WINDOW, _refresh, petition_counts_refresh
from .answer import petition_forward

if TYPE_CHECKING:
    pass

FRAUD_WINDOW = dt.timedelta(minutes=10)


@transaction.atomic
def _expire_one(petition: Petition, now: dt.datetime) -> bool:
    petition = _locked(petition)
    if petition.status != PetitionStatus.COLLECTING or petition.collection_ends_at is None:
        return False
    if petition.collection_ends_at >= now:
        return False
    assert petition.rules is not None
    old = _transition(petition, PetitionStatus.EXPIRED)
    petition.expired_at = now
    petition.closed_at = now
    petition.answer_due_at = clocks.appeal_due(expired_at=now, days=petition.rules.appeal_answer_days)
    petition.save(update_fields=["status", "expired_at", "closed_at", "answer_due_at", "updated_at"])
    tally = PetitionTally.objects.filter(petition=petition).values_list("count_for", flat=True).first() or 0
    _log(
        petition,
        "expired",
        actor=None,
        payload={"from": old, "signatures": tally, "appeal_answer_due": _iso(petition.answer_due_at)},
    )
    notify_on_commit(
        hromada=petition.hromada,
        recipients=[petition.author],
        kind="petitions.expired",
        params={"title": petition.title},
        url=_petition_url(petition),
    )
    return True


def petitions_expire(*, now: dt.datetime | None = None) -> int:
    """Close collecting petitions whose term ended without the threshold (counted first, so a last-second
    signature still counts); each becomes an ordinary appeal with its own answer clock. Returns how many
    expired."""
    now = now or clock.now()
    due = list(
        Petition.objects.filter(status=PetitionStatus.COLLECTING, collection_ends_at__lt=now).values_list(
            "pk", flat=True
        )
    )
    if not due:
        return 0
    petition_counts_refresh(petition_ids=due)
    expired = 0
    for petition in Petition.objects.filter(pk__in=due, status=PetitionStatus.COLLECTING):
        expired += _expire_one(petition, now)
    return expired


def petitions_forward_due(*, today: dt.date | None = None) -> int:
    """Forward every petition whose forwarding day (the working day after the threshold) has come."""
    today = today or clocks.local_date(clock.now())
    forwarded = 0
    for petition in Petition.objects.filter(status=PetitionStatus.THRESHOLD_REACHED, forward_on__lte=today):
        try:
            petition_forward(petition=petition)
            forwarded += 1
        except ApplicationError:
            continue
    return forwarded


def petitions_anonymise(*, now: dt.datetime | None = None) -> int:
    """Hide signatories' names (and drop anti-fraud network/domain data) of petitions closed longer than
    their rules' period; the ledger's commitments stay. Returns how many petitions were anonymised."""
    now = now or clock.now()
    done = 0
    candidates = Petition.objects.filter(
        closed_at__isnull=False, names_hidden_at__isnull=True, rules__isnull=False
    ).select_related("rules")
    for petition in candidates:
        assert petition.rules is not None and petition.closed_at is not None
        if petition.closed_at + dt.timedelta(days=petition.rules.names_hidden_after_days) > now:
            continue
        with transaction.atomic():
            locked = _locked(petition)
            if locked.names_hidden_at is not None:
                continue
            hidden = Signature.objects.filter(petition=locked).update(
                public_name="", network="", email_domain=""
            )
            locked.names_hidden_at = now
            locked.save(update_fields=["names_hidden_at", "updated_at"])
            _log(locked, "names_hidden", actor=None, payload={"signatures": hidden})
        done += 1
    return done


AGGREGATE_MARK = "petitions.aggregate"


def _dirty_petitions(now: dt.datetime) -> list[int]:
    """Petitions with signature changes since the previous aggregation started (minus a margin for
    transactions that were still open then), so a worker that was stopped for a while catches up."""
    since = now - RECOUNT_WINDOW
    last = JobMark.objects.filter(name=AGGREGATE_MARK).values_list("at", flat=True).first()
    if last is not None:
        since = min(since, last - RECOUNT_WINDOW)
    return list(
        Signature.objects.filter(changed_at__gte=since)
        .values_list("petition_id", flat=True)
        .distinct()
        .order_by()
    )


def _mark(name: str, at: dt.datetime) -> None:
    JobMark.objects.bulk_create(
        [JobMark(name=name, at=at)], update_conflicts=True, unique_fields=["name"], update_fields=["at"]
    )


def _fraud_scan(petition_ids: list[int], now: dt.datetime) -> int:
    """Alert moderators once per petition, key and window about spikes of recent signatures."""
    since = now - FRAUD_WINDOW
    recent = Signature.objects.filter(
        petition_id__in=petition_ids, signed_at__gte=since, status=SignatureStatus.VALID
    )
    totals = dict(
        recent.values("petition_id").annotate(n=Count("pk")).order_by().values_list("petition_id", "n")
    )
    if not totals or max(totals.values()) < fraud.Thresholds().min_count:
        return 0
    networks: dict[int, dict[str, int]] = defaultdict(dict)
    domains: dict[int, dict[str, int]] = defaultdict(dict)
    for pid, key, n in (
        recent.values("petition_id", "network")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("petition_id", "network", "n")
    ):
        networks[pid][key] = n
    for pid, key, n in (
        recent.values("petition_id", "email_domain")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("petition_id", "email_domain", "n")
    ):
        domains[pid][key] = n
    window_start = now - dt.timedelta(seconds=now.timestamp() % FRAUD_WINDOW.total_seconds())
    raised = 0
    for pid, total in totals.items():
        for spike in fraud.detect(total=total, networks=networks[pid], domains=domains[pid]):
            raised += _fraud_alert(pid, spike, window_start)
    return raised


@transaction.atomic
def _fraud_alert(petition_id: int, spike: fraud.Spike, window_start: dt.datetime) -> int:
    petition = Petition.objects.select_related("hromada").get(pk=petition_id)
    _alert, created = FraudAlert.objects.get_or_create(
        petition=petition,
        kind=spike.kind,
        key=spike.key,
        window_start=window_start,
        defaults={"hromada_id": petition.hromada_id, "count": spike.count, "share": spike.share},
    )
    if not created:
        return 0
    notify_on_commit(
        hromada=petition.hromada,
        recipients=moderators_of(hromada=petition.hromada),
        kind="petitions.fraud_alert",
        params={
            "number": petition.pk,
            "count": spike.count,
            "key": spike.key,
            "share": round(spike.share * 100),
            "kind": str(spike.kind),
        },
        url=_petition_url(petition),
    )
    return 1


def petitions_aggregate(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic aggregation (every 5 s): recount petitions with recent signature changes, move those
    at their threshold on, and scan them for spikes. Idempotent; safe on several workers."""
    now = now or clock.now()
    dirty = _dirty_petitions(now)
    counts, reached = _refresh(dirty, now) if dirty else ({}, [])
    alerts = _fraud_scan(dirty, now) if dirty else 0
    _mark(AGGREGATE_MARK, now)
    return {"recounted": len(counts), "threshold_reached": len(reached), "alerts": alerts}


def petitions_tick(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The slower periodic job (every minute): expiry, forwarding on the working day, anonymisation."""
    now = now or clock.now()
    return {
        "expired": petitions_expire(now=now),
        "forwarded": petitions_forward_due(today=clocks.local_date(now)),
        "anonymised": petitions_anonymise(now=now),
    }
