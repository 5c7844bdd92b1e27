"""The ЦНАП queue end to end: a kiosk takes a ticket, the operator calls it from the desk console, and the
display board (another tab, polling) shows the call within seconds; axe-core on the resident pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hromada.cnapqueue import actions
from hromada.cnapqueue.tests.factories import make_desk, make_office, make_service
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queue(hromada):
    office = make_office(hromada)
    service = make_service(office, name="Реєстрація місця проживання")
    desk = make_desk(office, [service])
    _kiosk, token = actions.kiosk_create(office=office, name="Кіоск")
    return office, service, desk, token


def test_kiosk_ticket_is_called_at_the_desk_and_shown_on_the_board(
    page, context, site, log_in, queue, assert_accessible
):
    office, _service, desk, token = queue
    page.goto(f"/queue/kiosk/{token}/")
    assert_accessible(page, "kiosk")
    page.locator("select[name=category]").select_option("elderly")
    with page.expect_navigation():
        page.locator("form").first.locator("button[type=submit]").click()
    expect(page.locator(".ticket-number")).to_have_text("А-001")
    assert_accessible(page, "ticket")

    board = context.new_page()
    board.goto(f"/queue/{office.pk}/board/")
    expect(board.locator(".board-calls")).not_to_contain_text("А-001")
    assert_accessible(board, "board")

    operator = context.browser.new_context(base_url=site).new_page()
    operator.goto("/accounts/login/")
    operator.locator("input[name=login]").fill(desk.operator.email)
    operator.locator("input[name=password]").fill(PASSWORD)
    with operator.expect_navigation():
        operator.locator("main button[type=submit]").click()
    operator.goto(f"/queue/desks/{desk.pk}/")
    with operator.expect_navigation():
        operator.get_by_role("button", name="Викликати наступного").click()
    expect(operator.locator(".ticket-number")).to_have_text("А-001")

    expect(board.locator(".board-calls li.latest")).to_contain_text("А-001", timeout=5000)
    expect(board.locator(".board-calls li.latest")).to_contain_text("Вікно 1")


def test_office_and_offices_pages_pass_axe(page, site, queue, assert_accessible):
    office, _service, _desk, _token = queue
    page.goto("/queue/")
    assert_accessible(page, "offices")
    page.goto(f"/queue/{office.pk}/")
    assert_accessible(page, "office")
