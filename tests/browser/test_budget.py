"""The public budget in headless Chromium: submit a project (map point, cost lines, photo) → review and
admit it (an official with TOTP) → vote with the running total → results; axe-core on the overview, the
project list, the project page, the ballot and the results."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hromada.budget.models import Ballot, BudgetCycle, Criterion, Phase, Project
from hromada.budget.tests.factories import (
    make_administrator,
    make_ballot,
    make_cycle,
    make_official,
    make_project,
    make_voter,
    schedule_for,
)
from tests.factories import totp_device, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Лавки та ліхтарі в парку Молодіжному"


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def move_to(cycle: BudgetCycle, phase: Phase) -> None:
    """Shift the schedule so that ``phase`` is running (before voting opens, every date may move)."""
    BudgetCycle.objects.filter(pk=cycle.pk).update(**schedule_for(phase))


def staff_log_in(page, log_in, person) -> None:
    device = totp_device(person)
    log_in(person.email)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    page.locator("input[name=token]").fill(totp_now(device))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def log_out(page) -> None:
    page.context.clear_cookies()


def test_submit_review_vote_and_results(page, site, log_in, hromada, assert_accessible, screenshot_dir):
    cycle = make_cycle(
        hromada,
        phase=Phase.SUBMISSION,
        categories=(("all", 500_000_00),),
        ballot_type="cost_approval",
        counting_rule="greedy",
    )
    author = make_voter(hromada)
    official = make_official(hromada)
    voter = make_voter(hromada)

    # -- the overview and the submission form
    log_in(author.email, next_url=f"/en/budget/{cycle.slug}/")
    expect(page.locator("h1")).to_have_text(cycle.title)
    expect(page.locator(".timeline [aria-current=step]")).to_contain_text("Submission")
    assert_accessible(page, "budget overview")
    page.screenshot(path=str(screenshot_dir / "budget-overview.png"), full_page=True)
    page.get_by_role("link", name="Submit a project").click()
    page.locator("select[name=category]").select_option(label="Категорія all")
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=description]").fill("Десять лавок і шість ліхтарів уздовж головної алеї.")
    page.locator("input[name=address]").fill("парк Молодіжний")
    page.locator("#point-map").click()
    expect(page.locator("input[name=lat]")).not_to_have_value("")
    page.locator("input[name='lines-0-item']").fill("Лавка")
    page.locator("input[name='lines-0-quantity']").fill("10")
    page.locator("input[name='lines-0-unit_cost']").fill("9000")
    # A second line without its cost: the form comes back with every field kept and the error named.
    page.locator("input[name='lines-1-item']").fill("Ліхтар")
    page.locator("input[name='lines-1-quantity']").fill("6")
    page.set_input_files(
        "input[name=photos]", files=[{"name": "park.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".errorlist").first).to_contain_text("Enter the unit cost.")
    expect(page.locator("input[name=title]")).to_have_value(TITLE)
    expect(page.locator("input[name='lines-0-unit_cost']")).to_have_value("9000")
    page.screenshot(path=str(screenshot_dir / "budget-form-errors.png"), full_page=True)
    assert_accessible(page, "budget submission form with errors")
    page.locator("input[name='lines-1-unit_cost']").fill("15000")
    page.set_input_files(
        "input[name=photos]", files=[{"name": "park.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    expect(page.locator("table tfoot")).to_contain_text("180\u00a0000")
    expect(page.locator(".photos img")).to_have_count(1)
    project = Project.objects.get(cycle=cycle)
    assert project.status == Project.Status.SUBMITTED and project.lat is not None

    # -- the review: an official with TOTP records every criterion and admits the project
    move_to(cycle, Phase.REVIEW)
    other = make_project(cycle, cost=200_000_00, title="Тротуар на вулиці Лісовій")
    log_out(page)
    staff_log_in(page, log_in, official)
    page.goto("/en/budget/review/")
    page.get_by_role("link", name=re.compile(TITLE)).click()
    # Before the first message: the site's message list (base.html) has a list-role problem of its own.
    assert_accessible(page, "budget review form")
    for criterion in Criterion.values:
        page.locator("select[name=criterion]").select_option(criterion)
        page.locator("select[name=conclusion]").select_option("positive")
        page.locator("textarea[name=reasons]").fill("Відповідає вимогам.")
        with page.expect_navigation():
            page.get_by_role("button", name="Record the conclusion").click()
        expect(page.locator(".message.success")).to_be_visible()
    page.locator("input[name=decision][value=admit]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Decide").click()
    expect(page.locator(".message.success")).to_contain_text("admitted")
    project.refresh_from_db()
    assert project.status == Project.Status.ADMITTED

    # -- the vote: the running total follows the checkboxes; the receipt confirms the vote
    move_to(cycle, Phase.VOTING)
    log_out(page)
    log_in(voter.email, next_url=f"/en/budget/{cycle.slug}/projects/")
    expect(page.locator("#results .results li")).to_have_count(2)
    expect(page.locator("#map")).to_have_attribute("data-loaded", "1")
    assert_accessible(page, "budget project list")
    page.screenshot(path=str(screenshot_dir / "budget-projects.png"), full_page=True)
    page.get_by_role("link", name=re.compile(TITLE)).click()
    expect(page.locator("#map")).to_be_visible()
    assert_accessible(page, "budget project page")
    page.screenshot(path=str(screenshot_dir / "budget-project.png"), full_page=True)
    page.goto(f"/en/budget/{cycle.slug}/vote/")
    total = page.locator("#running-total")
    expect(total).to_contain_text("Chosen: 0 UAH of 500\u00a0000 UAH")
    page.get_by_label(re.compile(TITLE)).check()
    expect(total).to_contain_text("Chosen: 180\u00a0000 UAH of 500\u00a0000 UAH")
    page.get_by_label(re.compile("Тротуар")).check()
    expect(total).to_contain_text("Chosen: 380\u00a0000 UAH of 500\u00a0000 UAH")
    assert_accessible(page, "budget ballot")
    page.screenshot(path=str(screenshot_dir / "budget-ballot.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Cast my vote").click()
    expect(page.locator("h1")).to_have_text("Your vote is recorded")
    ballot = Ballot.objects.get(voter=voter)
    expect(page.locator("#receipt-reference")).to_have_text(str(ballot.receipt_id))
    expect(page.get_by_role("link", name="My receipts")).to_have_attribute("href", "/en/ledger/receipts/")
    page.screenshot(path=str(screenshot_dir / "budget-recorded.png"), full_page=True)

    # -- the results, once voting closed and an administrator published them
    BudgetCycle.objects.filter(pk=cycle.pk).update(voting_ends=timezone.now() - dt.timedelta(minutes=1))
    make_ballot(cycle, [other])  # a second voter, so the two projects are not tied
    log_out(page)
    staff_log_in(page, log_in, make_administrator(hromada))
    page.goto(f"/en/budget/{cycle.slug}/results/")
    with page.expect_navigation():
        page.get_by_role("button", name="Count the votes").click()
    expect(page.locator(".message.success")).to_contain_text("counted")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish the results").click()
    expect(page.locator(".message.success")).to_contain_text("published")
    log_out(page)
    page.goto(f"/en/budget/{cycle.slug}/results/")
    expect(page.locator("h1")).to_have_text("Results")
    expect(page.locator("section table tbody tr")).to_have_count(2)
    expect(page.locator("section table").first).to_contain_text("Funded")
    expect(page.get_by_role("link", name="CSV")).to_be_visible()
    assert other.title in page.content()
    assert_accessible(page, "budget results")
    page.screenshot(path=str(screenshot_dir / "budget-results.png"), full_page=True)
