"""Background work of the petitions module (idempotent)."""

from __future__ import annotations

from django_tasks import task

from hromada.core.models import Notification

from .models import Petition, Signature, SignatureStatus

KIND_ANSWERED = "petitions.signed_answered"
NOTIFY_BATCH = 1000  # messages inserted together


@task()
def petition_notify_signers(*, petition_id: int) -> int:
    """Tell every signer (valid signatures) that the petition was answered; skips those already told."""
    from hromada.core.actions import NotificationDraft, notifications_send_many

    petition = Petition.objects.select_related("hromada").filter(pk=petition_id).first()
    if petition is None or petition.answered_at is None:
        return 0
    url = f"/petitions/{petition.pk}/"
    told = set(
        Notification.objects.filter(hromada=petition.hromada, kind=KIND_ANSWERED, url=url).values_list(
            "recipient_id", flat=True
        )
    )
    sent = 0
    signatures = (
        Signature.objects.filter(petition=petition, status=SignatureStatus.VALID)
        .select_related("signer")
        .order_by("pk")
    )
    drafts: list[NotificationDraft] = []
    for signature in signatures.iterator(chunk_size=1000):
        signer = signature.signer
        if signer.pk in told or signer.pk == petition.author_id:
            continue
        drafts.append(NotificationDraft(recipient=signer, params={"title": petition.title}, url=url))
        if len(drafts) == NOTIFY_BATCH:
            sent += len(notifications_send_many(hromada=petition.hromada, kind=KIND_ANSWERED, drafts=drafts))
            drafts = []
    if drafts:
        sent += len(notifications_send_many(hromada=petition.hromada, kind=KIND_ANSWERED, drafts=drafts))
    return sent
