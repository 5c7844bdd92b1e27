"""Reads cost a fixed number of queries, whatever the number of petitions and signatures."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hromada.petitions import actions, selectors

pytestmark = pytest.mark.django_db


def queries_of(fn):
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def test_list_detail_and_accountability_do_not_grow_with_the_data(world, settings):
    settings.HROMADA_RATE_LIMITS = False
    client = Client()
    first = world.collecting()
    world.sign(first, 1)
    actions.petitions_aggregate()

    def pages():
        client.get("/api/v1/petitions?page_size=50")
        client.get("/api/v1/petitions?sort=popular&q=%D0%B4%D0%BE%D1%80%D0%BE%D0%B3%D1%83")
        client.get(f"/api/v1/petitions/{first.pk}")
        client.get(f"/api/v1/petitions/{first.pk}/counts")
        list(selectors.signatories(petition=first)[:50])
        selectors.accountability(hromada=world.hromada)

    pages()  # warm the per-process caches (tenant, calendar)
    small = queries_of(pages)
    for _i in range(12):
        petition = world.collecting()
        world.sign(petition, 2)
    world.sign(first, 2)
    actions.petitions_aggregate()
    assert queries_of(pages) == small
