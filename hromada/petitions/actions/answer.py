"""Consideration: a petition forwarded to its addressee, answered (in time or late), updates on it."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.permissions import works_for_hromada
from hromada.core import clock
from hromada.core.actions import enqueue_on_commit, notify_on_commit
from hromada.core.calendar import calendar_for
from hromada.core.errors import ApplicationError, ensure
from hromada.core.permissions import require
from hromada.core.uploads import DOCUMENTS, IMAGES, CleanUpload

from .. import clocks
from ..models import Petition, PetitionAnswer, PetitionStatus, PetitionUpdate
from ..tasks import petition_notify_signers
from ._common import _iso, _locked, _log, _petition_url, _transition

if TYPE_CHECKING:
    from hromada.accounts.models import User

ANSWER_DOCUMENT_TYPES = DOCUMENTS | IMAGES


@transaction.atomic
def petition_forward(*, petition: Petition, actor: User | None = None) -> Petition:
    """Forward a petition that reached its threshold to the addressee: "consideration started" is
    published and the answer clock (working days) starts. Run by the job on the next working day, or by
    staff of the hromada earlier."""
    petition = _locked(petition)
    if actor is not None:
        require(works_for_hromada, actor, petition.hromada)
    old = _transition(petition, PetitionStatus.UNDER_CONSIDERATION)
    assert petition.rules is not None
    now = clock.now()
    calendar = calendar_for(hromada=petition.hromada)
    petition.forwarded_at = now
    petition.answer_due_at = clocks.answer_due(
        calendar, forwarded_on=clocks.local_date(now), working_days=petition.rules.answer_working_days
    )
    petition.save(update_fields=["status", "forwarded_at", "answer_due_at", "updated_at"])
    _log(
        petition,
        "forwarded",
        actor=actor,
        payload={
            "from": old,
            "addressee": petition.addressee.kind,
            "answer_due": _iso(petition.answer_due_at),
        },
    )
    return petition


def _answer_document(petition: Petition, document: CleanUpload | None) -> CleanUpload | None:
    if document is not None:
        ensure(
            document.content_type in ANSWER_DOCUMENT_TYPES,
            _("Attach the decision as a PDF or an image."),
            field="document",
        )
    return document


@transaction.atomic
def petition_answer(
    *,
    petition: Petition,
    actor: User,
    decision: str,
    text: str,
    document: CleanUpload | None = None,
) -> PetitionAnswer:
    """The addressee's answer (staff of the hromada): supported / not supported with reasons and the
    decision document (a file already cleaned by ``core.uploads.clean_upload``). An expired petition is
    answered as an ordinary appeal (decision ``appeal_answered``)."""
    petition = _locked(petition)
    require(works_for_hromada, actor, petition.hromada)
    text = text.strip()
    errors: dict[str, list[str]] = {}
    allowed = (
        [PetitionAnswer.Decision.APPEAL_ANSWERED]
        if petition.status == PetitionStatus.EXPIRED
        else [PetitionAnswer.Decision.SUPPORTED, PetitionAnswer.Decision.NOT_SUPPORTED]
    )
    if decision not in allowed:
        errors["decision"] = [_("Choose whether the petition is supported.")]
    if len(text) < 20:
        errors["text"] = [_("Give the reasons for the decision (at least 20 characters).")]
    if errors:
        raise ApplicationError(_("Please correct the marked fields."), fields=errors)
    _answer_document(petition, document)
    old = _transition(petition, PetitionStatus.ANSWERED)
    now = clock.now()
    on_time = petition.answer_due_at is None or now <= petition.answer_due_at
    petition.answered_at = now
    petition.save(update_fields=["status", "answered_at", "updated_at"])
    answer = PetitionAnswer(
        hromada_id=petition.hromada_id,
        petition=petition,
        decision=decision,
        text=text,
        answered_by=actor,
        answered_at=now,
        on_time=on_time,
    )
    if document is not None:
        answer.document.save(document.original_name, document.as_file(), save=False)
    answer.save()
    _log(
        petition,
        "answered",
        actor=actor,
        payload={
            "from": old,
            "decision": decision,
            "on_time": on_time,
            "answer_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "document_sha256": hashlib.sha256(document.content).hexdigest() if document is not None else None,
        },
    )
    hromada, petition_id, title = petition.hromada, petition.pk, petition.title
    notify_on_commit(
        hromada=hromada,
        recipients=[petition.author],
        kind="petitions.answered",
        params={"title": title},
        url=_petition_url(petition),
    )
    enqueue_on_commit(task=petition_notify_signers, petition_id=petition_id)
    return answer


@transaction.atomic
def petition_add_update(*, petition: Petition, actor: User, text: str) -> PetitionUpdate:
    """Staff report how an answered petition is being implemented (public, logged)."""
    petition = _locked(petition)
    require(works_for_hromada, actor, petition.hromada)
    ensure(petition.status == PetitionStatus.ANSWERED, _("Updates follow an answer."), code="petition_status")
    text = text.strip()
    ensure(len(text) >= 10, _("Write the update (at least 10 characters)."), field="text")
    update = PetitionUpdate.objects.create(
        hromada_id=petition.hromada_id, petition=petition, text=text, author=actor
    )
    _log(
        petition,
        "updated",
        actor=actor,
        payload={"update": update.pk, "text_sha256": hashlib.sha256(text.encode()).hexdigest()},
    )
    return update
