"""Back office of enrollment: rounds (opened, closed and allocated through actions), groups and places,
service territories (published through an action), applications (read-only), priority claims (decided
through an action, citing the rule), offers (enrolment recorded through an action)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hromada.backoffice.options import ReadOnlyAdmin, TenantScopedAdmin
from hromada.backoffice.site import back_office
from hromada.core.errors import ApplicationError
from hromada.core.http import user_of
from hromada.core.permissions import never

from . import actions
from . import rules as rules_core
from .categories import category_title
from .models import Application, Group, Offer, PriorityClaim, Round, Territory
from .selectors import with_state


def _each(
    admin_: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Any],
    call: Any,
    done: Callable[[int], str],
) -> None:
    """Run ``call`` on each selected row; report each refusal, then how many were done (``done(count)``,
    a sentence with the count in its plural form)."""
    count = 0
    for obj in queryset:
        try:
            call(obj)
            count += 1
        except ApplicationError as exc:
            admin_.message_user(request, f"{obj}: {exc.message}", messages.ERROR)
    if count:
        admin_.message_user(request, done(count), messages.SUCCESS)


def _rounds_opened(count: int) -> str:
    return ngettext("%(count)d round opened.", "%(count)d rounds opened.", count) % {"count": count}


def _rounds_closed(count: int) -> str:
    return ngettext("%(count)d round closed.", "%(count)d rounds closed.", count) % {"count": count}


def _rounds_allocated(count: int) -> str:
    return ngettext(
        "Places allocated in %(count)d round.", "Places allocated in %(count)d rounds.", count
    ) % {"count": count}


def _claims_granted(count: int) -> str:
    return ngettext("%(count)d claim granted.", "%(count)d claims granted.", count) % {"count": count}


def _claims_refused(count: int) -> str:
    return ngettext("%(count)d claim refused.", "%(count)d claims refused.", count) % {"count": count}


def _children_enrolled(count: int) -> str:
    return ngettext("%(count)d child enrolled.", "%(count)d children enrolled.", count) % {"count": count}


class RoundForm(forms.ModelForm):
    """The rules version is chosen from the published ones: the current version of each kind, and the
    version the round already names if an older one (a round opened on it keeps it, frozen). No ``Meta``:
    the admin builds the form for ``Round`` with the fields it shows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "rules_key" not in self.fields:
            return  # read-only: the round is open
        keys = list(dict.fromkeys(rules_core.CURRENT.values()))
        named = self.instance.rules_key if self.instance.pk else ""
        if named and named not in keys:
            keys.append(named)
        current = set(rules_core.CURRENT.values())
        self.fields["rules_key"] = forms.ChoiceField(
            label=self.fields["rules_key"].label,
            choices=[
                (
                    key,
                    _("%(key)s (current)") % {"key": key} if key in current else key,
                )
                for key in keys
            ],
            help_text=_("The version must be of the round's kind; it is frozen when the round opens."),
        )


@admin.register(Round, site=back_office)
class RoundAdmin(TenantScopedAdmin):
    add_title = _("Add an intake round")
    form = RoundForm
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

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """A new round starts on the current rules version of its kind (a kindergarten round by default)."""
        initial = super().get_changeform_initial_data(request)
        kind = str(initial.get("kind") or rules_core.KINDERGARTEN)
        initial.setdefault("kind", kind)
        current = rules_core.CURRENT
        initial.setdefault("rules_key", current.get(kind, current[rules_core.KINDERGARTEN]))
        return initial

    @admin.action(description=_("Open the selected rounds (freezes their rules)"), permissions=["change"])
    def open_rounds(self, request: HttpRequest, queryset: QuerySet[Round]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda r: actions.round_open(round=r, official=user_of(request)),
            _rounds_opened,
        )

    @admin.action(description=_("Close the selected rounds after their deadline"), permissions=["change"])
    def close_rounds(self, request: HttpRequest, queryset: QuerySet[Round]) -> None:
        _each(self, request, queryset, lambda r: actions.round_close(round=r), _rounds_closed)

    @admin.action(description=_("Allocate the places of the selected rounds"), permissions=["change"])
    def allocate_rounds(self, request: HttpRequest, queryset: QuerySet[Round]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda r: actions.round_allocate(round=r, official=user_of(request)),
            _rounds_allocated,
        )


@admin.register(Group, site=back_office)
class GroupAdmin(TenantScopedAdmin):
    add_title = _("Add a group")
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
    add_title = _("Publish a service territory")
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
            _claims_granted,
        )

    @admin.action(description=_("Refuse the selected claims (proof not confirmed)"), permissions=["decide"])
    def refuse(self, request: HttpRequest, queryset: QuerySet[PriorityClaim]) -> None:
        reason = str(_("The proof document was not confirmed."))
        _each(
            self,
            request,
            queryset,
            lambda c: actions.claim_decide(claim=c, official=user_of(request), grant=False, reason=reason),
            _claims_refused,
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
            _children_enrolled,
        )
