"""The hromada's bot configuration (the back office calls this)."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.errors import ensure
from hromada.core.models import Hromada
from hromada.core.permissions import require

from .. import tokens
from ..models import BotConfig, Platform
from ..permissions import configures_bot

if TYPE_CHECKING:
    from hromada.accounts.models import User


@transaction.atomic
def bot_config_save(
    *,
    hromada: Hromada,
    by: User | None,
    username: str = "",
    token: str | None = None,
    is_enabled: bool = True,
    sending_enabled: bool = True,
    require_phone: bool = False,
    platform: str = Platform.TELEGRAM,
) -> BotConfig:
    """Create or change the hromada's bot. A given ``token`` is stored encrypted (``bot/tokens.py``);
    ``None`` keeps the stored one. ``by=None`` only for the platform's own setup (the demo)."""
    if by is not None:
        require(configures_bot, by, hromada)
    username = username.strip().lstrip("@")
    ensure(len(username) <= 64, _("The bot's user name is too long."), code="username", field="username")
    config = BotConfig.objects.select_for_update().filter(hromada=hromada, platform=platform).first()
    if config is None:
        config = BotConfig(hromada=hromada, platform=platform, webhook_secret=secrets.token_urlsafe(32))
    config.username = username
    config.is_enabled = is_enabled
    config.sending_enabled = sending_enabled
    config.require_phone = require_phone
    if token is not None:
        token = token.strip()
        ensure(
            ":" in token or not token,
            _("This does not look like a bot token from @BotFather."),
            code="token",
            field="token",
        )
        config.token_encrypted = tokens.encrypt(token) if token else ""
    config.save()
    return config


@transaction.atomic
def bot_secret_rotate(*, config: BotConfig, by: User) -> BotConfig:
    """A new webhook secret (set the webhook again afterwards: ``hromada bot webhook``)."""
    require(configures_bot, by, config.hromada)
    config = BotConfig.objects.select_for_update().get(pk=config.pk)
    config.webhook_secret = secrets.token_urlsafe(32)
    config.save(update_fields=["webhook_secret", "updated_at"])
    return config
