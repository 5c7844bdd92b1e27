"""Helpers every action shares: notifications after commit, and the same-hromada check."""

import pytest
from django.db import transaction

from hromada.core import actions as core_actions
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ApplicationError, NotFoundError
from hromada.core.models import Notification
from hromada.core.tenancy import require_same_hromada
from tests.factories import DistrictFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_notifications_are_sent_only_when_the_write_commits(hromada):
    person = UserFactory(hromada=hromada)

    with transaction.atomic():
        notify_on_commit(
            hromada=hromada, recipients=[person, None], kind="petitions.published", params={"title": "Kept"}
        )
    with pytest.raises(RuntimeError), transaction.atomic():
        notify_on_commit(
            hromada=hromada, recipients=[person], kind="petitions.answered", params={"title": "Lost"}
        )
        raise RuntimeError("the write fails")

    assert list(Notification.objects.values_list("kind", "recipient_id")) == [
        ("petitions.published", person.pk)
    ]


@pytest.mark.django_db(transaction=True)
def test_a_notification_that_cannot_be_sent_does_not_fail_the_committed_write(hromada, monkeypatch, caplog):
    person = UserFactory(hromada=hromada)

    def relay_down(**kwargs):
        raise ConnectionError("the inbox is unreachable")

    monkeypatch.setattr(core_actions, "notifications_send_many", relay_down)
    with transaction.atomic():
        written = UserFactory(hromada=hromada)
        notify_on_commit(
            hromada=hromada, recipients=[person], kind="petitions.answered", params={"title": "Lost"}
        )

    assert type(written).objects.filter(pk=written.pk).exists()
    assert "the inbox is unreachable" in caplog.text


@pytest.mark.django_db
def test_rows_of_another_hromada_are_not_found_or_refused_on_their_field(hromada, other_hromada):
    own, foreign = DistrictFactory(hromada=hromada), DistrictFactory(hromada=other_hromada)

    require_same_hromada(hromada, own, None, district=own, department=None)
    with pytest.raises(NotFoundError):
        require_same_hromada(hromada, own, foreign)
    with pytest.raises(ApplicationError) as refused:
        require_same_hromada(hromada, district=foreign)
    assert list(refused.value.fields) == ["district"]


class _Task:
    def __init__(self) -> None:
        self.calls: list[dict] = []

    def enqueue(self, **kwargs):
        self.calls.append(kwargs)


@pytest.mark.django_db(transaction=True)
def test_enqueue_on_commit_queues_only_after_the_write_commits(hromada):
    task = _Task()

    with transaction.atomic():
        core_actions.enqueue_on_commit(task=task, petition_id=7)
        assert task.calls == []
    with pytest.raises(RuntimeError), transaction.atomic():
        core_actions.enqueue_on_commit(task=task, petition_id=8)
        raise RuntimeError("the write fails")

    assert task.calls == [{"petition_id": 7}]
