"""A document proving a home visit's ground: cleaned by core's upload policy (type sniffed, images
re-encoded without metadata), stored under a random name, served only to the person and the office's
coordinators as a download, replaced or erased with its file."""

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.test import TestCase
from django.urls import reverse
from PIL import Image

from hromada.cnapqueue import actions
from hromada.cnapqueue.models import HomeVisit
from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from hromada.core.personal_data import personal_data_erase, personal_data_export
from tests.factories import UserFactory, login_with_totp

from .factories import make_manager, make_office, make_operator, make_service

pytestmark = pytest.mark.django_db

MONDAY_8_UTC = dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC)


def photo_with_gps() -> bytes:
    """A JPEG carrying EXIF (a GPS block and a camera name) that the upload policy must strip."""
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {1: "N", 2: (50.0, 27.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(hromada, clock):
    clock.set(MONDAY_8_UTC)
    office = make_office(hromada, home_visit_grounds=["age_80", "disability_i"])
    service = make_service(office)
    return office, service, make_manager(office), make_operator(office)


def _ask(office, service, person, **kwargs):
    return actions.home_visit_request(
        office=office,
        service=service,
        person=person,
        ground="disability_i",
        address="с. Ясне, 5",
        phone="+380501112233",
        **kwargs,
    )


def test_a_photo_of_the_proof_is_re_encoded_without_its_metadata(world, resident):
    office, service, _manager, _operator = world
    original = photo_with_gps()

    visit = _ask(office, service, resident, document=io.BytesIO(original), document_name="../../посвідка.jpg")

    stored = visit.document.read()
    assert visit.document_type == "image/jpeg" and visit.document_size == len(stored)
    assert stored != original and b"Camera maker" in original and b"Camera maker" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
    assert visit.document.name.startswith(f"cnapqueue/home-visits/{office.hromada_id}/")
    assert "посвідка" not in visit.document.name and ".." not in visit.document.name


def test_a_file_that_is_no_document_is_refused_and_no_request_is_made(world, resident):
    office, service, _manager, _operator = world

    with pytest.raises(ApplicationError) as refused:
        _ask(office, service, resident, document=b"<html><script>alert(1)</script>", document_name="a.pdf")

    assert refused.value.code == "file_type" and "file" in refused.value.fields
    assert not HomeVisit.objects.exists()


def test_the_person_replaces_the_document_until_the_coordinator_decides(world, resident, hromada):
    office, service, manager, _operator = world
    visit = _ask(office, service, resident)

    with pytest.raises(PermissionDeniedError):
        actions.home_visit_document_attach(
            visit=visit, person=UserFactory(hromada=hromada), data=PDF, filename="x.pdf"
        )
    first = actions.home_visit_document_attach(visit=visit, person=resident, data=PDF, filename="x.pdf")
    first_name = first.document.name
    with TestCase.captureOnCommitCallbacks(execute=True):
        second = actions.home_visit_document_attach(
            visit=visit, person=resident, data=photo_with_gps(), filename="photo.jpg"
        )
    actions.home_visit_decide(visit=visit, actor=manager, eligible=True, proof="document seen")
    with pytest.raises(ConflictError):
        actions.home_visit_document_attach(visit=visit, person=resident, data=PDF, filename="x.pdf")

    assert first.document_type == "application/pdf" and second.document_type == "image/jpeg"
    assert not default_storage.exists(first_name) and default_storage.exists(second.document.name)


def test_only_the_person_and_the_coordinator_download_the_document(client, world, resident, hromada):
    office, service, manager, operator = world
    client.force_login(resident)
    sent = client.post(
        reverse("cnapqueue:home_visit_request", args=[office.pk]),
        {
            "service": service.pk,
            "ground": "age_80",
            "address": "с. Ясне, 5",
            "phone": "+380501112233",
            "file": io.BytesIO(PDF),
        },
        format="multipart",
    )
    visit = HomeVisit.objects.get()
    url = reverse("cnapqueue:home_visit_document", args=[visit.pk])

    own = client.get(url)
    client.force_login(UserFactory(hromada=hromada))
    stranger = client.get(url)
    login_with_totp(operator, client=client)
    other_staff = client.get(url)
    login_with_totp(manager, client=client)
    coordinator = client.get(url)
    listed = client.get(reverse("cnapqueue:home_visits", args=[office.pk])).content.decode()

    assert sent.status_code == 302 and visit.document_type == "application/pdf"
    assert own.status_code == 200 and b"".join(own.streaming_content) == PDF
    assert own["Content-Disposition"].startswith("attachment") and "no-store" in own["Cache-Control"]
    assert stranger.status_code == 404 and other_staff.status_code == 404
    assert coordinator.status_code == 200 and url in listed


def test_a_refused_upload_keeps_the_form_and_says_why(client, world, resident):
    office, service, _manager, _operator = world
    client.force_login(resident)

    page = client.post(
        reverse("cnapqueue:home_visit_request", args=[office.pk]),
        {
            "service": service.pk,
            "ground": "age_80",
            "address": "вул. Шевченка, 1",
            "phone": "+380501112233",
            "file": io.BytesIO(b"MZ\x90\x00 not a picture"),
        },
        format="multipart",
    )

    assert page.status_code == 200 and not HomeVisit.objects.exists()
    assert "вул. Шевченка, 1" in page.content.decode()
    assert page.context["form"].errors["file"]


def test_the_person_adds_a_document_from_my_visits(client, world, resident):
    office, service, _manager, _operator = world
    visit = _ask(office, service, resident)
    client.force_login(resident)

    client.post(reverse("cnapqueue:home_visit_document_add", args=[visit.pk]), {"file": io.BytesIO(PDF)})
    mine = client.get(reverse("cnapqueue:mine")).content.decode()

    visit.refresh_from_db()
    assert visit.document_type == "application/pdf"
    assert reverse("cnapqueue:home_visit_document", args=[visit.pk]) in mine


def test_erasure_deletes_the_request_and_its_file(world, resident):
    office, service, _manager, _operator = world
    visit = _ask(office, service, resident, document=PDF, document_name="x.pdf")
    name = visit.document.name

    with TestCase.captureOnCommitCallbacks(execute=True):
        personal_data_erase(person=resident)

    assert not HomeVisit.objects.exists() and not default_storage.exists(name)


def test_my_data_names_the_document_without_its_content(world, resident):
    office, service, _manager, _operator = world
    visit = _ask(office, service, resident, document=PDF, document_name="x.pdf")

    sections = personal_data_export(person=resident, language="uk")["sections"]
    exported = next(s["data"] for s in sections if s["key"] == "cnapqueue")["home_visits"]

    assert exported[0]["document"] == {
        "download": reverse("cnapqueue:home_visit_document", args=[visit.pk]),
        "type": "application/pdf",
        "size": len(PDF),
    }
