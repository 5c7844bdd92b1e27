"""Signing petitions: the hot path, tuned by hand for 1,000 signatures a second (docs/performance.md).

NOT A TEMPLATE for other actions. Requests are batched by group commit (:mod:`hromada.core.groupcommit`),
people and petitions are read with hand-written SELECTs, rate limits counted in one upsert, and the
ledger entries, personal receipts and signatures written with multi-row INSERTs in one transaction. Each
line here was measured (``bench/petitions.py``); change it only with the benchmark run before and after.
Ordinary actions look like :mod:`.moderation` or :mod:`hromada.territory.actions`."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.accounts.actions import UnresolvedToken, api_tokens_resolve
from hromada.accounts.selectors import active_persons
from hromada.core import clock, ratelimit
from hromada.core.batchsql import any_of, hot_cursor, insert_rows
from hromada.core.errors import ApplicationError, ConflictError, NotFoundError, RateLimitedError
from hromada.core.groupcommit import GroupCommit
from hromada.core.models import Hromada
from hromada.core.permissions import is_authenticated, require
from hromada.core.phases import Feature
from hromada.ledger.actions import Receipt, ledger_append_many
from hromada.ledger.receipts import ReceiptToKeep, receipts_keep_many

from .. import clocks, fraud, selectors
from ..models import Channel, Petition, PetitionRules, Signature, SignatureStatus
from ._common import _check_eligible, _entry, _hromada

if TYPE_CHECKING:
    from hromada.accounts.models import User

logger = logging.getLogger("hromada.petitions")


# Per-person limit on signing, on top of the platform-wide write limit per client address
# (HROMADA_WRITE_LIMIT_PER_MINUTE, WriteRateLimitMiddleware).
SIGN_LIMIT_PER_ACCOUNT = (30, 60)  # 30 signatures a minute


@dataclass(frozen=True)
class SignatureResult:
    """What signing gives back: the signature, the ledger receipt (with the signer's salt) and the id of
    the signer's personal receipt (downloadable at /ledger/receipts/<id>/download/ once published)."""

    signature: Signature
    receipt: Receipt | None
    personal_receipt_id: int | None
    created: bool


@dataclass(frozen=True)
class SignRequest:
    """One request of a batch of signatures (:func:`signatures_add`)."""

    petition_id: int
    # The person; or their id, or a bearer token not yet looked up: then resolved and read (active only)
    # with the batch's other signers.
    signer: User | int | UnresolvedToken
    against: bool = False
    show_name: bool = False  # private unless the person chose to show their name
    address: str = ""  # the client's IP: the per-address limit and the anti-fraud spike detector
    write_hit: ratelimit.Hit | None = None  # the platform's write-limit hit deferred to signing
    language: str | None = None  # the language of this request's messages (None: the current one)
    channel: str = Channel.WEB  # where the signature is given (``Channel``: web, API, Telegram)


SignOutcome = SignatureResult | Exception  # a refusal (ApplicationError) or a failure of that request
SIGN_ATTEMPTS = 3  # a batch that lost a race for a (petition, signer) pair is re-read and written again


def _signable(petition: Petition, now: dt.datetime) -> PetitionRules:
    if not petition.allows(Feature.SIGN) or petition.rules is None:
        raise ConflictError(_("This petition is not collecting signatures."), code="not_collecting")
    if petition.collection_ends_at is not None and now > petition.collection_ends_at:
        raise ConflictError(
            _("The collection of signatures for this petition has ended."), code="not_collecting"
        )
    return petition.rules


def signature_add(
    *,
    petition: Petition,
    signer: User,
    against: bool = False,
    show_name: bool = False,
    address: str = "",
    channel: str = Channel.WEB,
) -> SignatureResult:
    """Sign a collecting petition once (UNIQUE (petition, signer)); returns the signature and receipt.

    One request of :func:`signatures_add` (which see); its refusal is raised. ``channel`` records where
    it was given (``Channel``: the web page, the API, the Telegram bot).
    """
    request = _this_request(
        petition.pk, signer, against=against, show_name=show_name, address=address, channel=channel
    )
    outcome = signatures_add(hromada=_hromada(petition), requests=[request])[0]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def signature_submit(
    *,
    hromada: Hromada,
    petition_id: int,
    signer: User | int | UnresolvedToken,
    against: bool = False,
    show_name: bool = False,
    address: str = "",
    channel: str = Channel.WEB,
) -> SignatureResult:
    """:func:`signature_add` for the signing API: batched with this process's concurrent requests.

    A surge of signatures is written by group commit (:mod:`hromada.core.groupcommit`): the requests
    that arrive while a batch is in the database form the next batch, one transaction for all of them.
    Each request gets its own outcome (its refusal raised here, in its own language); nobody waits on
    purpose, so a lone request is a batch of one.
    """
    request = _this_request(
        petition_id, signer, against=against, show_name=show_name, address=address, channel=channel
    )
    return _signing_intake.submit((hromada, request))  # a refusal is raised here by the intake


def _this_request(
    petition_id: int,
    signer: User | int | UnresolvedToken,
    *,
    against: bool,
    show_name: bool,
    address: str,
    channel: str,
) -> SignRequest:
    """The current HTTP request's signing request: its deferred write hit and its language go along."""
    return SignRequest(
        petition_id=petition_id,
        signer=signer,
        against=against,
        show_name=show_name,
        address=address,
        write_hit=ratelimit.take_deferred_write(),
        language=translation.get_language(),
        channel=channel,
    )


def _signatures_add_grouped(jobs: list[tuple[Hromada, SignRequest]]) -> list[SignOutcome]:
    """The group commit's batch: :func:`signatures_add` per hromada. A group that fails is signed again
    one request at a time, so one request's failure is only its own (and never re-runs a group that
    already committed)."""
    outcomes: list[SignOutcome | None] = [None] * len(jobs)
    groups: dict[int, list[int]] = defaultdict(list)
    for index, (hromada, _request) in enumerate(jobs):
        groups[hromada.pk].append(index)
    for indices in groups.values():
        hromada = jobs[indices[0]][0]
        try:
            results = signatures_add(hromada=hromada, requests=[jobs[i][1] for i in indices])
        except Exception:
            if len(indices) > 1:
                logger.exception("a batch of %d signatures failed; signing them one by one", len(indices))
            results = [_signature_alone(hromada, jobs[i][1]) for i in indices]
        for index, result in zip(indices, results, strict=True):
            outcomes[index] = result
    return [outcome for outcome in outcomes if outcome is not None]


def _signature_alone(hromada: Hromada, request: SignRequest) -> SignOutcome:
    try:
        return signatures_add(hromada=hromada, requests=[request])[0]
    except Exception as error:  # this request's own failure, raised in its own request
        return error


_signing_intake: GroupCommit[tuple[Hromada, SignRequest], SignatureResult] = GroupCommit(
    _signatures_add_grouped, max_batch=64
)


def signatures_add(*, hromada: Hromada, requests: Sequence[SignRequest]) -> list[SignOutcome]:
    """Sign petitions of ``hromada`` for a batch of requests; one outcome per request, in order.

    Checks for each request, in order: the petition exists (404) and is collecting (409
    ``not_collecting``); the per-account and per-address rate limits (429); eligibility under the
    petition's frozen rules (403 ``not_eligible``: identity level, age, residency); "against" allowed
    (400). Then, in ONE transaction for the whole batch: one ``petition.signed`` ledger entry per
    signature (the signer only as a salted commitment), the signers' personal receipts, the signatures
    (multi-row INSERTs). A second signature is refused with 409 ``already_signed``; a signature the
    signer withdrew is given again (a new entry). Exactly once is the database's UNIQUE (petition,
    signer): a batch that meets a concurrent writer's signature rolls back and is re-read. Counts follow
    within seconds (:func:`petitions_aggregate`). Reads: the petitions (one query), the rate limits
    (one upsert for all the batch's keys), the existing signatures of the batch's pairs (one query).
    """
    now = clock.now()
    outcomes: list[SignOutcome | None] = [None] * len(requests)
    requests = _signers_read(requests, outcomes)
    petitions = selectors.petitions_for_signing(
        hromada=hromada, petition_ids=[r.petition_id for r in requests]
    )
    for index, request in enumerate(requests):
        if outcomes[index] is not None:
            continue
        with _speaking(request.language):
            try:
                require(is_authenticated, request.signer)
                petition = petitions.get(request.petition_id)
                if petition is None:
                    raise NotFoundError(_("No such petition."))
                _signable(petition, now)
            except ApplicationError as error:
                outcomes[index] = error
    _sign_rate_limits(requests, outcomes)
    for index, request in enumerate(requests):
        if outcomes[index] is not None:
            continue
        rules = petitions[request.petition_id].rules
        assert rules is not None  # _signable
        with _speaking(request.language):
            try:
                _check_eligible(_signer(request), rules, level=rules.sign_level, creating=False)
                if request.against and not rules.against_allowed:
                    raise ApplicationError(
                        _("This petition takes no votes against."),
                        code="against_not_allowed",
                        fields={"against": [_("This petition takes no votes against.")]},
                    )
            except ApplicationError as error:
                outcomes[index] = error
    accepted = [i for i, outcome in enumerate(outcomes) if outcome is None]
    if accepted:
        for attempt in range(SIGN_ATTEMPTS):
            try:
                with transaction.atomic():
                    written = _signatures_write(hromada, requests, accepted, petitions, now)
                break
            except IntegrityError:
                if attempt == SIGN_ATTEMPTS - 1:
                    raise
        for index, outcome in written.items():
            outcomes[index] = outcome
    return [outcome for outcome in outcomes if outcome is not None]


def _receipt_title(petition_id: int) -> str:
    return gettext_lazy("Signature under petition %(number)s") % {"number": petition_id}


def _signer(request: SignRequest) -> User:
    """The request's person, once :func:`_signers_read` has read it."""
    assert not isinstance(request.signer, int | UnresolvedToken), "signers are read first"
    return request.signer


def _signers_read(requests: Sequence[SignRequest], outcomes: list[SignOutcome | None]) -> list[SignRequest]:
    """The requests with every signer given by token or id read: the tokens resolved in one query, the
    people in another; an unknown, revoked or expired token or an inactive person is 401."""
    tokens = api_tokens_resolve(
        digests=[r.signer.digest for r in requests if isinstance(r.signer, UnresolvedToken)]
    )
    # Each signer as the person, their id, or None (a token that resolved to nobody).
    given = [
        tokens.get(r.signer.digest) if isinstance(r.signer, UnresolvedToken) else r.signer for r in requests
    ]
    people = active_persons(user_ids=[signer for signer in given if isinstance(signer, int)])
    read = []
    for index, (request, signer) in enumerate(zip(requests, given, strict=True)):
        if signer is None or isinstance(signer, int):
            person = people.get(signer) if signer is not None else None
            if person is None:
                with _speaking(request.language):
                    outcomes[index] = ApplicationError(
                        _("Log in or send a valid API token (Authorization: Bearer …)."),
                        code="unauthenticated",
                        status=401,
                    )
            else:
                request = replace(request, signer=person)
        read.append(request)
    return read


def _speaking(language: str | None) -> AbstractContextManager[None]:
    """Messages of a request in a batch are in that request's language."""
    if not language or language == translation.get_language():
        return nullcontext()  # the usual case: a batch mostly speaks its leader's language
    return translation.override(language)


def _sign_rate_limits(requests: Sequence[SignRequest], outcomes: list[SignOutcome | None]) -> None:
    """Count the batch's hits in one upsert: every request's deferred write hit (per address) and the
    per-account signing limit of each request still open; refuse (429) the requests over a limit."""
    if not settings.HROMADA_RATE_LIMITS:
        return
    limit, window = SIGN_LIMIT_PER_ACCOUNT
    items: list[ratelimit.Hit] = []
    owners: list[int] = []
    for index, request in enumerate(requests):
        if request.write_hit is not None:
            # Counted for the signer once known (a token's person), else for the address.
            write_key = (
                f"write:user:{_signer(request).pk}" if outcomes[index] is None else request.write_hit[0]
            )
            items.append((write_key, *request.write_hit[1:]))
            owners.append(index)
        if outcomes[index] is None:
            items.append((f"petition_sign:user:{_signer(request).pk}", limit, window))
            owners.append(index)
    if not items:
        return
    for index, (allowed, retry_after) in zip(owners, ratelimit.hits(items), strict=True):
        if not allowed and outcomes[index] is None:
            with _speaking(requests[index].language):
                outcomes[index] = RateLimitedError(
                    _("Too many signatures in a short time. Please wait a little and try again."),
                    retry_after=retry_after,
                )


def _signatures_write(
    hromada: Hromada,
    requests: Sequence[SignRequest],
    accepted: Sequence[int],
    petitions: dict[int, Petition],
    now: dt.datetime,
) -> dict[int, SignOutcome]:
    """The batch's writes (inside its transaction): outcomes of the accepted requests by index."""
    existing = _signatures_existing(
        petition_ids={requests[i].petition_id for i in accepted},
        signer_ids={_signer(requests[i]).pk for i in accepted},
    )
    outcomes: dict[int, SignOutcome] = {}
    signing: list[int] = []
    taken: set[tuple[int, int]] = set()
    for index in accepted:
        request = requests[index]
        pair = (request.petition_id, _signer(request).pk)
        current = existing.get(pair)
        with _speaking(request.language):
            if pair in taken or (current is not None and current.status == SignatureStatus.VALID):
                outcomes[index] = ConflictError(
                    _("You have already signed this petition."), code="already_signed"
                )
            elif current is not None and current.status == SignatureStatus.INVALIDATED:
                outcomes[index] = ConflictError(
                    _("Your signature under this petition was invalidated and cannot be given again."),
                    code="signature_invalidated",
                )
            else:
                taken.add(pair)
                signing.append(index)
    if not signing:
        return outcomes
    receipts = ledger_append_many(
        hromada=hromada,
        entries=[
            _entry(
                petitions[requests[i].petition_id],
                "signed",
                actor=None,
                include_actor=False,
                payload={"against": requests[i].against},
                people=[_signer(requests[i])],
            )
            for i in signing
        ],
    )
    personal = receipts_keep_many(
        items=[
            ReceiptToKeep(
                user=_signer(requests[i]),
                receipt=receipt,
                reference=_signer(requests[i]),
                title=gettext_lazy("Signature under petition %(number)s")
                % {"number": requests[i].petition_id},
            )
            for i, receipt in zip(signing, receipts, strict=True)
        ]
    )
    fresh: list[tuple[int, Signature]] = []
    for index, receipt, kept in zip(signing, receipts, personal, strict=True):
        request = requests[index]
        signer = _signer(request)
        signature = existing.get((request.petition_id, signer.pk)) or Signature(
            hromada_id=hromada.pk, petition_id=request.petition_id, signer=signer
        )
        signature.status = SignatureStatus.VALID
        signature.against, signature.show_name = request.against, request.show_name
        signature.channel = request.channel
        signature.public_name = signer.full_name[:200] if request.show_name else ""
        signature.district_id = signer.district_id
        signature.signed_at, signature.signed_on, signature.changed_at = now, clocks.local_date(now), now
        signature.network = fraud.network_of(request.address) if request.address else ""
        signature.email_domain = fraud.email_domain(signer.email)
        signature.receipt_id, signature.personal_receipt_id = receipt.receipt_id, kept.pk
        if signature.pk is None:
            fresh.append((index, signature))
        else:  # a withdrawn signature given again (rare): its row, locked above
            signature.save(update_fields=_SIGNED_FIELDS)
        outcomes[index] = SignatureResult(
            signature=signature, receipt=receipt, personal_receipt_id=kept.pk, created=True
        )
    # One multi-row INSERT, in (petition, signer) order so that concurrent batches wait for each
    # other's rows in one order; a pair a concurrent batch committed meanwhile raises IntegrityError.
    fresh.sort(key=lambda item: (item[1].petition_id, item[1].signer_id))
    insert_rows([signature for _index, signature in fresh])
    return outcomes


_SIGNED_FIELDS = [
    "status",
    "channel",
    "against",
    "show_name",
    "public_name",
    "district",
    "signed_at",
    "signed_on",
    "changed_at",
    "network",
    "email_domain",
    "receipt_id",
    "personal_receipt_id",
]


def _signatures_existing(*, petition_ids: set[int], signer_ids: set[int]) -> dict[tuple[int, int], Signature]:
    """The batch's existing signatures (a superset of its pairs), locked: one hand-written SELECT."""
    table = Signature._meta.db_table
    petitions, signers = sorted(petition_ids), sorted(signer_ids)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    of_petitions, petition_params = any_of("petition_id", petitions)
    of_signers, signer_params = any_of("signer_id", signers)
    sql = (
        f"SELECT id, petition_id, signer_id, status FROM {table} "  # noqa: S608 - our own table
        f"WHERE {of_petitions} AND {of_signers} ORDER BY petition_id, signer_id{lock}"
    )
    with hot_cursor() as cursor:
        cursor.execute(sql, [*petition_params, *signer_params])
        rows = cursor.fetchall()
    fields = ["id", "petition_id", "signer_id", "status"]
    return {(row[1], row[2]): Signature.from_db(DEFAULT_DB_ALIAS, fields, list(row)) for row in rows}
