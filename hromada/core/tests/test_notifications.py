"""notification_mark_read: one or every unread notification of the recipient, never someone else's."""

import pytest

from hromada.core.actions import notification_mark_read, notification_send
from hromada.core.errors import NotFoundError
from hromada.core.models import Notification


def _send(hromada, person, title):
    return notification_send(
        hromada=hromada, recipient=person, kind="petitions.published", params={"title": title}, email=False
    )


def test_notification_mark_read_marks_one_notification_and_then_the_rest(hromada, resident):
    first = _send(hromada, resident, "Перше")
    _send(hromada, resident, "Друге")
    _send(hromada, resident, "Третє")

    assert notification_mark_read(recipient=resident, notification_id=first.pk) == 1
    assert notification_mark_read(recipient=resident, notification_id=first.pk) == 0  # already read
    assert notification_mark_read(recipient=resident) == 2
    assert not Notification.objects.filter(recipient=resident, read_at__isnull=True).exists()


def test_notification_mark_read_does_not_find_another_persons_notification(hromada, resident, make_user):
    theirs = _send(hromada, make_user(), "Чуже")

    with pytest.raises(NotFoundError):
        notification_mark_read(recipient=resident, notification_id=theirs.pk)

    assert Notification.objects.get(pk=theirs.pk).read_at is None
