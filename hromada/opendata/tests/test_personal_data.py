"""No dataset carries personal data: no column is a person's name, phone, e-mail, РНОКПП or exact birth
date (read from every registered schema), and no generated file contains a resident's."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from hromada.core.datasets import datasets
from tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db

# Words that make a column personal when it is about a person.
PERSONAL = re.compile(
    r"(first|last|middle|full|given|family|sur|patro)_?name|^name_?(of_)?(person|author|applicant|signer)|"
    r"phone|mobile|e_?mail|rnokpp|ipn|tax_?(id|number)|passport|birth|date_?of_?birth|dob|address_?of_?person",
    re.IGNORECASE,
)
# Columns that match a word above but are not a person's, each with the reason (the test shows them all).
NOT_A_PERSON = {
    ("institutions", "org_phone"): "the institution's reception phone, published in its own directory",
    ("institutions", "org_email"): "the institution's own e-mail",
    ("departments", "org_phone"): "the department's phone",
    ("departments", "org_email"): "the department's e-mail",
}
# The enrollment line gives a birth *year* (the 835 draft's column name), never an exact date.
YEAR_ONLY = {("enrollment-line", "birthDate")}


def test_no_column_of_any_dataset_is_personal_data():
    found = []
    for dataset in datasets():
        for field in dataset.fields:
            if (dataset.key, field.name) in YEAR_ONLY:
                assert field.type == "year", f"{dataset.key}.{field.name} must stay a year, not a date"
                continue
            if PERSONAL.search(field.name) and (dataset.key, field.name) not in NOT_A_PERSON:
                found.append(f"{dataset.key}.{field.name}")
    assert found == []
    assert len(datasets()) >= 12  # the test sees the modules' datasets, not an empty registry


def test_the_column_check_would_catch_personal_columns():
    for name in ("full_name", "phone", "email", "rnokpp", "birth_date", "lastName", "e_mail"):
        assert PERSONAL.search(name), name
    for name in ("title", "district", "institutionName", "addressee", "status"):
        assert not PERSONAL.search(name), name


def test_no_file_contains_a_residents_name_phone_or_email(hromada):
    people = [
        UserFactory(
            hromada=hromada,
            full_name="Ярина Тестова-Особиста",
            phone="+380501112233",
            email="yaryna.private@example.org",
        )
    ]
    InstitutionFactory(hromada=hromada, name="Ліцей")
    client = Client()

    everything = b"".join(
        b"".join(client.get(f"/opendata/{d.key}.{fmt}").streaming_content)
        for d in datasets()
        for fmt in ("csv", "json")
    ).decode()

    for person in people:
        for value in (person.full_name, person.phone, person.email):
            assert value not in everything
