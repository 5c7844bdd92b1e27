"""Back office of the public budget: cycles, rules versions, categories, projects, reviews, appeals, proofs.

Every save goes through an action (``save_through_action``), so the back office obeys the same rules as
the site and records the same audit entries: rules are written as new versions and refused once voting
has opened; categories change through a new rules version; reviews through ``review_record``.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hromada.backoffice.options import TenantScopedAdmin
from hromada.backoffice.site import back_office
from hromada.core import clock
from hromada.core.errors import ApplicationError
from hromada.core.http import hromada_of, user_of
from hromada.ledger.audit import audit_scope

from . import actions, selectors
from .models import (
    Appeal,
    BudgetCategory,
    BudgetCycle,
    BudgetRules,
    EligibilityProof,
    Milestone,
    Project,
    Review,
)
from .money import hryvnias
from .permissions import enters_ballots, manages_budget, reviews_projects

MONEY_LABELS = {
    "total_amount": _("total budget, UAH"),
    "min_project_cost": _("minimum project cost, UAH"),
    "max_project_cost": _("maximum project cost, UAH"),
    "amount": _("amount, UAH"),
    "min_cost": _("minimum project cost, UAH"),
    "max_cost": _("maximum project cost, UAH"),
    "cost": _("cost, UAH"),
    "spent": _("money spent, UAH"),
}
"""Columns kept in kopiyky that the back office shows and takes in hryvnias."""


class HryvniaField(forms.DecimalField):
    """Money typed in hryvnias, kopiyky after a comma (``150 000,50``), cleaned to kopiyky (``15000050``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(max_digits=15, decimal_places=2, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "step": "any"})
        self.widget.input_type = "text"

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return hryvnias(value).replace("\u00a0", " ")
        return value

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace(" ", "")
            if "," in value and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)

    def clean(self, value: Any) -> int | None:
        amount = super().clean(value)
        return None if amount is None else int(amount * 100)

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.clean(data) != initial
        except ValidationError:
            return True


class HryvniasAdmin:
    """Shows the money columns of :data:`MONEY_LABELS` in hryvnias (lists, read-only fields) and takes
    them in hryvnias in forms; the model keeps kopiyky."""

    def _uah(self, names: Any) -> Any:
        return type(names)(f"{name}_uah" if name in MONEY_LABELS else name for name in names)

    def get_list_display(self, request: HttpRequest) -> Any:
        return self._uah(super().get_list_display(request))  # type: ignore[misc]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = super().get_fields(request, obj)  # type: ignore[misc]
        readonly = self.get_readonly_fields(request, obj)
        return [f"{name}_uah" if f"{name}_uah" in readonly else name for name in fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self._uah(super().get_readonly_fields(request, obj))  # type: ignore[misc]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in MONEY_LABELS:
            return HryvniaField(
                label=MONEY_LABELS[db_field.name], required=not db_field.blank, help_text=db_field.help_text
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


def _money_column(name: str) -> Any:
    @admin.display(description=MONEY_LABELS[name], ordering=name)
    def show(self: Any, obj: Any) -> str:
        return hryvnias(getattr(obj, name))

    show.__name__ = f"{name}_uah"
    return show


for _name in MONEY_LABELS:
    setattr(HryvniasAdmin, f"{_name}_uah", _money_column(_name))


def _schedule(obj: BudgetCycle) -> actions.Schedule:
    return actions.Schedule(
        submission_starts=obj.submission_starts,
        review_starts=obj.review_starts,
        voting_starts=obj.voting_starts,
        voting_ends=obj.voting_ends,
        support_starts=obj.support_starts,
        implementation_starts=obj.implementation_starts,
    )


class CycleScopedAdmin(HryvniasAdmin, TenantScopedAdmin):
    """Rows that belong to a hromada through their cycle (or project): scoped by ``tenant_field``."""

    tenant_field = "cycle__hromada"

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        return list(super(TenantScopedAdmin, self).get_exclude(request, obj) or [])

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic(), audit_scope():
            self.save_through_action(request, obj, form, change)


class CategoryInline(HryvniasAdmin, admin.TabularInline):
    model = BudgetCategory
    extra = 0
    fields = ("key", "name", "kind", "district", "amount", "min_cost", "max_cost", "max_winners", "position")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RulesInline(admin.TabularInline):
    model = BudgetRules
    extra = 0
    fields = (
        "version",
        "ballot_type",
        "max_choices",
        "counting_rule",
        "tie_breaking",
        "reason",
        "created_at",
    )
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CycleForm(forms.ModelForm):
    total_amount = HryvniaField(
        label=_("total budget, UAH"),
        required=False,
        min_value=Decimal("0.01"),
        help_text=_(
            "For a new cycle: its first rules get this amount and one category for the whole hromada."
        ),
    )

    class Meta:
        model = BudgetCycle
        fields = [
            "year",
            "slug",
            "title",
            "title_en",
            "description",
            "description_en",
            "submission_starts",
            "review_starts",
            "support_starts",
            "voting_starts",
            "voting_ends",
            "implementation_starts",
        ]


@admin.register(BudgetCycle, site=back_office)
class BudgetCycleAdmin(HryvniasAdmin, TenantScopedAdmin):
    form = CycleForm
    list_display = (
        "title",
        "year",
        "voting_starts",
        "voting_ends",
        "rules_frozen_at",
        "results_published_at",
    )
    search_fields = ("title", "slug")
    readonly_fields = ("rules_frozen_at", "admitted_published_at", "results_published_at")
    inlines = [CategoryInline, RulesInline]
    editors = manages_budget

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        user, hromada = user_of(request), hromada_of(request)
        if change:
            actions.cycle_update(
                actor=user,
                cycle=BudgetCycle.objects.get(pk=obj.pk),
                title=obj.title,
                title_en=obj.title_en,
                description=obj.description,
                description_en=obj.description_en,
                schedule=_schedule(obj),
            )
            return
        total = form.cleaned_data.get("total_amount") or 1_000_000_00
        created = actions.cycle_create(
            actor=user,
            hromada=hromada,
            year=obj.year,
            slug=obj.slug,
            title=obj.title,
            title_en=obj.title_en,
            description=obj.description,
            description_en=obj.description_en,
            schedule=_schedule(obj),
            rules=actions.RulesIn(total_amount=total),
            categories=[actions.CategoryIn(key="all", name=str(_("Whole hromada")), amount=total)],
        )
        obj.pk = created.pk
        obj.created_at, obj.updated_at = created.created_at, created.updated_at

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The inlines are read-only: categories and rules change through new rules versions."""


class RulesForm(forms.ModelForm):
    class Meta:
        model = BudgetRules
        fields = ["cycle", *(f.name for f in dataclasses.fields(actions.RulesIn)), "reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cycle = data.get("cycle")
        if cycle is not None and (cycle.rules_frozen_at is not None or clock.now() >= cycle.voting_starts):
            raise forms.ValidationError(_("Voting has opened: the rules of this cycle are frozen."))
        return data


@admin.register(BudgetRules, site=back_office)
class BudgetRulesAdmin(CycleScopedAdmin):
    """Versions are never changed: "add" writes the next version of the chosen cycle's rules."""

    form = RulesForm
    list_display = ("cycle", "version", "ballot_type", "counting_rule", "total_amount", "created_at")
    list_filter = ("cycle",)
    editors = manages_budget

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = dict(super().get_changeform_initial_data(request))
        cycle = BudgetCycle.objects.filter(
            hromada=hromada_of(request), pk=request.GET.get("cycle") or 0
        ).first()
        if cycle is not None:
            current = BudgetRules.objects.filter(cycle=cycle).order_by("-version").first()
            if current is not None:
                initial.update(dataclasses.asdict(actions.RulesIn.of(current)))
        return initial

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        values = {f.name: form.cleaned_data.get(f.name) for f in dataclasses.fields(actions.RulesIn)}
        values["submit_proofs"] = tuple(values.get("submit_proofs") or ())
        values["vote_proofs"] = tuple(values.get("vote_proofs") or ())
        version = actions.rules_update(
            actor=user_of(request),
            cycle=obj.cycle,
            rules=actions.RulesIn(**values),
            reason=form.cleaned_data.get("reason") or "",
        )
        obj.pk = version.pk


@admin.register(BudgetCategory, site=back_office)
class BudgetCategoryAdmin(CycleScopedAdmin):
    """Adding or changing a category writes the next rules version (refused once voting has opened)."""

    list_display = ("name", "cycle", "kind", "amount", "max_winners", "position")
    list_filter = ("cycle", "kind")
    fields = (
        "cycle",
        "key",
        "name",
        "name_en",
        "kind",
        "district",
        "amount",
        "min_cost",
        "max_cost",
        "max_winners",
    )
    editors = manages_budget

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        cycle = obj.cycle
        current = selectors.rules_current(cycle=cycle)
        wanted = actions.CategoryIn.of(obj)
        categories = []
        replaced = False
        for c in BudgetCategory.objects.filter(cycle=cycle).order_by("position", "id"):
            if c.pk == obj.pk or c.key == obj.key:
                categories.append(wanted)
                replaced = True
            else:
                categories.append(actions.CategoryIn.of(c))
        if not replaced:
            categories.append(wanted)
        actions.rules_update(
            actor=user_of(request), cycle=cycle, rules=actions.RulesIn.of(current), categories=categories
        )
        obj.pk = BudgetCategory.objects.get(cycle=cycle, key=obj.key).pk


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fields = ("revision", "criterion", "conclusion", "reasons", "department")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MilestoneInline(HryvniasAdmin, admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ("title", "status", "progress", "spent", "due_date", "completed_on")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Project, site=back_office)
class ProjectAdmin(HryvniasAdmin, TenantScopedAdmin):
    """Projects are written by their authors; officials decide through the actions below."""

    list_display = ("number", "title", "cycle", "category", "cost", "status")
    list_filter = ("cycle", "status", "category")
    search_fields = ("title", "=number")
    readonly_fields = (
        "cycle",
        "category",
        "number",
        "author",
        "title",
        "summary",
        "description",
        "address",
        "lat",
        "lon",
        "district",
        "cost",
        "status",
        "revision",
        "submitted_at",
        "decided_at",
        "decision_reason",
        "progress",
        "spent",
    )
    # Officials add the English version; everything else is the author's and the actions'.
    fields = (*readonly_fields[:7], "title_en", "summary_en", "description_en", *readonly_fields[7:])
    inlines = [ReviewInline, MilestoneInline]
    editors = reviews_projects

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.project_translate(
            actor=user_of(request),
            project=obj,
            title_en=obj.title_en,
            summary_en=obj.summary_en,
            description_en=obj.description_en,
        )

    actions = ["admit"]

    def has_review_permission(self, request: HttpRequest) -> bool:
        return bool(reviews_projects(request.user, hromada_of(request)))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Admit the selected projects to the vote"), permissions=["review"])
    def admit(self, request: HttpRequest, queryset: QuerySet[Project]) -> None:
        admitted = 0
        for project in queryset:
            try:
                actions.project_admit(actor=user_of(request), project=project)
                admitted += 1
            except ApplicationError as exc:
                self.message_user(request, f"№{project.number}: {exc.message}", messages.ERROR)
        if admitted:
            self.message_user(request, _("Projects admitted: %(n)s.") % {"n": admitted}, messages.SUCCESS)


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["project", "criterion", "conclusion", "reasons", "department"]


@admin.register(Review, site=back_office)
class ReviewAdmin(CycleScopedAdmin):
    """A department's conclusion per criterion; saving records it on the project's current revision."""

    tenant_field = "project__hromada"
    form = ReviewForm
    list_display = ("project", "revision", "criterion", "conclusion", "department", "updated_at")
    list_filter = ("criterion", "conclusion")
    editors = reviews_projects

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "project":
            kwargs["queryset"] = Project.objects.filter(
                hromada=hromada_of(request),
                status__in=[Project.Status.SUBMITTED, Project.Status.UNDER_REVIEW],
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        review = actions.review_record(
            reviewer=user_of(request),
            project=obj.project,
            criterion=obj.criterion,
            conclusion=obj.conclusion,
            reasons=obj.reasons,
            department=obj.department,
        )
        obj.pk = review.pk


@admin.register(Appeal, site=back_office)
class AppealAdmin(CycleScopedAdmin):
    tenant_field = "project__hromada"
    list_display = ("project", "status", "created_at", "decided_at")
    list_filter = ("status",)
    readonly_fields = ("project", "text", "status", "decided_at", "decision_reason")
    fields = readonly_fields
    editors = manages_budget

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EligibilityProof, site=back_office)
class EligibilityProofAdmin(TenantScopedAdmin):
    """Declared ties to the hromada (work, study, …): a ЦНАП administrator accepts or refuses them."""

    list_display = ("kind", "status", "document", "created_at", "checked_at")
    list_filter = ("status", "kind")
    readonly_fields = ("person", "kind", "document", "status", "checked_at", "reason")
    fields = readonly_fields
    actions = ["accept", "refuse"]
    viewers = enters_ballots
    editors = enters_ballots

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _check(self, request: HttpRequest, queryset: QuerySet[EligibilityProof], accepted: bool) -> None:
        for proof in queryset:
            try:
                actions.eligibility_proof_check(official=user_of(request), proof=proof, accepted=accepted)
            except ApplicationError as exc:
                self.message_user(request, str(exc.message), messages.ERROR)

    @admin.action(description=_("Accept the selected proofs (document seen)"), permissions=["change"])
    def accept(self, request: HttpRequest, queryset: QuerySet[EligibilityProof]) -> None:
        self._check(request, queryset, True)

    @admin.action(description=_("Refuse the selected proofs"), permissions=["change"])
    def refuse(self, request: HttpRequest, queryset: QuerySet[EligibilityProof]) -> None:
        self._check(request, queryset, False)
