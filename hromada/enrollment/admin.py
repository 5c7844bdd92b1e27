"""Back office of enrollment: rounds (opened, closed and allocated through actions), groups and places,
service territories (published through an action), applications (read-only), priority claims (decided
through an action, citing the rule), offers (enrolment recorded through an action)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from hromada.backoffice.options import ReadOnlyAdmin, TenantScopedAdmin
from hromada.backoffice.site import back_office
from hromada.core.errors import ApplicationError
from hromada.core.http import user_of
from hromada.core.permissions import never

from . import actions
from .categories import category_title
from .models import Application, Group, Offer, PriorityClaim, Round, Territory
from .selectors import with_state


def _each(
    admin_: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any], call: Any, done: str
) -> None:
    count = 0
    for obj in queryset:
        try:
            call(obj)
            count += 1
        except ApplicationError as exc:
            admin_.message_user(request, f"{obj}: {exc.message}", messages.ERROR)
    if count:
        admin_.message_user(request, f"{done}: {count}", messages.SUCCESS)


@admin.register(Round, site=back_office)
class RoundAdmin(TenantScopedAdmin):
    list_display = ["title", "kind", "school_year", "status", "closes_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    readonly_fields = ["status", "rules_frozen", "seed", "seed_tree_size", "allocated_at"]
    actions = ["open_rounds", "close_rounds", "allocate_rounds"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.status != Round.Status.DRAFT:
            # Frozen once open: nothing a family's place depends on may change.
            return [f.name for f in Round._meta.fields if f.name not in ("id", "hromada")]
        return self.readonly_fields

    @admin.action(description=_("Open the selected rounds (freezes their rules)"), permissions=["change"])
    def open_rounds(self, request: HttpRequest, queryset: QuerySet[Round]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda r: actions.round_open(round=r, official=user_of(request)),
            str(_("Opened")),
        )

    @admin.action(description=_("Close the selected rounds after their deadline"), permissions=["change"])
    def close_rounds(self, request: HttpRequest, queryset: QuerySet[Round]) -> None:
        _each(self, request, queryset, lambda r: actions.round_close(round=r), str(_("Closed")))

    @admin.action(description=_("Allocate the places of the selected rounds"), permissions=["change"])
    def allocate_rounds(self, request: HttpRequest, queryset: QuerySet[Round]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda r: actions.round_allocate(round=r, official=user_of(request)),
            str(_("Allocated")),
        )


@admin.register(Group, site=back_office)
class GroupAdmin(TenantScopedAdmin):
    list_display = ["institution", "name", "round", "band", "places"]
    list_filter = ["round", "band"]
    search_fields = ["name", "institution__name"]


class TerritoryForm(forms.ModelForm):
    streets_text = forms.CharField(label=_("Streets, one a line"), widget=forms.Textarea, required=False)

    class Meta:
        model = Territory
        fields = ["institution", "description", "boundary"]


@admin.register(Territory, site=back_office)
class TerritoryAdmin(TenantScopedAdmin):
    form = TerritoryForm
    deleters = never  # a published territory stays on record; publish a new description instead
    list_display = ["institution", "published_at"]
    search_fields = ["institution__name", "description"]

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = actions.territory_publish(
            institution=form.cleaned_data["institution"],
            official=user_of(request),
            description=form.cleaned_data["description"],
            streets=[s for s in form.cleaned_data.get("streets_text", "").splitlines() if s.strip()],
            boundary=form.cleaned_data.get("boundary") or None,
        )
        obj.pk = saved.pk


@admin.register(Application, site=back_office)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "round", "state", "registered_at", "lottery"]
    list_filter = ["round", "status"]
    search_fields = ["public_id"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        return with_state(super().get_queryset(request))

    @admin.display(description=_("state"))
    def state(self, application: Application) -> str:
        return application.get_state_display()


class CategoryFilter(admin.SimpleListFilter):
    title = _("category")
    parameter_name = "category"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        codes = model_admin.get_queryset(request).values_list("category", flat=True).distinct()
        return sorted(((code, category_title(code)) for code in codes), key=lambda pair: pair[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[PriorityClaim]) -> QuerySet[PriorityClaim]:
        return queryset.filter(category=self.value()) if self.value() else queryset


@admin.register(PriorityClaim, site=back_office)
class PriorityClaimAdmin(ReadOnlyAdmin):
    # The document's text and the rule applied are on the claim's page: with them the list was seven
    # columns, one letter wide each on a phone.
    list_display = ["application", "category_shown", "proof_files", "proof_expires_on", "status"]
    list_filter = ["status", CategoryFilter]
    exclude = ("category",)
    readonly_fields = ("category_shown",)
    search_fields = ["application__public_id"]
    actions = ["grant", "refuse"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PriorityClaim]:
        return super().get_queryset(request).prefetch_related("files")

    @admin.display(description=_("category"), ordering="category")
    def category_shown(self, claim: PriorityClaim) -> str:
        return category_title(claim.category)

    @admin.display(description=_("proof files"))
    def proof_files(self, claim: PriorityClaim) -> str:
        """Links to the uploaded proofs (downloads, private to staff and the parent)."""
        return (
            format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (reverse("enrollment:proof", args=[f.pk]), f"#{n}")
                    for n, f in enumerate(claim.files.all(), 1)
                ),
            )
            or "—"
        )

    def has_decide_permission(self, request: HttpRequest) -> bool:
        return self._may(TenantScopedAdmin.viewers, request)

    @admin.action(description=_("Grant the selected claims (proof checked)"), permissions=["decide"])
    def grant(self, request: HttpRequest, queryset: QuerySet[PriorityClaim]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda c: actions.claim_decide(claim=c, official=user_of(request), grant=True),
            str(_("Granted")),
        )

    @admin.action(description=_("Refuse the selected claims (proof not confirmed)"), permissions=["decide"])
    def refuse(self, request: HttpRequest, queryset: QuerySet[PriorityClaim]) -> None:
        reason = str(_("The proof document was not confirmed."))
        _each(
            self,
            request,
            queryset,
            lambda c: actions.claim_decide(claim=c, official=user_of(request), grant=False, reason=reason),
            str(_("Refused")),
        )


@admin.register(Offer, site=back_office)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ["application", "group", "origin", "status", "deadline"]
    list_filter = ["status", "origin"]
    search_fields = ["application__public_id"]
    actions = ["enroll"]

    def has_decide_permission(self, request: HttpRequest) -> bool:
        return self._may(TenantScopedAdmin.viewers, request)

    @admin.action(
        description=_("Record the enrolment of the selected accepted offers"), permissions=["decide"]
    )
    def enroll(self, request: HttpRequest, queryset: QuerySet[Offer]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda o: actions.offer_enroll(offer=o, official=user_of(request)),
            str(_("Enrolled")),
        )
