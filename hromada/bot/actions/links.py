"""Linking a chat to a person's account: a one-time code from the cabinet (``/start <code>`` in the deep
link), and unlinking from either side."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.errors import ApplicationError, ensure
from hromada.core.models import Hromada

from ..models import Chat, LinkCode

if TYPE_CHECKING:
    from hromada.accounts.models import User

CODE_LIFETIME = timedelta(minutes=15)


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


@transaction.atomic
def link_code_create(*, hromada: Hromada, person: User) -> str:
    """A fresh one-time code for the deep link ``t.me/<bot>?start=<code>`` (valid 15 minutes); only its
    hash is stored, and the person's earlier unused codes stop working."""
    ensure(person.is_authenticated, _("Log in to link Telegram."), code="login_required")
    now = clock.now()
    LinkCode.objects.filter(hromada=hromada, person=person, used_at__isnull=True).update(expires_at=now)
    code = secrets.token_urlsafe(24)  # 32 characters: within Telegram's 64-character start parameter
    LinkCode.objects.create(
        hromada=hromada, person=person, code_hash=_hash(code), expires_at=now + CODE_LIFETIME
    )
    return code


@transaction.atomic
def chat_link(*, chat: Chat, code: str) -> Chat:
    """Link ``chat`` to the person whose code this is (once; an expired or used code is refused)."""
    now = clock.now()
    link = (
        LinkCode.objects.select_for_update(of=("self",))
        .filter(hromada=chat.hromada, code_hash=_hash(code.strip()), used_at__isnull=True, expires_at__gt=now)
        .select_related("person")
        .first()
    )
    if link is None:
        raise ApplicationError(
            _("This link has expired or was already used. Open your cabinet for a new one."),
            code="link_expired",
        )
    link.used_at = now
    link.save(update_fields=["used_at", "updated_at"])
    # One person, one linked chat per bot: an older chat of theirs is unlinked.
    Chat.objects.filter(bot=chat.bot, person=link.person).exclude(pk=chat.pk).update(person=None)
    chat.person = link.person
    chat.save(update_fields=["person", "updated_at"])
    return chat


@transaction.atomic
def chat_unlink(
    *, chat: Chat | None = None, person: User | None = None, hromada: Hromada | None = None
) -> int:
    """Unlink from the bot (``chat``) or from the cabinet (``person`` in ``hromada``); returns how many
    chats were unlinked. The chat stays, anonymous."""
    if chat is not None:
        chat.person = None
        return Chat.objects.filter(pk=chat.pk).update(person=None)
    ensure(person is not None and hromada is not None, _("Nothing to unlink."), code="nothing")
    return Chat.objects.filter(hromada=hromada, person=person).update(person=None)


@transaction.atomic
def link_codes_erase(*, person: User) -> int:
    """Erasure: the person's link codes go (the chats are unlinked by ``chat_unlink``)."""
    return LinkCode.objects.filter(person=person).delete()[0]
