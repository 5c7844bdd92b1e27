"""The chat bot's rows: one bot per hromada and channel, the chats it talks to (with their dialogue state),
every update received (exactly once: the ``update_id`` is unique per bot), the outgoing queue, one-time
link codes, broadcasts and what a chat follows (reports, tickets) for status pushes.

The bot owns only these rows; everything a resident creates through it (a problem report, a queue ticket)
is written by the other modules' actions, tagged with the channel ``telegram``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hromada.core.models import TenantModel


class Platform(models.TextChoices):
    TELEGRAM = "telegram", _("Telegram")


class BotConfig(TenantModel):
    """A hromada's bot on one messenger. The token is stored encrypted with a key derived from the
    installation's secret key (``bot/tokens.py``), never in clear text."""

    platform = models.CharField(
        _("messenger"), max_length=20, choices=Platform.choices, default=Platform.TELEGRAM
    )
    username = models.CharField(
        _("bot user name"),
        max_length=64,
        blank=True,
        help_text=_("The user name Telegram gave the bot, without the @ sign."),
    )
    token_encrypted = models.TextField(_("token (encrypted)"), blank=True, editable=False)
    webhook_secret = models.CharField(_("webhook secret"), max_length=128, editable=False)
    is_enabled = models.BooleanField(_("answers residents"), default=True)
    sending_enabled = models.BooleanField(
        _("sends messages"), default=True, help_text=_("Off: replies are queued but never sent (a demo bot).")
    )
    require_phone = models.BooleanField(_("anonymous reports need a phone number"), default=False)

    class Meta:
        verbose_name = _("chat bot")
        verbose_name_plural = _("chat bots")
        constraints = [
            models.UniqueConstraint(fields=["hromada", "platform"], name="bot_config_one_per_platform"),
            models.UniqueConstraint(fields=["webhook_secret"], name="bot_config_secret_unique"),
            models.CheckConstraint(
                condition=Q(platform__in=Platform.values), name="bot_config_platform_known"
            ),
        ]

    def __str__(self) -> str:
        return f"@{self.username}" if self.username else str(self.get_platform_display())

    @property
    def has_token(self) -> bool:
        return bool(self.token_encrypted)


class Chat(TenantModel):
    """One conversation with a resident: the dialogue's state, the linked account (if any) and what the
    chat subscribed to. ``external_id`` is the messenger's chat id."""

    bot = models.ForeignKey(BotConfig, on_delete=models.CASCADE, related_name="chats", verbose_name=_("bot"))
    external_id = models.CharField(_("chat id"), max_length=64)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bot_chats",
        verbose_name=_("linked account"),
    )
    language = models.CharField(_("language"), max_length=8, default="uk")
    state = models.CharField(_("dialogue step"), max_length=40, blank=True)
    data = models.JSONField(_("dialogue data"), default=dict, blank=True)
    phone = models.CharField(_("shared phone"), max_length=40, blank=True)
    district_id_subscribed = models.IntegerField(_("district subscribed"), null=True, blank=True)
    topics = models.JSONField(_("topics subscribed"), default=list, blank=True)
    is_blocked = models.BooleanField(_("blocked the bot"), default=False)
    last_seen_at = models.DateTimeField(_("last message"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    flood_started_at = models.DateTimeField(null=True, blank=True)
    flood_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("chat")
        verbose_name_plural = _("chats")
        constraints = [
            models.UniqueConstraint(fields=["bot", "external_id"], name="bot_chat_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.bot_id}:{self.external_id}"


class InboundUpdate(TenantModel):
    """An update as received. The unique ``(bot, update_id)`` makes a retried delivery a no-op."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("pending")
        DONE = "done", _("processed")
        IGNORED = "ignored", _("ignored")
        LIMITED = "limited", _("rate-limited")
        FAILED = "failed", _("failed")

    bot = models.ForeignKey(BotConfig, on_delete=models.CASCADE, related_name="updates")
    update_id = models.BigIntegerField(_("update id"))
    payload = models.JSONField(_("update"))
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("received update")
        verbose_name_plural = _("received updates")
        constraints = [
            models.UniqueConstraint(fields=["bot", "update_id"], name="bot_update_once"),
            models.CheckConstraint(
                condition=Q(outcome__in=["pending", "done", "ignored", "limited", "failed"]),
                name="bot_update_outcome_known",
            ),
        ]
        indexes = [models.Index(fields=["bot", "outcome", "update_id"], name="bot_update_pending")]

    def __str__(self) -> str:
        return f"{self.bot_id}:{self.update_id}"


class Broadcast(TenantModel):
    """An announcement an official sends to the subscribers of a district or a topic (or everyone)."""

    class Status(models.TextChoices):
        SENDING = "sending", _("sending")
        DONE = "done", _("sent")

    bot = models.ForeignKey(
        BotConfig, on_delete=models.CASCADE, related_name="broadcasts", verbose_name=_("bot")
    )
    text = models.TextField(_("text"), max_length=3500)
    district = models.ForeignKey(
        "territory.District", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("district")
    )
    topic = models.CharField(_("topic"), max_length=30, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENDING)
    total = models.PositiveIntegerField(_("recipients"), default=0)
    sent = models.PositiveIntegerField(_("sent"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)

    class Meta:
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["sending", "done"]), name="bot_broadcast_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Outgoing(TenantModel):
    """One Bot API call waiting to be made (``sendMessage``, ``sendPhoto``, ``answerCallbackQuery``, …),
    sent by the throttled sender within the messenger's limits."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        HELD = "held", _("not sent (sending off)")

    bot = models.ForeignKey(BotConfig, on_delete=models.CASCADE, related_name="outgoing")
    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="outgoing")
    method = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    not_before = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    broadcast = models.ForeignKey(
        Broadcast, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "failed", "held"]),
                name="bot_outgoing_status_known",
            ),
        ]
        indexes = [
            models.Index(fields=["bot", "status", "not_before"], name="bot_outgoing_due"),
            models.Index(fields=["bot", "sent_at"], name="bot_outgoing_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.method} → {self.chat_id}"


class LinkCode(TenantModel):
    """A one-time code behind the cabinet's deep link (``/start <code>``); only its hash is stored."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bot_link_codes"
    )
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code_hash"], name="bot_link_code_unique")]

    def __str__(self) -> str:
        return f"link code of {self.person_id}"


class Watch(TenantModel):
    """Something a chat follows for pushes: a problem report's status, a queue ticket's place."""

    class Kind(models.TextChoices):
        REPORT = "report", _("problem report")
        TICKET = "ticket", _("queue ticket")

    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="watches")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    ref_id = models.BigIntegerField()
    last_state = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chat", "kind", "ref_id"], name="bot_watch_unique"),
            models.CheckConstraint(condition=Q(kind__in=["report", "ticket"]), name="bot_watch_kind_known"),
        ]
        indexes = [models.Index(fields=["hromada", "is_active", "kind"], name="bot_watch_active")]

    def __str__(self) -> str:
        return f"{self.kind} {self.ref_id}"
