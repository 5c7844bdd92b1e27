"""The "Verify a receipt" page checks the witnesses' cosignatures in the browser, one result per witness.

The receipt lists the witness keys the log publishes (/ledger/witnesses); each witness's C2SP
tlog-cosignature line on the checkpoint is verified with WebCrypto (Ed25519 over the cosignature/v1
message with its timestamp). A forged cosignature fails the step; a witness that has not answered is
shown as such without making a genuine receipt fail.
"""

from __future__ import annotations

import copy
import json

import pytest
from django.db import transaction
from playwright.sync_api import expect

from hromada.ledger import note
from hromada.ledger.actions import ledger_append
from hromada.ledger.models import Checkpoint, Witness
from hromada.ledger.receipts import receipt_bundle, receipt_keep
from hromada.ledger.tests.test_receipts import cosign, tamper_cosignature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OTHER_STEPS = ["format", "key", "signature", "entry", "inclusion", "person"]


def covered_receipt(hromada, resident) -> dict:
    with transaction.atomic():
        appended = ledger_append(
            hromada=hromada, kind="petition.signed", payload={"petition": 3}, people=[resident]
        )
        personal = receipt_keep(user=resident, receipt=appended, reference=resident, title="Petition 3")
    bundle = receipt_bundle(personal_receipt=personal)
    assert bundle["state"] == "covered"
    return personal


@pytest.fixture
def witnessed_receipt(hromada, resident):
    """A receipt whose checkpoint one witness cosigned and another (listed, silent) did not."""
    personal = covered_receipt(hromada, resident)
    cosign(Checkpoint.objects.get(hromada=hromada, tree_size=1))
    silent = note.generate_cosigner("kalyna.localhost/witness")[1]
    Witness.objects.create(hromada=hromada, name="Kalyna", verifier_key=silent)
    bundle = receipt_bundle(personal_receipt=personal)
    assert [w["name"] for w in bundle["witnesses"]] == ["Kalyna", "verbivka.localhost/witness"]
    return bundle


def check(page, bundle) -> None:
    page.goto("/en/ledger/verify/")
    page.locator("#receipt-text").fill(json.dumps(bundle))
    page.get_by_role("button", name="Check the receipt").click()


def step(page, name):
    return page.locator(f'#verify-steps li[data-step="{name}"]')


def witness(page, name):
    return page.locator(f'#witness-results li[data-witness="{name}"]')


def expect_other_steps_passed(page) -> None:
    for name in OTHER_STEPS:
        expect(step(page, name)).to_have_attribute("data-result", "passed")


def test_each_witness_is_shown_with_its_result(page, witnessed_receipt, assert_accessible, screenshot_dir):
    check(page, witnessed_receipt)

    expect(page.locator("#verify-verdict")).to_have_attribute("data-ok", "true")
    expect_other_steps_passed(page)
    expect(step(page, "witnesses")).to_have_attribute("data-result", "passed")
    expect(step(page, "witnesses")).to_contain_text("1 of the log's 2 witnesses co-signed this checkpoint")
    cosigned = witness(page, "verbivka.localhost/witness")
    expect(cosigned).to_have_attribute("data-result", "cosigned")
    expect(cosigned).to_contain_text(
        "verbivka.localhost/witness (verbivka.localhost/witness): ✓ co-signed at 20"
    )
    expect(cosigned).to_contain_text(" UTC")
    silent = witness(page, "Kalyna")
    expect(silent).to_have_attribute("data-result", "missing")
    expect(silent).to_have_text("Kalyna (kalyna.localhost/witness): no cosignature")
    page.screenshot(path=screenshot_dir / "verify-receipt-witnesses.png", full_page=True)
    assert_accessible(page, "verify a receipt (witnesses)")

    # Checking another receipt replaces the list instead of adding a second one.
    page.get_by_role("button", name="Check the receipt").click()
    expect(page.locator("#witness-results")).to_have_count(1)
    expect(page.locator("#witness-results li")).to_have_count(2)


def test_a_forged_cosignature_fails_the_witness_step_only(page, witnessed_receipt):
    forged = copy.deepcopy(witnessed_receipt)
    tamper_cosignature(forged)

    check(page, forged)

    expect(page.locator("#verify-verdict")).to_have_attribute("data-ok", "false")
    expect_other_steps_passed(page)  # the log's own signature still verifies
    expect(step(page, "witnesses")).to_have_attribute("data-result", "failed")
    expect(step(page, "witnesses")).to_contain_text("does not match its witness's published key")
    expect(witness(page, "verbivka.localhost/witness")).to_have_attribute("data-result", "bad")
    expect(witness(page, "verbivka.localhost/witness")).to_contain_text("✗ the cosignature does not verify")


def test_a_witness_key_swapped_for_another_is_caught(page, witnessed_receipt):
    swapped = copy.deepcopy(witnessed_receipt)
    impostor = note.generate_cosigner("verbivka.localhost/witness")[1]  # same name, another key
    swapped["witnesses"][1]["verifier_key"] = impostor
    swapped["witnesses"].append({"name": "Broken", "verifier_key": "not a key"})

    check(page, swapped)

    # The impostor's key ID matches no cosignature line; the malformed key fails the step.
    expect(witness(page, "verbivka.localhost/witness")).to_have_attribute("data-result", "missing")
    expect(witness(page, "Broken")).to_have_attribute("data-result", "malformed")
    expect(step(page, "witnesses")).to_have_attribute("data-result", "failed")


def test_a_log_without_witnesses_is_said_so_and_the_receipt_still_checks_out(page, hromada, resident):
    bundle = receipt_bundle(personal_receipt=covered_receipt(hromada, resident))
    assert bundle["witnesses"] == []

    check(page, bundle)

    expect(page.locator("#verify-verdict")).to_have_attribute("data-ok", "true")
    expect_other_steps_passed(page)
    expect(step(page, "witnesses")).to_have_attribute("data-result", "skipped")
    expect(step(page, "witnesses")).to_contain_text("The log lists no witnesses")
    expect(page.locator("#witness-results")).to_have_count(0)
