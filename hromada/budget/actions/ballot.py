"""Ballots: cast online, entered by an official (paper, ЦНАП), changed; one per voter per cycle."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hromada.accounts.actions import audit_actor
from hromada.accounts.models import User
from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError, ensure
from hromada.core.models import in_language
from hromada.core.permissions import require
from hromada.core.phases import Feature
from hromada.ledger.actions import ledger_append
from hromada.ledger.receipts import receipt_keep

from ..ballots import ballot_problems, ballot_projects
from ..inputs import ChoiceIn
from ..models import Ballot, BallotChoice, BallotType, BudgetCycle, BudgetRules, Channel
from ..permissions import enters_ballots
from ..selectors import eligibility_problem, rules_current
from ._common import _allows
from .cycle import cycle_freeze


@dataclass(frozen=True)
class BallotReceipt:
    """What a voter gets back: the ballot and the reference of its ledger receipt."""

    ballot: Ballot
    receipt_id: int
    changed: bool = False
    choices: tuple[int, ...] = field(default=())


def _write_choices(ballot: Ballot, rules: BudgetRules, choices: Sequence[ChoiceIn]) -> None:
    ordinal = rules.ballot_type == BallotType.ORDINAL
    BallotChoice.objects.bulk_create(
        BallotChoice(
            ballot=ballot, project_id=c.project_id, points=c.points, rank=index + 1 if ordinal else None
        )
        for index, c in enumerate(choices)
    )


def _ballot_entry(
    *, cycle: BudgetCycle, voter: User, ballot: Ballot, kind: str, official: User | None
) -> int:
    people: list[Any] = [voter] if official is None else [voter, official]
    payload: dict[str, Any] = {
        "cycle": cycle.slug,
        "channel": ballot.channel,
        "version": ballot.version,
        "rules_version": ballot.rules_version,
    }
    if official is not None:
        payload["entered_by"] = audit_actor(user=official, hromada=cycle.hromada).as_payload()
    receipt = ledger_append(hromada=cycle.hromada, kind=kind, subject=cycle, people=people, payload=payload)
    receipt_keep(
        user=voter,
        receipt=receipt,
        reference=voter,
        title=_("Your vote in “%(cycle)s” is recorded")
        % {"cycle": in_language(cycle, "title", get_language())},
    )
    return receipt.receipt_id


def _cast(
    *,
    cycle: BudgetCycle,
    voter: User,
    choices: Sequence[ChoiceIn],
    channel: str,
    official: User | None,
    identity_document: str,
    must_exist: bool,
    replace_existing: bool = False,
) -> BallotReceipt:
    cycle = BudgetCycle.objects.select_related("hromada").get(pk=cycle.pk)
    hromada = cycle.hromada
    ensure(_allows(cycle, Feature.VOTE), _("Voting is not open."), code="voting_closed")
    cycle_freeze(cycle=cycle)
    rules = rules_current(cycle=cycle)
    problem = eligibility_problem(
        person=voter, hromada=hromada, rules=rules, purpose="vote", in_person=official is not None
    )
    if problem:
        raise PermissionDeniedError(problem, code="not_eligible")
    projects = ballot_projects(cycle, rules)
    errors = ballot_problems(rules=rules, projects=projects, choices=choices)
    if errors:
        raise ApplicationError(_("The ballot is not valid."), code="invalid_ballot", fields=errors)
    existing = Ballot.objects.select_for_update().filter(cycle=cycle, voter=voter).first()
    if existing is None and must_exist:
        raise NotFoundError(_("You have not voted in this cycle yet."), code="no_ballot")
    ballot: Ballot | None = None
    if existing is None:
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    hromada=hromada,
                    cycle=cycle,
                    voter=voter,
                    channel=channel,
                    entered_by=official,
                    identity_document=identity_document,
                    rules_version=rules.version,
                    cast_at=clock.now(),
                )
        except IntegrityError:
            # Another channel's ballot of the same person committed first: treat ours as a change of it.
            existing = Ballot.objects.select_for_update().filter(cycle=cycle, voter=voter).first()
            if existing is None:
                raise
    if ballot is not None:
        _write_choices(ballot, rules, choices)
        receipt_id = _ballot_entry(
            cycle=cycle, voter=voter, ballot=ballot, kind="budget.ballot.cast", official=official
        )
        changed = False
    else:
        assert existing is not None
        if official is not None and not replace_existing:
            # One voter, one ballot across channels: an official never replaces a ballot unasked.
            raise ConflictError(
                _(
                    "This person already has a ballot in this cycle (%(channel)s, %(time)s). One ballot per "
                    "person, whatever the channel: nothing was recorded."
                )
                % {
                    "channel": Channel(existing.channel).label,
                    "time": formats.date_format(timezone.localtime(existing.cast_at), "DATETIME_FORMAT"),
                },
                code="already_voted",
            )
        if not rules.ballot_change_allowed:
            raise ConflictError(
                _(
                    "This person has already voted in this cycle (one ballot per person, whatever the "
                    "channel), and the rules do not allow changing a ballot."
                ),
                code="already_voted",
            )
        ballot = existing
        BallotChoice.objects.filter(ballot=ballot).delete()
        _write_choices(ballot, rules, choices)
        Ballot.objects.filter(pk=ballot.pk).update(
            version=F("version") + 1,
            channel=channel,
            entered_by=official,
            identity_document=identity_document,
            rules_version=rules.version,
            cast_at=clock.now(),
        )
        ballot.refresh_from_db()
        receipt_id = _ballot_entry(
            cycle=cycle, voter=voter, ballot=ballot, kind="budget.ballot.changed", official=official
        )
        changed = True
        # The voter is told of every change of their ballot, whoever entered it.
        notify_on_commit(
            hromada=hromada,
            recipients=[voter],
            kind="budget.ballot_changed",
            params={"cycle": cycle.title, "cycle_en": cycle.title_en, "channel": str(channel)},
        )
    Ballot.objects.filter(pk=ballot.pk).update(receipt_id=receipt_id)
    ballot.receipt_id = receipt_id
    return BallotReceipt(
        ballot=ballot, receipt_id=receipt_id, changed=changed, choices=tuple(c.project_id for c in choices)
    )


@transaction.atomic
def ballot_cast(
    *, voter: User, cycle: BudgetCycle, choices: Sequence[ChoiceIn], channel: str = Channel.WEB
) -> BallotReceipt:
    """Cast the voter's online ballot, validated against the frozen rules; one ballot per person across
    all channels (a second ballot is a 409 ``already_voted`` unless the rules allow changing it, in which
    case it replaces the first). Writes a ledger entry and keeps the voter's receipt."""
    ensure(channel in (Channel.WEB, Channel.API), _("Online ballots come from the site or the API."))
    return _cast(
        cycle=cycle,
        voter=voter,
        choices=choices,
        channel=channel,
        official=None,
        identity_document="",
        must_exist=False,
    )


@transaction.atomic
def ballot_cast_by_official(
    *,
    official: User,
    voter: User,
    cycle: BudgetCycle,
    choices: Sequence[ChoiceIn],
    channel: str,
    identity_document: str,
    replace_existing: bool = False,
) -> BallotReceipt:
    """Enter a paper or ЦНАП ballot after checking the voter's identity document in person. One ballot per
    person across channels: for someone who already has a ballot the entry is refused, naming that ballot's
    channel and time — unless the voter, in person, asks to replace it (``replace_existing``) and the
    rules allow changing a ballot; the change is logged and the voter is told."""
    require(
        enters_ballots, official, cycle.hromada, _("Only TsNAP administrators of this hromada enter ballots.")
    )
    ensure(channel in (Channel.PAPER, Channel.CNAP), _("Choose the paper or TsNAP channel."), field="channel")
    ensure(
        identity_document.strip(), _("Say which identity document you checked."), field="identity_document"
    )
    ensure(official.pk != voter.pk, _("You cannot enter your own ballot."), code="self_entry")
    return _cast(
        cycle=cycle,
        voter=voter,
        choices=choices,
        channel=channel,
        official=official,
        identity_document=identity_document.strip()[:60],
        must_exist=False,
        replace_existing=replace_existing,
    )


@transaction.atomic
def ballot_change(
    *, voter: User, cycle: BudgetCycle, choices: Sequence[ChoiceIn], channel: str = Channel.WEB
) -> BallotReceipt:
    """Replace the voter's ballot atomically before the close, when the rules allow it; logged."""
    return _cast(
        cycle=cycle,
        voter=voter,
        choices=choices,
        channel=channel,
        official=None,
        identity_document="",
        must_exist=True,
    )
