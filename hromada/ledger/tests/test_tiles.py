"""C2SP tlog-tiles: paths, entry bundles, and proofs computed by a client that only has the tiles."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hromada.ledger.merkle import (
    MemoryHashStore,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    tree_hash,
    verify_inclusion,
)
from hromada.ledger.tiles import (
    ENTRIES_LEVEL,
    TileRef,
    decode_entry_bundle,
    encode_entry_bundle,
    entries_path,
    entry_bundle_range,
    entry_bundles_for_size,
    parse_tile_path,
    read_hashes_from_tiles,
    tile_hash_range,
    tile_path,
    tiles_for_size,
)

TREE_SIZE = 70_000


def entry(i: int) -> bytes:
    return f'{{"index":{i},"kind":"test.entry"}}'.encode()


@cache
def big_store() -> MemoryHashStore:
    store = MemoryHashStore()
    store.extend(entry(i) for i in range(TREE_SIZE))
    return store


def serve_tile(store: MemoryHashStore, tree_size: int, fetched: Counter[TileRef] | None = None):
    """What the log serves: only the tiles of ``tree_size``, each the concatenation of its stored hashes."""
    published = set(tiles_for_size(tree_size))

    def fetch(ref: TileRef) -> bytes:
        assert ref in published, f"{ref.path} is not a tile of a tree of size {tree_size}"
        if fetched is not None:
            fetched[ref] += 1
        level, first, count = tile_hash_range(ref)
        return b"".join(store.read([(level, first + i) for i in range(count)]))

    return fetch


# ------------------------------------------------------------------------------------------------- paths


@pytest.mark.parametrize(
    "level, n, width, path",
    [
        (0, 1234067, 256, "tile/0/x001/x234/067"),
        (0, 0, 256, "tile/0/000"),
        (1, 1234067, 8, "tile/1/x001/x234/067.p/8"),
        (2, 999, 255, "tile/2/999.p/255"),
        (0, 1000, 1, "tile/0/x001/000.p/1"),
        (63, 5, 256, "tile/63/005"),
        (ENTRIES_LEVEL, 1234067, 256, "tile/entries/x001/x234/067"),
        (ENTRIES_LEVEL, 3, 112, "tile/entries/003.p/112"),
    ],
)
def test_tile_paths_follow_the_c2sp_examples(level, n, width, path):
    assert tile_path(level, n, width) == path
    assert parse_tile_path(path) == TileRef(level, n, width)


def test_entries_path_names_an_entry_bundle():
    assert entries_path(1234067, 8) == "tile/entries/x001/x234/067.p/8"
    assert parse_tile_path("tile/entries/000").is_entries


@given(
    st.integers(min_value=ENTRIES_LEVEL, max_value=63),
    st.integers(min_value=0, max_value=2**64 - 1),
    st.integers(min_value=1, max_value=256),
)
def test_tile_paths_round_trip(level, n, width):
    ref = TileRef(level, n, width)

    assert parse_tile_path(ref.path) == ref
    assert ref.path == tile_path(level, n, width)


@pytest.mark.parametrize(
    "path",
    [
        "tile/0/0005",
        "tile/0/05",
        "tile/0/x000/005",
        "tile/0/x000/x001/005",
        "tile/0/001/002",
        "tile/0/x001",
        "tile/0/x001/x002",
        "tile/0/X001/002",
        "tile/0/12a",
        "tile/0/+12",
        "tile/0/ 12",
        "tile/0/\u0661\u0662\u0663",
        "tile/00/000",
        "tile/01/000",
        "tile/64/000",
        "tile/-1/000",
        "tile/+1/000",
        "tile/data/000",
        "tile/0/000.p/0",
        "tile/0/000.p/256",
        "tile/0/000.p/08",
        "tile/0/000.p/x",
        "tile/0/000.p/",
        "tile/0/000.p",
        "tile/0/.p/5",
        "tile/0/000/",
        "tile/0/",
        "tile/0",
        "tile/entries",
        "/tile/0/000",
        "tiles/0/000",
        "tile/0/000.p/5/6",
        "tile/0/x018/x446/x744/x073/x709/x551/616",
        "",
    ],
)
def test_malformed_tile_paths_are_refused(path):
    with pytest.raises(ValueError):
        parse_tile_path(path)


@pytest.mark.parametrize(
    "level, n, width", [(64, 0, 256), (-2, 0, 256), (0, -1, 256), (0, 0, 0), (0, 0, 257)]
)
def test_impossible_tiles_are_refused(level, n, width):
    with pytest.raises(ValueError):
        tile_path(level, n, width)


# ------------------------------------------------------------------------------------------ tile listing


def test_tiles_of_a_tree_of_70000_match_the_spec_example():
    tiles = tiles_for_size(70_000)

    assert [t for t in tiles if t.level == 0 and not t.is_partial] == [TileRef(0, n) for n in range(273)]
    assert [t for t in tiles if t.is_partial or t.level > 0] == [
        TileRef(0, 273, 112),
        TileRef(1, 0),
        TileRef(1, 1, 17),
        TileRef(2, 0, 1),
    ]


def test_a_tree_of_256_has_a_full_tile_and_a_partial_level_1_tile():
    assert tiles_for_size(256) == [TileRef(0, 0), TileRef(1, 0, 1)]
    assert tiles_for_size(0) == []
    assert tiles_for_size(1) == [TileRef(0, 0, 1)]


def test_entry_bundles_of_a_log_are_the_full_ones_and_the_right_edge():
    assert entry_bundles_for_size(600) == [
        TileRef(ENTRIES_LEVEL, 0),
        TileRef(ENTRIES_LEVEL, 1),
        TileRef(ENTRIES_LEVEL, 2, 88),
    ]
    assert entry_bundle_range(TileRef(ENTRIES_LEVEL, 2, 88)) == (512, 88)


def test_tile_hash_range_maps_a_tile_to_its_stored_hashes():
    assert tile_hash_range(TileRef(0, 273, 112)) == (0, 273 * 256, 112)
    assert tile_hash_range(TileRef(1, 1, 17)) == (8, 256, 17)
    assert tile_hash_range(TileRef(2, 0, 1)) == (16, 0, 1)
    with pytest.raises(ValueError):
        tile_hash_range(TileRef(ENTRIES_LEVEL, 0))


@given(st.integers(min_value=0, max_value=2**21))
def test_tiles_for_size_lists_every_stored_hash_of_tile_levels_once(size):
    tiles = tiles_for_size(size)

    for level in range(0, 64, 8):
        ranges = [tile_hash_range(t)[1:] for t in tiles if tile_hash_range(t)[0] == level]
        covered = sum(count for _, count in ranges)
        assert covered == size >> level
        assert all(first == i * 256 for i, (first, _) in enumerate(ranges))


# ---------------------------------------------------------------------------------------- entry bundles


@given(st.lists(st.binary(max_size=300), max_size=256))
def test_entry_bundles_round_trip(entries):
    data = encode_entry_bundle(entries)

    assert decode_entry_bundle(data) == entries
    assert decode_entry_bundle(data, len(entries)) == entries


def test_entry_bundle_encodes_big_endian_lengths():
    assert encode_entry_bundle([b"ab", b"", b"c" * 258]) == b"\x00\x02ab\x00\x00\x01\x02" + b"c" * 258


def test_entry_of_65535_bytes_fits_and_one_more_byte_is_refused():
    biggest = b"e" * 65535

    assert decode_entry_bundle(encode_entry_bundle([biggest])) == [biggest]
    with pytest.raises(ValueError, match="65535"):
        encode_entry_bundle([b"ok", biggest + b"e"])


def test_entry_bundle_of_more_than_256_entries_is_refused():
    with pytest.raises(ValueError, match="256"):
        encode_entry_bundle([b"x"] * 257)


@given(st.lists(st.binary(min_size=1, max_size=50), min_size=1, max_size=20), st.data())
def test_truncated_entry_bundles_are_refused(entries, data):
    encoded = encode_entry_bundle(entries)
    boundaries = {0}
    position = 0
    for e in entries:
        position += 2 + len(e)
        boundaries.add(position)
    cut = data.draw(
        st.integers(min_value=1, max_value=len(encoded) - 1).filter(lambda c: c not in boundaries)
    )

    with pytest.raises(ValueError, match="truncated"):
        decode_entry_bundle(encoded[:cut])


def test_entry_bundle_with_another_count_is_refused():
    with pytest.raises(ValueError, match="want 3"):
        decode_entry_bundle(encode_entry_bundle([b"a", b"b"]), 3)


# ------------------------------------------------------------------------------------ proofs from tiles


def test_root_from_tiles_equals_the_stored_root_for_the_whole_tree():
    store = big_store()
    fetched: Counter[TileRef] = Counter()
    reader = read_hashes_from_tiles(serve_tile(store, TREE_SIZE, fetched), TREE_SIZE)

    assert tree_hash(TREE_SIZE, reader) == store.root() == tree_hash(TREE_SIZE, store)
    assert set(fetched) == {TileRef(0, 273, 112), TileRef(1, 1, 17), TileRef(2, 0, 1)}


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_proofs_from_tiles_equal_proofs_from_stored_hashes(data):
    store = big_store()
    served = data.draw(st.integers(min_value=1, max_value=TREE_SIZE))
    reader = read_hashes_from_tiles(serve_tile(store, served), served)
    size = data.draw(st.integers(min_value=1, max_value=served))
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    first = data.draw(st.integers(min_value=1, max_value=size))

    assert tree_hash(size, reader) == tree_hash(size, store)
    assert inclusion_proof(index, size, reader) == inclusion_proof(index, size, store)
    assert consistency_proof(first, size, reader) == consistency_proof(first, size, store)


def test_a_client_with_only_tiles_verifies_an_inclusion_at_the_right_edge():
    store = big_store()
    reader = read_hashes_from_tiles(serve_tile(store, TREE_SIZE), TREE_SIZE)

    proof = inclusion_proof(TREE_SIZE - 1, TREE_SIZE, reader)

    verify_inclusion(TREE_SIZE - 1, TREE_SIZE, leaf_hash(entry(TREE_SIZE - 1)), proof, store.root())


def test_each_tile_is_fetched_once_per_read_and_cached():
    store = big_store()
    fetched: Counter[TileRef] = Counter()
    reader = read_hashes_from_tiles(serve_tile(store, TREE_SIZE, fetched), TREE_SIZE)

    inclusion_proof(12345, TREE_SIZE, reader)
    first_round = sum(fetched.values())
    inclusion_proof(12345, TREE_SIZE, reader)

    assert max(fetched.values()) == 1
    assert sum(fetched.values()) == first_round


def test_hashes_beyond_the_served_tree_are_refused():
    reader = read_hashes_from_tiles(serve_tile(big_store(), 1000), 1000)

    with pytest.raises(ValueError, match="not in a tree of size 1000"):
        reader([(0, 1000)])
    with pytest.raises(ValueError, match="not in a tree of size 1000"):
        tree_hash(1001, reader)


def test_a_tile_of_the_wrong_length_is_refused():
    reader = read_hashes_from_tiles(lambda ref: b"\x00" * 31, 5)

    with pytest.raises(ValueError, match="want 160"):
        reader([(0, 0)])
