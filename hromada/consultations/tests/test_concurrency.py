"""Real concurrent clients, each on its own database connection (PostgreSQL; SQLite serialises writers)."""

import datetime as dt

import pytest

from hromada.consultations.actions import (
    SurveySaved,
    consultation_announce,
    consultation_create,
    hearing_add,
    hearing_cancel,
    hearing_register,
    proposal_support,
    statement_add,
    survey_answer,
    survey_answer_change,
)
from hromada.consultations.models import Answer, Paragraph, ProposalSupport, SurveyResponse
from hromada.core import clock as core_clock
from hromada.core.errors import ConflictError
from hromada.ledger.models import Entry, PendingEntry
from tests.concurrency import postgres_only, run_concurrently
from tests.factories import make_official

from .factories import make_consultation, make_participant

CLIENTS = 20


def _announced_hearing(hromada, *, capacity, opens):
    """A hearing of ``capacity`` places two days after ``opens``, its consultation announced."""
    official = make_official(hromada)
    consultation = consultation_create(
        hromada=hromada,
        by=official,
        title="Слухання",
        summary="…",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=10),
    )
    hearing = hearing_add(
        consultation=consultation,
        by=official,
        title="Слухання",
        starts_at=opens + dt.timedelta(days=2),
        ends_at=opens + dt.timedelta(days=2, hours=2),
        place="Зала",
        capacity=capacity,
    )
    consultation_announce(consultation=consultation, by=official)
    return hearing


@pytest.mark.django_db(transaction=True)
def test_the_same_person_answering_20_times_at_once_keeps_one_answer(hromada, settings):
    postgres_only()
    settings.HROMADA_RATE_LIMITS = False
    consultation = make_consultation(hromada, draft=False, opinion=False)
    person = make_participant(hromada)
    first, scale = consultation.questions.get(position=1), consultation.questions.get(position=3)
    yes = first.options.get(text="Так").pk

    outcomes = run_concurrently(
        CLIENTS,
        lambda n: survey_answer(
            consultation=consultation, person=person, values={first.pk: yes, scale.pk: 1 + n % 5}
        ),
    )

    saved = [o for o in outcomes if isinstance(o, SurveySaved)]
    refused = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(saved) == 1 and saved[0].created
    assert len(refused) == CLIENTS - 1 and {e.code for e in refused} == {"already_answered"}
    response = SurveyResponse.objects.get(consultation=consultation, person=person)
    assert response.version == 1  # nothing was taken as an edit
    assert Answer.objects.filter(response=response).count() == 2  # one answer set, not a mix of several
    number = Answer.objects.get(response=response, question=scale).number
    assert saved[0].response.answers.get(question=scale).number == number


@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_of_one_answer_are_applied_in_turn(hromada, settings):
    postgres_only()
    settings.HROMADA_RATE_LIMITS = False
    consultation = make_consultation(hromada, draft=False, opinion=False)
    person = make_participant(hromada)
    first, scale = consultation.questions.get(position=1), consultation.questions.get(position=3)
    yes = first.options.get(text="Так").pk
    survey_answer(consultation=consultation, person=person, values={first.pk: yes, scale.pk: 3})

    outcomes = run_concurrently(
        CLIENTS,
        lambda n: survey_answer_change(
            consultation=consultation, person=person, values={first.pk: yes, scale.pk: 1 + n % 5}
        ),
    )

    assert [o for o in outcomes if not isinstance(o, SurveySaved)] == []
    response = SurveyResponse.objects.get(consultation=consultation, person=person)
    assert response.version == CLIENTS + 1  # every change was applied in turn, none lost
    assert Answer.objects.filter(response=response).count() == 2
    assert (
        PendingEntry.objects.filter(kind="consultation.survey_answer_changed").count()
        + Entry.objects.filter(kind="consultation.survey_answer_changed").count()
        == CLIENTS
    )


@pytest.mark.django_db(transaction=True)
def test_many_supports_of_one_proposal_at_once_are_counted_exactly(hromada, settings):
    postgres_only()
    settings.HROMADA_RATE_LIMITS = False
    consultation = make_consultation(hromada, survey=False, opinion=False)
    paragraph = Paragraph.objects.filter(version__consultation=consultation).first()
    from hromada.consultations.actions import contribution_add

    proposal = contribution_add(
        paragraph=paragraph, person=make_participant(hromada), text="Так", replacement="Інакше"
    )
    people = [make_participant(hromada) for _ in range(CLIENTS)]

    outcomes = run_concurrently(
        CLIENTS * 2, lambda n: proposal_support(contribution=proposal, person=people[n % CLIENTS])
    )

    refused = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(refused) == CLIENTS and {e.code for e in refused} == {"already_supported"}
    assert ProposalSupport.objects.filter(contribution=proposal).count() == CLIENTS
    proposal.refresh_from_db()
    assert proposal.supports == CLIENTS


@pytest.mark.django_db(transaction=True)
def test_the_same_statement_written_at_once_is_kept_once(hromada, settings):
    postgres_only()
    settings.HROMADA_RATE_LIMITS = False
    consultation = make_consultation(hromada, survey=False, draft=False)
    people = [make_participant(hromada) for _ in range(CLIENTS)]

    outcomes = run_concurrently(
        CLIENTS,
        lambda n: statement_add(consultation=consultation, person=people[n], text="Більше дерев у парку"),
    )

    refused = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(refused) == CLIENTS - 1 and {e.code for e in refused} == {"duplicate"}
    assert consultation.statements.count() == 1


@pytest.mark.django_db(transaction=True)
def test_20_people_registering_at_once_take_exactly_the_places_there_are(hromada, settings):
    postgres_only()
    settings.HROMADA_RATE_LIMITS = False
    from hromada.consultations.models import HearingRegistration

    hearing = _announced_hearing(hromada, capacity=5, opens=core_clock.now())
    people = [make_participant(hromada) for _ in range(CLIENTS)]

    outcomes = run_concurrently(CLIENTS, lambda n: hearing_register(hearing=hearing, person=people[n]))

    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    statuses = list(HearingRegistration.objects.filter(hearing=hearing).values_list("status", flat=True))
    assert statuses.count("confirmed") == 5 and statuses.count("waiting") == CLIENTS - 5
    # The waiting list is served in the order the registrations were made.
    waiting = HearingRegistration.objects.filter(hearing=hearing, status="waiting").order_by(
        "registered_at", "pk"
    )
    confirmed_last = HearingRegistration.objects.filter(hearing=hearing, status="confirmed").order_by(
        "-registered_at"
    )
    assert waiting.first().registered_at >= confirmed_last.first().registered_at


@pytest.mark.django_db(transaction=True)
def test_cancelling_and_registering_at_once_never_overfill_a_hearing(hromada, settings):
    postgres_only()
    settings.HROMADA_RATE_LIMITS = False
    from hromada.consultations.models import HearingRegistration

    hearing = _announced_hearing(hromada, capacity=3, opens=core_clock.now())
    holders = [make_participant(hromada) for _ in range(3)]
    for person in holders:
        hearing_register(hearing=hearing, person=person)
    newcomers = [make_participant(hromada) for _ in range(CLIENTS)]

    outcomes = run_concurrently(
        CLIENTS + 3,
        lambda n: (
            hearing_cancel(hearing=hearing, person=holders[n])
            if n < 3
            else hearing_register(hearing=hearing, person=newcomers[n - 3])
        ),
    )

    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    statuses = list(HearingRegistration.objects.filter(hearing=hearing).values_list("status", flat=True))
    assert statuses.count("confirmed") == 3 and statuses.count("cancelled") == 3
    assert statuses.count("waiting") == CLIENTS - 3


@pytest.mark.django_db(transaction=True)
def test_reminder_jobs_running_at_once_on_four_workers_remind_each_registrant_once(hromada, clock):
    postgres_only()
    from hromada.consultations.actions import hearing_reminders_send
    from hromada.consultations.models import HearingReminder
    from hromada.core.models import Notification

    hearing = _announced_hearing(hromada, capacity=CLIENTS, opens=clock())
    people = [make_participant(hromada) for _ in range(CLIENTS)]
    for person in people:
        hearing_register(hearing=hearing, person=person)
    clock.set(hearing.starts_at - dt.timedelta(hours=23))

    outcomes = run_concurrently(4, lambda n: hearing_reminders_send())

    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    assert sum(o for o in outcomes if isinstance(o, int)) == CLIENTS
    assert HearingReminder.objects.count() == CLIENTS
    reminded = list(
        Notification.objects.filter(kind="consultations.hearing_reminder").values_list(
            "recipient_id", flat=True
        )
    )
    assert sorted(reminded) == sorted(p.pk for p in people)


@pytest.mark.django_db(transaction=True)
def test_moderators_deciding_the_same_statements_at_once_decide_each_once(hromada, settings):
    """Eight moderators approve or reject the same ten statements at the same moment: each statement is
    decided once (one log entry, one notification at most), the others skip it."""
    from hromada.accounts.models import HromadaRole
    from hromada.consultations.actions import statements_moderate
    from hromada.consultations.models import Statement
    from tests.factories import UserFactory

    postgres_only()
    settings.HROMADA_RATE_LIMITS = False
    consultation = make_consultation(hromada, survey=False, draft=False, premoderate_statements=True)
    ids = [
        statement_add(consultation=consultation, person=make_participant(hromada), text=f"Думка {n}").pk
        for n in range(10)
    ]
    moderators = []
    for _ in range(8):
        user = UserFactory(hromada=hromada, is_staff=True)
        HromadaRole.objects.create(user=user, hromada=hromada, role=HromadaRole.Role.MODERATOR)
        moderators.append(user)

    outcomes = run_concurrently(
        8,
        lambda n: statements_moderate(
            hromada=hromada,
            statement_ids=ids if n % 2 else list(reversed(ids)),
            by=moderators[n],
            approve=bool(n % 2),
            reason="" if n % 2 else "spam",
        ),
    )

    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    decided = sorted(pk for o in outcomes for pk in o.done)
    assert decided == sorted(ids)
    assert not Statement.objects.filter(pk__in=ids, moderated_at__isnull=True).exists()
    logged = (
        PendingEntry.objects.filter(
            kind__in=["consultation.statement_approved", "consultation.hidden"]
        ).count()
        + Entry.objects.filter(kind__in=["consultation.statement_approved", "consultation.hidden"]).count()
    )
    assert logged == len(ids)
