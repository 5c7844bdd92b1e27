"""The back office in a 1280 px wide browser: tables fit or scroll inside the page, money in hryvnias,
district boundaries drawn on a map; screenshots go to the screenshot directory."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hromada.accounts.models import HromadaRole
from hromada.budget.tests.factories import make_cycle, make_project
from tests.factories import DistrictFactory, UserFactory, square, totp_device, totp_now

pytestmark = pytest.mark.browser

WIDTH = 1280


@pytest.fixture
def administrator_page(page, hromada, log_in):
    administrator = UserFactory(hromada=hromada, is_staff=True, full_name="Адміністраторка Громади")
    HromadaRole.objects.create(user=administrator, hromada=hromada, role="administrator")
    device = totp_device(administrator)
    page.set_viewport_size({"width": WIDTH, "height": 900})
    log_in(administrator.email, next_url="/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    page.locator("input[name=token]").fill(totp_now(device))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    return page


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_back_office_tables_are_not_cut_off_at_1280_px(
    administrator_page, hromada, screenshot_dir, assert_accessible
):
    page = administrator_page
    cycle = make_cycle(hromada)
    for number in range(3):
        make_project(
            cycle, title=f"Довга назва проєкту номер {number}, що займає багато місця у таблиці " * 2
        )

    for name, url in (
        ("projects", "/admin/budget/project/"),
        ("cycles", "/admin/budget/budgetcycle/"),
        ("categories", "/admin/budget/budgetcategory/"),
        ("roles", "/admin/accounts/hromadarole/"),
        ("people", "/admin/accounts/user/"),
    ):
        page.goto(url)
        expect(page.locator("#result_list")).to_be_visible()
        page.screenshot(path=screenshot_dir / f"backoffice-{name}-1280.png", full_page=True)
        assert_accessible(page, url)
        assert _page_width(page) <= WIDTH, f"{url} is {_page_width(page)} px wide"
        last = page.locator("#result_list thead th").last
        box = last.bounding_box()
        assert box is not None and box["x"] + box["width"] <= WIDTH, f"{url}: the last column is cut off"


def test_a_district_boundary_is_drawn_on_a_map_and_kept_as_geojson(
    administrator_page, hromada, screenshot_dir
):
    page = administrator_page
    district = DistrictFactory(hromada=hromada, name="Центральний", boundary=square(31.0, 49.0, 0.02))

    page.goto(f"/admin/territory/district/{district.pk}/change/")
    map_el = page.locator("#id_boundary_map")
    expect(map_el).to_have_attribute("data-parts", "1")
    expect(page.locator(".leaflet-draw-draw-polygon")).to_have_attribute("title", "Намалювати межу")
    box = map_el.bounding_box()
    assert box is not None
    page.locator(".leaflet-draw-draw-polygon").click()
    corners = [(0.55, 0.15), (0.75, 0.15), (0.75, 0.35), (0.55, 0.35)]
    for x, y in corners:
        page.mouse.click(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
        page.wait_for_timeout(300)
    page.get_by_title("Завершити малювання").click()
    expect(map_el).to_have_attribute("data-parts", "2")
    page.screenshot(path=screenshot_dir / "backoffice-district-map-1280.png", full_page=True)
    assert _page_width(page) <= WIDTH

    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    district.refresh_from_db()
    assert district.boundary["type"] == "MultiPolygon" and len(district.boundary["coordinates"]) == 2
    assert district.boundary["coordinates"][0] == square(31.0, 49.0, 0.02)["coordinates"]


@pytest.mark.parametrize("width", [360, 1280])
def test_a_district_s_street_list_is_edited_and_a_clash_named_without_losing_the_lines(
    administrator_page, hromada, screenshot_dir, width
):
    from hromada.territory.actions import district_streets_set
    from hromada.territory.models import Street

    page = administrator_page
    page.set_viewport_size({"width": width, "height": 900})
    north = DistrictFactory(hromada=hromada, name="Північний", boundary=square(31.0, 49.1, 0.02))
    centre = DistrictFactory(hromada=hromada, name="Центральний", boundary=square(31.0, 49.0, 0.02))
    district_streets_set(district=north, lines=["вул. Степова: непарні"])

    page.goto(f"/en/admin/territory/district/{centre.pk}/change/")
    page.locator("textarea[name=street_list]").fill("вул. Шевченка\nвул. Степова: 3-9")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator(".errorlist")).to_contain_text("Line 2")
    expect(page.locator(".errorlist")).to_contain_text("Північний")
    expect(page.locator("textarea[name=street_list]")).to_have_value("вул. Шевченка\nвул. Степова: 3-9")
    page.screenshot(
        path=screenshot_dir / f"backoffice-district-streets-refused-en-{width}.png", full_page=True
    )
    assert _page_width(page) <= width

    page.locator("textarea[name=street_list]").fill("вул. Шевченка\nвул. Степова: парні")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    assert sorted(Street.objects.filter(district=centre).values_list("name", flat=True)) == [
        "вул. Степова", "вул. Шевченка",
    ]  # fmt: skip
    page.goto(f"/admin/territory/district/{centre.pk}/change/")
    expect(page.locator("textarea[name=street_list]")).to_have_value("вул. Степова: парні\nвул. Шевченка")
    page.screenshot(path=screenshot_dir / f"backoffice-district-streets-uk-{width}.png", full_page=True)
    assert _page_width(page) <= width
