"""Every back-office page is headed in words that read right in Ukrainian (options.BackOfficeAdmin): a list by
its plural name, an object by its kind with its name below, the add button and page by "Додати: …" unless the
admin words its own; Django's "Виберіть район щоб змінити" puts the name in the wrong case."""

from __future__ import annotations

from hromada.backoffice.tests.support import back_office_client
from hromada.territory.models import District
from tests.factories import make_administrator

SQUARE = {"type": "Polygon", "coordinates": [[[32.0, 49.0], [32.1, 49.0], [32.1, 49.1], [32.0, 49.0]]]}


def test_a_list_an_object_and_the_add_page_are_headed_in_ukrainian(hromada):
    district = District.objects.create(hromada=hromada, name="Центральний", boundary=SQUARE)
    client = back_office_client(make_administrator(hromada))

    listing = client.get("/admin/territory/district/", HTTP_ACCEPT_LANGUAGE="uk")
    adding = client.get("/admin/territory/district/add/", HTTP_ACCEPT_LANGUAGE="uk")
    one = client.get(f"/admin/territory/district/{district.pk}/change/", HTTP_ACCEPT_LANGUAGE="uk")

    assert [page.status_code for page in (listing, adding, one)] == [200, 200, 200]
    assert listing.context["title"] == "Райони"
    assert "Додати: район" in listing.content.decode()
    assert adding.context["title"] == "Район"
    assert (one.context["title"], one.context["subtitle"]) == ("Район", "Центральний")
    for page in (listing, adding, one):
        text = page.content.decode()
        assert "Виберіть район" not in text and "Змінити район" not in text and "Додати район" not in text


def test_a_list_filter_is_headed_by_the_field_alone(hromada):
    client = back_office_client(make_administrator(hromada))

    listing = client.get("/admin/accounts/user/", HTTP_ACCEPT_LANGUAGE="uk")

    text = listing.content.decode()
    assert listing.status_code == 200
    assert "<summary>" in text
    assert "За " not in text.split('id="changelist-filter"', 1)[1]
