"""Personal receipts: kept with the append, downloadable by their owner only, and verifiable on their own."""

from __future__ import annotations

import base64
import json

import pytest
from django.db import transaction
from django.utils import timezone

from hromada.ledger import merkle, note
from hromada.ledger.actions import ledger_append, ledger_integrate, ledger_publish, person_commitment
from hromada.ledger.checkpoint import open_checkpoint
from hromada.ledger.models import Checkpoint, Cosignature, PersonalReceipt, Witness
from hromada.ledger.note import Verifier
from hromada.ledger.receipts import (
    RECEIPT_FORMAT,
    receipt_bundle,
    receipt_keep,
    receipt_rows,
    receipt_verify,
    receipts_of,
)

STEPS = ["format", "key", "signature", "witnesses", "entry", "inclusion", "person"]


def sign_petition(hromada, person, number: int = 1, *, title: str = "Signature under petition 1"):
    with transaction.atomic():
        receipt = ledger_append(
            hromada=hromada,
            kind="petition.signed",
            payload={"petition": number, "channel": "web"},
            subject=f"petition:{number}",
            people=[person, "witness:desk-2"],
        )
        return receipt_keep(user=person, receipt=receipt, reference=person, title=title)


@pytest.fixture
def signed(hromada, resident, append):
    """A resident's receipt at index 5 of a log of 9 entries, covered by a checkpoint."""
    append(hromada, 5)
    personal = sign_petition(hromada, resident)
    append(hromada, 3, start=5)
    ledger_publish(hromada=hromada)
    return personal


def cosign(checkpoint, name: str = "verbivka.localhost/witness") -> str:
    """Store a witness's valid cosignature of ``checkpoint``; returns the witness's verifier key."""
    signer_key, verifier_key = note.generate_cosigner(name)
    cosigner = note.CosignatureSigner.from_key(signer_key)
    text = note.parse_note(checkpoint.note.encode())[0].encode()
    line = note.Signature(cosigner.name, cosigner.key_id, cosigner.sign(text)).line().rstrip("\n")
    witness = Witness.objects.create(hromada=checkpoint.hromada, name=name, verifier_key=verifier_key)
    Cosignature.objects.create(checkpoint=checkpoint, witness=witness, line=line, signed_at=timezone.now())
    return verifier_key


def steps(checks) -> dict[str, bool]:
    return {check.step: check.ok for check in checks}


def failing(checks) -> list[str]:
    return [check.step for check in checks if not check.ok]


# ---------------------------------------------------------------------------------------- keeping


def test_receipt_keep_stores_the_persons_salt_and_reference(hromada, resident):
    with transaction.atomic():
        receipt = ledger_append(
            hromada=hromada, kind="petition.signed", payload={}, people=[resident, "child:ab"]
        )
        personal = receipt_keep(user=resident, receipt=receipt, reference="child:ab", title="Child's place")

    personal.refresh_from_db()
    assert personal.user == resident and personal.hromada == hromada
    assert personal.receipt_id == receipt.receipt_id and personal.kind == "petition.signed"
    assert personal.reference == "child:ab" and personal.title == "Child's place"
    assert bytes(personal.salt) == receipt.for_person("child:ab").salt


def test_receipt_keep_refuses_a_person_the_entry_does_not_name(hromada, resident, make_user):
    stranger = make_user()
    with transaction.atomic():
        receipt = ledger_append(hromada=hromada, kind="petition.signed", payload={}, people=[resident])
        with pytest.raises(ValueError, match="names no person"):
            receipt_keep(user=stranger, receipt=receipt, reference=stranger, title="")
    assert not PersonalReceipt.objects.exists()


def test_receipt_keep_rolls_back_with_the_append(hromada, resident):
    with pytest.raises(RuntimeError), transaction.atomic():
        sign_petition(hromada, resident)
        raise RuntimeError("the domain change failed")
    assert not PersonalReceipt.objects.exists()


# ----------------------------------------------------------------------------------------- bundle


def test_a_bundle_is_pending_until_a_checkpoint_covers_the_entry(hromada, resident):
    personal = sign_petition(hromada, resident)

    pending = receipt_bundle(personal_receipt=personal)
    assert pending["format"] == RECEIPT_FORMAT and pending["state"] == "pending"
    assert pending["index"] is None and pending["checkpoint"] is None and pending["inclusion_proof"] is None
    assert failing(receipt_verify(pending)) == ["format"]

    ledger_integrate(hromada=hromada)  # integrated, but not yet signed
    integrated = receipt_bundle(personal_receipt=personal)
    assert integrated["state"] == "pending" and integrated["index"] == 0 and integrated["checkpoint"] is None

    ledger_publish(hromada=hromada)
    assert receipt_bundle(personal_receipt=personal)["state"] == "covered"


def test_the_bundle_holds_everything_to_verify_the_entry(signed, hromada, resident):
    bundle = receipt_bundle(personal_receipt=signed)

    assert bundle["state"] == "covered"
    assert bundle["title"] == "Signature under petition 1" and bundle["kind"] == "petition.signed"
    assert bundle["index"] == 5 and bundle["tree_size"] == 9
    assert bundle["origin"] == "svitlohirsk.localhost/ledger"
    verifier = Verifier.from_key(bundle["verifier_key"])
    body = open_checkpoint(bundle["checkpoint"].encode(), verifier, origin=bundle["origin"]).checkpoint
    assert body.size == 9
    entry = bundle["entry"].encode()
    assert base64.b64decode(bundle["leaf_hash"]) == merkle.leaf_hash(entry)
    proof = [base64.b64decode(h) for h in bundle["inclusion_proof"]]
    merkle.verify_inclusion(5, 9, merkle.leaf_hash(entry), proof, body.root_hash)
    person = bundle["person"]
    assert person["reference"] == f"accounts.user:{resident.pk}"
    commitment = person_commitment(reference=person["reference"], salt=base64.b64decode(person["salt"]))
    assert base64.b64encode(commitment).decode() == person["commitment"]
    assert person["commitment"] in json.loads(bundle["entry"])["people"]
    # It survives a JSON round trip, as a downloaded file does.
    assert steps(receipt_verify(json.loads(json.dumps(bundle)))) == dict.fromkeys(STEPS, True)


def test_the_bundle_carries_the_witnesses_cosignatures(signed, hromada):
    witness_key = cosign(Checkpoint.objects.get(hromada=hromada, tree_size=9))

    bundle = receipt_bundle(personal_receipt=signed)

    assert bundle["checkpoint"].count("\n— ") == 2
    verifier = Verifier.from_key(bundle["verifier_key"])
    witness = note.CosignatureVerifier.from_key(witness_key)
    opened = open_checkpoint(bundle["checkpoint"].encode(), verifier, [witness], origin=bundle["origin"])
    assert opened.witnesses == ("verbivka.localhost/witness",)
    assert bundle["witnesses"] == [{"name": "verbivka.localhost/witness", "verifier_key": witness_key}]
    checks = receipt_verify(bundle)
    assert all(check.ok for check in checks)
    assert "verbivka.localhost/witness: cosigned at 20" in next(
        c.message for c in checks if c.step == "witnesses"
    )


def tamper_cosignature(bundle):
    """Alter the last cosignature line (a witness's), keeping it well-formed."""
    text, _, lines = bundle["checkpoint"].rstrip("\n").rpartition("\n")
    name, _, signature = lines.rpartition(" ")
    bundle["checkpoint"] = f"{text}\n{name} {flip(signature, 30)}\n"


def test_a_forged_cosignature_fails_only_the_witness_step_and_a_missing_one_is_reported(
    signed, hromada, client
):
    checkpoint = Checkpoint.objects.get(hromada=hromada, tree_size=9)
    cosign(checkpoint)
    silent_key = note.generate_cosigner("kalyna.localhost/witness")[1]
    Witness.objects.create(hromada=hromada, name="Kalyna", verifier_key=silent_key)  # never answered
    bundle = receipt_bundle(personal_receipt=signed)
    assert [w["name"] for w in bundle["witnesses"]] == ["Kalyna", "verbivka.localhost/witness"]

    checks = receipt_verify(bundle)
    assert failing(checks) == []
    message = next(c.message for c in checks if c.step == "witnesses")
    assert "Kalyna: missing (kalyna.localhost/witness)" in message

    tamper_cosignature(bundle)
    checks = receipt_verify(bundle)
    assert failing(checks) == ["witnesses"]
    assert "verbivka.localhost/witness: bad" in next(c.message for c in checks if c.step == "witnesses")

    # A checkpoint that is not a signed note leaves the cosignatures unchecked (and fails the signature).
    broken = {**bundle, "checkpoint": "not a note"}
    assert {"signature", "witnesses"} <= set(failing(receipt_verify(broken)))

    # The log publishes the same keys, one a line, for verifiers that do not hold a receipt.
    published = client.get("/ledger/witnesses")
    assert published.status_code == 200 and published["Content-Type"] == "text/plain; charset=utf-8"
    assert published.content.decode().splitlines() == [w["verifier_key"] for w in bundle["witnesses"]]


def test_the_bundle_proves_inclusion_in_the_latest_checkpoint(signed, hromada, append):
    append(hromada, 300, start=10)
    ledger_publish(hromada=hromada)

    bundle = receipt_bundle(personal_receipt=signed)

    assert bundle["tree_size"] == 309 and len(bundle["inclusion_proof"]) == merkle.inclusion_proof_size(
        5, 309
    )
    assert all(check.ok for check in receipt_verify(bundle, verifier_key=bundle["verifier_key"]))


# ----------------------------------------------------------------------------------- verification


def flip(text: str, position: int) -> str:
    """Change one base64 character in the middle of a string, keeping it valid and canonical."""
    replacement = "A" if text[position] != "A" else "B"
    return text[:position] + replacement + text[position + 1 :]


def tamper_entry(bundle):
    bundle["entry"] = bundle["entry"].replace('"petition":1', '"petition":7')


def tamper_proof(bundle):
    bundle["inclusion_proof"][0] = flip(bundle["inclusion_proof"][0], 10)


def tamper_signature(bundle):
    """Alter the log's own signature: the first line after the blank one (witnesses' lines follow)."""
    text, _, lines = bundle["checkpoint"].rpartition("\n\n")
    first, _, rest = lines.partition("\n")
    name, _, signature = first.rpartition(" ")
    bundle["checkpoint"] = f"{text}\n\n{name} {flip(signature, 20)}\n{rest}"


def tamper_root(bundle):
    origin, size, root, rest = bundle["checkpoint"].split("\n", 3)
    bundle["checkpoint"] = "\n".join([origin, size, flip(root, 5), rest])


def tamper_salt(bundle):
    bundle["person"]["salt"] = flip(bundle["person"]["salt"], 0)


def tamper_reference(bundle):
    bundle["person"]["reference"] = "accounts.user:999999"


def tamper_key(bundle):
    name, key_id, key = bundle["verifier_key"].split("+", 2)  # base64 may hold "+" too
    bundle["verifier_key"] = f"{name}+{key_id}+{flip(key, 10)}"


@pytest.mark.parametrize(
    ("tamper", "steps_failed"),
    [
        (tamper_entry, ["entry"]),
        (tamper_proof, ["inclusion"]),
        (tamper_signature, ["signature"]),
        # A different root is no longer the signed one, and the proof does not lead to it either.
        (tamper_root, ["signature", "inclusion"]),
        (tamper_salt, ["person"]),
        (tamper_reference, ["person"]),
    ],
)
def test_any_tampering_fails_exactly_the_step_it_touches(signed, tamper, steps_failed):
    bundle = receipt_bundle(personal_receipt=signed)
    tamper(bundle)

    assert failing(receipt_verify(bundle)) == steps_failed


def test_a_malformed_key_fails_the_key_and_leaves_the_signature_unchecked(signed):
    bundle = receipt_bundle(personal_receipt=signed)
    tamper_key(bundle)

    checks = receipt_verify(bundle)
    assert failing(checks) == ["key", "signature"]
    assert "malformed" in next(c.message for c in checks if c.step == "key")


def test_a_receipt_signed_with_another_key_than_the_trusted_one_fails(signed, hromada, other_hromada):
    bundle = receipt_bundle(personal_receipt=signed)
    other = sign_petition(other_hromada, signed.user)
    ledger_publish(hromada=other_hromada)
    other_key = receipt_bundle(personal_receipt=other)["verifier_key"]

    assert failing(receipt_verify(bundle, verifier_key=other_key)) == ["key"]
    # Swapping in the other log's key does not help either: its signature does not verify.
    bundle["verifier_key"], bundle["origin"] = other_key, "verbivka.localhost/ledger"
    assert failing(receipt_verify(bundle)) == ["signature"]


def test_a_file_that_is_not_a_receipt_fails_the_format_step(signed):
    assert failing(receipt_verify({"format": "something/1"})) == ["format"]
    assert failing(receipt_verify([1, 2])) == ["format"]


# ------------------------------------------------------------------------------------------- list


def test_rows_tell_which_receipts_are_covered(signed, hromada, resident):
    waiting = sign_petition(hromada, resident, 2, title="Signature under petition 2")

    rows = receipt_rows(hromada=hromada, receipts=list(receipts_of(user=resident, hromada=hromada)))

    assert [(r.receipt, r.index, r.covered) for r in rows] == [(waiting, None, False), (signed, 5, True)]
    ledger_integrate(hromada=hromada)
    (row,) = receipt_rows(hromada=hromada, receipts=[waiting])
    assert (row.index, row.covered) == (9, False)


# ------------------------------------------------------------------------------------------ pages


def test_my_receipts_lists_them_and_offers_downloads_of_covered_ones(client, signed, hromada, resident):
    waiting = sign_petition(hromada, resident, 2, title="Signature under petition 2")
    client.force_login(resident)

    page = client.get("/en/ledger/receipts/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "My receipts" in text and 'aria-current="page">My receipts' in text
    assert "Signature under petition 1" in text and "Signature under petition 2" in text
    assert f"/en/ledger/receipts/{signed.pk}/download/" in text
    assert f"/en/ledger/receipts/{waiting.pk}/download/" not in text
    assert "waiting for the next checkpoint (about 10 s)" in text
    assert 'hx-trigger="every 5s"' in text  # refreshes itself while one is waiting


def test_the_cabinet_links_to_my_receipts(client, signed, resident):
    client.force_login(resident)
    page = client.get("/en/cabinet/")
    assert page.status_code == 200
    assert 'href="/en/ledger/receipts/"' in page.content.decode()


def test_the_owner_downloads_the_receipt_never_cached(client, signed, resident):
    client.force_login(resident)

    response = client.get(f"/ledger/receipts/{signed.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == 'attachment; filename="receipt-svitlohirsk-5.json"'
    bundle = json.loads(response.content)
    assert bundle == receipt_bundle(personal_receipt=signed)
    assert all(check.ok for check in receipt_verify(bundle))


def test_nobody_else_gets_the_download(client, signed, make_user, other_hromada):
    url = f"/ledger/receipts/{signed.pk}/download/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    client.force_login(make_user())
    assert client.get(url).status_code == 404
    assert client.get("/ledger/receipts/999999/download/").status_code == 404

    client.force_login(signed.user)  # the owner, but on another hromada's host
    assert client.get(url, HTTP_HOST="verbivka.localhost").status_code == 404
    assert client.post(url).status_code == 405


def test_a_pending_receipt_is_not_downloaded_yet(client, hromada, resident):
    personal = sign_petition(hromada, resident)
    client.force_login(resident)

    response = client.get(f"/en/ledger/receipts/{personal.pk}/download/", follow=True)

    assert response.redirect_chain == [("/en/ledger/receipts/", 302)]
    assert "waiting for the next checkpoint (about 10 s)" in response.content.decode()


def test_the_verify_page_is_public_and_loads_its_script(client, hromada):
    response = client.get("/en/ledger/verify/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "Verify a receipt" in text
    assert '<script src="/static/hromada/verify-receipt.js" defer></script>' in text
    assert '<script id="verify-messages" type="application/json">' in text
    for step in STEPS:
        assert f'data-step="{step}"' in text
    assert client.get("/ledger/verify/").status_code == 200
