"""Every page registered on the back office shows one hromada only: its rows, list filters, searches,
foreign-key choices (add and change forms, inlines) and autocompletes. The walk reads the registry, so a
new module's admin is covered without editing this file. On the way it checks that no page carries an
inline style, which the strict CSP (``style-src 'self'``) would refuse, and that every page reads in
Ukrainian: no raw codes, no untranslated interface strings (``tests/page_language.py``)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.admin import AllValuesFieldListFilter, RelatedFieldListFilter
from django.db.models import Model
from django.forms import ModelChoiceField

from hromada.accounts.models import HromadaRole
from hromada.backoffice.options import OperatorOnlyAdmin, tenant_path
from hromada.backoffice.site import back_office
from hromada.budget.models import BudgetCategory
from hromada.core.models import Hromada
from tests.factories import UserFactory
from tests.page_language import load_catalogue, problems

from .support import back_office_client

INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)

# Models without a hromada that a page may offer as choices (platform-wide records).
PLATFORM_WIDE = {
    "auth.Group",
    "auth.Permission",
    "contenttypes.ContentType",
    "security.BackupRun",  # a backup is of the whole installation
}


def _outside(model: type[Model], pks: list[Any], hromada: Hromada) -> list[Any]:
    """The pks of ``model`` among ``pks`` that do not belong to ``hromada``."""
    path = tenant_path(model)
    assert path is not None or model._meta.label in PLATFORM_WIDE, (
        f"{model._meta.label} is offered on a hromada's page but belongs to no hromada"
    )
    if path is None or not pks:
        return []
    pks = [pk for pk in pks if pk not in (None, "")]
    mine = set(model._default_manager.filter(pk__in=pks, **{path: hromada}).values_list("pk", flat=True))
    return [pk for pk in pks if model._meta.pk.to_python(pk) not in mine]


def _form_choice_leaks(form: Any, hromada: Hromada, where: str) -> list[str]:
    leaks = []
    for name, field in form.fields.items():
        if isinstance(field, ModelChoiceField):
            model = field.queryset.model
            path = tenant_path(model)
            if path is None:
                assert model._meta.label in PLATFORM_WIDE, f"{where}: {name} offers {model._meta.label}"
                continue
            foreign = field.queryset.exclude(**{path: hromada})
            if foreign.exists():
                leaks.append(f"{where}: field {name} offers {list(foreign[:3])} of another hromada")
    return leaks


def _forms_of(context: Any) -> list[Any]:
    forms = []
    if context.get("adminform") is not None:
        forms.append(context["adminform"].form)
    for inline in context.get("inline_admin_formsets") or []:
        forms.extend(inline.formset.forms)
        forms.append(inline.formset.empty_form)
    return forms


def _page_problems(url: str, response: Any, catalogue: Any) -> list[str]:
    """Inline styles, and anything not in Ukrainian words."""
    html = response.content.decode()
    styles = [f"{url}: {html[max(m.start() - 60, 0) : m.end() + 40]!r}" for m in INLINE_STYLE.finditer(html)]
    return styles + [f"{url}: {problem}" for problem in problems(html, "uk", catalogue)]


def _walk(client: Any, hromada: Hromada, other: Hromada) -> tuple[list[str], set[str]]:
    """Open every registered page as ``hromada``'s administrator; returns the leaks (rows, choices, inline
    styles or words not in Ukrainian) and what was checked."""
    leaks: list[str] = []
    checked: set[str] = set()
    catalogue = load_catalogue()
    for model, model_admin in back_office._registry.items():
        label = model._meta.label
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        page = client.get(base)
        if isinstance(model_admin, OperatorOnlyAdmin):
            assert page.status_code == 403, f"{base}: a hromada's administrator opens a platform page"
            continue
        assert page.status_code == 200, f"{base}: {page.status_code}"
        leaks += _page_problems(base, page, catalogue)
        changelist = page.context["cl"]
        own_rows = [obj.pk for obj in changelist.result_list]
        leaks += [f"{base}: row {pk}" for pk in _outside(model, own_rows, hromada)]

        for spec in changelist.filter_specs:
            if isinstance(spec, RelatedFieldListFilter):
                related = spec.field.related_model
                offered = [pk for pk, _label in spec.lookup_choices]
                leaks += [
                    f"{base}: filter {spec.field_path} offers {related._meta.label} {pk}"
                    for pk in _outside(related, offered, hromada)
                ]
                checked.add(f"{label} filter {spec.field_path}")
            elif isinstance(spec, AllValuesFieldListFilter):
                values = [value for value in spec.lookup_choices if value is not None]
                rows = model_admin.get_queryset(page.wsgi_request)
                for value in values:
                    if not rows.filter(**{spec.field_path: value}).exists():
                        leaks.append(f"{base}: filter {spec.field_path} offers {value!r} of another hromada")

        if model_admin.search_fields:
            found = client.get(base, {"q": "1"}).context["cl"].result_list
            leaks += [f"{base}?q=1: row {pk}" for pk in _outside(model, [o.pk for o in found], hromada)]

        theirs = (
            model._default_manager.filter(**{model_admin.tenant_lookup(): other}).first()
            if hasattr(model_admin, "tenant_lookup")
            else None  # a platform-wide record (PLATFORM_WIDE) has no other hromada's rows
        )
        if theirs is not None:
            status = client.get(f"{base}{theirs.pk}/change/").status_code
            if status == 200:
                leaks.append(f"{base}{theirs.pk}/change/ opens a row of another hromada")

        forms_pages = [f"{base}{own_rows[0]}/change/"] if own_rows else []
        if model_admin.has_add_permission(page.wsgi_request):
            forms_pages.append(f"{base}add/")
        for url in forms_pages:
            response = client.get(url)
            assert response.status_code == 200, f"{url}: {response.status_code}"
            leaks += _page_problems(url, response, catalogue)
            for form in _forms_of(response.context):
                leaks += _form_choice_leaks(form, hromada, url)
            checked.add(f"{label} forms")

        for field_name in model_admin.autocomplete_fields:
            related = model._meta.get_field(field_name).related_model
            answer = client.get(
                "/admin/autocomplete/",
                {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field_name,
                    "term": "",
                },
            )
            assert answer.status_code == 200, f"autocomplete {label}.{field_name}: {answer.status_code}"
            offered = [item["id"] for item in answer.json()["results"]]
            leaks += [
                f"autocomplete {label}.{field_name} offers {pk}" for pk in _outside(related, offered, hromada)
            ]
            checked.add(f"{label} autocomplete {field_name}")
    return leaks, checked


def test_every_back_office_page_offers_only_its_own_hromadas_rows_and_choices(demo_loaded, db):
    svitlohirsk = Hromada.objects.get(slug="svitlohirsk")
    verbivka = Hromada.objects.get(slug="verbivka")
    assert BudgetCategory.objects.filter(cycle__hromada=verbivka).exists()  # the other side has rows

    for mine, theirs, host in (
        (svitlohirsk, verbivka, "svitlohirsk.localhost"),
        (verbivka, svitlohirsk, "verbivka.localhost"),
    ):
        administrator = UserFactory(hromada=mine, is_staff=True)
        HromadaRole.objects.create(user=administrator, hromada=mine, role="administrator")
        leaks, checked = _walk(back_office_client(administrator, host), mine, theirs)

        assert leaks == []
        assert "budget.Project filter category" in checked
        assert "accounts.HromadaRole autocomplete user" in checked
