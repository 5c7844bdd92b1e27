"""Publishers of the hromada's datasets: only its administrators name them; the ЄДРПОУ is eight digits."""

from __future__ import annotations

import pytest

from hromada.core.errors import ApplicationError, PermissionDeniedError
from hromada.opendata.actions import publisher_save
from hromada.opendata.models import Publisher
from hromada.opendata.selectors import entry_get
from tests.factories import make_administrator, make_official

pytestmark = pytest.mark.django_db


def _council(hromada, **fields):
    values = {"key": "council", "name": "Світлогірська міська рада", "edrpou": "04055009",
              "responsible": "Начальник відділу цифровізації"} | fields  # fmt: skip
    return Publisher(hromada=hromada, **values)


def test_an_administrator_names_the_publisher_and_the_passport_shows_it(hromada):
    publisher_save(publisher=_council(hromada), by=make_administrator(hromada))

    entry = entry_get(hromada=hromada, name="institutions")
    assert entry.publisher.edrpou == "04055009" and entry.publisher.responsible.startswith("Начальник")


def test_an_official_may_not_name_the_publisher(hromada):
    with pytest.raises(PermissionDeniedError):
        publisher_save(publisher=_council(hromada), by=make_official(hromada))

    assert not Publisher.objects.exists()


def test_an_edrpou_that_is_not_eight_digits_is_refused(hromada):
    with pytest.raises(ApplicationError) as refused:
        publisher_save(publisher=_council(hromada, edrpou="1234"), by=make_administrator(hromada))

    assert "edrpou" in refused.value.fields
    assert not Publisher.objects.exists()


def test_until_a_publisher_is_named_the_hromada_publishes_without_an_edrpou(hromada):
    entry = entry_get(hromada=hromada, name="departments")

    assert entry.publisher.name == hromada.name and entry.publisher.edrpou == ""
