"""Applications, priorities, the queue position, the ledger entries, allocation and its re-computation."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command  # noqa: F401

from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from hromada.enrollment import actions, cli, rules, selectors
from hromada.enrollment.actions import ClaimIn
from hromada.enrollment.models import Application, Offer, PriorityClaim, Round
from hromada.ledger.actions import ledger_integrate
from hromada.ledger.models import Entry, PendingEntry, PersonalReceipt
from tests.factories import UserFactory

from .factories import attach_proof, make_parent, make_round, register


def _kinds(hromada):
    return list(PendingEntry.objects.filter(hromada=hromada).values_list("kind", flat=True)) + list(
        Entry.objects.filter(hromada=hromada).values_list("kind", flat=True)
    )


def test_registration_is_logged_with_the_child_as_a_commitment_and_the_parent_keeps_the_receipt(hromada):
    round = make_round(hromada)
    parent = make_parent(hromada)

    application = register(round, parent, certificate="І-БК 123456")

    entry = PendingEntry.objects.get(hromada=hromada, kind="enrollment.registered")
    text = bytes(entry.data).decode()
    assert application.public_id in text
    assert "Петренко" not in text and "123456" not in text and application.child_hash not in text
    receipt = PersonalReceipt.objects.get(user=parent, receipt_id=application.receipt_id)
    assert receipt.reference == application.reference
    assert application.certificate_tail == "456"
    assert "123456" not in json.dumps(list(Application.objects.values()), default=str)


def test_each_event_of_an_application_is_logged_naming_the_child_only_by_commitment(hromada):
    round = make_round(hromada)
    parent = make_parent(hromada)
    application = register(
        round,
        parent,
        certificate="І-БК 777888",
        claims=[
            ClaimIn(category="displaced", proof="довідка ВПО № 5"),
            ClaimIn(category="difficult_circumstances"),
        ],
    )
    displaced = application.claims.get(category="displaced")
    attach_proof(application, displaced)
    actions.claim_decide(claim=displaced, official=round.admin, grant=False, reason="довідка не чинна")
    reordered = list(round.groups.order_by("-id").values_list("pk", flat=True))
    actions.application_choices_change(application=application, parent=parent, group_ids=reordered)
    actions.application_withdraw(application=application, parent=parent)

    events = [
        e
        for e in PendingEntry.objects.filter(hromada=hromada).order_by("pk")
        if application.public_id in bytes(e.data).decode()
    ]
    assert [e.kind for e in events] == [
        "enrollment.registered",
        "enrollment.proof_added",
        "enrollment.priority_refused",
        "enrollment.choices_changed",
        "enrollment.withdrawn",
    ]
    for entry in events:
        text = bytes(entry.data).decode()
        for personal in ("Петренко", "777888", "Шевченка", "ВПО", "не чинна", application.child_hash):
            assert personal not in text, (entry.kind, personal)
    kept = PersonalReceipt.objects.filter(user=parent, reference=application.reference)
    assert kept.count() == len(events)  # the parent holds a receipt for every event


def test_an_address_is_placed_in_a_territory_by_its_street_or_by_its_point_in_the_boundary(hromada):
    round = make_round(hromada)  # the first territory lists the street Шевченка; each has a square boundary
    first, second = round.groups.order_by("id")
    by_street = register(round, address="вул. Шевченка, 10")
    by_point = actions.application_register(
        round=round,
        parent=make_parent(hromada),
        child_name="Ткаченко Ярина",
        birth_date=dt.date(round.school_year - 4, 5, 1),
        certificate="І-БК 246810",
        address="вул. Лісова, 3",
        lat=50.2,
        lon=31.2,  # inside the second territory's square (31.0–31.5 E, 50.0–50.5 N)
        group_ids=[first.pk, second.pk],
        consent=True,
    )
    nowhere = register(round, address="вул. Лісова, 5")

    def inside(application):
        return {c.group_id: c.in_territory for c in application.choices.all()}

    assert inside(by_street) == {first.pk: True, second.pk: False}
    assert inside(by_point) == {first.pk: False, second.pk: True}
    assert inside(nowhere) == {first.pk: False, second.pk: False}


def test_second_active_application_for_the_same_child_is_refused(hromada):
    round = make_round(hromada)
    register(round, certificate="І-БК 123456")

    with pytest.raises(ConflictError) as refused:
        register(round, certificate="i-бк123456")  # the same certificate, typed differently

    assert refused.value.code == "already_applied"
    assert Application.objects.filter(round=round).count() == 1


def test_a_withdrawn_child_may_apply_again(hromada):
    round = make_round(hromada)
    parent = make_parent(hromada)
    first = register(round, parent, certificate="І-БК 123456")
    actions.application_withdraw(application=first, parent=parent)

    again = register(round, parent, certificate="І-БК 123456")

    assert again.pk != first.pk


def test_unverified_parent_cannot_register(hromada):
    round = make_round(hromada)

    with pytest.raises(PermissionDeniedError):
        register(round, UserFactory(hromada=hromada))


def test_choice_outside_the_childs_age_band_is_refused(hromada):
    round = make_round(hromada)
    group = round.groups.first()
    group.min_age_months, group.max_age_months = 36, 83
    group.save()

    with pytest.raises(ApplicationError) as refused:
        register(round, groups=[group], birth=dt.date(round.school_year - 1, 1, 1))

    assert refused.value.code == "wrong_age"
    assert not Application.objects.exists()


def test_bad_certificate_and_too_many_choices_are_refused_with_the_field(hromada):
    round = make_round(hromada, places=(1, 1), max_choices=1)

    with pytest.raises(ApplicationError) as bad:
        register(round, certificate="123", groups=list(round.groups.all())[:1])
    with pytest.raises(ApplicationError) as many:
        register(round)

    assert "certificate" in bad.value.fields
    assert "choices" in many.value.fields


def test_priority_claim_without_valid_proof_stays_pending_and_a_decision_cites_the_rule(hromada):
    round = make_round(hromada)
    application = register(round, claims=[ClaimIn(category="displaced", proof="")])
    claim = application.claims.get()
    assert claim.status == PriorityClaim.Status.PENDING

    with pytest.raises(ApplicationError) as refused:
        actions.claim_decide(claim=claim, official=round.admin, grant=True)
    assert refused.value.code == "no_proof"
    attach_proof(application)
    decided = actions.claim_decide(claim=claim, official=round.admin, grant=True)

    assert decided.status == PriorityClaim.Status.GRANTED
    assert decided.rule == rules.CMU_305 + ", п. 10"  # the provision that grants the displaced category
    assert "enrollment.priority_granted" in _kinds(hromada)


LARGE_FAMILIES = {
    "code": "large_family",
    "title": "дитина з багатодітної сім'ї",
    "decision": "рішення Світлогірської міської ради від 12.02.2026 № 1187-32/VIII",
}


def test_a_round_on_2025_1_refuses_a_large_family_claim_without_the_councils_category(hromada):
    round = make_round(hromada)
    assert round.rules_frozen["key"] == "kindergarten-2025.1"

    with pytest.raises(ApplicationError) as refused:
        register(round, claims=[ClaimIn(category="large_family", proof="посвідчення № 7")])

    assert "claims" in refused.value.fields
    assert not Application.objects.filter(round=round).exists()


def test_a_round_with_large_families_as_its_community_category_ranks_them_after_the_statutory_ones(hromada):
    round = make_round(hromada, places=(1,), local_categories=[LARGE_FAMILIES])
    large = register(round, claims=[ClaimIn(category="large_family", proof="посвідчення № 7")])
    staff = register(round, claims=[ClaimIn(category="staff_child", proof="довідка з місця роботи")])
    plain = register(round)
    for application in (large, staff):
        attach_proof(application)
        decided = actions.claim_decide(claim=application.claims.get(), official=round.admin, grant=True)
    large_claim = large.claims.get()

    [large_at], [staff_at], [plain_at] = (
        selectors.queue_positions(application=a) for a in (large, staff, plain)
    )

    # The decision cites the council's decision, the statutory one the Regulation.
    assert large_claim.rule == LARGE_FAMILIES["decision"]
    assert decided.rule == rules.CMU_305_P10
    assert staff_at.priority_class < large_at.priority_class < plain_at.priority_class
    assert round.rules_frozen["local"] == [LARGE_FAMILIES]


def test_a_round_frozen_on_2024_2_keeps_large_families_statutory_and_its_classes(hromada):
    round = make_round(hromada, places=(1,), rules_key="kindergarten-2024.2")
    large = register(round, claims=[ClaimIn(category="large_family", proof="посвідчення № 7")])
    attach_proof(large)
    actions.claim_decide(claim=large.claims.get(), official=round.admin, grant=True)
    outsider = register(
        round, address="вул. Далека, 5", claims=[ClaimIn(category="sibling", proof="довідка")]
    )
    attach_proof(outsider)
    actions.claim_decide(claim=outsider.claims.get(), official=round.admin, grant=True)

    [large_at], [outsider_at] = (selectors.queue_positions(application=a) for a in (large, outsider))

    assert round.rules_frozen == rules.rules_snapshot(rules.KINDERGARTEN_2024_2, ())
    assert large.claims.get().rule == rules.PRESCHOOL_LAW
    # Territory and large family: class 5 of 2024.2; outside the territory, a sibling: 7 + 6.
    assert (large_at.priority_class, outsider_at.priority_class) == (5, 13)
    with pytest.raises(ApplicationError):  # a 2025.1 category is unknown to this round
        register(round, claims=[ClaimIn(category="staff_child", proof="довідка")])


def test_a_parent_cannot_decide_a_claim(hromada):
    round = make_round(hromada)
    parent = make_parent(hromada)
    application = register(round, parent, claims=[ClaimIn(category="displaced", proof="довідка")])

    with pytest.raises(PermissionDeniedError):
        actions.claim_decide(claim=application.claims.get(), official=parent, grant=True)


def test_queue_position_shows_class_and_the_children_ahead(hromada):
    round = make_round(hromada, places=(1,))
    admin = round.admin
    priority = register(
        round, claims=[ClaimIn(category="orphan", proof="рішення суду")], address="вул. Шевченка, 2"
    )
    attach_proof(priority)
    actions.claim_decide(claim=priority.claims.get(), official=admin, grant=True)
    outside = register(round, address="вул. Далека, 5")
    mine = register(round, address="вул. Шевченка, 7")

    [position] = selectors.queue_positions(application=mine)
    [outsider] = selectors.queue_positions(application=outside)

    assert position.ahead_in_higher_classes == 1  # the orphan of the territory
    assert position.priority_class < outsider.priority_class  # territory first
    assert outsider.ahead_in_higher_classes == 2


def test_change_after_the_deadline_is_refused_and_logged(hromada, clock):
    round = make_round(hromada)
    parent = make_parent(hromada)
    application = register(round, parent)
    clock.set(round.closes_at + dt.timedelta(minutes=1))

    with pytest.raises(ApplicationError) as refused:
        actions.application_choices_change(
            application=application, parent=parent, group_ids=[round.groups.last().pk]
        )

    assert refused.value.code == "round_closed"
    assert "enrollment.change_refused" in _kinds(hromada)
    assert [c.group_id for c in application.choices.all()] == [g.pk for g in round.groups.order_by("id")]


def test_choices_change_keeps_the_registration_time(hromada):
    round = make_round(hromada)
    parent = make_parent(hromada)
    application = register(round, parent)
    registered = application.registered_at

    actions.application_choices_change(
        application=application, parent=parent, group_ids=[round.groups.last().pk]
    )

    application.refresh_from_db()
    assert application.registered_at == registered
    assert [c.group_id for c in application.choices.all()] == [round.groups.last().pk]
    assert "enrollment.choices_changed" in _kinds(hromada)


def _close_and_allocate(round, clock):
    clock.set(round.closes_at + dt.timedelta(minutes=1))
    actions.round_close(round=round)
    ledger_integrate(hromada=round.hromada)
    allocated = actions.round_allocate(round=round, official=round.admin)
    allocated.admin = round.admin
    return allocated


@pytest.mark.django_db(transaction=True)
def test_allocation_follows_the_rules_and_anyone_can_recompute_it_from_the_export(hromada, clock, tmp_path):
    round = make_round(hromada, places=(2, 1))
    parents = [make_parent(hromada) for _ in range(6)]
    apps = [
        register(round, p, address="вул. Шевченка, 1" if i % 2 else "вул. Інша, 3")
        for i, p in enumerate(parents)
    ]

    round = _close_and_allocate(round, clock)

    assert round.status == Round.Status.ALLOCATED and round.seed and round.seed_tree_size
    offers = Offer.objects.filter(application__round=round)
    assert offers.count() == 3
    export = selectors.round_export(round=round)
    assert "Петренко" not in json.dumps(export, ensure_ascii=False)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export, ensure_ascii=False))
    assert cli.main(["verify", str(path)]) == 0
    # The allocation entry commits to this very export.
    assert (
        Entry.objects.filter(hromada=hromada, kind="enrollment.allocated").exists()
        or PendingEntry.objects.filter(hromada=hromada, kind="enrollment.allocated").exists()
    )
    # A reordered published result is caught.
    assigned = [k for k, v in export["assignments"].items() if v]
    unassigned = [k for k, v in export["assignments"].items() if v is None]
    export["assignments"][assigned[0]], export["assignments"][unassigned[0]] = (
        None,
        export["assignments"][assigned[0]],
    )
    path.write_text(json.dumps(export))
    assert cli.main(["verify", str(path)]) == 1
    assert all(a.pk for a in apps)


@pytest.mark.django_db(transaction=True)
def test_declined_place_passes_to_the_next_child_on_the_list(hromada, clock):
    round = make_round(hromada, places=(1,))
    parents = [make_parent(hromada) for _ in range(3)]
    for p in parents:
        register(round, p)
    round = _close_and_allocate(round, clock)
    first = Offer.objects.get(application__round=round)
    next_on_list = next(
        f for f in selectors.group_waiting_list(group=first.group) if f.application_id != first.application_id
    )

    actions.offer_decline(offer=first, parent=first.application.parent)

    passed = Offer.objects.get(application__round=round, status=Offer.Status.OPEN)
    assert passed.application_id == next_on_list.application_id
    assert passed.origin == Offer.Origin.VACANCY
    actions.offer_accept(offer=passed, parent=passed.application.parent)
    passed.refresh_from_db()
    assert passed.status == Offer.Status.ACCEPTED
    kinds = _kinds(hromada)
    assert {"enrollment.offer", "enrollment.declined", "enrollment.accepted", "enrollment.allocated"} <= set(
        kinds
    )


@pytest.mark.django_db(transaction=True)
def test_unanswered_offer_expires_and_passes_on(hromada, clock):
    round = make_round(hromada, places=(1,))
    for _ in range(2):
        register(round)
    round = _close_and_allocate(round, clock)
    offer = Offer.objects.get(application__round=round)
    clock.advance(dt.timedelta(days=30))

    assert actions.offers_expire() == 1

    offer.refresh_from_db()
    assert offer.status == Offer.Status.EXPIRED
    assert "enrollment.expired" in _kinds(hromada)
    assert (
        Offer.objects.filter(application__round=round, status=Offer.Status.OPEN).exclude(pk=offer.pk).count()
        == 1
    )
    with pytest.raises(ApplicationError):
        actions.offer_accept(offer=offer, parent=offer.application.parent)


@pytest.mark.django_db(transaction=True)
def test_enrolment_of_an_accepted_offer_by_staff(hromada, clock):
    round = make_round(hromada, places=(1,))
    register(round)
    round = _close_and_allocate(round, clock)
    offer = Offer.objects.get(application__round=round)
    actions.offer_accept(offer=offer, parent=offer.application.parent)

    actions.offer_enroll(offer=offer, official=round.admin)

    offer.refresh_from_db()
    assert offer.status == Offer.Status.ENROLLED
    assert "enrollment.enrolled" in _kinds(hromada)


def test_allocation_waits_for_the_log_to_fix_the_seed(hromada, clock):
    round = make_round(hromada)
    register(round)
    clock.set(round.closes_at + dt.timedelta(minutes=1))
    actions.round_close(round=round)

    with pytest.raises(ConflictError) as refused:
        actions.round_allocate(round=round, official=round.admin)

    assert refused.value.code == "seed_not_ready"


def test_school_round_needs_territories_published_six_months_ahead(hromada):
    round = make_round(hromada, kind="school", open_=False)
    from hromada.enrollment.models import Territory

    Territory.objects.filter(hromada=hromada).update(published_at=round.opens_at - dt.timedelta(days=30))

    with pytest.raises(ApplicationError) as refused:
        actions.round_open(round=round, official=round.admin)

    assert refused.value.code == "territory_not_published"


def test_school_territory_published_exactly_six_months_ahead_of_a_month_end_opening_is_in_time(hromada):
    from hromada.enrollment.models import Territory

    round = make_round(hromada, kind="school", open_=False)
    opens = round.opens_at.replace(year=round.opens_at.year + 1, month=9, day=30)
    Round.objects.filter(pk=round.pk).update(opens_at=opens, closes_at=opens + dt.timedelta(days=30))
    Territory.objects.filter(hromada=hromada).update(published_at=opens.replace(month=3))

    actions.round_open(round=round, official=round.admin)

    round.refresh_from_db()
    assert round.status == Round.Status.OPEN


def test_territory_publication_is_dated_and_logged(hromada, institution):
    from .factories import make_admin

    territory = actions.territory_publish(
        institution=institution,
        official=make_admin(hromada),
        description="вул. Садова, 1–40",
        streets=["вул. Садова"],
    )

    assert territory.published_at is not None
    assert territory.streets == ["садова"]
    assert "enrollment.territory_published" in _kinds(hromada)


def test_rounds_tick_closes_due_rounds_and_erasure_keeps_the_public_record(hromada, clock):
    round = make_round(hromada)
    parent = make_parent(hromada)
    application = register(round, parent)
    clock.set(round.closes_at + dt.timedelta(minutes=1))

    actions.rounds_tick()
    actions.applications_erase(person=parent)

    round.refresh_from_db()
    application.refresh_from_db()
    assert round.status == Round.Status.CLOSED
    assert application.child_name == "erased" and application.status == Application.Status.WITHDRAWN
    assert application.choices.exists()


def test_claims_expire_marks_a_proof_that_lapsed(hromada, clock):
    round = make_round(hromada)
    application = register(
        round,
        claims=[
            ClaimIn(category="displaced", proof="довідка", expires_on=clock().date() + dt.timedelta(days=2))
        ],
    )
    attach_proof(application)
    actions.claim_decide(claim=application.claims.get(), official=round.admin, grant=True)
    clock.advance(dt.timedelta(days=5))

    assert actions.claims_expire(round=round) == 1
    assert application.claims.get().status == PriorityClaim.Status.EXPIRED
    assert "enrollment.priority_expired" in _kinds(hromada)


@pytest.mark.django_db(transaction=True)
def test_vacancy_fill_offers_a_new_place_once_and_nothing_before_the_allocation(hromada, clock):
    round = make_round(hromada, places=(1,))
    for _ in range(3):
        register(round)
    group = round.groups.get()
    assert actions.vacancy_fill(group=group) == 0  # no allocation yet: no year-round offers
    round = _close_and_allocate(round, clock)
    group.places = 2  # the institution opened one more place
    group.save()

    made = actions.vacancy_fill(group=group)
    again = actions.vacancy_fill(group=group)

    assert (made, again) == (1, 0)
    assert Offer.objects.filter(group=group, status=Offer.Status.OPEN).count() == 2
