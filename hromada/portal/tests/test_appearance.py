"""Per-hromada appearance (colours, emblem) and the privacy, terms and accessibility statements."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from hromada.accounts.models import DepartmentMembership, HromadaRole
from hromada.core.errors import ApplicationError, PermissionDeniedError
from hromada.portal.actions import site_appearance_save, statement_save
from hromada.portal.models import SiteAppearance, Statement
from tests.factories import PASSWORD, DepartmentFactory, UserFactory, totp_device, totp_now

pytestmark = pytest.mark.django_db


def _administrator(hromada):
    person = UserFactory(hromada=hromada, is_staff=True)
    HromadaRole.objects.create(user=person, hromada=hromada, role=HromadaRole.Role.ADMINISTRATOR)
    return person


def _official(hromada):
    person = UserFactory(hromada=hromada, is_staff=True)
    DepartmentMembership.objects.create(
        user=person, department=DepartmentFactory(hromada=hromada), role=DepartmentMembership.Role.SPECIALIST
    )
    return person


def _back_office(person) -> Client:
    device = totp_device(person)
    client = Client()
    client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert client.post("/accounts/two-factor/", {"token": totp_now(device)}).status_code == 302
    return client


def _png(colour=(200, 30, 30)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "герб.png"
    return buffer


def test_default_colours_until_an_administrator_sets_them(client, hromada):
    assert client.get(reverse("portal:brand_css")).content.decode().strip() == (
        ":root { --brand: #0b4f8a; --brand-ink: #ffffff; }"
    )
    site_appearance_save(
        appearance=SiteAppearance(hromada=hromada, brand_colour="#1E5B2A", brand_ink="#FFF"),
        editor=_administrator(hromada),
    )

    css = client.get(reverse("portal:brand_css"))

    assert css["Content-Type"].startswith("text/css")
    assert "--brand: #1e5b2a; --brand-ink: #ffffff;" in css.content.decode()
    assert reverse("portal:brand_css") in client.get("/").content.decode()


def test_unreadable_colours_are_refused_with_the_measured_contrast(hromada):
    with pytest.raises(ApplicationError) as refused:
        site_appearance_save(
            appearance=SiteAppearance(hromada=hromada, brand_colour="#ffd200", brand_ink="#ffffff"),
            editor=_administrator(hromada),
        )

    fields = refused.value.fields
    assert set(fields) == {"brand_colour", "brand_ink"}
    assert "1.5:1" in fields["brand_ink"][0]
    assert not SiteAppearance.objects.exists()


def test_only_administrators_change_the_appearance_or_statements(hromada, other_hromada):
    with pytest.raises(PermissionDeniedError):
        site_appearance_save(appearance=SiteAppearance(hromada=hromada), editor=_official(hromada))
    with pytest.raises(PermissionDeniedError):
        site_appearance_save(appearance=SiteAppearance(hromada=hromada), editor=_administrator(other_hromada))
    with pytest.raises(PermissionDeniedError):
        statement_save(
            statement=Statement(hromada=hromada, kind="privacy", body="x", reviewed_on=dt.date(2026, 12, 1)),
            editor=_official(hromada),
        )


def test_emblem_is_re_encoded_shown_in_the_header_and_served(client, hromada, other_hromada):
    site_appearance_save(
        appearance=SiteAppearance(hromada=hromada),
        editor=_administrator(hromada),
        emblem=_png(),
        emblem_name="герб.png",
    )

    home = client.get("/").content.decode()
    served = client.get(reverse("portal:emblem"))

    assert 'class="emblem"' in home
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert picture.size == (64, 64)
    # Another hromada has no emblem: nothing is served on its host.
    assert client.get(reverse("portal:emblem"), HTTP_HOST=other_hromada.hosts.first().host).status_code == 404


def test_a_file_that_is_not_a_picture_is_refused_as_emblem(hromada):
    fake = io.BytesIO(b"<script>alert(1)</script>")
    with pytest.raises(ApplicationError):
        site_appearance_save(
            appearance=SiteAppearance(hromada=hromada),
            editor=_administrator(hromada),
            emblem=fake,
            emblem_name="emblem.png",
        )
    assert not SiteAppearance.objects.exists()


@pytest.mark.parametrize("kind", ["privacy", "terms", "accessibility"])
def test_every_statement_has_a_built_in_text_in_both_languages_linked_from_the_footer(client, hromada, kind):
    hromada.email = "rada@svitlohirsk.example"
    hromada.save()
    url = reverse("portal:statement", args=[kind])

    uk = client.get(url)
    en = client.get("/en" + url)

    assert url in client.get("/").content.decode()
    assert uk.status_code == en.status_code == 200
    assert "rada@svitlohirsk.example" in uk.content.decode()
    assert "rada@svitlohirsk.example" in en.content.decode()
    assert en.content.decode().count("громад") < uk.content.decode().count("громад")


def test_the_hromadas_own_statement_replaces_the_built_in_one(client, hromada):
    statement_save(
        statement=Statement(
            hromada=hromada,
            kind="accessibility",
            body="Наш сайт відповідає WCAG 2.1 AA.",
            reviewed_on=dt.date(2026, 11, 20),
        ),
        editor=_administrator(hromada),
    )

    page = client.get(reverse("portal:statement", args=["accessibility"])).content.decode()
    english = client.get("/en" + reverse("portal:statement", args=["accessibility"])).content.decode()

    assert "Наш сайт відповідає WCAG 2.1 AA." in page and "20 листопада 2026" in page
    assert 'lang="uk"' in english and "Наш сайт відповідає" in english


def test_accessibility_contact_is_shown_on_the_statement(client, hromada):
    site_appearance_save(
        appearance=SiteAppearance(hromada=hromada, accessibility_contact="dostupnist@svitlohirsk.example"),
        editor=_administrator(hromada),
    )

    page = client.get(reverse("portal:statement", args=["accessibility"])).content.decode()

    assert "mailto:dostupnist@svitlohirsk.example" in page


def test_unknown_statement_is_404(client, hromada):
    assert client.get("/about/cookies/").status_code == 404


def test_back_office_appearance_is_for_administrators_only(hromada):
    administrator = _back_office(_administrator(hromada))
    official = _back_office(_official(hromada))

    assert official.get("/admin/portal/siteappearance/").status_code == 403
    add = administrator.get("/admin/portal/siteappearance/add/")
    assert add.status_code == 200
    refused = administrator.post(
        "/admin/portal/siteappearance/add/",
        {"brand_colour": "#ffd200", "brand_ink": "#ffffff", "accessibility_contact": ""},
    )
    assert refused.status_code == 200 and not SiteAppearance.objects.exists()
    saved = administrator.post(
        "/admin/portal/siteappearance/add/",
        {
            "brand_colour": "#1e5b2a",
            "brand_ink": "#ffffff",
            "accessibility_contact": "",
            "emblem_upload": _png(),
        },
    )
    assert saved.status_code == 302
    appearance = SiteAppearance.objects.get(hromada=hromada)
    assert appearance.brand_colour == "#1e5b2a" and appearance.emblem.name.endswith(".png")
    assert administrator.get("/admin/portal/siteappearance/add/").status_code == 403
