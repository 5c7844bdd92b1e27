"""The bot in the back office: its configuration (the token is written, never shown) and announcements
with their progress."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hromada.backoffice.options import TenantScopedAdmin
from hromada.backoffice.site import back_office

from .actions import bot_config_save, broadcast_send
from .models import BotConfig, Broadcast
from .permissions import configures_bot, sends_broadcasts


class BotConfigForm(forms.ModelForm):
    token = forms.CharField(
        label=_("token from @BotFather"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted; leave empty to keep the stored one."),
    )

    class Meta:
        model = BotConfig
        fields = ("username", "is_enabled", "sending_enabled", "require_phone")


@admin.register(BotConfig, site=back_office)
class BotConfigAdmin(TenantScopedAdmin):
    form = BotConfigForm
    viewers = configures_bot
    editors = configures_bot
    deleters = configures_bot
    list_display = ("__str__", "is_enabled", "sending_enabled", "has_token")

    @admin.display(boolean=True, description=_("token stored"))
    def has_token(self, obj: BotConfig) -> bool:
        return obj.has_token

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = bot_config_save(
            hromada=obj.hromada,
            by=request.user,  # type: ignore[arg-type]
            username=obj.username,
            token=form.cleaned_data.get("token") or None,
            is_enabled=obj.is_enabled,
            sending_enabled=obj.sending_enabled,
            require_phone=obj.require_phone,
        )
        obj.pk, obj.webhook_secret, obj.token_encrypted = (
            saved.pk,
            saved.webhook_secret,
            saved.token_encrypted,
        )
        obj.created_at, obj.updated_at = saved.created_at, saved.updated_at


@admin.register(Broadcast, site=back_office)
class BroadcastAdmin(TenantScopedAdmin):
    viewers = sends_broadcasts
    editors = sends_broadcasts
    list_display = ("__str__", "district", "created_at", "status", "total", "sent", "failed")
    fields = ("bot", "text", "district", "topic")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("bot", "text", "district", "topic") if obj is not None else ()

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            return
        sent = broadcast_send(
            bot=obj.bot,
            by=request.user,  # type: ignore[arg-type]
            text=obj.text,
            district=obj.district,
            topic=obj.topic,
        )
        obj.pk, obj.created_at, obj.updated_at = sent.pk, sent.created_at, sent.updated_at
        obj.total, obj.status = sent.total, sent.status
