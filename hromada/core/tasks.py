from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from .models import Notification


@task()
def email_notification(*, notification_id: int) -> bool:
    """E-mail one inbox notification; idempotent, so a retried task never sends twice."""
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None or not notification.recipient.email:
        return False
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{notification.url}"
    send_mail(notification.title, body, settings.DEFAULT_FROM_EMAIL, [notification.recipient.email])
    Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return True
