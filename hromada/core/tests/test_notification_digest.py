import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from hromada.core.actions import notification_digests_send, notification_send
from hromada.core.models import Notification
from hromada.core.notifications import NotificationKind, register_notification_kind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _test_kind():
    register_notification_kind(NotificationKind(key="test", subject="%(title)s"))


def _send(hromada, person, title, capture):
    with capture(execute=True):
        notification_send(
            hromada=hromada, recipient=person, kind="test", params={"title": title}, url="https://x.test/1"
        )


def test_each_message_is_emailed_at_once_by_default(hromada, resident, django_capture_on_commit_callbacks):
    _send(hromada, resident, "Петицію опубліковано", django_capture_on_commit_callbacks)
    assert [m.subject for m in mail.outbox] == ["Петицію опубліковано"]
    assert notification_digests_send() == 0


def test_daily_digest_collects_messages_once_a_day(hromada, resident, django_capture_on_commit_callbacks):
    resident.notification_email = "daily"
    resident.save(update_fields=["notification_email"])
    _send(hromada, resident, "Петицію опубліковано", django_capture_on_commit_callbacks)
    _send(hromada, resident, "Петиція набрала підписи", django_capture_on_commit_callbacks)
    assert mail.outbox == []

    now = timezone.now()
    assert notification_digests_send(now=now) == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [resident.email]
    assert digest.subject == "Громада: 2 нові сповіщення"  # in the person's language
    assert "Петицію опубліковано" in digest.body and "Петиція набрала підписи" in digest.body
    assert not Notification.objects.filter(recipient=resident, emailed_at__isnull=True).exists()

    assert notification_digests_send(now=now) == 0  # nothing new
    _send(hromada, resident, "Відповідь на петицію", django_capture_on_commit_callbacks)
    assert notification_digests_send(now=now + dt.timedelta(hours=3)) == 0  # not a day yet
    assert notification_digests_send(now=now + dt.timedelta(hours=24, minutes=1)) == 1
    assert "Відповідь на петицію" in mail.outbox[-1].body and len(mail.outbox) == 2


def test_off_keeps_messages_in_the_inbox_only(hromada, resident, django_capture_on_commit_callbacks):
    resident.notification_email = "off"
    resident.save(update_fields=["notification_email"])
    _send(hromada, resident, "Петицію опубліковано", django_capture_on_commit_callbacks)
    assert notification_digests_send() == 0
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=resident).count() == 1


def test_failed_digest_is_retried(hromada, resident, django_capture_on_commit_callbacks, settings):
    resident.notification_email = "daily"
    resident.save(update_fields=["notification_email"])
    _send(hromada, resident, "Петицію опубліковано", django_capture_on_commit_callbacks)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    assert notification_digests_send() == 0
    assert Notification.objects.filter(recipient=resident, emailed_at__isnull=True).count() == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notification_digests_send() == 1


def test_profile_sets_the_email_preference(client, resident):
    client.force_login(resident)
    response = client.post(
        "/cabinet/profile/",
        {"full_name": resident.full_name, "preferred_language": "uk", "notification_email": "daily"},
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.notification_email == "daily"
    response = client.post(
        "/cabinet/profile/",
        {"full_name": resident.full_name, "preferred_language": "uk", "notification_email": "weekly"},
    )
    assert response.status_code == 200
    resident.refresh_from_db()
    assert resident.notification_email == "daily"


def test_many_messages_go_in_one_insert_and_mail_only_those_who_chose_each(
    hromada, make_user, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from hromada.core.actions import NotificationDraft, notifications_send_many

    each = [make_user() for _ in range(3)]
    daily = make_user(notification_email="daily")
    quiet = make_user(notification_email="off")
    people = [*each, daily, quiet]
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(1):
        rows = notifications_send_many(
            hromada=hromada,
            kind="test",
            drafts=[
                NotificationDraft(recipient=p, params={"title": f"Відповідь {n}"}, url="/x/")
                for n, p in enumerate(people)
            ],
        )
    assert [r.recipient_id for r in rows] == [p.pk for p in people]
    assert all(r.pk for r in rows) and Notification.objects.filter(kind="test").count() == 5
    assert sorted(m.subject for m in mail.outbox) == ["Відповідь 0", "Відповідь 1", "Відповідь 2"]
