"""Every registered dataset over the demo's live rows: each file (CSV, JSON, XLSX) validates with
Frictionless against the Table Schema of the dataset's ``datapackage.json``, the descriptor itself is a
valid Data Package, rows come in primary-key order, and keyset paging gives exactly the rows after a key."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hromada.core.datasets import datasets
from hromada.core.models import Hromada

frictionless = pytest.importorskip("frictionless")
from frictionless.formats import ExcelControl  # noqa: E402


def _body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


def _errors(report) -> list:
    return report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_every_file_of_every_dataset_validates_against_its_table_schema(demo_loaded, db, tmp_path):
    client = Client()
    with_rows = []
    for dataset in datasets():
        descriptor = json.loads(_body(client.get(f"/opendata/{dataset.key}/datapackage.json")))
        for fmt in ("csv", "json", "xlsx"):
            (tmp_path / f"{dataset.key}.{fmt}").write_bytes(
                _body(client.get(f"/opendata/{dataset.key}.{fmt}"))
            )
        schema = descriptor["resources"][0]["schema"]
        local = descriptor | {"resources": [descriptor["resources"][0] | {"path": f"{dataset.key}.csv"}]}

        package = frictionless.Package(local, basepath=str(tmp_path))
        csv_report = package.validate()
        table = frictionless.Schema.from_descriptor(schema)
        # The JSON file's rows (its head names the schema, which would make frictionless read the file
        # as a descriptor): the rows as parsed, checked against the same schema.
        items = json.loads((tmp_path / f"{dataset.key}.json").read_bytes())["items"]
        json_report = frictionless.Resource(data=items, schema=table, format="inline").validate()
        xlsx_report = frictionless.Resource(
            path=f"{dataset.key}.xlsx", basepath=str(tmp_path), schema=table,
            control=ExcelControl(sheet="data"),
        ).validate()  # fmt: skip

        assert csv_report.valid, (dataset.key, _errors(csv_report))
        assert json_report.valid, (dataset.key, _errors(json_report))
        assert xlsx_report.valid, (dataset.key, _errors(xlsx_report))
        rows = csv_report.tasks[0].stats.get("rows", 0)
        counts = [r.tasks[0].stats.get("rows", 0) for r in (json_report, xlsx_report)]
        assert counts == [rows, rows], dataset.key
        if rows:
            with_rows.append(dataset.key)
    # The check saw real rows, not empty files: the demo fills most datasets.
    assert len(with_rows) >= 12, with_rows


def test_the_validation_would_catch_a_file_that_breaks_its_schema(tmp_path):
    (tmp_path / "x.csv").write_text("n,day\r\n1,2026-12-05\r\nтри,2026-12-06\r\n", encoding="utf-8")
    schema = {"fields": [{"name": "n", "type": "integer"}, {"name": "day", "type": "date"}]}

    report = frictionless.Resource(
        path="x.csv", basepath=str(tmp_path), schema=frictionless.Schema.from_descriptor(schema)
    ).validate()

    assert not report.valid and _errors(report)[0][:3] == [3, "n", "type-error"]


def _key(value):
    return (0, value) if isinstance(value, int) else (1, str(value))


def test_rows_come_in_key_order_and_each_key_pages_to_exactly_the_rows_after_it(demo_loaded, db):
    hromada = Hromada.objects.get(slug="svitlohirsk")
    checked = []
    for dataset in datasets():
        if dataset.primary_key is None:
            continue
        rows = list(dataset.iter_rows(hromada=hromada))
        keys = [row[dataset.primary_key] for row in rows]
        assert keys == sorted(keys, key=_key) and len(set(keys)) == len(keys), dataset.key
        for position in {0, len(rows) // 2, len(rows) - 2} if len(rows) >= 2 else ():
            after = keys[position]
            assert list(dataset.iter_rows(hromada=hromada, after=after)) == rows[position + 1 :], dataset.key
            # as the API's next link gives it: text
            assert list(dataset.iter_rows(hromada=hromada, after=str(after))) == rows[position + 1 :]
        if len(rows) >= 2:
            checked.append(dataset.key)
    keyset = {d.key for d in datasets() if d.rows_after is not None}
    assert {
        "petitions",
        "institutions",
        "public-budget-projects",
        "administrative-services-rendered",
    } <= keyset
    assert len(checked) >= 6, checked
