from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from hromada.core.models import TenantModel
from hromada.core.moderation import ProhibitedContent

MAX_LENGTH = 2000


class Comment(TenantModel):
    """A resident's comment in the debate under a petition or a public budget project."""

    class Status(models.TextChoices):
        VISIBLE = "visible", _("visible")
        HIDDEN = "hidden", _("hidden by a moderator")

    target = models.CharField(_("what it is about"), max_length=30)  # a key of discussion.targets.TARGETS
    target_id = models.BigIntegerField(_("id of what it is about"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,  # an erased account leaves its comments anonymous
        null=True,
        related_name="comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VISIBLE)
    hidden_reason = models.CharField(
        _("reason for hiding"), max_length=30, choices=ProhibitedContent.choices, blank=True
    )
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["hromada", "target", "target_id", "created_at"], name="comment_thread")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(GreaterThanOrEqual(Length("body"), 1))
                & Q(LessThanOrEqual(Length("body"), MAX_LENGTH)),
                name="comment_length",
            ),
            models.CheckConstraint(
                condition=Q(status="visible", hidden_reason="") | (Q(status="hidden") & ~Q(hidden_reason="")),
                name="hidden_comment_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class CommentReport(TenantModel):
    """A resident's report that a comment breaks the rules; one per person and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("reported by")
    )
    reason = models.CharField(_("reason"), max_length=30, choices=ProhibitedContent.choices)

    class Meta:
        verbose_name = _("report of a comment")
        verbose_name_plural = _("reports of comments")
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_person")]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.reason}"
