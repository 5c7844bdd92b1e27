"""Checkpoints: real sum.golang.org checkpoints and transparency-dev parse cases, then the witness rules."""

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hromada.ledger.checkpoint import (
    MAX_PROOF_LINES,
    MAX_TREE_SIZE,
    AddCheckpointRequest,
    Checkpoint,
    CheckpointError,
    format_add_checkpoint_request,
    open_checkpoint,
    parse_add_checkpoint_request,
    parse_add_checkpoint_response,
    sign_checkpoint,
    witness_add_checkpoint,
)
from hromada.ledger.note import (
    CosignatureSigner,
    InvalidSignatureError,
    MalformedNoteError,
    Signature,
    Signer,
    UnverifiedNoteError,
    Verifier,
    generate_cosigner,
    generate_signer,
    parse_note,
    sign_note,
)

DATA_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "transparency-log"
VECTORS_FILE = DATA_DIR / "signed_note_checkpoint_vectors.json"


def _vectors() -> dict[str, Any]:
    if not VECTORS_FILE.exists():
        pytest.skip(f"reference data not found at {DATA_DIR}; CI provides ../shared/data")
    return json.loads(VECTORS_FILE.read_text(encoding="utf-8"))


def _params(*path: str) -> list[Any]:
    if not VECTORS_FILE.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"reference data not found at {DATA_DIR}"))]
    node: Any = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))
    for key in path:
        node = node[key]
    return [pytest.param(case, id=case.get("id") or case.get("desc")) for case in node]


ORIGIN = "hromada.example/ledger"
ROOT = hashlib.sha256(b"root").digest()
OTHER_ROOT = hashlib.sha256(b"other root").digest()
URLSAFE_ROOT = base64.urlsafe_b64encode(bytes([0xFF] * 32)).decode()
LOG = Signer.from_key(generate_signer(ORIGIN)[0])
WITNESS_1 = CosignatureSigner.from_key(
    generate_cosigner("witness.example/w1")[0], clock=lambda: 1_700_000_000
)
WITNESS_2 = CosignatureSigner.from_key(
    generate_cosigner("witness.example/w2")[0], clock=lambda: 1_700_000_500
)


# --------------------------------------------------------------------------- reference vectors


@pytest.mark.parametrize("case", _params("real_checkpoints_sum_golang_org"))
def test_real_sum_golang_org_checkpoints_open_with_the_published_key(case):
    verifier = Verifier.from_key(case["verifier_keys"][0])
    data = case["note_text"].encode("utf-8")

    if case["expect_error"]:
        with pytest.raises(InvalidSignatureError):
            open_checkpoint(data, verifier)
        return

    opened = open_checkpoint(data, verifier, origin="go.sum database tree")

    expected = case["expected"]
    assert opened.checkpoint.origin == expected["origin"]
    assert opened.checkpoint.size == expected["size"]
    assert opened.checkpoint.root_hash == base64.b64decode(expected["root_hash_base64"])
    assert opened.checkpoint.format() == opened.note.text
    assert opened.cosignatures == ()


def test_c2sp_checkpoint_example_parses():
    example = _vectors()["c2sp_checkpoint_format_example"]
    text, signatures = parse_note(example["note_text"].encode("utf-8"))

    checkpoint = Checkpoint.parse(text)

    assert (checkpoint.origin, checkpoint.size) == (
        example["expected"]["origin"],
        example["expected"]["size"],
    )
    assert base64.b64encode(checkpoint.root_hash).decode() == example["expected"]["root_hash_base64"]
    assert [s.name for s in signatures] == ["example.com/behind-the-sofa"]


def test_go_sumdb_tree_note_golden_body():
    golden = _vectors()["go_sumdb_tree_note"]
    fmt = golden["format"]
    record_hash = hashlib.sha256(b"\x00" + fmt["root_is_record_hash_of_utf8"].encode()).digest()

    checkpoint = Checkpoint("go.sum database tree", fmt["size"], record_hash)

    assert checkpoint.format() == fmt["expected_body"]
    assert Checkpoint.parse(fmt["expected_body"]) == checkpoint


def test_go_sumdb_invalid_tree_notes():
    bodies = _vectors()["go_sumdb_tree_note"]["invalid_bodies"]
    wrong_origin, hex_size, bad_hash = bodies

    # Any origin is a valid checkpoint origin; Go's sumdb rejects this one because it pins the
    # origin, which is what open_checkpoint(origin=...) does.
    assert Checkpoint.parse(wrong_origin).origin != "go.sum database tree"
    for body in (hex_size, bad_hash):
        with pytest.raises(CheckpointError):
            Checkpoint.parse(body)


@pytest.mark.parametrize("case", _params("checkpoint_body_parse_cases", "cases"))
def test_transparency_dev_parse_cases(case):
    if case["expect_error"]:
        with pytest.raises(CheckpointError):
            Checkpoint.parse(case["body"])
        return

    # These upstream cases use short "hashes" ("bananas"); tlog-checkpoint roots are RFC 6962 SHA-256
    # roots, so we refuse them, then check every other field with a real 32-byte root in their place.
    with pytest.raises(CheckpointError, match="32 bytes"):
        Checkpoint.parse(case["body"])
    origin, size, root, rest = case["body"].split("\n", 3)
    assert base64.b64decode(root) == case["expected"]["hash_utf8"].encode()
    body = "\n".join([origin, size, base64.b64encode(ROOT).decode(), rest])
    if "\n\n" in case["expected_rest"] or case["expected_rest"].startswith("\n"):
        # Upstream keeps empty "extension" lines; the spec says extension lines MUST be non-empty.
        with pytest.raises(CheckpointError, match="empty"):
            Checkpoint.parse(body)
        return

    checkpoint = Checkpoint.parse(body)

    assert (checkpoint.origin, checkpoint.size) == (case["expected"]["origin"], case["expected"]["size"])
    assert "".join(f"{line}\n" for line in checkpoint.extensions) == case["expected_rest"]


@pytest.mark.parametrize("case", _params("checkpoint_body_parse_cases", "marshal_cases"))
def test_transparency_dev_marshal_cases(case):
    fields = case["checkpoint"]
    short_hash = fields["hash_utf8"].encode()

    with pytest.raises(CheckpointError, match="32 bytes"):
        Checkpoint(fields["origin"], fields["size"], short_hash)
    expected = case["expected_body"].replace(
        base64.b64encode(short_hash).decode(), base64.b64encode(ROOT).decode()
    )
    assert Checkpoint(fields["origin"], fields["size"], ROOT).format() == expected


# --------------------------------------------------------------------------- format and parse

line_text = st.text(
    alphabet=st.characters(min_codepoint=0x20, exclude_categories=["Cs"]), min_size=1, max_size=30
)
checkpoints = st.builds(
    Checkpoint,
    origin=line_text,
    size=st.integers(0, MAX_TREE_SIZE),
    root_hash=st.binary(min_size=32, max_size=32),
    extensions=st.lists(line_text, max_size=3).map(tuple),
)


@given(checkpoint=checkpoints)
def test_format_then_parse_round_trips(checkpoint):
    text = checkpoint.format()

    assert Checkpoint.parse(text) == checkpoint
    assert text.count("\n") == 3 + len(checkpoint.extensions)
    assert text.endswith("\n")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"log\n0123\n{base64.b64encode(ROOT).decode()}\n", id="leading-zero"),
        pytest.param(f"log\n00\n{base64.b64encode(ROOT).decode()}\n", id="double-zero"),
        pytest.param(f"log\n+5\n{base64.b64encode(ROOT).decode()}\n", id="plus-sign"),
        pytest.param(f"log\n 5\n{base64.b64encode(ROOT).decode()}\n", id="space"),
        pytest.param(f"log\n1_000\n{base64.b64encode(ROOT).decode()}\n", id="underscore"),
        pytest.param(f"log\n\u0663\n{base64.b64encode(ROOT).decode()}\n", id="arabic-indic-digit"),
        pytest.param(f"log\n{2**64}\n{base64.b64encode(ROOT).decode()}\n", id="size-2-64"),
        pytest.param(f"log\n5\n{base64.b64encode(ROOT).decode()}", id="missing-trailing-newline"),
        pytest.param(f"log\n5\n{base64.b64encode(ROOT[:31]).decode()}\n", id="root-31-bytes"),
        pytest.param(f"log\n5\n{base64.b64encode(ROOT + b'x').decode()}\n", id="root-33-bytes"),
        pytest.param(f"log\n5\n{base64.b64encode(ROOT).decode().rstrip('=')}\n", id="root-unpadded"),
        pytest.param(f"log\n5\n{URLSAFE_ROOT}\n", id="root-base64url"),
        pytest.param(f"log\n5\n{base64.b64encode(ROOT).decode()}\n\n", id="empty-extension"),
        pytest.param(f"\n5\n{base64.b64encode(ROOT).decode()}\n", id="empty-origin"),
        pytest.param(f"lo\rg\n5\n{base64.b64encode(ROOT).decode()}\n", id="cr-in-origin"),
        pytest.param("log\n5\n", id="two-lines"),
    ],
)
def test_parse_refuses_what_the_spec_forbids(text):
    with pytest.raises(CheckpointError):
        Checkpoint.parse(text)


def test_parse_refuses_a_root_with_non_canonical_base64():
    encoded = base64.b64encode(ROOT).decode()  # 32 bytes: one "=", two unused bits in the last character
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    sloppy = encoded[:-2] + alphabet[alphabet.index(encoded[-2]) ^ 1] + "="

    with pytest.raises(CheckpointError, match="canonical"):
        Checkpoint.parse(f"log\n5\n{sloppy}\n")


def test_extreme_sizes_are_accepted():
    for size in (0, 1, MAX_TREE_SIZE):
        assert Checkpoint.parse(Checkpoint("log", size, ROOT).format()).size == size


def test_an_origin_with_spaces_is_allowed_because_clients_must_not_assume_its_form():
    assert (
        Checkpoint.parse(Checkpoint("go.sum database tree", 1, ROOT).format()).origin
        == "go.sum database tree"
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"origin": "", "size": 1, "root_hash": ROOT},
        {"origin": "a\nb", "size": 1, "root_hash": ROOT},
        {"origin": "log", "size": -1, "root_hash": ROOT},
        {"origin": "log", "size": True, "root_hash": ROOT},
        {"origin": "log", "size": 1, "root_hash": ROOT[:16]},
        {"origin": "log", "size": 1, "root_hash": ROOT, "extensions": ("",)},
        {"origin": "log", "size": 1, "root_hash": ROOT, "extensions": ("two\nlines",)},
    ],
)
def test_checkpoint_fields_are_validated(kwargs):
    with pytest.raises(CheckpointError):
        Checkpoint(**kwargs)


# --------------------------------------------------------------------------- signed checkpoints


def test_signed_checkpoint_opens_with_witness_cosignatures_and_their_times():
    checkpoint = Checkpoint(ORIGIN, 42, ROOT)
    text = checkpoint.format().encode()
    cosignatures = [Signature(w.name, w.key_id, w.sign(text)) for w in (WITNESS_1, WITNESS_2)]

    data = sign_checkpoint(checkpoint, LOG, cosignatures=cosignatures)
    opened = open_checkpoint(
        data, LOG.verifier(), [WITNESS_1.verifier(), WITNESS_2.verifier()], origin=ORIGIN
    )

    assert opened.checkpoint == checkpoint
    assert opened.witnesses == ("witness.example/w1", "witness.example/w2")
    assert [c.timestamp for c in opened.cosignatures] == [1_700_000_000, 1_700_000_500]
    assert data.decode().split("\n\n")[1].startswith(f"— {ORIGIN} ")


def test_unconfigured_witnesses_are_ignored():
    checkpoint = Checkpoint(ORIGIN, 42, ROOT)
    cosignature = Signature(WITNESS_2.name, WITNESS_2.key_id, WITNESS_2.sign(checkpoint.format().encode()))

    opened = open_checkpoint(sign_checkpoint(checkpoint, LOG, cosignatures=[cosignature]), LOG.verifier())

    assert opened.witnesses == ()
    assert [s.name for s in opened.note.unverified_signatures] == [WITNESS_2.name]


def test_a_checkpoint_cosigned_but_not_signed_by_the_log_is_refused():
    checkpoint_text = Checkpoint(ORIGIN, 42, ROOT).format()
    data = sign_note(checkpoint_text, [WITNESS_1])

    with pytest.raises(UnverifiedNoteError, match="not signed by"):
        open_checkpoint(data, LOG.verifier(), [WITNESS_1.verifier()])


def test_a_bad_cosignature_from_a_configured_witness_refuses_the_checkpoint():
    checkpoint = Checkpoint(ORIGIN, 42, ROOT)
    other_text = Checkpoint(ORIGIN, 43, ROOT).format().encode()
    wrong = Signature(WITNESS_1.name, WITNESS_1.key_id, WITNESS_1.sign(other_text))

    with pytest.raises(InvalidSignatureError):
        open_checkpoint(
            sign_checkpoint(checkpoint, LOG, cosignatures=[wrong]), LOG.verifier(), [WITNESS_1.verifier()]
        )


def test_a_pinned_origin_must_match():
    data = sign_checkpoint(Checkpoint("elsewhere.example/log", 1, ROOT), LOG)

    with pytest.raises(CheckpointError, match="origin"):
        open_checkpoint(data, LOG.verifier(), origin=ORIGIN)


def test_a_signed_note_that_is_not_a_checkpoint_is_refused():
    data = sign_note("just some text\n", [LOG])

    with pytest.raises(CheckpointError):
        open_checkpoint(data, LOG.verifier())


# --------------------------------------------------------------------------- tlog-witness add-checkpoint


class WitnessState:
    """The witness's record of the latest cosigned checkpoint per origin, and the proof checks made."""

    def __init__(self, latest: dict[str, tuple[int, bytes]] | None = None, proof_ok: bool = True) -> None:
        self.latest = dict(latest or {})
        self.proof_ok = proof_ok
        self.proof_checks: list[tuple[int, int, list[bytes], bytes, bytes]] = []

    def latest_cosigned(self, origin: str) -> tuple[int, bytes] | None:
        return self.latest.get(origin)

    def verify_consistency(
        self, first: int, second: int, proof: list[bytes], first_root: bytes, second_root: bytes
    ):
        self.proof_checks.append((first, second, proof, first_root, second_root))
        if not self.proof_ok:
            raise ValueError("consistency proof does not verify")


def _request(old: int, size: int, root: bytes = ROOT, proof: tuple[bytes, ...] = (), signer=LOG) -> bytes:
    signed = sign_checkpoint(Checkpoint(ORIGIN, size, root), signer)
    return format_add_checkpoint_request(old_size=old, proof=proof, signed_checkpoint=signed)


def _add(request: bytes, state: WitnessState, *, log_verifiers=None, cosigner=WITNESS_1):
    return witness_add_checkpoint(
        request,
        log_verifiers=log_verifiers if log_verifiers is not None else {ORIGIN: LOG.verifier()},
        latest_cosigned=state.latest_cosigned,
        verify_consistency=state.verify_consistency,
        cosigner=cosigner,
        now=1_700_000_123,
    )


PROOF = (hashlib.sha256(b"p1").digest(), hashlib.sha256(b"p2").digest())


def test_first_checkpoint_of_a_log_is_cosigned_and_the_log_can_attach_the_cosignature():
    state = WitnessState()
    request = _request(0, 10)

    response = _add(request, state)

    assert response.status == 200
    assert response.checkpoint == Checkpoint(ORIGIN, 10, ROOT)
    cosignatures = parse_add_checkpoint_response(response.body)
    data = sign_checkpoint(response.checkpoint, LOG, cosignatures=cosignatures)
    opened = open_checkpoint(data, LOG.verifier(), [WITNESS_1.verifier()])
    assert [(c.name, c.timestamp) for c in opened.cosignatures] == [("witness.example/w1", 1_700_000_123)]
    assert state.proof_checks == []


def test_a_consistent_checkpoint_is_cosigned_after_the_proof_is_checked_against_the_stored_root():
    state = WitnessState({ORIGIN: (10, OTHER_ROOT)})

    response = _add(_request(10, 20, proof=PROOF), state)

    assert response.status == 200
    assert state.proof_checks == [(10, 20, list(PROOF), OTHER_ROOT, ROOT)]


def test_a_proof_that_does_not_verify_gets_422_and_keeps_the_checkpoint_as_evidence():
    state = WitnessState({ORIGIN: (10, OTHER_ROOT)}, proof_ok=False)

    response = _add(_request(10, 20, proof=PROOF), state)

    assert response.status == 422
    assert response.checkpoint == Checkpoint(ORIGIN, 20, ROOT)


def test_a_consistency_check_returning_false_also_gets_422():
    state = WitnessState({ORIGIN: (10, OTHER_ROOT)})

    response = witness_add_checkpoint(
        _request(10, 20, proof=PROOF),
        log_verifiers={ORIGIN: LOG.verifier()},
        latest_cosigned=state.latest_cosigned,
        verify_consistency=lambda *args: False,
        cosigner=WITNESS_1,
        now=1,
    )

    assert response.status == 422


@pytest.mark.parametrize(("old", "known"), [(5, 10), (0, 10), (10, None), (11, 10)])
def test_an_old_size_that_differs_from_the_latest_cosigned_one_gets_409_with_that_size(old, known):
    state = WitnessState({ORIGIN: (known, OTHER_ROOT)} if known is not None else {})

    response = _add(_request(old, 20, proof=PROOF if old else ()), state)

    assert response.status == 409
    assert response.content_type == "text/x.tlog.size"
    assert response.body == f"{known or 0}\n".encode()
    assert state.proof_checks == []


def test_an_old_size_above_the_checkpoint_size_gets_400():
    state = WitnessState({ORIGIN: (30, OTHER_ROOT)})

    assert _add(_request(30, 20), state).status == 400


def test_an_unknown_origin_gets_404():
    response = _add(_request(0, 10), WitnessState(), log_verifiers={"other.example/log": LOG.verifier()})

    assert response.status == 404
    assert response.checkpoint is None


def test_a_checkpoint_not_signed_by_a_trusted_key_gets_403():
    stranger = Signer.from_key(generate_signer(ORIGIN)[0])

    response = _add(_request(0, 10, signer=stranger), WitnessState())

    assert response.status == 403
    assert response.checkpoint is None


def test_a_bad_signature_from_the_trusted_key_gets_403():
    request = _request(0, 10)
    tampered = request.replace(b"\n10\n", b"\n11\n")

    assert _add(tampered, WitnessState()).status == 403


def test_any_of_several_trusted_log_keys_may_sign():
    rotated = Signer.from_key(generate_signer(ORIGIN)[0])

    response = _add(
        _request(0, 10, signer=rotated),
        WitnessState(),
        log_verifiers={ORIGIN: [LOG.verifier(), rotated.verifier()]},
    )

    assert response.status == 200


def test_a_proof_with_old_size_zero_must_be_empty():
    assert _add(_request(0, 10, proof=PROOF), WitnessState()).status == 422


def test_the_same_size_with_the_same_root_is_cosigned_again_without_a_proof():
    state = WitnessState({ORIGIN: (20, ROOT)})

    response = _add(_request(20, 20), state)

    assert response.status == 200
    assert state.proof_checks == []


def test_the_same_size_with_another_root_gets_409():
    assert _add(_request(20, 20, root=ROOT), WitnessState({ORIGIN: (20, OTHER_ROOT)})).status == 409


def test_the_same_size_with_a_proof_gets_422():
    assert _add(_request(20, 20, proof=PROOF), WitnessState({ORIGIN: (20, ROOT)})).status == 422


def test_several_witness_keys_each_return_a_cosignature_line():
    response = _add(_request(0, 10), WitnessState(), cosigner=[WITNESS_1, WITNESS_2])

    lines = parse_add_checkpoint_response(response.body)
    assert [line.name for line in lines] == ["witness.example/w1", "witness.example/w2"]
    assert response.body.decode().count("\n") == 2


def _signed(size: int = 10) -> bytes:
    return sign_checkpoint(Checkpoint(ORIGIN, size, ROOT), LOG)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"old 0\n" + _signed(), id="no-blank-line-means-checkpoint-read-as-proof"),
        pytest.param(b"\n" + _signed(), id="no-old-line"),
        pytest.param(b"old 01\n\n" + _signed(), id="old-leading-zero"),
        pytest.param(b"old -1\n\n" + _signed(), id="old-negative"),
        pytest.param(b"old  0\n\n" + _signed(), id="old-two-spaces"),
        pytest.param(b"OLD 0\n\n" + _signed(), id="old-uppercase"),
        pytest.param(b"old 0\nnot base64!\n\n" + _signed(), id="proof-not-base64"),
        pytest.param(
            b"old 0\n" + base64.b64encode(bytes(31)) + b"\n\n" + _signed(), id="proof-hash-31-bytes"
        ),
        pytest.param(
            b"old 0\n" + b"".join([base64.b64encode(bytes(32)) + b"\n"] * 64) + b"\n" + _signed(),
            id="64-proof-lines",
        ),
        pytest.param(
            b"old 0\n\n" + _signed().replace(b"\n10\n", b"\n010\n"), id="checkpoint-size-leading-zero"
        ),
        pytest.param(b"old 0\n\n" + _signed().replace(b"\n\n", b"\n"), id="checkpoint-note-malformed"),
        pytest.param(b"old 0\r\n\n" + _signed(), id="crlf"),
    ],
)
def test_malformed_requests_get_400(body):
    assert _add(body, WitnessState()).status == 400


def test_sixty_three_proof_lines_are_accepted():
    proof = tuple(hashlib.sha256(bytes([i])).digest() for i in range(MAX_PROOF_LINES))
    state = WitnessState({ORIGIN: (10, OTHER_ROOT)})

    response = _add(_request(10, 2**40, proof=proof), state)

    assert response.status == 200
    assert state.proof_checks[0][2] == list(proof)


def test_the_request_format_round_trips():
    signed = _signed()

    body = format_add_checkpoint_request(old_size=7, proof=PROOF, signed_checkpoint=signed)

    assert body.startswith(b"old 7\n" + base64.b64encode(PROOF[0]) + b"\n")
    assert parse_add_checkpoint_request(body) == AddCheckpointRequest(7, PROOF, signed)


def test_the_spec_example_request_parses():
    # c2sp.org/tlog-witness example request body.
    body = (
        "old 20852014\n"
        "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
        "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
        "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
        "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n"
        "\n"
        "example.com/behind-the-sofa\n"
        "20852163\n"
        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
        "\n"
        "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1"
        "gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    ).encode()

    request = parse_add_checkpoint_request(body)

    assert request.old_size == 20852014
    assert len(request.proof) == 4
    text, _ = parse_note(request.signed_checkpoint)
    assert Checkpoint.parse(text).size == 20852163


@pytest.mark.parametrize("body", [b"", b"no dash\n", "— w1 AAAA\n".encode(), "— w1 AAAAAAA=".encode()])
def test_malformed_witness_responses_are_refused(body):
    with pytest.raises(MalformedNoteError):
        parse_add_checkpoint_response(body)


def test_format_refuses_bad_requests():
    with pytest.raises(CheckpointError):
        format_add_checkpoint_request(old_size=-1, proof=(), signed_checkpoint=_signed())
    with pytest.raises(CheckpointError):
        format_add_checkpoint_request(old_size=1, proof=(bytes(31),), signed_checkpoint=_signed())
    with pytest.raises(CheckpointError):
        format_add_checkpoint_request(old_size=1, proof=(bytes(32),) * 64, signed_checkpoint=_signed())
