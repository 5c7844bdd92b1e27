"""The RFC 6962 Merkle core against published vectors, real CT proofs and the RFC's recursive definitions."""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hromada.ledger.merkle import (
    EMPTY_ROOT,
    Frontier,
    MemoryHashStore,
    ProofError,
    consistency_proof,
    consistency_proof_size,
    hashes_to_store,
    hashes_to_store_batch,
    inclusion_proof,
    inclusion_proof_size,
    leaf_hash,
    node_hash,
    root_from_inclusion_proof,
    split_stored_hash_index,
    stored_hash_count,
    stored_hash_index,
    tree_hash,
    verify_consistency,
    verify_inclusion,
)

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "transparency-log"
PROBES = DATA / "transparency-dev-merkle-testdata"
STORE_SIZE = 3000


def reference_data(relative: str) -> Path:
    path = DATA / relative
    if not path.exists():
        pytest.skip(f"transparency-log reference data not found at {path}; CI provides ../shared/data")
    return path


def load_json(relative: str) -> Any:
    return json.loads(reference_data(relative).read_text())


def b64(text: str | None) -> bytes:
    return base64.b64decode(text) if text else b""


def probe_files(kind: str) -> list[str]:
    """Probe paths relative to DATA, or one placeholder so that the test skips when the data is absent."""
    folder = PROBES / kind
    if not folder.is_dir():
        return [f"transparency-dev-merkle-testdata/{kind}/<missing>"]
    return sorted(str(p.relative_to(DATA)) for p in folder.rglob("*.json"))


def entry(i: int) -> bytes:
    return f'{{"index":{i},"kind":"test.entry"}}'.encode()


@cache
def shared_store() -> MemoryHashStore:
    store = MemoryHashStore()
    store.extend(entry(i) for i in range(STORE_SIZE))
    return store


def reference_store() -> tuple[MemoryHashStore, dict[str, Any]]:
    ref = load_json("rfc6962_reference_tree.json")
    store = MemoryHashStore()
    store.extend(bytes.fromhex(leaf) for leaf in ref["leaf_inputs"])
    return store, ref


# The RFC 9162 §2.1 definitions, written recursively and naively, as oracles for the stored-hash code.


def naive_mth(leaves: list[bytes]) -> bytes:
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return hashlib.sha256(b"\x01" + naive_mth(leaves[:k]) + naive_mth(leaves[k:])).digest()


def naive_path(m: int, leaves: list[bytes]) -> list[bytes]:
    if len(leaves) == 1:
        return []
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    if m < k:
        return [*naive_path(m, leaves[:k]), naive_mth(leaves[k:])]
    return [*naive_path(m - k, leaves[k:]), naive_mth(leaves[:k])]


def naive_subproof(m: int, leaves: list[bytes], whole: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if whole else [naive_mth(leaves)]
    k = 1 << ((n - 1).bit_length() - 1)
    if m <= k:
        return [*naive_subproof(m, leaves[:k], whole), naive_mth(leaves[k:])]
    return [*naive_subproof(m - k, leaves[k:], False), naive_mth(leaves[:k])]


# ------------------------------------------------------------------------------------- reference tree


def test_hasher_matches_the_published_vectors():
    vectors = load_json("rfc6962_reference_tree.json")["hasher_vectors"]

    assert EMPTY_ROOT.hex() == vectors["empty_tree_root"]
    assert leaf_hash(b"").hex() == vectors["leaf_hash_of_empty_input"]
    assert leaf_hash(vectors["leaf_hash"]["input_utf8"].encode()).hex() == vectors["leaf_hash"]["hash"]
    node = vectors["node_hash"]
    assert node_hash(node["left_utf8"].encode(), node["right_utf8"].encode()).hex() == node["hash"]


def test_leaf_hash_matches_go_sumdb_record_hash():
    golden = load_json("rfc6962_reference_tree.json")["go_sumdb_record_hash"]

    assert leaf_hash(golden["input_utf8"].encode()) == b64(golden["hash_base64"])


def test_tree_hash_of_every_reference_size_matches_the_published_root():
    store, ref = reference_store()

    roots = [tree_hash(size, store).hex() for size in range(9)]

    assert roots == ref["root_hash_by_tree_size"]


def test_stored_complete_subtree_hashes_are_the_reference_intermediate_nodes():
    store, ref = reference_store()

    for level, nodes in enumerate(ref["node_hashes_by_level"]):
        assert [h.hex() for h in store.read([(level, n) for n in range(len(nodes))])] == nodes


def test_frontier_reproduces_the_reference_roots_and_intermediate_nodes():
    ref = load_json("rfc6962_reference_tree.json")
    frontier = Frontier()
    created: dict[tuple[int, int], str] = {}

    roots = [frontier.root().hex()]
    for leaf in ref["leaf_inputs"]:
        created.update(((lv, n), h.hex()) for lv, n, h in frontier.append(leaf_hash(bytes.fromhex(leaf))))
        roots.append(frontier.root().hex())

    assert roots == ref["root_hash_by_tree_size"]
    expected = {
        (lv, n): h for lv, nodes in enumerate(ref["node_hashes_by_level"]) for n, h in enumerate(nodes)
    }
    assert created == expected


# --------------------------------------------------------------------------------------- upstream probes


@pytest.mark.parametrize("relative", probe_files("inclusion"))
def test_inclusion_probe_verifies_exactly_when_upstream_expects(relative):
    probe = load_json(relative)
    proof = [b64(h) for h in probe["proof"] or []]

    def verify() -> None:
        verify_inclusion(
            probe["leafIdx"], probe["treeSize"], b64(probe["leafHash"]), proof, b64(probe["root"])
        )

    if probe["wantErr"]:
        with pytest.raises(ProofError):
            verify()
    else:
        verify()


@pytest.mark.parametrize("relative", probe_files("consistency"))
def test_consistency_probe_verifies_exactly_when_upstream_expects(relative):
    probe = load_json(relative)
    proof = [b64(h) for h in probe["proof"] or []]

    def verify() -> None:
        verify_consistency(probe["size1"], probe["size2"], proof, b64(probe["root1"]), b64(probe["root2"]))

    if probe["wantErr"]:
        with pytest.raises(ProofError):
            verify()
    else:
        verify()


def test_all_98_inclusion_and_98_consistency_probes_are_read():
    reference_data("transparency-dev-merkle-testdata")

    assert len(probe_files("inclusion")) == 98
    assert len(probe_files("consistency")) == 98


def test_generated_proofs_equal_the_valid_upstream_probes_of_the_reference_tree():
    store, ref = reference_store()
    roots = [bytes.fromhex(h) for h in ref["root_hash_by_tree_size"]]
    leaves = [leaf_hash(bytes.fromhex(leaf)) for leaf in ref["leaf_inputs"]]
    compared = 0

    for relative in probe_files("inclusion"):
        probe = load_json(relative)
        index, size = probe["leafIdx"], probe["treeSize"]
        if probe["wantErr"] or not 0 <= index < size <= 8 or b64(probe["leafHash"]) != leaves[index]:
            continue
        assert b64(probe["root"]) == roots[size]
        assert inclusion_proof(index, size, store) == [b64(h) for h in probe["proof"] or []], relative
        compared += 1
    for relative in probe_files("consistency"):
        probe = load_json(relative)
        first, second = probe["size1"], probe["size2"]
        if probe["wantErr"] or not 0 < first <= second <= 8 or b64(probe["root1"]) != roots[first]:
            continue
        assert consistency_proof(first, second, store) == [b64(h) for h in probe["proof"] or []], relative
        compared += 1

    assert compared >= 10


# ------------------------------------------------------------------------------- a real CT log (Argon 2020)


def test_argon2020_leaf_hash_matches_the_expected_value():
    checks = load_json("ct_argon2020/expected.json")["checks"]
    leaf_input = b64(load_json("ct_argon2020/entries.json")["entries"][0]["leaf_input"])

    assert leaf_hash(leaf_input) == b64(checks[0]["expected_leaf_hash_base64"])


def test_argon2020_inclusion_of_leaf_10000_verifies_and_a_wrong_index_fails():
    checks = {c["kind"]: c for c in load_json("ct_argon2020/expected.json")["checks"]}
    leaf = b64(checks["leaf_hash"]["expected_leaf_hash_base64"])
    response = load_json("ct_argon2020/proof.json")
    sth = load_json("ct_argon2020/sth.json")
    path = [b64(h) for h in response["audit_path"]]
    root = b64(sth["sha256_root_hash"])
    good, bad = checks["inclusion"], checks["inclusion_negative"]
    assert good["tree_size"] == sth["tree_size"] and good["leaf_index"] == response["leaf_index"]

    verify_inclusion(good["leaf_index"], good["tree_size"], leaf, path, b64(good["root_hash_base64"]))
    assert root == b64(good["root_hash_base64"])
    with pytest.raises(ProofError):
        verify_inclusion(bad["leaf_index"], bad["tree_size"], leaf, path, root)


def test_argon2020_consistency_from_3654490_verifies():
    check = next(c for c in load_json("ct_argon2020/expected.json")["checks"] if c["kind"] == "consistency")
    proof = [b64(h) for h in load_json("ct_argon2020/consistency.json")["consistency"]]
    old_root, new_root = b64(check["old_root_base64"]), b64(check["new_root_base64"])

    verify_consistency(check["old_size"], check["new_size"], proof, old_root, new_root)
    with pytest.raises(ProofError):
        verify_consistency(check["old_size"] + 1, check["new_size"], proof, old_root, new_root)


# ----------------------------------------------------------------------------------------- stored layout


def test_stored_hash_index_numbers_hashes_in_order_of_creation():
    order = [(0, 0), (0, 1), (1, 0), (0, 2), (0, 3), (1, 1), (2, 0), (0, 4), (0, 5), (1, 2), (0, 6)]

    assert [stored_hash_index(level, n) for level, n in order] == list(range(len(order)))
    assert [split_stored_hash_index(i) for i in range(len(order))] == order


def test_hashes_to_store_appends_exactly_the_next_flat_indices():
    store = MemoryHashStore()
    flat: list[int] = []

    for i in range(600):
        flat.extend(stored_hash_index(lv, n) for lv, n, _ in hashes_to_store(i, leaf_hash(entry(i)), store))
        store.append(entry(i))
        assert len(flat) == stored_hash_count(store.size)

    assert flat == list(range(stored_hash_count(600)))


def test_hashes_to_store_matches_what_the_memory_store_keeps():
    store = MemoryHashStore()

    for i in range(300):
        created = hashes_to_store(store.size, leaf_hash(entry(i)), store)
        store.append(entry(i))
        assert store.read([(level, n) for level, n, _ in created]) == [h for _, _, h in created]


def test_batched_hashes_to_store_equal_one_leaf_at_a_time():
    store = shared_store()
    new = [leaf_hash(entry(STORE_SIZE + i)) for i in range(700)]
    one_by_one = MemoryHashStore()
    one_by_one.extend(entry(i) for i in range(STORE_SIZE))
    expected = []
    for h in new:
        expected.extend(hashes_to_store(one_by_one.size, h, one_by_one))
        one_by_one.append_hash(h)

    assert hashes_to_store_batch(STORE_SIZE, new, store) == expected


def test_hashes_to_store_reads_the_left_siblings_in_one_batch():
    store = shared_store()
    calls: list[list[tuple[int, int]]] = []

    def read(pairs):
        calls.append(list(pairs))
        return store.read(pairs)

    hashes_to_store(0b1011_1111, leaf_hash(b"x"), read)

    assert calls == [[(level, (0b1011_1111 >> level) - 1) for level in range(6)]]


@given(st.integers(min_value=0, max_value=2**63))
def test_split_stored_hash_index_inverts_stored_hash_index(index):
    level, n = split_stored_hash_index(index)

    assert stored_hash_index(level, n) == index
    assert (n + 1) << level <= 2**63 + 1


@given(st.integers(min_value=0, max_value=62), st.integers(min_value=0, max_value=2**40))
def test_stored_hash_index_round_trips(level, n):
    assert split_stored_hash_index(stored_hash_index(level, n)) == (level, n)


# ------------------------------------------------------------------------------------- proofs, properties


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_inclusion_proofs_of_random_sizes_and_indices_verify(data):
    store = shared_store()
    size = data.draw(st.integers(min_value=1, max_value=STORE_SIZE))
    index = data.draw(st.integers(min_value=0, max_value=size - 1))

    proof = inclusion_proof(index, size, store)

    assert len(proof) == inclusion_proof_size(index, size)
    verify_inclusion(index, size, leaf_hash(entry(index)), proof, tree_hash(size, store))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_consistency_proofs_between_random_sizes_verify(data):
    store = shared_store()
    second = data.draw(st.integers(min_value=1, max_value=STORE_SIZE))
    first = data.draw(st.integers(min_value=1, max_value=second))

    proof = consistency_proof(first, second, store)

    assert len(proof) == consistency_proof_size(first, second)
    verify_consistency(first, second, proof, tree_hash(first, store), tree_hash(second, store))


def mutations(proof: list[bytes]) -> st.SearchStrategy[list[bytes]]:
    """Any single flipped bit, dropped hash, or added (appended, prepended, inserted) hash."""
    extra = st.binary(min_size=32, max_size=32)
    options = [
        st.tuples(st.integers(0, len(proof)), extra).map(lambda a: [*proof[: a[0]], a[1], *proof[a[0] :]]),
    ]
    if proof:
        index = st.integers(0, len(proof) - 1)
        options.append(index.map(lambda i: proof[:i] + proof[i + 1 :]))
        options.append(
            st.tuples(index, st.integers(0, 255)).map(
                lambda a: [
                    h
                    if i != a[0]
                    else h[: a[1] // 8] + bytes([h[a[1] // 8] ^ (1 << (a[1] % 8))]) + h[a[1] // 8 + 1 :]
                    for i, h in enumerate(proof)
                ]
            )
        )
    return st.one_of(options)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_altered_inclusion_proof_fails(data):
    store = shared_store()
    size = data.draw(st.integers(min_value=1, max_value=STORE_SIZE))
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    proof = inclusion_proof(index, size, store)
    altered = data.draw(mutations(proof))

    with pytest.raises(ProofError):
        verify_inclusion(index, size, leaf_hash(entry(index)), altered, tree_hash(size, store))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_altered_consistency_proof_fails(data):
    store = shared_store()
    second = data.draw(st.integers(min_value=1, max_value=STORE_SIZE))
    first = data.draw(st.integers(min_value=1, max_value=second))
    proof = consistency_proof(first, second, store)
    altered = data.draw(mutations(proof))

    with pytest.raises(ProofError):
        verify_consistency(first, second, altered, tree_hash(first, store), tree_hash(second, store))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_proofs_fail_for_another_leaf_index_or_size(data):
    store = shared_store()
    size = data.draw(st.integers(min_value=2, max_value=STORE_SIZE))
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    other = data.draw(st.integers(min_value=0, max_value=size - 1).filter(lambda i: i != index))
    proof = inclusion_proof(index, size, store)
    root = tree_hash(size, store)

    with pytest.raises(ProofError):
        verify_inclusion(other, size, leaf_hash(entry(index)), proof, root)
    with pytest.raises(ProofError):
        verify_inclusion(index, size, leaf_hash(entry(other)), proof, root)
    with pytest.raises(ProofError):
        verify_inclusion(index, size, leaf_hash(entry(index)), proof, tree_hash(size - 1, store))


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=STORE_SIZE))
def test_tree_hash_equals_the_recursive_merkle_tree_hash(size):
    assert tree_hash(size, shared_store()) == naive_mth([entry(i) for i in range(size)])


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_proofs_equal_the_recursive_rfc_definitions(data):
    size = data.draw(st.integers(min_value=1, max_value=300))
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    first = data.draw(st.integers(min_value=1, max_value=size))
    leaves = [entry(i) for i in range(size)]

    assert inclusion_proof(index, size, shared_store()) == naive_path(index, leaves)
    assert consistency_proof(first, size, shared_store()) == naive_subproof(first, leaves, True)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.binary(max_size=40), max_size=300))
def test_frontier_root_equals_tree_hash_after_every_append(leaves):
    store = MemoryHashStore()
    frontier = Frontier()

    for leaf in leaves:
        store.append(leaf)
        frontier.append(leaf_hash(leaf))
        assert frontier.root() == tree_hash(store.size, store)
        assert Frontier.from_reader(store.size, store).hashes == frontier.hashes
    assert frontier.root() == naive_mth(leaves)


def test_root_from_inclusion_proof_gives_the_tree_root():
    store = shared_store()

    root = root_from_inclusion_proof(1234, 2999, leaf_hash(entry(1234)), inclusion_proof(1234, 2999, store))

    assert root == tree_hash(2999, store)


# -------------------------------------------------------------------------------------- refused arguments


@pytest.mark.parametrize("index, size", [(0, 0), (5, 5), (6, 5), (-1, 5), (0, -1)])
def test_inclusion_proof_refuses_an_index_outside_the_tree(index, size):
    with pytest.raises(ValueError, match="index"):
        inclusion_proof(index, size, shared_store())


@pytest.mark.parametrize("first, second", [(6, 5), (0, 5), (0, 0), (-1, 3)])
def test_consistency_proof_refuses_impossible_sizes(first, second):
    with pytest.raises(ValueError):
        consistency_proof(first, second, shared_store())


def test_consistency_proof_between_equal_sizes_is_empty_and_verifies():
    store = shared_store()

    assert consistency_proof(77, 77, store) == []
    verify_consistency(77, 77, [], tree_hash(77, store), tree_hash(77, store))


def test_sizes_beyond_the_stored_tree_are_refused():
    store = shared_store()

    with pytest.raises(ValueError, match="not stored"):
        tree_hash(STORE_SIZE + 1, store)
    with pytest.raises(ValueError, match="not stored"):
        inclusion_proof(3, STORE_SIZE + 5, store)
    with pytest.raises(ValueError, match="not stored"):
        consistency_proof(3, STORE_SIZE + 5, store)


def test_a_reader_returning_the_wrong_number_of_hashes_is_refused():
    with pytest.raises(ValueError, match="returned 0 hashes"):
        tree_hash(5, lambda pairs: [])


def test_proofs_read_the_store_once():
    store = shared_store()
    calls = []

    def read(pairs):
        calls.append(len(pairs))
        return store.read(pairs)

    tree_hash(2999, read)
    inclusion_proof(2000, 2999, read)
    consistency_proof(1234, 2999, read)

    assert len(calls) == 3
    assert max(calls) <= 2 * 12


def test_verification_refuses_a_leaf_hash_that_is_not_32_bytes():
    with pytest.raises(ProofError, match="leaf hash"):
        verify_inclusion(0, 1, b"", [], b"")
    with pytest.raises(ProofError, match="leaf hash"):
        verify_inclusion(0, 1, leaf_hash(b"a")[:31], [], leaf_hash(b"a")[:31])


def test_verification_refuses_consistency_from_the_empty_tree():
    with pytest.raises(ProofError, match="empty tree"):
        verify_consistency(0, 0, [], EMPTY_ROOT, EMPTY_ROOT)
    with pytest.raises(ProofError, match="empty tree"):
        verify_consistency(0, 1, [], EMPTY_ROOT, leaf_hash(b""))


def test_hashes_to_store_refuses_entry_bytes_in_place_of_a_leaf_hash():
    with pytest.raises(ValueError, match="32 bytes"):
        hashes_to_store(0, b'{"kind":"x"}', MemoryHashStore())


def test_memory_store_of_nothing_has_the_empty_root():
    store = MemoryHashStore()

    assert store.root() == tree_hash(0, store) == EMPTY_ROOT == naive_mth([])
