"""The resident's and staff's pages, and tenancy: another hromada's reports are never shown."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from hromada.opencity.models import Report, Status
from tests.factories import UserFactory, login_with_totp

from .factories import INSIDE, make_category, make_city, make_report, member_of


@pytest.fixture
def city(hromada):
    return make_city(hromada)


def _png() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(out, "PNG")
    out.seek(0)
    out.name = "photo.png"
    return out


def test_resident_files_a_report_with_a_pin_and_a_photo(resident_client, resident, city):
    response = resident_client.post(
        reverse("opencity:new"),
        {
            "category": city["category"].pk,
            "lat": INSIDE[0],
            "lon": INSIDE[1],
            "description": "Яма, мій телефон 067 123 45 67",
            "photos": [_png()],
        },
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/city/{report.pk}/")
    assert report.reporter == resident and report.photos.count() == 1 and not report.show_name
    page = resident_client.get(f"/city/{report.pk}/").content.decode()
    assert "067 123 45 67" not in page and "[…]" in page


def test_a_pin_outside_the_hromada_keeps_the_form_and_says_why(resident_client, city):
    response = resident_client.post(
        reverse("opencity:new"), {"category": city["category"].pk, "lat": 52, "lon": 33, "description": "Яма"}
    )
    assert response.status_code == 200
    assert "Яма" in response.content.decode() and not Report.objects.exists()


def test_form_says_plainly_that_the_department_sees_the_name(resident_client, city):
    page = resident_client.get(reverse("opencity:new")).content.decode()
    assert "завжди бачить" in page


def test_nearby_fragment_offers_plus_one(client, hromada, city):
    report = make_report(hromada, city["category"])
    page = client.get(
        reverse("opencity:nearby"),
        {"category": city["category"].pk, "lat": INSIDE[0], "lon": INSIDE[1] + 0.0003},
    ).content.decode()
    assert f"#{report.pk}" in page


def test_report_page_shows_the_overdue_badge(client, hromada, city, clock):
    import datetime as dt

    report = make_report(hromada, city["category"])
    clock.advance(dt.timedelta(days=30))
    page = client.get(f"/city/{report.pk}/").content.decode()
    assert "прострочено" in page


def test_list_filters_and_paginates_and_the_map_layer_is_bounded(client, hromada, city):
    make_report(hromada, city["category"], lat=50.01, lon=30.01)
    make_report(hromada, city["category"], lat=50.01, lon=30.03)
    assert (
        client.get(reverse("opencity:index"), {"district": city["west"].pk})
        .context["page_obj"]
        .paginator.count
        == 1
    )
    data = client.get(reverse("opencity:geojson"), {"bbox": "30.0,50.0,30.02,50.02"}).json()
    assert len(data["features"]) == 1


def test_support_and_mine(resident_client, resident, hromada, city):
    report = make_report(hromada, city["category"])
    resident_client.post(f"/city/{report.pk}/support/")
    report.refresh_from_db()
    assert report.supporters_count == 1
    assert report in resident_client.get(reverse("opencity:mine")).context["page_obj"]


def test_staff_queue_transitions_updates_handover_and_photos(hromada, city):
    staff = member_of(city["roads"])
    client = login_with_totp(staff)
    report = make_report(hromada, city["category"])
    assert report in [r for r, _ in client.get(reverse("opencity:staff")).context["rows"]]
    client.post(f"/city/{report.pk}/transition/", {"target": "accepted"})
    client.post(f"/city/{report.pk}/update/", {"text": "Бригада виїхала", "public": "on"})
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED and report.updates.filter(kind="public").exists()
    other = city["roads"].__class__.objects.create(hromada=hromada, name="Благоустрій")
    client.post(f"/city/{report.pk}/reassign/", {"department": other.pk})
    report.refresh_from_db()
    assert report.department == other


def test_staff_put_a_report_in_the_right_category_and_a_wrong_choice_is_said(hromada, other_hromada, city):
    staff = member_of(city["roads"])
    client = login_with_totp(staff)
    report = make_report(hromada, city["category"])
    lamp = make_category(hromada, code="streetlight", name="Не світить ліхтар", department=city["roads"])
    theirs = make_city(other_hromada)["category"]
    deadline = report.due_at

    page = client.get(report.get_absolute_url()).content.decode()
    foreign = client.post(
        f"/city/{report.pk}/recategorise/", {"recategorise-category": theirs.pk}, follow=True
    )
    changed = client.post(
        f"/city/{report.pk}/recategorise/",
        {"recategorise-category": lamp.pk, "recategorise-text": "Це ліхтар, не яма"},
        follow=True,
    )

    assert 'name="recategorise-category"' in page and "Не світить ліхтар" in page
    assert [m.level_tag for m in foreign.context["messages"]] == ["error"]
    assert [m.level_tag for m in changed.context["messages"]] == ["success"]
    report.refresh_from_db()
    assert report.category == lamp and report.department == city["roads"] and report.due_at == deadline
    assert report.updates.filter(kind="internal", text="Це ліхтар, не яма").exists()


def test_a_handover_to_no_department_is_said_not_ignored(hromada, city):
    client = login_with_totp(member_of(city["roads"]))
    report = make_report(hromada, city["category"])

    response = client.post(f"/city/{report.pk}/reassign/", {"department": ""}, follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_reporter_verdict_page(client, hromada, city):
    staff = member_of(city["roads"])
    report = make_report(hromada, city["category"])
    from hromada.opencity import actions

    actions.report_transition(report=report, by=staff, target=Status.FIXED)
    client.force_login(report.reporter)
    client.post(f"/city/{report.pk}/verdict/", {"fixed": "no", "text": "Ні"})
    report.refresh_from_db()
    assert report.status == Status.REOPENED


def test_photo_is_served_only_when_published(client, hromada, city):
    report = make_report(hromada, city["category"], photos=[(_png().getvalue(), "a.png")])
    photo = report.photos.get()
    assert client.get(f"/city/{report.pk}/photos/{photo.pk}/").status_code == 404
    staff = member_of(city["roads"])
    staff_client = login_with_totp(staff)
    staff_client.post(f"/city/{report.pk}/photos/{photo.pk}/publish/", {"public": "1"})
    assert client.get(f"/city/{report.pk}/photos/{photo.pk}/").status_code == 200


def test_departments_page_counts_on_time_late_and_overdue(client, hromada, city):
    make_report(hromada, city["category"])
    page = client.get(reverse("opencity:departments"))
    assert page.status_code == 200 and "Дороги" in page.content.decode()
    # "Open" reports, the adjective: another module's "Open" (the verb, "Відкрити") must not win
    assert ">Відкриті</th>" in page.content.decode() and "Відкрити" not in page.content.decode()


def test_another_hromadas_reports_are_not_shown(client, hromada, other_hromada, city):
    theirs_city = make_city(other_hromada)
    theirs = make_report(other_hromada, theirs_city["category"], reporter=UserFactory(hromada=other_hromada))
    assert client.get(f"/city/{theirs.pk}/").status_code == 404
    assert client.get(reverse("opencity:index")).context["page_obj"].paginator.count == 0


def test_staff_set_the_point_of_an_approximate_report_on_its_page(client, hromada, city):
    report = make_report(hromada, city["category"])
    type(report).objects.filter(pk=report.pk).update(location_precision="street")
    staff = member_of(city["roads"])
    staff_client = login_with_totp(staff)

    public = client.get(f"/city/{report.pk}/").content.decode()
    page = staff_client.get(f"/city/{report.pk}/").content.decode()
    moved = staff_client.post(
        f"/city/{report.pk}/relocate/", {"relocate-lat": "50.01", "relocate-lon": "30.03"}
    )
    refused = staff_client.post(
        f"/city/{report.pk}/relocate/", {"relocate-lat": "north", "relocate-lon": "30.03"}
    )

    assert "приблизно" in public and 'id="point-map"' not in public
    assert 'id="point-map"' in page and 'name="relocate-lat"' in page
    assert moved.status_code == 302
    report.refresh_from_db()
    assert (report.lat, report.lon, report.location_precision) == (50.01, 30.03, "point")
    assert refused.status_code == 302 and "relocate" not in refused.url
    assert (report.district, report.lat) == (city["east"], 50.01)


def test_the_atom_feed_lists_the_latest_changes_filtered_like_the_list(client, hromada, city):
    from xml.etree import ElementTree as ET  # our own server's feed

    other = make_category(hromada, code="light", department=city["roads"], name="Освітлення")
    pothole = make_report(hromada, city["category"], description="Яма, дзвоніть 0671234567")
    make_report(hromada, other)

    index = client.get("/city/?category=pothole").content.decode()
    response = client.get("/city/feed.atom?category=pothole")
    english = client.get("/en/city/feed.atom")

    assert 'type="application/atom+xml"' in index and "feed.atom?category=pothole" in index
    assert response["Content-Type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(response.content)  # noqa: S314
    entries = feed.findall(f"{atom}entry")
    assert [e.find(f"{atom}link").get("href") for e in entries] == [f"http://testserver/city/{pothole.pk}/"]
    assert "0671234567" not in response.content.decode()  # the public, redacted text only
    assert len(ET.fromstring(english.content).findall(f"{atom}entry")) == 2  # noqa: S314
    assert b"Problem reports" in english.content


def test_the_category_form_is_left_out_when_there_is_no_other_category(hromada, city):
    client = login_with_totp(member_of(city["roads"]))
    report = make_report(hromada, city["category"])

    page = client.get(report.get_absolute_url()).content.decode()

    assert f'action="/city/{report.pk}/relocate/"' in page  # the staff's forms are there
    assert 'name="recategorise-category"' not in page and 'id="recategorise"' not in page
