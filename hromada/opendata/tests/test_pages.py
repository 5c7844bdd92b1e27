"""The portal's pages: the catalogue with search, facets and pages, and a dataset's page with its passport,
structure, first rows, downloads and API snippet — in Ukrainian and in English."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hromada.core.datasets import datasets, register_dataset, unregister_dataset
from tests.factories import InstitutionFactory

from .factories import PublisherFactory, counting_dataset

pytestmark = pytest.mark.django_db


def test_the_catalogue_lists_every_dataset_with_facets(client, hromada):
    page = client.get("/opendata/")
    text = page.content.decode()

    assert page.status_code == 200
    assert "Довідник підприємств, установ та організацій" in text and "Електронні петиції" in text
    assert "Категорія за постановою № 835" in text and "Формат" in text
    assert f"{len(datasets())} набор" in text


def test_the_catalogue_searches_and_filters_by_facet(client, hromada):
    found = client.get("/opendata/", {"q": "петиц"}).content.decode()
    budget = client.get("/opendata/", {"category": "public-budget"}).content.decode()
    tagged = client.get("/opendata/", {"tag": "структура"}).content.decode()

    assert "Електронні петиції" in found and "Довідник підприємств" not in found
    assert "Проєкти громадського бюджету" in budget or "public-budget-projects" in budget
    assert "Електронні петиції" not in budget
    assert "Організаційна структура" in tagged and "Електронні петиції" not in tagged


def test_the_catalogue_is_paged(client, hromada):
    extra = [counting_dataset(1, key=f"test-page-{n:02d}") for n in range(25)]
    for dataset in extra:
        register_dataset(dataset)
    try:
        first = client.get("/opendata/").content.decode()
        second = client.get("/opendata/", {"page": 2}).content.decode()
    finally:
        for dataset in extra:
            unregister_dataset(dataset.key)

    assert 'rel="next"' in first and "?page=2" in first
    assert 'rel="prev"' in second


def test_a_dataset_page_shows_the_passport_structure_rows_downloads_and_api(client, hromada):
    PublisherFactory(hromada=hromada, edrpou="04055009", responsible="Начальник відділу цифровізації")
    InstitutionFactory(hromada=hromada, name="Ліцей № 1")

    text = client.get("/opendata/institutions/").content.decode()

    for expected in ("04055009", "Начальник відділу цифровізації", hromada.katottg, "Паспорт набору даних",
                     "Останнє оновлення", "Періодичність оновлення", "країнська", "Ліцей № 1",
                     "/opendata/institutions.csv", "/opendata/institutions.xlsx", "?bom=1",
                     "datapackage.json", "/api/3/action/package_show?id=institutions",
                     "Creative Commons Attribution 4.0", "<code>org_phone</code>"):  # fmt: skip
        assert expected in text, expected
    assert "Мета візиту" not in text  # the passport's "Purpose" is not the queue's "purpose of the visit"
    assert client.get("/opendata/no-such-dataset/").status_code == 404


def test_a_format_typed_in_small_letters_filters_the_catalogue_as_its_link_does(client, hromada):
    typed = client.get("/opendata/", {"format": "csv"}).content.decode()
    linked = client.get("/opendata/", {"format": "CSV"}).content.decode()

    assert f"{len(datasets())} набор" in typed and f"{len(datasets())} набор" in linked


def test_the_publishers_name_is_labelled_as_a_bodys_name_not_a_persons():
    from django.utils import translation

    from hromada.opendata.models import Publisher

    with translation.override("uk"):
        label = str(Publisher._meta.get_field("name").verbose_name)

    assert label != "ім'я"


def test_the_pages_are_in_english_too(client, hromada):
    catalogue = client.get("/en/opendata/").content.decode()
    page = client.get("/en/opendata/datasets-register/").content.decode()

    assert (
        "Directory of enterprises, institutions and organisations" in catalogue
        and "Find a dataset" in catalogue
    )
    assert "Passport of the dataset" in page and "Information about datasets" in page


def test_a_dataset_registered_again_under_its_key_is_searched_by_its_new_words(client, hromada):
    first = counting_dataset(1, key="test-again")
    register_dataset(first)
    try:
        before = client.get("/opendata/", {"q": "лічильник"}).content.decode()
    finally:
        unregister_dataset(first.key)
    second = replace(counting_dataset(1, key="test-again"), title="Перелік вуличних ліхтарів")
    register_dataset(second)
    try:
        after = client.get("/opendata/", {"q": "ліхтарів"}).content.decode()
        gone = client.get("/opendata/", {"q": "лічильник"}).content.decode()
    finally:
        unregister_dataset(second.key)

    assert "test-again" in before
    assert "test-again" in after and "test-again" not in gone
