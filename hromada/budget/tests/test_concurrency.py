"""One ballot per person across channels, under real concurrency: the web and ЦНАП race, one wins.

Each thread has its own database connection; on PostgreSQL the unique constraint ``ballot_one_per_voter``
makes the loser wait for the winner's commit and then fail; on SQLite writers are serialised.
"""

import pytest

from hromada.budget.actions import ChoiceIn, ballot_cast, ballot_cast_by_official
from hromada.budget.models import Ballot, BallotChoice, Channel
from hromada.core.errors import ConflictError
from hromada.ledger.models import Entry, PendingEntry, PersonalReceipt
from tests.concurrency import race

from .factories import make_cnap_officer, make_cycle, make_project, make_voter

VOTERS = 8


@pytest.mark.django_db(transaction=True)
def test_web_and_cnap_ballots_of_one_person_racing_leave_exactly_one(hromada):
    cycle = make_cycle(hromada, max_choices=2)
    projects = [make_project(cycle) for _ in range(3)]
    officer = make_cnap_officer(hromada)
    voters = [make_voter(hromada) for _ in range(VOTERS)]

    calls = []
    for voter in voters:
        calls.append(lambda v=voter: ballot_cast(voter=v, cycle=cycle, choices=[ChoiceIn(projects[0].pk)]))
        calls.append(
            lambda v=voter: ballot_cast_by_official(
                official=officer,
                voter=v,
                cycle=cycle,
                choices=[ChoiceIn(projects[1].pk), ChoiceIn(projects[2].pk)],
                channel=Channel.CNAP,
                identity_document="паспорт",
            )
        )
    outcomes = race(calls)

    unexpected = [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, ConflictError)]
    assert not unexpected, unexpected
    refused = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(refused) == VOTERS
    assert all(o.code == "already_voted" for o in refused)
    assert Ballot.objects.filter(cycle=cycle).count() == VOTERS
    for voter in voters:
        ballot = Ballot.objects.get(cycle=cycle, voter=voter)
        expected = 1 if ballot.channel == Channel.WEB else 2
        assert BallotChoice.objects.filter(ballot=ballot).count() == expected
        assert PersonalReceipt.objects.filter(user=voter).count() == 1
    ballots_logged = Entry.objects.filter(hromada=hromada, kind="budget.ballot.cast").count()
    ballots_pending = PendingEntry.objects.filter(hromada=hromada, kind="budget.ballot.cast").count()
    assert ballots_logged + ballots_pending == VOTERS


@pytest.mark.django_db(transaction=True)
def test_racing_channels_with_changes_allowed_leave_the_voters_own_online_ballot(hromada):
    cycle = make_cycle(hromada, max_choices=2, ballot_change_allowed=True)
    projects = [make_project(cycle) for _ in range(2)]
    officer = make_cnap_officer(hromada)
    voters = [make_voter(hromada) for _ in range(VOTERS)]

    calls = []
    for voter in voters:
        calls.append(lambda v=voter: ballot_cast(voter=v, cycle=cycle, choices=[ChoiceIn(projects[0].pk)]))
        calls.append(
            lambda v=voter: ballot_cast_by_official(
                official=officer,
                voter=v,
                cycle=cycle,
                choices=[ChoiceIn(projects[1].pk)],
                channel=Channel.PAPER,
                identity_document="паспорт",
            )
        )
    outcomes = race(calls)

    failures = [o for o in outcomes if isinstance(o, BaseException)]
    changes = [o for o in outcomes if not isinstance(o, BaseException) and o.changed]
    # An official's entry that comes second is refused (it never replaces a ballot unasked); an online
    # ballot that comes second is the voter's own change. Either way each voter has had exactly one of them.
    assert all(isinstance(o, ConflictError) and o.code == "already_voted" for o in failures)
    assert len(failures) + len(changes) == VOTERS
    for voter in voters:
        ballot = Ballot.objects.get(cycle=cycle, voter=voter)
        assert ballot.channel == Channel.WEB and ballot.version in (1, 2)
        chosen = list(BallotChoice.objects.filter(ballot=ballot).values_list("project_id", flat=True))
        assert chosen == [projects[0].pk]
