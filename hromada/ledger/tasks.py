"""Background work of the transparency log. Both tasks are idempotent: running them twice does no harm."""

from __future__ import annotations

from django_tasks import task

from hromada.core.models import Hromada

from .actions import ledger_publish, ledger_publish_all
from .witness import cosignatures_collect


@task()
def ledger_publish_task(*, hromada_id: int) -> int:
    """Integrate the hromada's pending entries and sign a checkpoint; returns the signed tree size.

    Enqueued by ``ledger_append`` after the caller's commit. A periodic ``hromada ledger integrate
    --loop 10`` catches whatever a lost task left pending.
    """
    hromada = Hromada.objects.filter(pk=hromada_id).first()
    if hromada is None:
        return -1
    return ledger_publish(hromada=hromada).tree_size


@task()
def ledger_publish_all_task() -> int:
    """Integrate and checkpoint every hromada with pending entries; returns how many were published."""
    return len(ledger_publish_all())


@task()
def ledger_cosign_task(*, hromada_id: int, witness_ids: list[int] | None = None) -> int:
    """Ask the hromada's witnesses to cosign its latest checkpoint; returns how many new cosignatures.

    Enqueued after a new checkpoint committed (never inside the signing transaction), every witness;
    and by the periodic retry (``cosignatures_retry_due``, with backoff) for ``witness_ids`` only.
    """
    hromada = Hromada.objects.filter(pk=hromada_id).first()
    if hromada is None:
        return -1
    return len(cosignatures_collect(hromada=hromada, witness_ids=witness_ids))
