"""Ids from the outside are validated in one place (core/ids.py): a number too big for the database is
"not found" or "invalid", never a server error — in every URL pattern, API parameter and filter form."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from hromada.budget.tests.factories import make_cycle, make_project
from hromada.core.ids import MAX_ID, parse_id
from hromada.petitions.tests.factories import make_world

HUGE = "9" * 23  # the probe's 99999999999999999999999
JUST_TOO_BIG = str(MAX_ID + 1)  # 9223372036854775808


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        (str(MAX_ID), MAX_ID),
        (JUST_TOO_BIG, None),
        (HUGE, None),
        ("0", None),
        ("-1", None),
        ("١٢", None),  # Arabic-Indic digits pass str.isdigit() but are no id of ours
        ("", None),
        (None, None),
        (True, None),
        (7, 7),
        (MAX_ID + 1, None),
    ],
)
def test_parse_id_accepts_only_database_ids(value, expected):
    assert parse_id(value) == expected


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        else:
            assert isinstance(entry, URLPattern)
            yield prefix + str(entry.pattern), entry


def test_no_url_pattern_takes_an_unbounded_integer():
    unbounded = []
    for route, entry in _patterns(get_resolver()):
        converters = getattr(entry.pattern, "converters", {})
        if any(isinstance(c, IntConverter) for c in converters.values()):
            unbounded.append(route)
    assert unbounded == [], "use <id:…> (hromada/core/ids.py) instead of <int:…>"


def test_every_integer_api_parameter_is_bounded(client, hromada):
    document = client.get("/api/v1/openapi.json").json()
    unbounded = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                schemas = [parameter.get("schema", {})]
                schemas += parameter.get("schema", {}).get("anyOf", [])
                for schema in schemas:
                    if schema.get("type") == "integer" and schema.get("maximum", float("inf")) > MAX_ID:
                        unbounded.append(f"{method.upper()} {path} {parameter['name']}")
    assert unbounded == []


@pytest.mark.django_db
@pytest.mark.parametrize("number", [HUGE, JUST_TOO_BIG])
def test_huge_ids_in_api_filters_are_no_server_error(hromada, number):
    cycle = make_cycle(hromada)
    make_project(cycle)
    client = Client()

    projects = client.get(f"/api/v1/budget/cycles/{cycle.slug}/projects", {"category": number})
    petitions = client.get("/api/v1/petitions", {"addressee": number})

    assert projects.status_code == 200 and projects.json()["count"] == 0
    assert petitions.status_code == 200 and petitions.json()["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("number", [HUGE, JUST_TOO_BIG])
def test_huge_ids_in_page_paths_are_not_found(hromada, district, number):
    world = make_world(hromada, district=district)
    petition = world.collecting()
    cycle = make_cycle(hromada)
    client = Client()

    assert client.get(f"/petitions/{petition.pk}/").status_code == 200
    assert client.get(f"/petitions/{number}/").status_code == 404
    assert client.get(f"/budget/projects/{number}/").status_code == 404
    assert client.get(f"/budget/{cycle.slug}/").status_code in (200, 302)


@pytest.mark.django_db
@pytest.mark.parametrize("number", [HUGE, JUST_TOO_BIG])
def test_huge_ids_in_page_filters_are_ignored(hromada, district, number):
    make_world(hromada, district=district).collecting()
    client = Client()

    petitions = client.get("/petitions/", {"district": number, "addressee": number})
    institutions = client.get("/institutions/", {"district": number})

    assert petitions.status_code == 200
    assert institutions.status_code == 200
