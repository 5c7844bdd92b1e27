from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from .models import Notification
from .notifications import notification_email


@task()
def email_notification(*, notification_id: int) -> bool:
    """E-mail one inbox notification (its kind's words in the recipient's language, absolute links);
    idempotent, so a retried task never sends twice."""
    notification = (
        Notification.objects.select_related("recipient", "hromada")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None or not notification.recipient.email:
        return False
    message = notification_email(notification)
    send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [notification.recipient.email])
    Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return True
