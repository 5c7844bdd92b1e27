"""Signed notes: Go's sumdb/note vectors and the C2SP example as oracles, then properties."""

import base64
import hashlib
import json
import struct
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from hypothesis import given, settings
from hypothesis import strategies as st

from hromada.ledger.note import (
    MAX_SIGNATURES,
    AmbiguousVerifierError,
    CosignatureSigner,
    CosignatureVerifier,
    InvalidKeyError,
    InvalidSignatureError,
    MalformedNoteError,
    NoteError,
    NoteTooLargeError,
    Signature,
    Signer,
    UnverifiedNoteError,
    Verifier,
    generate_cosigner,
    generate_signer,
    is_valid_key_name,
    key_id,
    open_note,
    parse_note,
    sign_note,
    verifier_from_key,
)

DATA_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "transparency-log"
VECTORS_FILE = DATA_DIR / "signed_note_checkpoint_vectors.json"


def _vectors() -> dict[str, Any]:
    if not VECTORS_FILE.exists():
        pytest.skip(f"reference data not found at {DATA_DIR}; CI provides ../shared/data")
    return json.loads(VECTORS_FILE.read_text(encoding="utf-8"))


def _note_cases(kind: str) -> list[Any]:
    if not VECTORS_FILE.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"reference data not found at {DATA_DIR}"))]
    cases = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))["note_cases"]
    return [pytest.param(case, id=case["id"]) for case in cases if case["kind"] == kind]


def _case_bytes(case: dict[str, Any]) -> bytes:
    if "note_bytes_base64" in case:
        return base64.b64decode(case["note_bytes_base64"])
    return case["note_text"].encode("utf-8")


ERRORS_BY_GO_MESSAGE = {
    "malformed note": MalformedNoteError,
    "note has no verifiable signatures": UnverifiedNoteError,
    "invalid signature for key": InvalidSignatureError,
}

TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"

# Fixed keys for the properties (key generation is not what they test).
ALICE = Signer.from_key(generate_signer("hromada.example/ledger")[0])
BOB = Signer.from_key(generate_signer("witness.example/bob")[0])
CAROL = Signer.from_key(generate_signer("carol")[0])


# --------------------------------------------------------------------------- reference vectors


@pytest.mark.parametrize("case", _note_cases("sign"))
def test_go_signing_vector_is_reproduced_byte_for_byte(case):
    signer = Signer.from_key(case["signer_key"])

    note = sign_note(case["text"], [signer])

    assert note == case["expected_signed_note"].encode("utf-8")
    assert signer.verifier_key == case["verifier_key"]
    assert open_note(note, [Verifier.from_key(case["verifier_key"])]).text == case["text"]


@pytest.mark.parametrize("case", _note_cases("open"))
def test_go_and_c2sp_open_vectors_give_the_expected_outcome(case):
    verifiers = [verifier_from_key(key) for key in case["verifier_keys"]]

    if case["expect_error"]:
        expected = ERRORS_BY_GO_MESSAGE[
            next(m for m in ERRORS_BY_GO_MESSAGE if case["expected_error"].startswith(m))
        ]
        with pytest.raises(expected) as caught:
            open_note(_case_bytes(case), verifiers)
        assert str(caught.value).startswith(case["expected_error"])
        return

    note = open_note(_case_bytes(case), verifiers)

    assert [s.name for s in note.signatures] == case["expected_verified_signers"]
    assert [s.name for s in note.unverified_signatures] == case.get("expected_unverified_signers", [])
    if "expected_text" in case:
        assert note.text == case["expected_text"]


@pytest.mark.parametrize("case", _note_cases("parse_verifier_key"))
def test_go_verifier_key_vectors(case):
    for key in case["valid"]:
        assert Verifier.from_key(key).key == key
    for key in case["invalid"]:
        with pytest.raises(InvalidKeyError):
            Verifier.from_key(key)


@pytest.mark.parametrize("case", _note_cases("parse_verifier_key"))
def test_every_proper_substring_and_single_byte_increment_of_a_verifier_key_is_refused(case):
    key = case["valid"][0]
    substrings = {key[i:j] for i in range(len(key)) for j in range(i, len(key) + 1)} - {key}
    increments = {key[:i] + chr(ord(key[i]) + 1) + key[i + 1 :] for i in range(len(key))}

    for broken in sorted(substrings | increments):
        with pytest.raises(InvalidKeyError):
            Verifier.from_key(broken)


def test_sum_golang_org_checkpoints_verify_as_notes():
    vectors = _vectors()
    verifier = Verifier.from_key(vectors["sum_golang_org_verifier_key"]["key"])

    for case in vectors["real_checkpoints_sum_golang_org"]:
        if case["expect_error"]:
            with pytest.raises(InvalidSignatureError):
                open_note(_case_bytes(case), [verifier])
        else:
            note = open_note(_case_bytes(case), [verifier])
            assert [s.name for s in note.signatures] == ["sum.golang.org"]
            assert note.text.startswith(case["expected"]["origin"] + "\n")


def test_key_id_follows_the_c2sp_formula():
    key = Verifier.from_key("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
    digest = hashlib.sha256(b"PeterNeumann\n\x01" + key.public_key).digest()

    assert key.key_id == 0xC74F20A3 == int.from_bytes(digest[:4], "big")
    assert key_id("PeterNeumann", b"\x01" + key.public_key) == key.key_id


# --------------------------------------------------------------------------- keys


def test_generated_keys_round_trip_through_their_strings():
    skey, vkey = generate_signer("hromada.example/ledger")

    signer = Signer.from_key(skey)

    assert skey.startswith("PRIVATE+KEY+hromada.example/ledger+")
    assert signer.verifier_key == vkey
    assert Verifier.from_key(vkey) == signer.verifier()
    assert base64.b64decode(vkey.split("+", 2)[2])[0] == 0x01


@pytest.mark.parametrize(
    "name", ["", "a b", "a+b", "tab\there", "nbsp\u00a0here", "ideographic\u3000space", "a\nb"]
)
def test_invalid_key_names_are_refused(name):
    assert not is_valid_key_name(name)
    with pytest.raises(InvalidKeyError):
        generate_signer(name)


def test_a_signer_key_with_a_wrong_key_id_is_refused():
    skey, _ = generate_signer("example.com/log")
    private, marker, name, hash_hex, key64 = skey.split("+", 4)
    wrong = f"{int(hash_hex, 16) ^ 1:08x}"

    with pytest.raises(InvalidKeyError):
        Signer.from_key(f"{private}+{marker}+{name}+{wrong}+{key64}")


@pytest.mark.parametrize(
    "skey",
    [
        "PRIVATE+KEY+PeterNeumann+c74f20a3",
        "PRIVATE+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PRIVATE+KEY+PeterNeumann+0xc74f20+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDF",
    ],
)
def test_malformed_signer_keys_are_refused(skey):
    with pytest.raises(InvalidKeyError):
        Signer.from_key(skey)


def test_a_cosignature_key_is_not_an_ed25519_note_key():
    skey, vkey = generate_cosigner("witness.example/w1")

    with pytest.raises(InvalidKeyError):
        Signer.from_key(skey)
    with pytest.raises(InvalidKeyError):
        Verifier.from_key(vkey)
    assert isinstance(verifier_from_key(vkey), CosignatureVerifier)


def test_duplicate_names_and_key_ids_among_verifiers_are_refused():
    first = Verifier("same", bytes(32))
    impostor = Verifier("same", bytes(31) + b"\x01")
    impostor.key_id = first.key_id
    note = sign_note(TEXT, [ALICE])

    with pytest.raises(AmbiguousVerifierError):
        open_note(note, [first, impostor, ALICE.verifier()])


# --------------------------------------------------------------------------- properties

note_lines = st.text(alphabet=st.characters(min_codepoint=0x20, exclude_categories=["Cs"]), max_size=40)
note_texts = st.lists(note_lines, min_size=1, max_size=6).map(lambda lines: "\n".join(lines) + "\n")
signer_sets = st.lists(st.sampled_from([ALICE, BOB, CAROL]), min_size=1, max_size=3, unique=True)


@given(text=note_texts, signers=signer_sets)
def test_sign_then_open_returns_the_text_and_every_signer(text, signers):
    note = sign_note(text, signers)

    opened = open_note(note, [s.verifier() for s in signers])

    assert opened.text == text
    assert [(s.name, s.key_id) for s in opened.signatures] == [(s.name, s.key_id) for s in signers]
    assert opened.unverified_signatures == ()


@settings(max_examples=300)
@given(text=note_texts, data=st.data())
def test_any_changed_byte_is_refused(text, data):
    note = sign_note(text, [ALICE])
    position = data.draw(st.integers(0, len(note) - 1), label="position")
    replacement = data.draw(st.integers(0, 255).filter(lambda b: b != note[position]), label="byte")
    changed = note[:position] + bytes([replacement]) + note[position + 1 :]

    with pytest.raises(NoteError):
        open_note(changed, [ALICE.verifier()])


@given(text=note_texts)
def test_signatures_of_unknown_keys_are_kept_unverified(text):
    note = sign_note(text, [ALICE, BOB, CAROL])

    opened = open_note(note, [BOB.verifier()])

    assert [s.name for s in opened.signatures] == [BOB.name]
    assert [(s.name, s.key_id) for s in opened.unverified_signatures] == [
        (ALICE.name, ALICE.key_id),
        (CAROL.name, CAROL.key_id),
    ]


@given(text=note_texts)
def test_a_note_signed_only_by_unknown_keys_is_refused_but_parsed(text):
    note = sign_note(text, [CAROL])

    with pytest.raises(UnverifiedNoteError) as caught:
        open_note(note, [ALICE.verifier()])

    assert caught.value.note.text == text
    assert [s.name for s in caught.value.note.unverified_signatures] == [CAROL.name]


def test_a_known_key_with_the_same_name_but_another_id_is_treated_as_unknown():
    twin = Signer.from_key(generate_signer(ALICE.name)[0])
    note = sign_note(TEXT, [twin, BOB])

    opened = open_note(note, [ALICE.verifier(), BOB.verifier()])

    assert [s.name for s in opened.signatures] == [BOB.name]
    assert [s.key_id for s in opened.unverified_signatures] == [twin.key_id]


def test_a_bad_signature_from_a_known_key_refuses_the_whole_note_even_with_a_good_one():
    good = sign_note(TEXT, [BOB])
    forged = Signature(ALICE.name, ALICE.key_id, bytes(64)).line().encode()

    with pytest.raises(InvalidSignatureError, match=ALICE.name):
        open_note(good + forged, [ALICE.verifier(), BOB.verifier()])


def test_repeated_signature_lines_count_once():
    note = sign_note(TEXT, [ALICE, CAROL])
    lines = note.split(b"\n\n")[1]

    opened = open_note(note + lines, [ALICE.verifier()])

    assert len(opened.signatures) == 1
    assert len(opened.unverified_signatures) == 1


def test_text_may_contain_blank_lines_the_last_one_separates_the_signatures():
    text = "first\n\nsecond\n\n"

    opened = open_note(sign_note(text, [ALICE]), [ALICE.verifier()])

    assert opened.text == text


def _signed_parts() -> tuple[bytes, bytes]:
    note = sign_note(TEXT, [ALICE])
    text, _, signatures = note.rpartition(b"\n\n")
    return text + b"\n", signatures


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda text, sigs: text + sigs, id="missing-blank-line"),
        pytest.param(lambda text, sigs: text + b"\n" + sigs[:-1], id="no-final-newline"),
        pytest.param(lambda text, sigs: text + b"\n", id="no-signature-line"),
        pytest.param(lambda text, sigs: text.replace(b"\n", b"\r\n", 1) + b"\n" + sigs, id="cr-in-text"),
        pytest.param(lambda text, sigs: text + b"\n" + sigs[:-1] + b"\r\n", id="cr-in-signatures"),
        pytest.param(lambda text, sigs: b"\t" + text + b"\n" + sigs, id="tab"),
        pytest.param(lambda text, sigs: text + b"\n" + sigs.replace(b"\xe2\x80\x94", b"--"), id="ascii-dash"),
        pytest.param(
            lambda text, sigs: text + b"\n" + sigs.replace(b"\xe2\x80\x94 ", b"\xe2\x80\x94"), id="no-space"
        ),
        pytest.param(lambda text, sigs: text + b"\n" + sigs[:-2] + b"!\n", id="bad-base64"),
        pytest.param(lambda text, sigs: text + b"\n" + sigs[:-3] + b"\n", id="truncated-base64"),
        pytest.param(
            lambda text, sigs: (
                text + b"\n" + sigs.split(b" ")[0] + b" " + sigs.split(b" ")[1] + b" AAAAAA==\n"
            ),
            id="too-short-signature",
        ),
        pytest.param(
            lambda text, sigs: text + b"\n" + sigs.split(b" ")[0] + b" " + sigs.split(b" ")[1] + b"\n",
            id="no-signature",
        ),
        pytest.param(lambda text, sigs: text + b"\n" + sigs + b"extra\n", id="trailing-line"),
        pytest.param(lambda text, sigs: b"\xff" + text + b"\n" + sigs, id="invalid-utf8"),
        pytest.param(lambda text, sigs: b"\xed\xa0\x80" + text + b"\n" + sigs, id="encoded-surrogate"),
    ],
)
def test_malformed_notes_are_refused(mutate):
    text, signatures = _signed_parts()

    with pytest.raises(MalformedNoteError):
        open_note(mutate(text, signatures), [ALICE.verifier()])


def test_non_canonical_base64_is_refused():
    text, signatures = _signed_parts()
    encoded = signatures.rstrip(b"\n").rsplit(b" ", 1)[1]
    # 68 bytes -> one padding character; the last data character carries 2 unused (zero) bits.
    assert encoded.endswith(b"=") and not encoded.endswith(b"==")
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    index = alphabet.index(encoded[-2:-1]) ^ 1
    sloppy = encoded[:-2] + alphabet[index : index + 1] + b"="
    assert base64.b64decode(sloppy) == base64.b64decode(encoded)

    with pytest.raises(MalformedNoteError):
        open_note(text + b"\n" + signatures.replace(encoded, sloppy), [ALICE.verifier()])


def test_notes_above_the_size_limit_are_refused_before_parsing():
    note = sign_note(TEXT, [ALICE])

    with pytest.raises(NoteTooLargeError):
        open_note(note, [ALICE.verifier()], max_size=len(note) - 1)
    assert open_note(note, [ALICE.verifier()], max_size=len(note)).text == TEXT


def test_sixteen_signatures_are_accepted_and_more_than_a_hundred_refused():
    extra = [Signature(f"other{i}", i, bytes(64)) for i in range(MAX_SIGNATURES)]
    note16 = sign_note(TEXT, [ALICE], existing=extra[:15])

    assert len(open_note(note16, [ALICE.verifier()]).unverified_signatures) == 15
    with pytest.raises(MalformedNoteError):
        sign_note(TEXT, [ALICE], existing=extra)
    note100 = sign_note(TEXT, [ALICE], existing=extra[:99])
    with pytest.raises(MalformedNoteError):
        open_note(note100 + extra[99].line().encode(), [ALICE.verifier()])


@pytest.mark.parametrize("text", ["no final newline", "", "carriage\r\n", "nul\x00\n", "lone \ud800\n"])
def test_texts_that_could_not_be_opened_are_not_signed(text):
    with pytest.raises(MalformedNoteError):
        sign_note(text, [ALICE])


def test_a_note_needs_a_signer():
    with pytest.raises(ValueError, match="at least one signature"):
        sign_note(TEXT, [])


def test_existing_signatures_follow_the_new_ones_and_a_re_signing_key_replaces_its_own():
    stale = Signature(ALICE.name, ALICE.key_id, bytes(64))
    bob = Signature(BOB.name, BOB.key_id, BOB.sign(TEXT.encode()))

    note = sign_note(TEXT, [ALICE], existing=[stale, bob])

    _, signatures = parse_note(note)
    assert [s.name for s in signatures] == [ALICE.name, BOB.name]
    assert open_note(note, [ALICE.verifier(), BOB.verifier()]).text == TEXT


def test_signature_lines_round_trip():
    signature = Signature(ALICE.name, ALICE.key_id, ALICE.sign(TEXT.encode()))

    assert Signature.from_line(signature.line()) == signature
    assert signature.line().startswith("\u2014 hromada.example/ledger ")


# --------------------------------------------------------------------------- cosignatures

WITNESS_KEY, WITNESS_VKEY = generate_cosigner("witness.example/w1")
CHECKPOINT_TEXT = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"


def test_cosignature_verifies_and_carries_its_timestamp():
    witness = CosignatureSigner.from_key(WITNESS_KEY, clock=lambda: 1679315147)
    log_signed = sign_note(CHECKPOINT_TEXT, [ALICE])

    cosigned = sign_note(CHECKPOINT_TEXT, [witness], existing=parse_note(log_signed)[1])
    opened = open_note(cosigned, [ALICE.verifier(), CosignatureVerifier.from_key(WITNESS_VKEY)])

    assert [(s.name, s.timestamp) for s in opened.signatures] == [
        ("witness.example/w1", 1679315147),
        (ALICE.name, None),
    ]


def test_cosignature_bytes_are_a_big_endian_time_and_an_ed25519_signature_of_the_spec_message():
    witness = CosignatureSigner.from_key(WITNESS_KEY)

    raw = witness.sign_at(CHECKPOINT_TEXT.encode(), timestamp=1679315147)

    assert len(raw) == 72
    assert struct.unpack(">Q", raw[:8]) == (1679315147,)
    message = b"cosignature/v1\ntime 1679315147\n" + CHECKPOINT_TEXT.encode()
    Ed25519PublicKey.from_public_bytes(witness.public_key).verify(raw[8:], message)


def test_cosignature_key_id_uses_type_0x04():
    verifier = CosignatureVerifier.from_key(WITNESS_VKEY)
    typed = base64.b64decode(WITNESS_VKEY.split("+", 2)[2])

    assert typed[0] == 0x04
    expected = hashlib.sha256(b"witness.example/w1\n\x04" + verifier.public_key).digest()[:4]
    assert verifier.key_id == int.from_bytes(expected, "big")


def test_a_witness_published_as_a_plain_ed25519_key_gets_the_cosignature_key_id():
    skey, vkey = generate_signer("witness.example/w2")
    plain = Verifier.from_key(vkey)

    cosigner = CosignatureSigner.from_key(skey, clock=lambda: 42)
    verifier = CosignatureVerifier.from_key(vkey)

    assert verifier.public_key == plain.public_key
    assert verifier.key_id != plain.key_id
    assert verifier.key_id == cosigner.key_id
    note = sign_note(CHECKPOINT_TEXT, [cosigner])
    assert open_note(note, [verifier]).signatures[0].timestamp == 42


def test_spec_example_cosignature_line_encodes_its_time_big_endian():
    # c2sp.org/tlog-cosignature example; its signed message shows "time 1679315147".
    line = (
        "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2"
        "oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
    )
    signature = Signature.from_line(line)

    assert signature.key_id == 0x8D66CF3F
    verifier = CosignatureVerifier("witness.example.com/w1", bytes(32))
    assert verifier.signature_timestamp(signature.signature) == 1679315147


def test_a_cosignature_with_a_changed_timestamp_does_not_verify():
    witness = CosignatureSigner.from_key(WITNESS_KEY, clock=lambda: 1000)
    raw = witness.sign(CHECKPOINT_TEXT.encode())
    shifted = struct.pack(">Q", 1001) + raw[8:]
    note = CHECKPOINT_TEXT.encode() + b"\n" + Signature(witness.name, witness.key_id, shifted).line().encode()

    with pytest.raises(InvalidSignatureError):
        open_note(note, [witness.verifier()])


def test_a_plain_ed25519_signature_is_not_a_cosignature():
    skey, vkey = generate_signer("witness.example/w3")
    plain = Signer.from_key(skey)
    cosigner_verifier = CosignatureVerifier.from_key(vkey)
    forged = Signature(plain.name, cosigner_verifier.key_id, plain.sign(CHECKPOINT_TEXT.encode()))

    with pytest.raises(InvalidSignatureError):
        open_note(CHECKPOINT_TEXT.encode() + b"\n" + forged.line().encode(), [cosigner_verifier])


def test_cosignature_timestamps_above_2_63_are_refused():
    witness = CosignatureSigner.from_key(WITNESS_KEY)

    with pytest.raises(ValueError):
        witness.sign_at(CHECKPOINT_TEXT.encode(), timestamp=2**63)
