"""Logging in through the browser: residents reach their cabinet; officials must pass TOTP first."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Error as BrowserError
from playwright.sync_api import expect

from hromada.accounts.actions import official_appoint
from hromada.accounts.models import DepartmentMembership
from tests.factories import PASSWORD, DepartmentFactory, UserFactory, totp_device, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Django admin's own markup; present only when the back office itself renders.
BACK_OFFICE = "#site-name"


def appoint_official(hromada, department, full_name: str):
    administrator = UserFactory(hromada=hromada, is_superuser=True, is_staff=True)
    person = UserFactory(hromada=hromada, full_name=full_name)
    official_appoint(
        granted_by=administrator,
        user=person,
        department=department,
        role=DepartmentMembership.Role.SPECIALIST,
    )
    return person


@pytest.fixture
def official(hromada, department):
    return appoint_official(hromada, department, "Коваленко Ірина Петрівна")


def submit_code(page, code: str) -> None:
    page.locator("input[name=token]").fill(code)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def test_resident_logs_in_with_email_and_password_and_lands_in_the_cabinet(page, site, log_in, resident):
    log_in(resident.email)

    expect(page).to_have_url(f"{site}/cabinet/")
    expect(page.locator("main")).to_contain_text(resident.full_name)
    expect(page.locator(".user-nav form[action$='/accounts/logout/'] button")).to_be_visible()


def test_wrong_password_keeps_the_resident_on_the_login_page(page, site, log_in, resident, browser_log):
    log_in(resident.email, password="not the password")

    expect(page).to_have_url(f"{site}/accounts/login/")
    expect(page.locator("main [role=alert]")).to_be_visible()
    # 400 is the intended status of a refused login, not a fault of the page.
    browser_log.allow(f"HTTP 400 POST {site}/accounts/login/")


def test_official_must_pass_totp_before_the_back_office_opens(page, site, log_in, official):
    device = totp_device(official)

    log_in(official.email)

    expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?next=/cabinet/$"))
    expect(page.locator("input[name=token]")).to_be_focused()

    # Password alone does not open the back office: it sends the official back to the TOTP step.
    page.goto("/admin/")

    expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?next=/admin/$"))
    expect(page.locator(BACK_OFFICE)).to_have_count(0)

    submit_code(page, totp_now(device))

    expect(page).to_have_url(f"{site}/admin/")
    expect(page.locator(BACK_OFFICE)).to_be_visible()


def test_wrong_totp_code_is_refused_and_the_back_office_stays_closed(page, site, log_in, official):
    device = totp_device(official)
    log_in(official.email, next_url="/admin/")
    wrong = f"{(int(totp_now(device)) + 1) % 1_000_000:06d}"

    submit_code(page, wrong)

    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    expect(page.locator("#id_token_error")).to_be_visible()
    expect(page.locator("input[name=token]")).to_have_attribute("aria-invalid", "true")
    page.goto("/admin/")
    expect(page.locator(BACK_OFFICE)).to_have_count(0)


def test_official_without_an_authenticator_sets_one_up_and_gets_backup_codes(page, site, log_in, official):
    log_in(official.email)

    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/\?next=/cabinet/$"))
    expect(page.locator(".qr svg")).to_be_visible()
    expect(page.locator(".secret")).not_to_be_empty()
    device = TOTPDevice.objects.get(user=official, confirmed=False)

    submit_code(page, totp_now(device))

    expect(page.locator("#backup-codes li")).to_have_count(10)
    device.refresh_from_db()
    assert device.confirmed

    page.locator("main a.button").click()

    expect(page).to_have_url(f"{site}/cabinet/")
    page.goto("/admin/")
    expect(page.locator(BACK_OFFICE)).to_be_visible()


def open_back_office_expecting_refusal(page, browser_log) -> None:
    """Open /admin/ as someone who may not use it: the browser must settle on a page, not loop."""
    try:
        response = page.goto("/admin/")
    except BrowserError as error:
        pytest.fail(f"/admin/ does not settle for a person without back-office rights: {error.message}")
    if response is not None and response.status == 403:
        browser_log.allow(f"HTTP 403 GET {response.url}")  # a refusal page is a fine answer
    expect(page.locator(BACK_OFFICE)).to_have_count(0)


def test_verified_official_of_another_hromada_is_refused_the_back_office_without_a_redirect_loop(
    page, site, log_in, other_hromada, browser_log
):
    stranger = appoint_official(other_hromada, DepartmentFactory(hromada=other_hromada), "Мельник Тарас")
    device = totp_device(stranger)
    log_in(stranger.email)
    submit_code(page, totp_now(device))
    expect(page).to_have_url(f"{site}/cabinet/")

    open_back_office_expecting_refusal(page, browser_log)


def test_resident_is_refused_the_back_office_without_a_redirect_loop(
    page, site, log_in, resident, browser_log
):
    log_in(resident.email)
    expect(page).to_have_url(f"{site}/cabinet/")

    open_back_office_expecting_refusal(page, browser_log)


def test_after_many_failures_the_browser_passes_the_login_challenge_and_the_owner_gets_in(
    page, site, log_in, resident, browser_log, settings
):
    import time

    from hromada.accounts.models import LoginAttempt

    settings.HROMADA_LOGIN_CHALLENGE_BITS = 16  # the real default: the browser does the real work
    for _ in range(5):
        LoginAttempt.objects.create(identifier=resident.email, address="127.0.0.1")

    log_in(resident.email)  # refused until the check is passed: the form comes back with the challenge
    started = time.monotonic()  # the script starts as the page loads: this bounds its time from above
    browser_log.allow(f"HTTP 429 POST {site}/accounts/login/")
    expect(page.locator("main [role=alert]")).to_be_visible()
    status = page.locator("#login-check-status")
    expect(status).to_have_attribute("aria-live", "polite")
    page.wait_for_function(
        "() => { const s = document.getElementById('login-check-status'); "
        "return s.textContent === s.dataset.done; }",
        timeout=60_000,
    )
    expect(page.locator("input[name=answer]")).not_to_have_value("")
    print(f"login challenge of 16 bits solved in at most {time.monotonic() - started:.2f} s")  # noqa: T201
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    expect(page).to_have_url(f"{site}/cabinet/")
