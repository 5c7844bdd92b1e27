"""The back office of consultations: the moderators' list of the opinion maps' statements, those not yet
moderated first; approving or rejecting the selected ones goes through ``statements_moderate`` (the same
permission, log entries and notifications as the queue page, ``/consultations/moderation/``)."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hromada.backoffice.options import ReadOnlyAdmin
from hromada.backoffice.site import back_office
from hromada.core.errors import ApplicationError
from hromada.core.http import hromada_of, user_of
from hromada.core.moderation import ProhibitedContent

from . import actions
from .models import Statement, StatementStatus
from .permissions import moderates_consultations
from .selectors import consultations_moderated_by


class StatementActionForm(ActionForm):
    reason = forms.ChoiceField(
        label=_("Ground (to reject)"),
        required=False,
        choices=[("", "—"), *ProhibitedContent.choices],
    )


class AwaitingFilter(admin.SimpleListFilter):
    title = _("moderation")
    parameter_name = "awaiting"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return [("yes", _("not moderated yet")), ("no", _("moderated"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        awaiting = Q(moderated_at__isnull=True) & ~Q(status=StatementStatus.HIDDEN)  # the queue's rule
        if self.value() == "yes":
            return queryset.filter(awaiting)
        if self.value() == "no":
            return queryset.exclude(awaiting)
        return queryset


@admin.register(Statement, site=back_office)
class StatementAdmin(ReadOnlyAdmin):
    """The statements of the consultations the moderator moderates (those of their department)."""

    tenant_field = "consultation__hromada"
    viewers = moderates_consultations
    list_display = ("text", "consultation", "status", "created_at", "moderated_at", "open_link")
    list_filter = (AwaitingFilter, "status")
    search_fields = ("text",)
    ordering = ("created_at", "pk")
    action_form = StatementActionForm
    actions = ["approve", "reject"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        moderated = consultations_moderated_by(hromada=hromada_of(request), moderator=request.user)
        return super().get_queryset(request).filter(consultation__in=moderated).select_related("consultation")

    @admin.display(description=_("page"))
    def open_link(self, obj: Statement) -> str:
        return format_html('<a href="{}#map">{}</a>', obj.consultation.get_absolute_url(), _("see it"))

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)  # the viewers: moderates_consultations

    def _decide(self, request: HttpRequest, queryset: QuerySet[Statement], approve: bool) -> None:
        try:
            done = actions.statements_moderate(
                hromada=hromada_of(request),
                statement_ids=list(queryset.values_list("pk", flat=True)[: actions.BULK_LIMIT + 1]),
                by=user_of(request),
                approve=approve,
                reason=request.POST.get("reason", ""),
            )
        except ApplicationError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
            return
        n = len(done.done)
        text = (
            ngettext("%(count)d statement approved.", "%(count)d statements approved.", n)
            if approve
            else ngettext("%(count)d statement rejected.", "%(count)d statements rejected.", n)
        )
        self.message_user(request, text % {"count": n}, messages.SUCCESS)

    @admin.action(description=_("Approve the selected statements"), permissions=["moderate"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        self._decide(request, queryset, True)

    @admin.action(
        description=_("Reject the selected statements (choose the ground)"), permissions=["moderate"]
    )
    def reject(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        self._decide(request, queryset, False)
