"""The moderators' queue of the opinion maps' statements: pre-moderation (a statement shown for voting only
once approved), approve / reject with a ground (logged, the author told), bulk decisions, the moderators of
the consultation's department only, the queue page with its counts."""

import json

import pytest
from django.test import Client

from hromada.accounts.models import DepartmentMembership, HromadaRole
from hromada.consultations.actions import (
    statement_add,
    statement_approve,
    statement_hide,
    statement_vote,
    statements_moderate,
)
from hromada.consultations.models import Statement, StatementStatus
from hromada.consultations.selectors import opinion_map_view, statement_queue, statement_queue_counts
from hromada.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from hromada.core.models import Notification
from hromada.ledger.models import Entry, PendingEntry
from tests.factories import DepartmentFactory, UserFactory, login_with_totp, token_client

from .factories import make_consultation, make_participant

pytestmark = pytest.mark.django_db


def _payloads(kind):
    rows = list(PendingEntry.objects.filter(kind=kind).order_by("pk")) + list(
        Entry.objects.filter(kind=kind).order_by("index")
    )
    return [json.loads(bytes(row.data))["payload"] for row in rows]


def make_moderator(hromada, *departments):
    user = UserFactory(hromada=hromada, is_staff=True)
    HromadaRole.objects.create(user=user, hromada=hromada, role=HromadaRole.Role.MODERATOR)
    for department in departments:
        DepartmentMembership.objects.create(
            user=user, department=department, role=DepartmentMembership.Role.SPECIALIST
        )
    return user


def official_of(department):
    user = UserFactory(hromada=department.hromada, is_staff=True)
    DepartmentMembership.objects.create(
        user=user, department=department, role=DepartmentMembership.Role.SPECIALIST
    )
    return user


def consultation_of(department, **kwargs):
    kwargs.setdefault("survey", False)
    kwargs.setdefault("draft", False)
    return make_consultation(
        department.hromada, department=department, official=official_of(department), **kwargs
    )


@pytest.fixture
def department(hromada):
    return DepartmentFactory(hromada=hromada)


@pytest.fixture
def premoderated(hromada, department):
    return consultation_of(department, premoderate_statements=True)


@pytest.fixture
def moderator(hromada, department):
    return make_moderator(hromada, department)


def test_with_pre_moderation_a_statement_is_shown_for_voting_only_once_approved(
    premoderated, moderator, participant, hromada, django_capture_on_commit_callbacks
):
    voter = make_participant(hromada)
    statement = statement_add(consultation=premoderated, person=participant, text="Більше лавок у парку")
    before = opinion_map_view(consultation=premoderated, viewer=voter)
    with pytest.raises(NotFoundError):
        statement_vote(statement=statement, person=voter, vote=1)

    with django_capture_on_commit_callbacks(execute=True):
        statement_approve(statement=statement, by=moderator)

    statement.refresh_from_db()
    assert before.to_vote == [] and before.total_statements == 0
    assert opinion_map_view(consultation=premoderated, viewer=voter).to_vote == [statement]
    assert statement_vote(statement=statement, person=voter, vote=1).vote == 1
    assert Notification.objects.filter(
        recipient=participant, kind="consultations.statement_approved"
    ).exists()
    assert _payloads("consultation.statement_approved") == [{"id": statement.pk, "pending": True}]
    assert premoderated.frozen_rules["premoderate_statements"] is True
    with pytest.raises(ConflictError) as again:
        statement_approve(statement=statement, by=moderator)
    assert again.value.code == "moderated"


def test_the_author_sees_their_statement_awaiting_moderation(premoderated, participant):
    statement_add(consultation=premoderated, person=participant, text="Більше лавок у парку")

    view = opinion_map_view(consultation=premoderated, viewer=participant)

    assert [s.text for s in view.my_pending] == ["Більше лавок у парку"]


def test_a_rejected_statement_is_never_shown_and_the_author_is_told_the_ground(
    premoderated, moderator, participant, django_capture_on_commit_callbacks
):
    statement = statement_add(consultation=premoderated, person=participant, text="Купуйте в нашому магазині")
    with pytest.raises(ApplicationError):
        statement_hide(statement=statement, by=moderator, reason="")

    with django_capture_on_commit_callbacks(execute=True):
        statement_hide(statement=statement, by=moderator, reason="spam")

    statement.refresh_from_db()
    assert statement.status == StatementStatus.HIDDEN and statement.moderated_at is not None
    told = Notification.objects.get(recipient=participant, kind="consultations.statement_rejected")
    assert "Купуйте" in told.body
    assert _payloads("consultation.hidden") == [
        {"what": "statement", "id": statement.pk, "reason": "spam", "pending": True}
    ]
    with pytest.raises(ConflictError):
        statement_approve(statement=statement, by=moderator)


def test_without_pre_moderation_a_statement_is_shown_at_once_and_approval_only_clears_the_queue(
    hromada, department, moderator, participant, django_capture_on_commit_callbacks
):
    consultation = consultation_of(department)
    statement = statement_add(consultation=consultation, person=participant, text="Більше лавок у парку")
    assert statement.status == StatementStatus.VISIBLE
    assert list(statement_queue(hromada=hromada, moderator=moderator)) == [statement]

    with django_capture_on_commit_callbacks(execute=True):
        statement_approve(statement=statement, by=moderator)

    assert list(statement_queue(hromada=hromada, moderator=moderator)) == []
    assert not Notification.objects.filter(kind="consultations.statement_approved").exists()


def test_only_the_moderators_of_the_consultations_department_moderate_it(hromada, premoderated, participant):
    statement = statement_add(consultation=premoderated, person=participant, text="Більше лавок у парку")
    elsewhere = make_moderator(hromada, DepartmentFactory(hromada=hromada))
    anywhere = make_moderator(hromada)  # a moderator of no department moderates every consultation

    with pytest.raises(PermissionDeniedError):
        statement_approve(statement=statement, by=elsewhere)
    with pytest.raises(PermissionDeniedError):
        statement_approve(statement=statement, by=participant)

    assert list(statement_queue(hromada=hromada, moderator=elsewhere)) == []
    assert list(statement_queue(hromada=hromada, moderator=participant)) == []
    statement_approve(statement=statement, by=anywhere)


def test_the_queue_is_oldest_first_with_counts_per_consultation(
    clock, hromada, department, premoderated, moderator
):
    import datetime as dt

    other = consultation_of(department, title="Інша")
    written = []
    for n, consultation in enumerate([premoderated, other, premoderated]):
        clock.advance(dt.timedelta(minutes=1))
        written.append(
            statement_add(consultation=consultation, person=make_participant(hromada), text=f"Думка {n}")
        )

    queue = list(statement_queue(hromada=hromada, moderator=moderator))
    counts = {
        row.consultation.pk: (row.count, row.pending)
        for row in statement_queue_counts(hromada=hromada, moderator=moderator)
    }

    assert queue == written
    assert counts == {premoderated.pk: (2, 2), other.pk: (1, 0)}


def test_bulk_decisions_skip_what_another_moderator_decided_and_refuse_a_foreign_consultation(
    hromada, premoderated, moderator, django_capture_on_commit_callbacks
):
    rows = [
        statement_add(consultation=premoderated, person=make_participant(hromada), text=f"Думка {n}")
        for n in range(3)
    ]
    statement_approve(statement=rows[0], by=moderator)
    foreign = consultation_of(DepartmentFactory(hromada=hromada), title="Чужа")
    theirs = statement_add(consultation=foreign, person=make_participant(hromada), text="Чужа думка")

    with pytest.raises(PermissionDeniedError):
        statements_moderate(
            hromada=hromada, statement_ids=[rows[1].pk, theirs.pk], by=moderator, approve=True
        )
    with pytest.raises(ApplicationError):
        statements_moderate(hromada=hromada, statement_ids=[rows[1].pk], by=moderator, approve=False)
    with django_capture_on_commit_callbacks(execute=True):
        done = statements_moderate(
            hromada=hromada,
            statement_ids=[r.pk for r in rows],
            by=moderator,
            approve=False,
            reason="spam",
        )

    assert done.done == [rows[1].pk, rows[2].pk] and done.skipped == [rows[0].pk]
    assert Statement.objects.get(pk=theirs.pk).moderated_at is None
    assert set(Statement.objects.filter(pk__in=done.done).values_list("status", flat=True)) == {"hidden"}
    assert Notification.objects.filter(kind="consultations.statement_rejected").count() == 2


def test_the_queue_page_lists_counts_and_decides_one_or_many(
    hromada, premoderated, moderator, django_assert_max_num_queries
):
    rows = [
        statement_add(consultation=premoderated, person=make_participant(hromada), text=f"Думка {n}")
        for n in range(4)
    ]
    staff = login_with_totp(moderator)
    staff.get("/consultations/moderation/")  # warm the session and the roles' caches

    with django_assert_max_num_queries(20):
        page = staff.get("/consultations/moderation/")
    for n in range(4, 30):
        statement_add(consultation=premoderated, person=make_participant(hromada), text=f"Думка {n}")
    with django_assert_max_num_queries(20):
        staff.get("/consultations/moderation/")
    one = staff.post("/consultations/moderation/", {"approve": str(rows[0].pk)}, follow=True)
    many = staff.post(
        f"/consultations/moderation/?consultation={premoderated.pk}",
        {"statement": [str(rows[1].pk), str(rows[2].pk)], "bulk": "reject", "reason": "spam"},
        follow=True,
    )
    single_reject = staff.post(
        "/consultations/moderation/", {"reject": str(rows[3].pk), f"reason-{rows[3].pk}": "insult"}
    )

    html = page.content.decode()
    assert page.status_code == 200 and 'id="queue-nav"' in html
    assert html.index("Думка 0") < html.index("Думка 3")
    assert '<span class="badge">4</span>' in html
    assert "1 твердження схвалено" in one.content.decode()
    assert "2 твердження відхилено" in many.content.decode()
    assert single_reject.status_code == 302
    assert Statement.objects.get(pk=rows[0].pk).status == "visible"
    assert Statement.objects.get(pk=rows[3].pk).hidden_reason == "insult"
    index = staff.get("/consultations/").content.decode()
    assert '<span class="badge">26</span>' in index


def test_residents_and_officials_who_do_not_moderate_get_403_on_the_queue(hromada, participant):
    from tests.factories import make_official

    resident = Client()
    resident.force_login(participant)

    assert resident.get("/consultations/moderation/").status_code == 403
    assert login_with_totp(make_official(hromada)).get("/consultations/moderation/").status_code == 403


def test_the_api_says_a_premoderated_statement_is_pending(premoderated, participant):
    response = token_client(participant).post(
        f"/api/v1/consultations/{premoderated.pk}/statements",
        {"text": "Більше лавок у парку"},
        content_type="application/json",
    )

    assert response.status_code == 201 and response.json()["status"] == "pending"


def test_the_back_office_approves_and_rejects_the_selected_statements(hromada, premoderated, moderator):
    rows = [
        statement_add(consultation=premoderated, person=make_participant(hromada), text=f"Думка {n}")
        for n in range(3)
    ]
    staff = login_with_totp(moderator)
    url = "/admin/consultations/statement/"

    listed = staff.get(url + "?awaiting=yes")
    staff.post(url, {"action": "approve", "_selected_action": [str(rows[0].pk)], "reason": ""})
    refused = staff.post(
        url, {"action": "reject", "_selected_action": [str(rows[1].pk)], "reason": ""}, follow=True
    )
    staff.post(url, {"action": "reject", "_selected_action": [str(rows[2].pk)], "reason": "spam"})

    assert listed.status_code == 200 and "Думка 2" in listed.content.decode()
    assert refused.status_code == 200
    statuses = dict(Statement.objects.filter(pk__in=[r.pk for r in rows]).values_list("pk", "status"))
    assert statuses == {rows[0].pk: "visible", rows[1].pk: "pending", rows[2].pk: "hidden"}
    outsider = login_with_totp(make_moderator(hromada, DepartmentFactory(hromada=hromada)))
    assert "Думка" not in outsider.get(url).content.decode()


def test_the_same_statement_awaiting_moderation_is_refused_without_asking_to_vote_on_it(
    hromada, premoderated, participant
):
    statement_add(consultation=premoderated, person=participant, text="Більше лавок у парку")

    with pytest.raises(ConflictError) as refused:
        statement_add(
            consultation=premoderated, person=make_participant(hromada), text="більше лавок у парку!"
        )

    assert refused.value.code == "duplicate"
    assert "чекає на схвалення модератора" in str(refused.value.message)


def test_the_author_of_a_statement_awaiting_moderation_is_not_told_they_voted_on_every_statement(
    premoderated, participant
):
    statement_add(consultation=premoderated, person=participant, text="Більше лавок у парку")
    client = Client()
    client.force_login(participant)

    html = client.get(f"/en/consultations/{premoderated.pk}/").content.decode()

    assert "Your statements awaiting moderation" in html and "Більше лавок у парку" in html
    assert "You have voted on every statement" not in html
