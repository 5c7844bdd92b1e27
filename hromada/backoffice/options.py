"""The base classes of every back-office page: rows, filters, searches, choices and exports of one hromada.

``TenantScopedAdmin`` finds, for its model and for every model a filter or a form field points to, the
path from that model to its hromada (:func:`tenant_path`: ``hromada``, ``cycle__hromada``,
``department__hromada``, …), so a module's admin is scoped without saying how; the tenancy walk
(``backoffice/tests/test_tenancy_walk.py``) checks every registered page.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.text import capfirst

from hromada.accounts.actions import audit_actor
from hromada.accounts.permissions import manages_hromada, works_for_hromada
from hromada.core.http import hromada_of, user_of
from hromada.core.models import Hromada
from hromada.core.permissions import Predicate, is_platform_operator, never
from hromada.ledger.audit import audit_changes, audit_people, audit_record, audit_scope

_paths: dict[type[Model], str | None] = {}


def tenant_path(model: type[Model]) -> str | None:
    """The lookup from ``model`` to the hromada it belongs to, or None for platform-wide models.

    A ``hromada`` foreign key wins; otherwise any other foreign key to ``Hromada`` (``witness_hromada``);
    otherwise the shortest path through required foreign keys (``cycle__hromada``), three steps at most,
    going through a person only when nothing else leads there (a person's home hromada is not the
    hromada of an official's department membership).
    """
    if model is Hromada:
        return None
    if model not in _paths:
        people = apps.get_model(settings.AUTH_USER_MODEL)
        _paths[model] = _path_to_hromada(model, avoid=people) or _path_to_hromada(model, avoid=None)
    return _paths[model]


def _path_to_hromada(model: type[Model], avoid: type[Model] | None) -> str | None:
    frontier: list[tuple[type[Model], str]] = [(model, "")]
    for _depth in range(3):
        found: list[str] = []
        following: list[tuple[type[Model], str]] = []
        for current, prefix in frontier:
            for field in current._meta.concrete_fields:
                if not (field.many_to_one or field.one_to_one):
                    continue
                path = f"{prefix}{field.name}"
                related: Any = field.related_model
                if related is Hromada:
                    found.append(path)
                elif not field.null and related is not current and related is not avoid:
                    following.append((related, f"{path}__"))
        if found:
            direct = [path for path in found if path.rsplit("__", 1)[-1] == "hromada"]
            return (direct or found)[0]
        frontier = following
    return None


def scoped(queryset: QuerySet, hromada: Hromada) -> QuerySet:
    """``queryset`` narrowed to the rows of ``hromada`` (unchanged for platform-wide models)."""
    path = tenant_path(queryset.model)
    return queryset if path is None else queryset.filter(**{path: hromada})


class HromadaRelatedFilter(admin.RelatedFieldListFilter):
    """A list filter on a relation that offers only the current hromada's rows."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> Any:
        ordering = self.field_admin_ordering(field, request, model_admin)
        path = tenant_path(field.related_model)
        limit = {path: hromada_of(request)} if path else None
        return field.get_choices(include_blank=False, ordering=ordering, limit_choices_to=limit)


class HromadaValuesFilter(admin.AllValuesFieldListFilter):
    """A list filter of a column's values, read from the hromada's own rows even across a relation."""

    def __init__(
        self, field: Any, request: HttpRequest, params: Any, model: Any, model_admin: Any, field_path: str
    ) -> None:
        super().__init__(field, request, params, model, model_admin, field_path)
        rows = model_admin.get_queryset(request)
        self.lookup_choices = rows.distinct().order_by(field_path).values_list(field_path, flat=True)


class BackOfficeAdmin(admin.ModelAdmin):
    """What every back-office page shares: its stylesheet (wide tables scroll inside the page), and headings
    that read right in Ukrainian. Django's "Select %s to change", "Add %s" and "Change %s" put the model's
    name in the nominative where Ukrainian needs another case ("Виберіть група щоб змінити"); here a list is
    headed by its plural name ("Групи"), an object's page by its kind ("Група", the object's name below it),
    and the add page and button by ``add_title`` — a sentence of the admin's own ("Додати групу") — or else
    "Додати: група" (hromada/templates/admin/change_list_object_tools.html, change_form.html)."""

    add_title: Any = None

    class Media:
        css = {"all": ("backoffice/backoffice.css",)}

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        context: dict[str, Any] = {"title": capfirst(self.model._meta.verbose_name_plural)}
        if self.add_title:
            context["add_title"] = self.add_title
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> Any:
        title = self.add_title or capfirst(self.model._meta.verbose_name)
        return super().add_view(request, form_url, {"title": title, **(extra_context or {})})

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        title = capfirst(self.model._meta.verbose_name)
        return super().change_view(request, object_id, form_url, {"title": title, **(extra_context or {})})


class TenantScopedAdmin(BackOfficeAdmin):
    """Staff see and change only rows of the hromada they are on (the host name); new rows join it.

    Who may do what is the role × model matrix of ``docs/accounts.md``: ``viewers`` may open the pages,
    ``editors`` add and change rows, ``deleters`` delete them (each a predicate of the hromada).

    Every save and delete is recorded in the hromada's public log, in the same transaction: an action
    that records its own decision (``audit.role.granted``, ``audit.person.changed``, …) is left to do
    so; otherwise ``audit.<model>.created``, ``.changed`` (with the changed fields) or ``.deleted`` is
    written here (see :mod:`hromada.ledger.audit`). A save that changes nothing records nothing.
    """

    tenant_field: str | None = None  # the lookup to the hromada; found by tenant_path() when not given
    viewers: Predicate = works_for_hromada
    editors: Predicate = manages_hromada
    deleters: Predicate = manages_hromada

    def tenant_lookup(self) -> str:
        path = self.tenant_field or tenant_path(self.model)
        if path is None:
            raise TypeError(f"{self.model.__name__} does not belong to a hromada: use OperatorOnlyAdmin")
        return path

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(**{self.tenant_lookup(): hromada_of(request)})

    def _may(self, rule: Predicate, request: HttpRequest) -> bool:
        return bool(rule(request.user, hromada_of(request)))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(self.viewers, request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may(self.editors, request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(self.editors, request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(self.deleters, request)

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [_scoped_filter(self.model, entry) for entry in super().get_list_filter(request)]

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        excluded = list(super().get_exclude(request, obj) or [])
        if "__" not in self.tenant_lookup():
            excluded.append(self.tenant_lookup())
        return excluded

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return _scoped_formfield(field, request)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _scoped_formfield(field, request)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if "__" not in self.tenant_lookup():
            setattr(obj, self.tenant_lookup(), hromada_of(request))
        names = list(getattr(form, "changed_data", None) or [])
        with transaction.atomic(), audit_scope() as recorded:
            self.save_through_action(request, obj, form, change)
            if not recorded and (names or not change):
                self._audit(request, obj, "changed" if change else "created", names)

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.save()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            self._audit(request, obj, "deleted", [])
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        with transaction.atomic():
            for obj in queryset:
                self._audit(request, obj, "deleted", [])
            super().delete_queryset(request, queryset)

    def _audit(self, request: HttpRequest, obj: Model, event: str, names: list[str]) -> None:
        hromada = hromada_of(request)
        audit_record(
            hromada=hromada,
            actor=audit_actor(user=user_of(request), hromada=hromada),
            verb=f"{obj._meta.model_name}.{event}",
            subject=obj,
            changes=audit_changes(obj, names),
            people=audit_people(obj),
        )


class ReadOnlyAdmin(TenantScopedAdmin):
    """Lists and details only: rows are written by their app's actions alone."""

    editors = never
    deleters = never


def _scoped_filter(model: type[Model], entry: Any) -> Any:
    """A ``list_filter`` entry whose choices come from the current hromada only."""
    if not isinstance(entry, str):
        return entry  # a (field, FilterClass) pair or a SimpleListFilter: the module scopes it
    field: Any = None
    current: Any = model
    for part in entry.split("__"):
        field = current._meta.get_field(part)
        current = field.related_model if field.is_relation else None
        if current is None:
            break
    if field is None:
        return entry
    if field.is_relation:
        return (entry, HromadaRelatedFilter)
    if field.choices or field.get_internal_type() in ("BooleanField", "DateField", "DateTimeField"):
        return entry
    return (entry, HromadaValuesFilter)


def _scoped_formfield(field: Any, request: HttpRequest) -> Any:
    queryset = getattr(field, "queryset", None)
    if queryset is not None:
        field.queryset = scoped(queryset, hromada_of(request))
    return field


class OperatorOnlyAdmin(BackOfficeAdmin):
    """Platform-level records: only the platform operator manages them."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(is_platform_operator(request.user))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    has_add_permission = has_module_permission  # type: ignore[assignment]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)
