"""Back-office permissions follow roles: the role × model matrix of docs/accounts.md is what the pages allow.

The matrix is computed from every page registered on the back office, so a new module's page must be
added to the documented table (the test prints the table it found)."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory

from hromada.accounts.models import DepartmentMembership, HromadaRole
from hromada.backoffice.site import back_office
from tests.factories import DistrictFactory, UserFactory, square

from .support import back_office_client

DOC = Path(settings.BASE_DIR) / "docs" / "accounts.md"
ROLES = ("operator", "administrator", "moderator", "head", "specialist", "cnap_officer")
TABLE_START = "<!-- back-office matrix: start -->"
TABLE_END = "<!-- back-office matrix: end -->"


def _person(role: str, hromada, department):
    if role == "operator":
        return UserFactory(hromada=hromada, is_staff=True, is_superuser=True)
    user = UserFactory(hromada=hromada, is_staff=True)
    if role in ("administrator", "moderator"):
        HromadaRole.objects.create(user=user, hromada=hromada, role=role)
    else:
        DepartmentMembership.objects.create(user=user, department=department, role=role)
    return user


def _cell(model_admin, request) -> str:
    letters = [
        ("v", model_admin.has_view_permission(request)),
        ("a", model_admin.has_add_permission(request)),
        ("c", model_admin.has_change_permission(request)),
        ("d", model_admin.has_delete_permission(request)),
    ]
    return "".join(letter for letter, allowed in letters if allowed) or "—"


def _matrix(hromada, department) -> dict[str, list[str]]:
    admin.autodiscover()  # as hromada/urls.py does: every app's admin.py registers its pages
    people = {role: _person(role, hromada, department) for role in ROLES}
    rows: dict[str, list[str]] = {}
    for model, model_admin in sorted(back_office._registry.items(), key=lambda item: item[0]._meta.label):
        cells, actions = [], {}
        for role in ROLES:
            request = RequestFactory().get("/admin/")
            request.user, request.hromada = people[role], hromada
            cells.append(_cell(model_admin, request))
            allowed = set(model_admin.get_actions(request)) - {"delete_selected"}
            for name in model_admin.actions or ():
                actions.setdefault(name, []).append("yes" if name in allowed else "—")
        rows[f"`{model._meta.label}`"] = cells
        for name, marks in actions.items():
            rows[f"`{model._meta.label}` action `{name}`"] = marks
    return rows


def _documented() -> dict[str, list[str]]:
    text = DOC.read_text()
    table = text[text.index(TABLE_START) : text.index(TABLE_END)]
    rows = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `"):
            rows[cells[0]] = cells[1:]
    return rows


def _as_table(rows: dict[str, list[str]]) -> str:
    lines = ["| page | " + " | ".join(ROLES) + " |", "|---" * (len(ROLES) + 1) + "|"]
    lines += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows.items()]
    return "\n".join(lines)


def test_back_office_permissions_are_the_documented_role_matrix(hromada, department):
    found = _matrix(hromada, department)
    assert found == _documented(), "docs/accounts.md should read:\n" + _as_table(found)


def test_an_official_of_another_department_cannot_change_district_boundaries(hromada, department):
    district = DistrictFactory(hromada=hromada, name="Центральний")
    before = district.boundary
    official = _person("specialist", hromada, department)
    client = back_office_client(official)

    page = client.get(f"/admin/territory/district/{district.pk}/change/")
    answer = client.post(
        f"/admin/territory/district/{district.pk}/change/",
        {
            "name": "Змінений",
            "kind": district.kind,
            "boundary": json.dumps(square(30.0, 50.0)),
            "population": 1,
        },
    )

    assert page.status_code == 200 and 'name="boundary"' not in page.content.decode()  # read-only view
    assert answer.status_code == 403
    district.refresh_from_db()
    assert district.name == "Центральний" and district.boundary == before
