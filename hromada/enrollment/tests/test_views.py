"""Pages: the rounds, a round with its rules and export, applying (input kept on error), a family's
applications with their places and offers, withdrawal, the open data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.test import Client

from hromada.enrollment import actions, selectors
from hromada.enrollment.models import Application, Offer
from hromada.ledger.actions import ledger_integrate

from .factories import make_parent, make_round, register


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _moved_file(old: str, new: str) -> str:
    """An old open-data address answers with a permanent redirect to the portal's file; that file's text."""
    moved = Client().get(old)
    assert moved.status_code == 301 and moved["Location"] == new
    response = Client().get(new)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_rounds_and_a_round_page_show_places_and_the_rules_with_their_sources(hromada):
    round = make_round(hromada)

    index = Client().get("/enrollment/")
    page = Client().get(f"/enrollment/{round.slug}/")
    territories = Client().get("/enrollment/territories/")

    assert round.title in index.content.decode()
    text = page.content.decode()
    assert "Про дошкільну освіту" in text and "305/2003" in text
    assert page.status_code == 200 and territories.status_code == 200
    assert "Шевченка" in territories.content.decode()


def test_apply_form_keeps_the_input_on_error_and_registers_when_valid(hromada):
    round = make_round(hromada)
    parent = make_parent(hromada)
    client = _client(parent)
    group = round.groups.first()
    data = {
        "child_name": "Коваль Софія",
        "birth_date": f"{round.school_year - 4}-02-01",
        "certificate": "not a certificate",
        "address": "вул. Шевченка, 4",
        "choice_1": str(group.pk),
        "consent": "on",
    }

    refused = client.post(f"/enrollment/{round.slug}/apply/", data)
    data["certificate"] = "І-БК 777888"
    accepted = client.post(f"/enrollment/{round.slug}/apply/", data)

    assert refused.status_code == 400
    assert "Коваль Софія" in refused.content.decode()
    assert accepted.status_code == 302
    application = Application.objects.get(round=round)
    page = client.get(accepted["Location"])
    assert application.public_id in page.content.decode()
    assert client.get("/enrollment/mine/").status_code == 200


def test_a_parent_sees_only_their_own_applications(hromada):
    round = make_round(hromada)
    application = register(round)

    other = _client(make_parent(hromada)).get(f"/enrollment/applications/{application.public_id}/")

    assert other.status_code == 404


def test_changing_choices_and_withdrawing_through_the_page(hromada):
    round = make_round(hromada)
    parent = make_parent(hromada)
    application = register(round, parent)
    client = _client(parent)
    last = round.groups.order_by("id").last()

    changed = client.post(f"/enrollment/applications/{application.public_id}/", {"choice_1": str(last.pk)})
    withdrawn = client.post(f"/enrollment/applications/{application.public_id}/withdraw/", {"confirm": "yes"})

    assert changed.status_code == 302 and withdrawn.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert [c.group_id for c in application.choices.all()] == [last.pk]


@pytest.mark.django_db(transaction=True)
def test_a_parent_accepts_an_offer_and_the_export_and_open_data_hold_no_child_data(hromada, clock):
    round = make_round(hromada, places=(1,))
    parent = make_parent(hromada)
    application = register(round, parent)
    clock.set(round.closes_at + dt.timedelta(minutes=1))
    actions.round_close(round=round)
    ledger_integrate(hromada=hromada)
    actions.round_allocate(round=round, official=round.admin)
    offer = Offer.objects.get(application=application)
    client = _client(parent)

    page = client.get(f"/enrollment/applications/{application.public_id}/")
    answered = client.post(f"/enrollment/offers/{offer.pk}/answer/", {"answer": "accept"})
    export = Client().get(f"/enrollment/{round.slug}/export.json")
    line_csv = _moved_file("/enrollment/data/line.csv", "/opendata/enrollment-line.csv")
    line_json = _moved_file("/enrollment/data/line.json", "/opendata/enrollment-line.json")
    territories = _moved_file("/enrollment/data/territories.json", "/opendata/enrollment-territories.json")
    api = Client().get(f"/api/v1/enrollment/rounds/{round.slug}/export")

    assert "Accept" in page.content.decode() or "Прийняти" in page.content.decode()
    assert answered.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    for body in (export.content.decode(), line_csv, line_json, api.content.decode()):
        assert "Петренко" not in body
        assert application.birth_date.isoformat() not in body
    assert export.status_code == api.status_code == 200
    assert json.loads(export.content)["assignments"] == {application.public_id: f"g{offer.group_id}"}
    rows = list(csv.DictReader(io.StringIO(line_csv)))
    assert rows[0]["birthDate"] == str(application.birth_date.year)
    assert json.loads(territories)["items"][0]["description"]
    assert Client().get("/api/v1/enrollment/rounds").json()[0]["slug"] == round.slug
    assert Client().get("/enrollment/data/line.xml").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_withdrawing_and_declining_take_a_confirmation_a_stray_click_changes_nothing(hromada, clock):
    round = make_round(hromada, places=(1,))
    parent = make_parent(hromada)
    application = register(round, parent)
    clock.set(round.closes_at + dt.timedelta(minutes=1))
    actions.round_close(round=round)
    ledger_integrate(hromada=hromada)
    actions.round_allocate(round=round, official=round.admin)
    offer = Offer.objects.get(application=application)
    client = _client(parent)
    page = client.get(f"/enrollment/applications/{application.public_id}/").content.decode()

    declined = client.post(f"/enrollment/offers/{offer.pk}/answer/", {"answer": "decline"}, follow=True)
    withdrawn = client.post(f"/enrollment/applications/{application.public_id}/withdraw/", follow=True)

    assert page.count('name="confirm" value="yes"') == 2  # both behind a "Yes, …" button
    offer.refresh_from_db()
    application.refresh_from_db()
    assert offer.status == Offer.Status.OPEN and application.status == Application.Status.ACTIVE
    for response in (declined, withdrawn):
        assert [m.level_tag for m in response.context["messages"]] == ["error"]

    confirmed = client.post(f"/enrollment/offers/{offer.pk}/answer/", {"answer": "decline", "confirm": "yes"})

    assert confirmed.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED


def test_the_application_page_says_what_each_class_stands_for(hromada):
    round = make_round(hromada)  # the first territory lists the street Шевченка, the second does not
    parent = make_parent(hromada)
    application = register(round, parent, address="вул. Шевченка, 2")

    text = _client(parent).get(f"/enrollment/applications/{application.public_id}/").content.decode()

    assert "живе на території обслуговування; без пільгової категорії" in text
    assert "живе поза територією обслуговування; без пільгової категорії" in text


def test_a_community_category_is_named_in_the_pages_language_and_frozen_with_both_titles(hromada):
    large = {
        "code": "large_family",
        "title": "дитина з багатодітної сім'ї",
        "title_en": "child of a large family",
        "decision": "рішення Світлогірської міської ради від 12.02.2026 № 1187-32/VIII",
    }
    round = make_round(hromada, local_categories=[large])
    client = _client(make_parent(hromada))

    english = client.get(f"/en/enrollment/{round.slug}/apply/")
    ukrainian = client.get(f"/enrollment/{round.slug}/apply/")

    assert english.content.decode().count("child of a large family") == 2  # the claim's box and the rules
    assert "багатодітної" not in english.content.decode()
    assert ukrainian.content.decode().count("дитина з багатодітної сім&#x27;ї") == 2
    assert round.rules_frozen["local"] == [large]


def test_a_round_frozen_before_english_titles_still_shows_its_community_category(hromada):
    old = {"code": "large_family", "title": "дитина з багатодітної сім'ї", "decision": "рішення № 1"}
    round = make_round(hromada, local_categories=[old])

    english = Client().get(f"/en/enrollment/{round.slug}/")

    assert round.rules_frozen["local"] == [old]
    assert "дитина з багатодітної сім" in english.content.decode()


@pytest.mark.django_db
def test_open_data_statistics_count_only_the_applications_still_in_the_round(hromada, clock):
    round = make_round(hromada, places=(2, 1))
    first, second = round.groups.order_by("id")
    staying = register(round, groups=[first, second])
    also_staying = register(round, groups=[second, first])
    leaving = register(round, groups=[first])
    actions.application_withdraw(application=leaving, parent=leaving.parent)

    rows = {r["institution_id"]: r for r in selectors.open_data_statistics(hromada=hromada)}
    counts = {group.pk: rows[group.institution_id] for group in (first, second)}

    assert staying.status == also_staying.status == Application.Status.ACTIVE
    assert (counts[first.pk]["applications"], counts[first.pk]["first_choice"]) == (2, 1)
    assert (counts[second.pk]["applications"], counts[second.pk]["first_choice"]) == (2, 1)
    assert counts[first.pk]["places"] == 2 and counts[second.pk]["places"] == 1
