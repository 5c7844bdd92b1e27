"""The "Verify a receipt" page checks a receipt completely in Chromium, with WebCrypto and no server call.

A genuine receipt, downloaded from "My receipts" as a resident would, passes every step; a receipt with
one altered part (an entry byte, a proof hash, the signature, the salt) fails exactly the step that
checks that part, and the page says so in words.
"""

from __future__ import annotations

import copy
import json
import re

import pytest
from django.db import transaction
from playwright.sync_api import expect

from hromada.ledger.actions import ledger_append, ledger_publish
from hromada.ledger.models import Checkpoint
from hromada.ledger.receipts import receipt_bundle, receipt_keep
from hromada.ledger.tests.test_receipts import (
    cosign,
    tamper_entry,
    tamper_proof,
    tamper_salt,
    tamper_signature,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEPS = ["format", "key", "signature", "entry", "inclusion", "person"]


@pytest.fixture
def receipt(hromada, resident):
    """The resident's receipt of a petition signature at index 2 of a log of 4, checkpointed and cosigned."""
    for number in range(2):
        with transaction.atomic():
            ledger_append(hromada=hromada, kind="demo.noted", payload={"number": number})
    with transaction.atomic():
        appended = ledger_append(
            hromada=hromada,
            kind="petition.signed",
            payload={"petition": 1, "channel": "web"},
            people=[resident],
        )
        personal = receipt_keep(user=resident, receipt=appended, reference=resident, title="Petition 1")
    with transaction.atomic():
        ledger_append(hromada=hromada, kind="demo.noted", payload={"number": 3})
    cosign(Checkpoint.objects.get(hromada=hromada, tree_size=4))  # a second signature line to skip
    bundle = receipt_bundle(personal_receipt=personal)
    assert bundle["state"] == "covered" and bundle["index"] == 2
    return bundle


def upload(page, bundle) -> None:
    page.goto("/en/ledger/verify/")
    data = json.dumps(bundle).encode()
    page.set_input_files(
        "#receipt-file", files=[{"name": "receipt.json", "mimeType": "application/json", "buffer": data}]
    )


def step(page, name):
    return page.locator(f'#verify-steps li[data-step="{name}"]')


def expect_results(page, failed: str | None) -> None:
    """Every step passed but `failed`; the verdict says whether the receipt checks out."""
    verdict = page.locator("#verify-verdict")
    expect(verdict).to_have_attribute("data-ok", "false" if failed else "true")
    for name in STEPS:
        expect(step(page, name)).to_have_attribute("data-result", "failed" if name == failed else "passed")
    if failed:
        expect(verdict).to_contain_text("does not check out")
        expect(step(page, failed).locator(".step-result")).to_have_text("✗ Failed")
    else:
        expect(verdict).to_contain_text("this receipt is genuine")


def test_a_downloaded_receipt_passes_every_step(
    page, log_in, resident, receipt, assert_accessible, tmp_path, screenshot_dir
):
    log_in(resident.email)
    page.goto("/en/ledger/receipts/")
    expect(page.locator("main h2")).to_have_text("My receipts")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download \\(JSON\\)")).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "receipt-svitlohirsk-2.json"
    page.screenshot(path=screenshot_dir / "my-receipts.png", full_page=True)
    assert_accessible(page, "my receipts")

    page.goto("/en/ledger/verify/")
    page.set_input_files("#receipt-file", str(saved))

    expect_results(page, failed=None)
    expect(page.locator("#verify-result-heading")).to_be_focused()
    expect(page.locator("#receipt-text")).to_have_value(saved.read_text())
    expect(step(page, "inclusion")).to_contain_text("It is record no. 2 of 4")
    expect(step(page, "person")).to_contain_text(receipt["person"]["commitment"])
    expect(step(page, "key")).to_contain_text(receipt["verifier_key"])
    expect(page.locator("#record-kind")).to_have_text("petition.signed")
    expect(page.locator("#record-payload")).to_contain_text('"petition": 1')
    page.screenshot(path=screenshot_dir / "verify-receipt-genuine.png", full_page=True)
    assert_accessible(page, "verify a receipt (genuine)")


def test_a_waiting_receipt_becomes_downloadable_by_itself(page, log_in, hromada, resident, monkeypatch):
    monkeypatch.setattr("hromada.ledger.actions._schedule_publish", lambda hromada_id: None)
    with transaction.atomic():
        appended = ledger_append(hromada=hromada, kind="petition.signed", payload={}, people=[resident])
        receipt_keep(user=resident, receipt=appended, reference=resident, title="Petition 2")
    log_in(resident.email)
    page.goto("/en/ledger/receipts/")
    expect(page.locator("#receipt-list")).to_contain_text("waiting for the next checkpoint (about 10 s)")
    expect(page.get_by_role("link", name=re.compile("Download"))).to_have_count(0)

    ledger_publish(hromada=hromada)  # what the worker does within about 10 s

    # The list asks again every 5 s (htmx) and swaps itself in place.
    expect(page.get_by_role("link", name=re.compile("Download \\(JSON\\)"))).to_be_visible(timeout=12_000)
    expect(page.locator("#receipt-list")).not_to_contain_text("waiting for the next checkpoint")
    expect(page.locator("#receipt-list")).not_to_have_attribute("hx-trigger", "every 5s")


@pytest.mark.parametrize(
    ("tamper", "failed", "says"),
    [
        (tamper_entry, "entry", "The record was altered"),
        (tamper_proof, "inclusion", "The proof does not lead to the signed root"),
        (tamper_signature, "signature", "The signature does not match"),
        (tamper_salt, "person", "is not in the record"),
    ],
)
def test_a_tampered_receipt_names_the_step_that_failed(page, receipt, tamper, failed, says, screenshot_dir):
    altered = copy.deepcopy(receipt)
    tamper(altered)

    upload(page, altered)

    expect_results(page, failed=failed)
    expect(step(page, failed)).to_contain_text(says)
    page.screenshot(path=screenshot_dir / f"verify-receipt-tampered-{failed}.png", full_page=True)


def test_a_pasted_receipt_is_checked_against_the_key_one_trusts(page, receipt, assert_accessible):
    page.goto("/en/ledger/verify/")
    page.locator("#receipt-text").fill(json.dumps(receipt, indent=2))
    page.locator("#trusted-key").fill(receipt["verifier_key"])
    page.get_by_role("button", name="Check the receipt").click()
    expect_results(page, failed=None)
    expect(step(page, "key")).to_contain_text("It is the key you entered.")

    name, key_id, key = receipt["verifier_key"].split("+", 2)
    page.locator("#trusted-key").fill(f"{name}+{key_id}+{'A' * len(key)}")
    page.get_by_role("button", name="Check the receipt").click()
    expect_results(page, failed="key")
    expect(step(page, "key")).to_contain_text("someone else signed this receipt")
    assert_accessible(page, "verify a receipt (wrong key)")


def test_what_is_not_a_receipt_is_refused_in_words(page, receipt):
    page.goto("/en/ledger/verify/")
    page.get_by_role("button", name="Check the receipt").click()
    expect(page.locator("#verify-verdict")).to_have_text("Choose a receipt file or paste its contents first.")

    page.locator("#receipt-text").fill("{not json")
    page.get_by_role("button", name="Check the receipt").click()
    expect(step(page, "format")).to_have_attribute("data-result", "failed")
    expect(step(page, "format")).to_contain_text("The text is not a JSON document.")
    expect(step(page, "signature")).to_have_attribute("data-result", "skipped")

    pending = {**receipt, "state": "pending", "checkpoint": None}
    page.locator("#receipt-text").fill(json.dumps(pending))
    page.get_by_role("button", name="Check the receipt").click()
    expect(step(page, "format")).to_contain_text("This receipt is not complete")


def test_the_page_makes_no_request_while_verifying(page, receipt, site):
    upload(page, {})  # loads the page and its script
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.locator("#receipt-text").fill(json.dumps(receipt))
    page.get_by_role("button", name="Check the receipt").click()

    expect_results(page, failed=None)
    assert requests == []
