"""The dataset registry: what modules register, the portal's files of every dataset, datapackage.json."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from hromada.core.datasets import Dataset, Field, dataset_get, datasets, register_dataset, unregister_dataset
from tests.factories import DepartmentFactory, InstitutionFactory

from .factories import PublisherFactory, counting_dataset

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def counting():
    dataset = counting_dataset(25)
    register_dataset(dataset)
    yield dataset
    unregister_dataset(dataset.key)


def test_modules_register_their_datasets_through_the_kit():
    by_app = {d.key: d.app for d in datasets()}

    assert by_app["datasets-register"] == "opendata"
    assert by_app["institutions"] == by_app["departments"] == "portal"
    assert by_app["petitions"] == by_app["petition-answers"] == "petitions"
    assert by_app["public-budget-projects"] == by_app["public-budget-results"] == "budget"
    assert by_app["administrative-services"] == "services" and by_app["enrollment-line"] == "enrollment"
    assert by_app["cnap-queue-statistics"] == "cnapqueue"


def test_a_second_dataset_under_a_taken_key_is_refused():
    other = Dataset(key="petitions", title="x", description="x", fields=(Field("a", "string", "a"),),
                    rows=lambda **kw: [])  # fmt: skip

    with pytest.raises(ValueError, match="already registered"):
        register_dataset(other)
    assert dataset_get("petitions").app == "petitions"


def test_a_schema_with_an_unknown_type_or_a_missing_primary_key_is_refused():
    with pytest.raises(ValueError):
        Field("a", "text", "a")
    with pytest.raises(ValueError):
        Dataset(
            key="x",
            title="x",
            description="x",
            fields=(Field("a", "string", "a"),),
            rows=list,
            primary_key="b",
        )


def test_every_format_of_a_dataset_downloads_from_the_live_rows(client, hromada):
    InstitutionFactory(hromada=hromada, name="Ліцей № 1", phone="+380 32 000 00 01")
    InstitutionFactory(hromada=hromada, name="Бібліотека")

    text = body(client.get("/opendata/institutions.csv")).decode()
    excel = body(client.get("/opendata/institutions.csv?bom=1"))
    items = json.loads(body(client.get("/opendata/institutions.json")))["items"]
    xlsx = client.get("/opendata/institutions.xlsx")

    assert {r["name"] for r in csv.DictReader(io.StringIO(text))} == {"Ліцей № 1", "Бібліотека"}
    assert excel.startswith("\ufeff".encode())
    assert {i["name"] for i in items} == {"Ліцей № 1", "Бібліотека"}
    assert body(xlsx)[:2] == b"PK" and "spreadsheetml" in xlsx["Content-Type"]
    assert client.get("/opendata/institutions.csv")["Access-Control-Allow-Origin"] == "*"
    assert client.get("/opendata/institutions.xml").status_code == 404
    assert client.get("/opendata/no-such-dataset.csv").status_code == 404


def test_the_files_are_streamed(client, hromada, counting):
    response = client.get(f"/opendata/{counting.key}.csv")

    assert response.streaming
    assert len(body(response).decode().splitlines()) == 26


def test_the_datapackage_describes_the_schema_and_the_csv_matches_it(client, hromada, counting):
    package = json.loads(body(client.get(f"/opendata/{counting.key}/datapackage.json")))
    resource = package["resources"][0]
    text = body(client.get(f"/opendata/{counting.key}.csv")).decode()
    header = next(csv.reader(io.StringIO(text)))

    assert package["profile"] == "tabular-data-package" and package["licenses"][0]["name"] == "CC-BY-4.0"
    assert [f["name"] for f in resource["schema"]["fields"]] == header == ["n", "label", "even", "share"]
    assert resource["schema"]["primaryKey"] == ["n"] and resource["path"].endswith(
        f"/opendata/{counting.key}.csv"
    )


def test_the_last_update_is_when_the_data_changed(client, hromada):
    from hromada.opendata.selectors import entry_get

    institution = InstitutionFactory(hromada=hromada)
    before = entry_get(hromada=hromada, name="institutions").modified
    institution.name = "Нова назва"
    institution.save()

    after = entry_get(hromada=hromada, name="institutions").modified
    assert after > before and after == institution.updated_at


def test_the_register_of_datasets_is_itself_a_dataset_with_each_passport(client, hromada):
    PublisherFactory(hromada=hromada, edrpou="04055009")
    DepartmentFactory(hromada=hromada)

    rows = json.loads(body(client.get("/opendata/datasets-register.json")))["items"]
    by_name = {r["name"]: r for r in rows}

    assert set(by_name) == {d.key for d in datasets()}
    assert by_name["departments"]["publisher_edrpou"] == "04055009"
    assert by_name["departments"]["katottg"] == hromada.katottg
    assert by_name["departments"]["category"] == "structure"


def test_another_hromadas_rows_are_not_in_this_hromadas_files(client, hromada, other_hromada):
    InstitutionFactory(hromada=other_hromada, name="Вербівська школа")
    InstitutionFactory(hromada=hromada, name="Наша школа")
    there = Client(HTTP_HOST="verbivka.localhost")

    here_text = body(client.get("/opendata/institutions.csv")).decode()
    there_text = body(there.get("/opendata/institutions.csv")).decode()

    assert "Наша школа" in here_text and "Вербівська школа" not in here_text
    assert "Вербівська школа" in there_text and "Наша школа" not in there_text
