"""Counts of signatures, refreshed by the periodic job from the signatures (no hot counter row), and
the thresholds they reach."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.calendar import calendar_for
from hromada.core.errors import ApplicationError, ensure

from .. import clocks
from ..models import (
    Petition,
    PetitionStatus,
    PetitionTally,
    Signature,
    SignatureDayCount,
    SignatureDistrictCount,
    SignatureStatus,
)
from ._common import _iso, _locked, _log, _petition_url, _transition

if TYPE_CHECKING:
    pass

RECOUNT_WINDOW = dt.timedelta(seconds=70)
"""Margin of the recount: signature changes since the previous recount minus this are recounted (longer
than any signing transaction can stay open)."""


def _recount(petition_ids: list[int], now: dt.datetime | None = None) -> dict[int, tuple[int, int]]:
    """Recompute tallies, day and district counts of the petitions in the caller's transaction.

    One grouped read over the petitions' valid signatures, then the aggregate rows are replaced.
    Returns {petition id: (for, against)}.
    """
    if not petition_ids:
        return {}
    now = now or clock.now()
    # Serialise recounts of the same petitions (several workers may run the job).
    list(PetitionTally.objects.select_for_update().filter(petition_id__in=petition_ids).values_list("pk"))
    rows = (
        Signature.objects.filter(petition_id__in=petition_ids, status=SignatureStatus.VALID)
        .values("petition_id", "hromada_id", "signed_on", "district_id", "against")
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals: dict[int, list[int]] = {pid: [0, 0] for pid in petition_ids}
    owners: dict[int, int] = {}
    days: dict[tuple[int, dt.date], list[int]] = defaultdict(lambda: [0, 0])
    districts: dict[tuple[int, int | None], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        pid, side = row["petition_id"], 1 if row["against"] else 0
        owners[pid] = row["hromada_id"]
        totals[pid][side] += row["n"]
        days[(pid, row["signed_on"])][side] += row["n"]
        districts[(pid, row["district_id"])][side] += row["n"]
    if len(owners) < len(petition_ids):
        owners.update(
            Petition.objects.filter(pk__in=[p for p in petition_ids if p not in owners]).values_list(
                "pk", "hromada_id"
            )
        )
    SignatureDayCount.objects.filter(petition_id__in=petition_ids).delete()
    SignatureDistrictCount.objects.filter(petition_id__in=petition_ids).delete()
    SignatureDayCount.objects.bulk_create(
        [
            SignatureDayCount(
                hromada_id=owners[pid], petition_id=pid, day=day, count_for=c[0], count_against=c[1]
            )
            for (pid, day), c in days.items()
        ]
    )
    SignatureDistrictCount.objects.bulk_create(
        [
            SignatureDistrictCount(
                hromada_id=owners[pid],
                petition_id=pid,
                district_id=district,
                count_for=c[0],
                count_against=c[1],
            )
            for (pid, district), c in districts.items()
        ]
    )
    PetitionTally.objects.bulk_create(
        [
            PetitionTally(
                petition_id=pid, hromada_id=owners[pid], count_for=c[0], count_against=c[1], counted_at=now
            )
            for pid, c in totals.items()
            if pid in owners
        ],
        update_conflicts=True,
        unique_fields=["petition"],
        update_fields=["count_for", "count_against", "counted_at"],
    )
    return {pid: (c[0], c[1]) for pid, c in totals.items()}


def petition_counts_refresh(*, petition_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Recount the petitions now (one transaction) and move those at their threshold on.

    Returns {petition id: (signatures for, against)}.
    """
    return _refresh(petition_ids)[0]


def _refresh(
    petition_ids: list[int], now: dt.datetime | None = None
) -> tuple[dict[int, tuple[int, int]], list[int]]:
    with transaction.atomic():
        counts = _recount(sorted(set(petition_ids)), now)
    return counts, _thresholds(counts)


def _thresholds(counts: dict[int, tuple[int, int]]) -> list[int]:
    if not counts:
        return []
    reached = list(
        Petition.objects.filter(pk__in=list(counts), status=PetitionStatus.COLLECTING)
        .select_related("rules")
        .only("pk", "rules__signature_threshold")
    )
    moved = []
    for petition in reached:
        assert petition.rules is not None
        if counts[petition.pk][0] >= petition.rules.signature_threshold:
            try:
                petition_threshold_reach(petition=petition)
                moved.append(petition.pk)
            except ApplicationError:  # another worker got there first
                continue
    return moved


@transaction.atomic
def petition_threshold_reach(*, petition: Petition) -> Petition:
    """The count reached the threshold: signing stops; forwarding is scheduled for the next working day."""
    petition = _locked(petition)
    assert petition.rules is not None or petition.status != PetitionStatus.COLLECTING
    tally = PetitionTally.objects.filter(petition=petition).first()
    count = tally.count_for if tally is not None else 0
    ensure(
        petition.rules is not None and count >= petition.rules.signature_threshold,
        _("The petition has not reached its threshold."),
        code="petition_status",
    )
    old = _transition(petition, PetitionStatus.THRESHOLD_REACHED)
    now = clock.now()
    petition.threshold_reached_at = now
    petition.closed_at = now
    petition.forward_on = clocks.forward_day(calendar_for(hromada=petition.hromada), threshold_reached_at=now)
    petition.save(update_fields=["status", "threshold_reached_at", "closed_at", "forward_on", "updated_at"])
    _log(
        petition,
        "threshold_reached",
        actor=None,
        payload={"from": old, "signatures": count, "forward_on": _iso(petition.forward_on)},
    )
    notify_on_commit(
        hromada=petition.hromada,
        recipients=[petition.author],
        kind="petitions.threshold_reached",
        params={"title": petition.title},
        url=_petition_url(petition),
    )
    return petition
