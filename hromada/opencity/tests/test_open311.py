"""Open311 GeoReport v2: responses validated against the shared JSON Schemas, XML and JSON, errors in the
spec's shape, api keys, tenancy through jurisdiction_id and the host, and a PyPI client against a live
server."""

import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET  # our own server's answers, not untrusted input

import pytest
import requests as http
from django.conf import settings

from hromada.opencity import actions
from hromada.opencity.models import Report, Status
from tests.factories import InstitutionFactory, make_administrator

from .factories import INSIDE, make_category, make_city, make_report, member_of

SHARED = Path(settings.BASE_DIR).parent / "shared" / "data" / "open311"
SCHEMAS = SHARED / "schemas_open311_schema-validation"
W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def _schemas_dir() -> Path:
    for candidate in (SCHEMAS, Path("/work/shared/data/open311/schemas_open311_schema-validation")):
        if candidate.is_dir():
            return candidate
    pytest.skip(f"the Open311 JSON Schemas are not here ({SCHEMAS}): shared/data/open311 is absent")


def _xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - the platform's own response


def validate(data, schema_name: str) -> None:
    import jsonschema
    from referencing import Registry, Resource

    folder = _schemas_dir()
    registry = Registry().with_resources(
        (
            path.name,
            Resource.from_contents(
                {"$schema": "http://json-schema.org/draft-04/schema#", **json.loads(path.read_text())}
            ),
        )
        for path in folder.glob("*.json")
        if path.name != "swagger.json"
    )
    schema = json.loads((folder / schema_name).read_text())
    jsonschema.Draft4Validator(schema, registry=registry, format_checker=jsonschema.FormatChecker()).validate(
        data
    )


@pytest.fixture
def city(hromada):
    world = make_city(hromada)
    world["category"].questions = [
        {
            "code": "DEPTH",
            "datatype": "singlevaluelist",
            "required": False,
            "description": "Глибина",
            "values": [{"key": "s", "name": "мала"}, {"key": "d", "name": "глибока"}],
        }
    ]
    world["category"].save()
    return world


@pytest.fixture
def api_key(hromada):
    _key, secret = actions.api_key_issue(hromada=hromada, name="Міський бот", by=make_administrator(hromada))
    return secret


def test_services_and_definition_validate_against_the_schemas(client, city):
    services = client.get("/open311/v2/services.json").json()
    validate(services, "services.json")
    assert services[0]["service_code"] == "pothole" and services[0]["metadata"] is True
    definition = client.get("/open311/v2/services/pothole.json").json()
    validate(definition, "service-definition.json")
    assert definition["attributes"][0]["values"][1] == {"key": "d", "name": "глибока"}


def test_requests_validate_and_carry_w3c_datetimes_with_a_zone(client, hromada, city):
    staff = member_of(city["roads"])
    report = make_report(hromada, city["category"], description="Яма, 067 123 45 67")
    actions.report_transition(
        report=report, by=staff, target=Status.CLOSED, reason="not_responsible", responsible_elsewhere="ДТЕК"
    )
    make_report(hromada, city["category"])

    data = client.get("/open311/v2/requests.json").json()
    validate(data, "requests.json")
    assert len(data) == 2
    closed = next(r for r in data if r["service_request_id"] == str(report.pk))
    assert (
        closed["status"] == "closed"
        and "ДТЕК" in closed["status_notes"]
        and "067" not in closed["description"]
    )
    assert W3C.match(closed["requested_datetime"]) and W3C.match(closed["expected_datetime"])
    assert [
        r["service_request_id"] for r in client.get("/open311/v2/requests.json", {"status": "open"}).json()
    ] != [str(report.pk)]
    one = client.get(f"/open311/v2/requests/{report.pk}.json").json()
    validate(one, "requests.json")


def test_xml_has_the_specs_elements(client, hromada, city):
    make_report(hromada, city["category"])
    root = _xml(client.get("/open311/v2/requests.xml").content)
    assert root.tag == "service_requests" and root.find("request/service_request_id") is not None
    services = _xml(client.get("/open311/v2/services.xml").content)
    assert services.find("service/service_code").text == "pothole"
    definition = _xml(client.get("/open311/v2/services/pothole.xml").content)
    assert definition.find("attributes/attribute/values/value/key").text == "s"
    assert _xml(client.get("/open311/v2/discovery.xml").content).find("endpoints/endpoint/url") is not None


def test_post_creates_a_report_tagged_api_with_lon_and_attributes(client, city, api_key):
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": api_key,
            "service_code": "pothole",
            "lat": INSIDE[0],
            "lon": INSIDE[1],
            "description": "Яма",
            "attribute[DEPTH]": "d",
            "email": "a@example.com",
        },
    )
    assert response.status_code == 201
    [body] = response.json()
    report = Report.objects.get(pk=body["service_request_id"])
    assert (
        report.channel == "api"
        and report.attributes == {"DEPTH": "d"}
        and report.contact_email == "a@example.com"
    )
    assert report.api_key.last_used_at is not None
    token = client.get(f"/open311/v2/tokens/{body['token']}.json").json()
    assert token == [{"service_request_id": str(report.pk), "token": report.token}]


def _jpeg_with_exif() -> io.BytesIO:
    from PIL import Image

    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    out.seek(0)
    out.name = "pothole.jpg"
    return out


def test_media_files_are_cleaned_like_the_web_forms_photos_and_become_the_media_url(
    client, hromada, city, api_key
):
    base = {"api_key": api_key, "service_code": "pothole", "lat": INSIDE[0], "long": INSIDE[1]}
    response = client.post(
        "/open311/v2/requests.json", {**base, "description": "Яма", "media": _jpeg_with_exif()}
    )
    assert response.status_code == 201
    report = Report.objects.get(pk=response.json()[0]["service_request_id"])
    [photo] = report.photos.all()
    stored = photo.image.read()
    assert b"SpyCam" not in stored and stored[:2] == b"\xff\xd8" and (photo.width, photo.height) == (40, 30)
    assert not photo.is_public  # staff look first (faces, plates), as for the web form's photos
    [listed] = client.get(f"/open311/v2/requests/{report.pk}.json").json()
    assert listed["media_url"] is None
    validate([listed], "requests.json")

    actions.report_photo_publish(photo=photo, by=member_of(city["roads"]), public=True)
    [listed] = client.get(f"/open311/v2/requests/{report.pk}.json").json()
    assert listed["media_url"].endswith(f"/city/{report.pk}/photos/{photo.pk}/")
    assert client.get(listed["media_url"]).status_code == 200
    validate([listed], "requests.json")
    given = client.post("/open311/v2/requests.json", {**base, "media_url": "https://example.org/a.jpg"})
    [other] = client.get(f"/open311/v2/requests/{given.json()[0]['service_request_id']}.json").json()
    assert other["media_url"] == "https://example.org/a.jpg"

    not_image = io.BytesIO(b"%PDF-1.4 not a photo")
    not_image.name = "photo.jpg"
    refused = client.post("/open311/v2/requests.xml", {**base, "media": not_image})
    assert refused.status_code == 400 and _xml(refused.content).find("error/description").text
    four = client.post("/open311/v2/requests.json", {**base, "media": [_jpeg_with_exif() for _ in range(4)]})
    assert four.status_code == 400 and four.json()[0]["code"] == 400
    assert Report.objects.count() == 2


def test_updates_carry_the_staff_photo_as_media_url(client, hromada, city):
    staff = member_of(city["roads"])
    report = make_report(hromada, city["category"])
    actions.report_update_add(
        report=report,
        by=staff,
        text="Фото ремонту",
        public=True,
        photos=[(_jpeg_with_exif().read(), "a.jpg")],
    )
    [update] = [u for u in client.get("/open311/v2/servicerequestupdates.json").json() if u["description"]]
    photo = report.photos.get()
    assert update["media_url"].endswith(f"/city/{report.pk}/photos/{photo.pk}/")


def test_errors_have_the_specs_shape_and_status(client, city, api_key):
    base = {
        "api_key": api_key,
        "service_code": "pothole",
        "lat": INSIDE[0],
        "long": INSIDE[1],
        "description": "x",
    }
    cases = [
        ({**base, "api_key": "wrong"}, 403),
        ({k: v for k, v in base.items() if k not in ("lat", "long")}, 400),
        ({**base, "service_code": "unicorn"}, 400),
        ({**base, "description": "я" * 4001}, 400),
        ({**base, "lat": 10, "long": 10}, 400),
    ]
    for data, status in cases:
        response = client.post("/open311/v2/requests.json", data)
        assert response.status_code == status, data
        [error] = response.json()
        assert error["code"] == status and error["description"]
    xml = client.post("/open311/v2/requests.xml", {**base, "api_key": "wrong"})
    assert xml.status_code == 403 and _xml(xml.content).find("error/code").text == "403"
    assert client.get("/open311/v2/requests/999999.json").status_code == 404
    assert not Report.objects.exists()


def test_jurisdiction_id_and_host_pick_the_hromada(client, hromada, other_hromada, city):
    make_category(other_hromada, code="dumping")
    assert [
        s["service_code"]
        for s in client.get("/open311/v2/services.json", {"jurisdiction_id": "verbivka"}).json()
    ] == ["dumping"]
    on_host = client.get("/open311/v2/services.json", HTTP_HOST="verbivka.localhost").json()
    assert [s["service_code"] for s in on_host] == ["dumping"]
    assert client.get("/open311/v2/services.json").json()[0]["service_code"] == "pothole"
    assert client.get("/open311/v2/services.json", {"jurisdiction_id": "atlantis"}).status_code == 404


def test_service_request_updates_lists_public_changes(client, hromada, city):
    staff = member_of(city["roads"])
    report = make_report(hromada, city["category"])
    actions.report_transition(report=report, by=staff, target=Status.FIXED, text="Залатали")
    actions.report_update_add(report=report, by=staff, text="секрет", public=False)
    data = client.get("/open311/v2/servicerequestupdates.json").json()
    assert [(u["status"], u["description"]) for u in data][-1] == ("closed", "Залатали")
    assert all(u["description"] != "секрет" for u in data)


@pytest.mark.django_db(transaction=True)
def test_a_pypi_open311_client_lists_posts_and_reads_back(live_server, hromada, city, api_key):
    from georeport import GeoReport

    root = f"{live_server.url}/open311/v2"
    client = GeoReport(root, jurisdiction="svitlohirsk", api_key=api_key)
    services = client.get_service_list()
    assert [s["service_code"] for s in services] == ["pothole"]
    assert client.get_service_definition("pothole")["service_code"] == "pothole"
    posted = http.post(
        f"{root}/requests.json",
        data={
            "api_key": api_key,
            "jurisdiction_id": "svitlohirsk",
            "service_code": "pothole",
            "lat": INSIDE[0],
            "long": INSIDE[1],
            "description": "Яма біля школи",
        },
        timeout=30,
    )
    assert posted.status_code == 201, posted.text
    request_id = posted.json()[0]["service_request_id"]
    back = client.get_service_request(request_id)
    assert back["description"] == "Яма біля школи" and back["status"] == "open"
    assert [r["service_request_id"] for r in client.get_service_requests()] == [request_id]
    xml_client = GeoReport(root, jurisdiction="svitlohirsk", output_format="xml")
    assert xml_client.get_service_list()["service_code"] == "pothole"  # one service: a dict
    assert xml_client.get_service_request(request_id)["service_request_id"] == request_id


def test_an_address_without_coordinates_is_placed_from_the_hromadas_places_and_triaged(
    client, hromada, city, api_key
):
    InstitutionFactory(
        hromada=hromada, address="вул. Соборна, 5", lat=50.005, lon=30.035
    )  # the east district
    type(hromada).objects.filter(pk=hromada.pk).update(center_lat=50.01, center_lon=30.01)  # the west one
    base = {"api_key": api_key, "service_code": "pothole", "description": "Яма біля школи"}

    on_street = client.post("/open311/v2/requests.json", {**base, "address_string": "Соборної вулиці, 9"})
    unknown = client.post("/open311/v2/requests.json", {**base, "address_string": "десь за містом"})
    by_id = client.post("/open311/v2/requests.json", {**base, "address_id": "42"})

    assert on_street.status_code == 201, on_street.content
    report = Report.objects.get(pk=on_street.json()[0]["service_request_id"])
    assert (report.lat, report.lon, report.district) == (50.005, 30.035, city["east"])
    assert (report.location_precision, report.needs_triage, report.address) == (
        "street",
        True,
        "Соборної вулиці, 9",
    )
    assert unknown.status_code == 201  # the hromada's centre, which lies in the west district here
    assert Report.objects.get(pk=unknown.json()[0]["service_request_id"]).location_precision == "hromada"
    assert by_id.status_code == 400 and "address_string" in by_id.json()[0]["description"]
