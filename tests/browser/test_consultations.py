"""The officials' consultation preparation pages in a real browser: at 360 px without sideways scrolling,
in both languages, and passing axe-core."""

from __future__ import annotations

import pytest

from hromada.consultations.tests.factories import ConsultationFactory
from tests.factories import PASSWORD, DistrictFactory, make_official, totp_device, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_preparation_pages_fit_a_360_px_phone_and_pass_axe(page, site, hromada, assert_accessible):
    official = make_official(hromada, full_name="Посадовиця Консультацій")
    DistrictFactory(hromada=hromada, name="Центральний округ із дуже довгою назвою для перевірки ширини")
    draft = ConsultationFactory(hromada=hromada, title="Перейменування вулиць у старій частині міста")
    page.set_viewport_size({"width": 360, "height": 740})
    device = totp_device(official)
    page.goto("/accounts/login/?next=/consultations/")
    page.locator("input[name=login]").fill(official.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    page.locator("input[name=token]").fill(totp_now(device))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    for path in (
        "/consultations/",
        "/consultations/new/",
        f"/consultations/{draft.pk}/prepare/",
        f"/en/consultations/{draft.pk}/prepare/",
    ):
        response = page.goto(path)
        assert response is not None and response.ok, path
        assert page.url.endswith(path), page.url  # the page itself, not a login page shown instead
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert_accessible(page, path)
    assert "Add the draft text" in page.locator("#draft").inner_text()
