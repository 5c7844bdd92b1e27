"""The modules' statistics datasets (issue 20) over the demo: the open city's reports per month, category and
district, the enrollment per round and institution, the services per month and service. Each has rows, its
counts add up to the module's own tables, no row carries a person's name, e-mail, phone or a child's data,
and its CSV validates with Frictionless against its Table Schema."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hromada.accounts.models import User
from hromada.core.datasets import dataset_get
from hromada.core.models import Hromada

frictionless = pytest.importorskip("frictionless")

KEYS = ("problem-report-statistics", "enrollment-statistics", "administrative-services-statistics")


@pytest.fixture
def svitlohirsk(demo_loaded, db) -> Hromada:
    return Hromada.objects.get(slug="svitlohirsk")


def _rows(key: str, hromada: Hromada) -> list[dict]:
    found = dataset_get(key)
    assert found is not None, key
    return list(found.iter_rows(hromada=hromada))


def test_report_statistics_add_up_to_the_reports(svitlohirsk):
    from hromada.opencity.models import Report, Status

    rows = _rows("problem-report-statistics", svitlohirsk)
    reports = Report.objects.filter(hromada=svitlohirsk, submitted_month__isnull=False)

    assert rows and sum(r["reports"] for r in rows) == reports.count()
    assert sum(r["fixed"] for r in rows) == reports.filter(status=Status.FIXED).count()
    keys = [(r["month"], r["category_code"], r["district"]) for r in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)  # one row per month, category, district
    for r in rows:
        assert r["closed"] == r["fixed"] + r["closed_not_fixed"] <= r["reports"]
        assert r["closed_on_time"] <= r["closed"] and r["duplicates"] <= r["closed_not_fixed"]
        assert r["on_time_share"] is None if not r["closed"] else 0 <= r["on_time_share"] <= 1


def test_enrollment_statistics_add_up_to_groups_and_offers(svitlohirsk):
    from django.db.models import Sum

    from hromada.enrollment.models import Group, Offer, Round

    rows = _rows("enrollment-statistics", svitlohirsk)
    groups = Group.objects.filter(hromada=svitlohirsk).exclude(round__status=Round.Status.DRAFT)

    assert rows and sum(r["places"] for r in rows) == groups.aggregate(n=Sum("places"))["n"]
    assert sum(r["enrolled"] for r in rows) == (
        Offer.objects.filter(group__in=groups, status=Offer.Status.ENROLLED).count()
    )
    assert any(r["applications"] for r in rows)
    for r in rows:
        assert r["first_choice"] <= r["applications"] and r["enrolled"] <= r["offered"]


def test_service_statistics_add_up_to_the_applications(svitlohirsk):
    from hromada.services import lifecycle
    from hromada.services.models import Application

    rows = _rows("administrative-services-statistics", svitlohirsk)
    filed = Application.objects.filter(
        hromada=svitlohirsk, service__is_published=True, submitted_at__isnull=False
    ).exclude(status=lifecycle.DRAFT)

    assert rows and sum(r["received"] for r in rows) == filed.count()
    assert any(r["decided"] for r in rows)
    for r in rows:
        assert r["received"] == r["received_online"] + r["received_desk"] + r["received_api"]
        assert r["decided"] == r["on_time"] + r["late"] and r["refused"] <= r["decided"]
        assert r["on_time_share"] is None if not r["decided"] else 0 <= r["on_time_share"] <= 1


def test_no_statistics_row_carries_personal_data(svitlohirsk):
    from hromada.enrollment.models import Application as Enrollment
    from hromada.opencity.models import Report

    text = json.dumps([_rows(key, svitlohirsk) for key in KEYS], ensure_ascii=False, default=str)
    people = User.objects.exclude(full_name="").values_list("full_name", "email", "phone")
    children = Enrollment.objects.filter(hromada=svitlohirsk).values_list("child_name", "address")
    contacts = Report.objects.filter(hromada=svitlohirsk).values_list(
        "contact_name", "contact_email", "contact_phone", "address"
    )
    values = {v for row in (*people, *children, *contacts) for v in row if v and len(v) >= 6}

    assert values and not [v for v in values if v in text]


def test_the_statistics_files_validate_against_their_table_schemas(svitlohirsk, tmp_path):
    client = Client()
    for key in KEYS:
        descriptor = json.loads(client.get(f"/opendata/{key}/datapackage.json").content)
        response = client.get(f"/opendata/{key}.csv")
        (tmp_path / f"{key}.csv").write_bytes(b"".join(response.streaming_content))
        local = descriptor | {"resources": [descriptor["resources"][0] | {"path": f"{key}.csv"}]}

        report = frictionless.Package(local, basepath=str(tmp_path)).validate()

        assert report.valid, (key, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5])
        assert report.tasks[0].stats.get("rows", 0) > 0, key
