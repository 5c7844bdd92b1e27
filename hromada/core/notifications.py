"""What each kind of notification says: the one place a module declares its messages.

A notification row keeps its kind (e.g. ``petitions.published``), the facts that vary (``params``, e.g. the
petition's title, with ``<name>_en`` beside content that has an English version) and a path on the
hromada's site. The inbox title and the e-mail are written from the
kind's registered texts in the *recipient's* language, so residents never see a kind code and a moderator
reading English gets English whatever language the author used. Modules register their kinds in
``AppConfig.ready()``::

    register_notification_kind(NotificationKind(
        key="petitions.published",
        subject=_("Your petition is published: %(title)s"),
        body=_("Residents can sign it now. Share the link so that more people see it."),
    ))

Links in e-mails are absolute, on the hromada's primary host name (:func:`site_url`).

Other channels (the city chat bot pushes a notification to the recipient's linked Telegram chat) register
with :func:`register_notification_channel`; each is called after the notifications' transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext

if TYPE_CHECKING:
    from .models import Hromada, Notification

Params = Mapping[str, Any]


@dataclass(frozen=True)
class NotificationKind:
    """The texts of one kind of notification.

    ``subject`` and ``body`` are lazily translated texts with ``%(name)s`` placeholders filled from the
    notification's params (after ``shown``, which may turn stored codes into words of the active language,
    e.g. a criterion code into its label). ``immediate`` kinds (security messages) are e-mailed at once
    whatever the person chose for other notifications.
    """

    key: str
    subject: str | Promise
    body: str | Promise = ""
    immediate: bool = False
    shown: Callable[[Params], Params] | None = None


@dataclass(frozen=True)
class RenderedNotification:
    subject: str
    body: str


_kinds: dict[str, NotificationKind] = {}


def register_notification_kind(kind: NotificationKind) -> None:
    _kinds[kind.key] = kind


def notification_kind(key: str) -> NotificationKind:
    """The registered kind; a kind nobody registered is a programming error (LookupError)."""
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(
            f"Notification kind {key!r} is not registered; register it with "
            "hromada.core.notifications.register_notification_kind in the module's AppConfig.ready()."
        ) from None


NotificationChannel = Callable[["Hromada", Sequence["Notification"]], None]
_channels: list[NotificationChannel] = []


def register_notification_channel(channel: NotificationChannel) -> None:
    """``channel(hromada, notifications)`` is called after commit with every batch of new notifications
    (an app's ``AppConfig.ready()`` registers it; a failing channel is logged, never an error of the
    write that sent the notifications)."""
    if channel not in _channels:
        _channels.append(channel)


def notification_channels() -> list[NotificationChannel]:
    return list(_channels)


def notification_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda k: k.key)


def _fill(text: str | Promise, params: Params) -> str:
    text = str(text)
    return text % params if params and "%(" in text else text


def in_recipients_language(params: Params, language: str) -> dict[str, Any]:
    """The params as a recipient reading ``language`` sees them: on English, ``<name>_en`` (an English
    version of content written by officials, e.g. a cycle's title) replaces ``<name>`` when it is filled."""
    shown = dict(params)
    if language == "en":
        for name in params:
            english = params.get(f"{name}_en")
            if english:
                shown[name] = english
    return shown


def notification_render(*, kind: str, params: Params, language: str) -> RenderedNotification:
    """The subject and body of a notification in ``language``."""
    definition = notification_kind(kind)
    params = in_recipients_language(params, language)
    with translation.override(language):
        shown = dict(definition.shown(params) if definition.shown else params)
        return RenderedNotification(
            subject=_fill(definition.subject, shown)[:200], body=_fill(definition.body, shown)
        )


def localized_path(path: str, language: str) -> str:
    """A stored path (always the default language's) in ``language``'s URL prefix."""
    if language == settings.LANGUAGE_CODE or path.startswith(("/api/", "http://", "https://")):
        return path
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(path, language)


def site_url(
    hromada: Hromada, path: str = "/", *, language: str | None = None, host: str | None = None
) -> str:
    """``path`` as an absolute URL on the hromada's primary host name, in ``language``'s URL prefix.

    Scheme and port come from ``HROMADA_URL_SCHEME`` / ``HROMADA_URL_PORT`` (the app cannot know them from
    a background task: it serves behind a proxy that terminates TLS). An absolute ``path`` is kept. A
    caller building many links passes ``host`` (``hromada.primary_host()``, read once).
    """
    if path.startswith(("http://", "https://")):
        return path
    if language:
        path = localized_path(path, language)
    host = host or hromada.primary_host() or "localhost"
    port = settings.HROMADA_URL_PORT
    netloc = f"{host}:{port}" if port else host
    return f"{settings.HROMADA_URL_SCHEME}://{netloc}{path}"


def notification_text(notification: Notification, *, language: str) -> RenderedNotification:
    """What a stored notification says in ``language`` (the inbox shows the reader's current language)."""
    try:
        return notification_render(kind=notification.kind, params=notification.params, language=language)
    except LookupError:  # a row of a kind no installed module declares any more: its stored words
        return RenderedNotification(subject=notification.title, body=notification.body)


def notification_email(notification: Notification) -> RenderedNotification:
    """The e-mail of one notification, in the recipient's language, with absolute links."""
    recipient = notification.recipient
    language = recipient.preferred_language or settings.LANGUAGE_CODE
    text = notification_text(notification, language=language)
    with translation.override(language):
        lines = [text.body or text.subject, ""]
        if notification.url:
            lines += [
                gettext("Open:"),
                site_url(notification.hromada, notification.url, language=language),
                "",
            ]
        lines += [
            "—",
            gettext("%(hromada)s · you receive this e-mail as a user of the hromada's portal.")
            % {"hromada": notification.hromada.display_name(language)},
            gettext("Choose which e-mails you get in your profile: %(url)s")
            % {"url": site_url(notification.hromada, "/cabinet/profile/", language=language)},
        ]
        return RenderedNotification(subject=text.subject, body="\n".join(lines))
