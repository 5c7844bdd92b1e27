"""The Public consultations pages and API show public items only."""

import pytest

from .factories import ItemFactory, make_published_item

pytestmark = pytest.mark.django_db


def test_the_list_page_shows_published_items_and_hides_drafts(client, hromada):
    make_published_item(hromada, title="Графік прийому")
    ItemFactory(hromada=hromada, title="Чернетка")

    page = client.get("/consultations/")

    assert page.status_code == 200
    assert "Графік прийому" in page.content.decode() and "Чернетка" not in page.content.decode()


def test_the_detail_page_shows_a_public_item_and_no_draft(client, hromada):
    item = make_published_item(hromada)
    draft = ItemFactory(hromada=hromada)

    assert item.title in client.get(f"/consultations/{item.pk}/").content.decode()
    assert client.get(f"/consultations/{draft.pk}/").status_code == 404


def test_the_api_lists_and_shows_public_items(client, hromada):
    item = make_published_item(hromada)
    draft = ItemFactory(hromada=hromada)

    listed = client.get("/api/v1/consultations/items").json()
    shown = client.get(f"/api/v1/consultations/items/{item.pk}").json()

    assert [row["title"] for row in listed["items"]] == [item.title]
    assert shown["status"] == "published"
    hidden = client.get(f"/api/v1/consultations/items/{draft.pk}")
    assert hidden.json()["error"]["code"] == "not_found"


def test_the_portal_links_the_module(client, hromada):
    from django.urls import reverse

    assert reverse("consultations:index") in client.get("/").content.decode()
