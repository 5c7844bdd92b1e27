"""One source of truth: the offer records the answer; the application's state derives from it, and its own
status only says whether the child is in the queue or withdrawn (a database constraint)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from hromada.enrollment import actions, selectors
from hromada.enrollment.models import Application, Offer, State, application_state
from hromada.ledger.actions import ledger_integrate
from tests.migrations import replaced_migrations

from .factories import make_round, register


def test_state_is_derived_from_the_status_and_the_live_offer():
    assert application_state("active", None) == State.ACTIVE
    assert application_state("active", "open") == State.OFFERED
    assert application_state("active", "accepted") == State.ACCEPTED
    assert application_state("active", "enrolled") == State.ENROLLED
    assert application_state("withdrawn", None) == State.WITHDRAWN


@pytest.mark.django_db(transaction=True)
def test_the_state_follows_the_offer_while_the_status_stays_in_the_queue(hromada, clock):
    round = make_round(hromada, places=(1,))
    admin = round.admin
    application = register(round)
    assert application.state == State.ACTIVE
    clock.set(round.closes_at + dt.timedelta(minutes=1))
    actions.round_close(round=round)
    ledger_integrate(hromada=hromada)
    actions.round_allocate(round=round, official=admin)
    offer = Offer.objects.get(application=application)

    states = [Application.objects.get(pk=application.pk).state]
    actions.offer_accept(offer=offer, parent=application.parent)
    states.append(Application.objects.get(pk=application.pk).state)
    actions.offer_enroll(offer=offer, official=admin)
    states.append(Application.objects.get(pk=application.pk).state)

    assert states == [State.OFFERED, State.ACCEPTED, State.ENROLLED]
    assert Application.objects.get(pk=application.pk).status == Application.Status.ACTIVE
    annotated = selectors.with_state(Application.objects.filter(pk=application.pk)).get()
    assert annotated.live_offer_status == "enrolled" and annotated.state == State.ENROLLED
    [facts] = selectors.round_facts(round=round)
    assert facts.status == State.ENROLLED


def test_the_database_refuses_an_offer_answer_in_the_application_status(hromada):
    round = make_round(hromada)
    application = register(round)

    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(status="accepted")


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_offer_answers_out_of_the_application_status(hromada):
    before = [("enrollment", "0002_proof_files")]
    after = [("enrollment", "0003_application_status_derived_from_offers")]
    round = make_round(hromada, places=(1,))
    kept, withdrawn = register(round), register(round)
    # The data migration was squashed into enrollment's first migration: the test runs on the graph of before.
    with replaced_migrations() as replaced_graph_executor:
        executor = replaced_graph_executor()
        try:
            executor.migrate(before)
            old = executor.loader.project_state(before).apps.get_model("enrollment", "Application")
            old.objects.filter(pk=kept.pk).update(status="accepted")
            old.objects.filter(pk=withdrawn.pk).update(status="withdrawn")
            executor = replaced_graph_executor()
            executor.migrate(after)
        finally:
            executor = replaced_graph_executor()
            executor.migrate(executor.loader.graph.leaf_nodes())

    assert Application.objects.get(pk=kept.pk).status == "active"
    assert Application.objects.get(pk=withdrawn.pk).status == "withdrawn"
