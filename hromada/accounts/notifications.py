"""What the accounts' notifications say (registered in AccountsConfig.ready(); see core.notifications).

Both are security messages: e-mailed at once whatever the person chose for other notifications.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.notifications import NotificationKind, register_notification_kind

VERIFY_EMAIL = "accounts.verify_email"
REGISTRATION_ATTEMPT = "accounts.registration_attempt"

KINDS = (
    NotificationKind(
        key=VERIFY_EMAIL,
        subject=_("Confirm your e-mail address"),
        body=_("Open this link within 48 hours to confirm your e-mail address:"),
        immediate=True,
    ),
    NotificationKind(
        key=REGISTRATION_ATTEMPT,
        subject=_("Someone tried to register with your e-mail address"),
        body=_(
            "Someone tried to create a new account on the hromada's portal with %(login)s, which already "
            "belongs to your account. If it was you, simply log in; if you forgot the password, set a new "
            "one with “Forgot your password?” on the login page. If it was not you, you need not do "
            "anything: no account was created and your account has not changed."
        ),
        immediate=True,
    ),
)


def register() -> None:
    for kind in KINDS:
        register_notification_kind(kind)
