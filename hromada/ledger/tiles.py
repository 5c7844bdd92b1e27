"""C2SP tlog-tiles (https://c2sp.org/tlog-tiles): tile paths, entry bundles, and proofs from tiles.

Pure Python, no Django import. A tile at tile level L and index N holds the stored hashes at tree level 8·L
with indices [N·256, N·256 + W), 32 bytes each, concatenated; a full tile has W = 256, a partial one (the
right edge of a tree) 1 ≤ W ≤ 255. In a tree of size s, level L has ``s >> 8L`` such hashes, so
``(s >> 8L) // 256`` full tiles and a partial tile of width ``(s >> 8L) % 256`` when that is not 0. The tree
levels between 8·L and 8·L + 7 are not served: they are recomputed by hashing pairs of a tile's hashes.

Paths are ``tile/<L>/<N>[.p/<W>]`` for hash tiles and ``tile/entries/<N>[.p/<W>]`` for entry bundles, where
<N> is written in zero-padded groups of three digits, every group but the last prefixed with ``x``
(1234067 → ``x001/x234/067``). <L> and <W> are decimal with no leading zeros. An entry bundle is a sequence
of entries, each a big-endian uint16 length followed by the entry's bytes; it holds the entries whose leaf
hashes are the level-0 tile of the same index and width.

:func:`read_hashes_from_tiles` turns a tile fetcher into a :data:`~hromada.ledger.merkle.HashReader`, so the
proof code of :mod:`hromada.ledger.merkle` runs unchanged on a client that only has the tiles. The hashes it
serves are not authenticated by themselves: a client must check what it computes from them (a root, a
proof) against a signed checkpoint, as any tlog-tiles client does.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from hromada.ledger.merkle import HASH_SIZE, HashReader

__all__ = [
    "ENTRIES_LEVEL",
    "MAX_ENTRY_SIZE",
    "MAX_TILE_LEVEL",
    "TILE_HEIGHT",
    "TILE_WIDTH",
    "TileRef",
    "decode_entry_bundle",
    "encode_entry_bundle",
    "entries_path",
    "entry_bundle_range",
    "entry_bundles_for_size",
    "parse_tile_path",
    "read_hashes_from_tiles",
    "tile_hash_range",
    "tile_path",
    "tiles_for_size",
]

TILE_HEIGHT: Final = 8
TILE_WIDTH: Final = 1 << TILE_HEIGHT
MAX_TILE_LEVEL: Final = 63
ENTRIES_LEVEL: Final = -1
"""The ``level`` of a :class:`TileRef` naming an entry bundle (path element ``entries``)."""
MAX_ENTRY_SIZE: Final = 0xFFFF
_MAX_INDEX: Final = 1 << 64  # tile indices of any 64-bit tree size fit far below this

_GROUP = re.compile(r"x[0-9]{3}")
_LAST_GROUP = re.compile(r"[0-9]{3}")
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


@dataclass(frozen=True, slots=True)
class TileRef:
    """One tile: ``level`` (0..63, or ``ENTRIES_LEVEL`` for an entry bundle), ``index`` and ``width``."""

    level: int
    index: int
    width: int = TILE_WIDTH

    def __post_init__(self) -> None:
        if not ENTRIES_LEVEL <= self.level <= MAX_TILE_LEVEL:
            raise ValueError(f"tile level must be between 0 and {MAX_TILE_LEVEL}, got {self.level}")
        if not 0 <= self.index < _MAX_INDEX:
            raise ValueError(f"tile index out of range: {self.index}")
        if not 1 <= self.width <= TILE_WIDTH:
            raise ValueError(f"tile width must be between 1 and {TILE_WIDTH}, got {self.width}")

    @property
    def is_entries(self) -> bool:
        return self.level == ENTRIES_LEVEL

    @property
    def is_partial(self) -> bool:
        return self.width < TILE_WIDTH

    @property
    def path(self) -> str:
        """The tile's path, ``tile/<L>/<N>[.p/<W>]`` or ``tile/entries/<N>[.p/<W>]``."""
        level = "entries" if self.level == ENTRIES_LEVEL else str(self.level)
        suffix = f".p/{self.width}" if self.width < TILE_WIDTH else ""
        return f"tile/{level}/{_encode_index(self.index)}{suffix}"


def _encode_index(n: int) -> str:
    digits = str(n)
    digits = "0" * (-len(digits) % 3) + digits
    groups = [digits[i : i + 3] for i in range(0, len(digits), 3)]
    return "/".join([*("x" + g for g in groups[:-1]), groups[-1]])


def tile_path(level: int, n: int, width: int = TILE_WIDTH) -> str:
    """The path of hash tile (``level``, ``n``) of ``width`` hashes; ``level=ENTRIES_LEVEL`` for a bundle."""
    return TileRef(level, n, width).path


def entries_path(n: int, width: int = TILE_WIDTH) -> str:
    """The path of entry bundle ``n`` holding ``width`` entries: ``tile/entries/<N>[.p/<W>]``."""
    return TileRef(ENTRIES_LEVEL, n, width).path


def parse_tile_path(path: str) -> TileRef:
    """The tile named by a canonical ``tile/…`` path; ``ValueError`` for anything else.

    Refused: a level that is not 0..63 or ``entries``, leading zeros (``01``, ``x000/005``), index groups
    that are not three ASCII digits, ``x`` on the last group or missing elsewhere, a width outside 1..255.
    """
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != "tile":
        raise ValueError(f"not a tile path: {path!r}")
    level_text, rest = parts[1], parts[2:]
    if level_text == "entries":
        level = ENTRIES_LEVEL
    elif _DECIMAL.fullmatch(level_text) and int(level_text) <= MAX_TILE_LEVEL:
        level = int(level_text)
    else:
        raise ValueError(f"tile level must be 0..{MAX_TILE_LEVEL} or 'entries': {path!r}")
    width = TILE_WIDTH
    if len(rest) >= 2 and rest[-2].endswith(".p"):
        width_text = rest[-1]
        if not _DECIMAL.fullmatch(width_text) or not 1 <= int(width_text) < TILE_WIDTH:
            raise ValueError(f"partial tile width must be 1..{TILE_WIDTH - 1}: {path!r}")
        width = int(width_text)
        rest = [*rest[:-2], rest[-2][: -len(".p")]]
    *groups, last = rest
    if not _LAST_GROUP.fullmatch(last) or not all(_GROUP.fullmatch(g) for g in groups):
        raise ValueError(f"tile index must be 3-digit groups, all but the last prefixed with 'x': {path!r}")
    if groups and groups[0] == "x000":
        raise ValueError(f"tile index has leading zeros: {path!r}")
    index = int("".join(g[1:] for g in groups) + last)
    if index >= _MAX_INDEX:
        raise ValueError(f"tile index too large: {path!r}")
    return TileRef(level, index, width)


def tiles_for_size(tree_size: int) -> list[TileRef]:
    """Every hash tile of a tree of ``tree_size`` leaves: per level, the full tiles, then the partial one."""
    if tree_size < 0:
        raise ValueError(f"tree size must not be negative, got {tree_size}")
    refs: list[TileRef] = []
    level = 0
    count = tree_size
    while count:
        full, partial = divmod(count, TILE_WIDTH)
        refs.extend(TileRef(level, n) for n in range(full))
        if partial:
            refs.append(TileRef(level, full, partial))
        count >>= TILE_HEIGHT
        level += 1
    return refs


def entry_bundles_for_size(tree_size: int) -> list[TileRef]:
    """Every entry bundle of a log of ``tree_size`` entries: the full ones, then the partial one."""
    if tree_size < 0:
        raise ValueError(f"tree size must not be negative, got {tree_size}")
    full, partial = divmod(tree_size, TILE_WIDTH)
    refs = [TileRef(ENTRIES_LEVEL, n) for n in range(full)]
    if partial:
        refs.append(TileRef(ENTRIES_LEVEL, full, partial))
    return refs


def tile_hash_range(ref: TileRef) -> tuple[int, int, int]:
    """The stored hashes a hash tile holds: (tree level, first index, count); read them and concatenate."""
    if ref.is_entries:
        raise ValueError("an entry bundle holds entries, not hashes: see entry_bundle_range")
    return ref.level * TILE_HEIGHT, ref.index * TILE_WIDTH, ref.width


def entry_bundle_range(ref: TileRef) -> tuple[int, int]:
    """The entries an entry bundle holds: (first entry index, count)."""
    if not ref.is_entries:
        raise ValueError("not an entry bundle")
    return ref.index * TILE_WIDTH, ref.width


def encode_entry_bundle(entries: Iterable[bytes]) -> bytes:
    """Entries as one bundle: each a big-endian uint16 length and its bytes; at most 256 entries."""
    out = bytearray()
    for count, entry in enumerate(entries):
        if count == TILE_WIDTH:
            raise ValueError(f"an entry bundle holds at most {TILE_WIDTH} entries")
        if len(entry) > MAX_ENTRY_SIZE:
            raise ValueError(
                f"entry {count} is {len(entry)} bytes; an entry bundle holds at most {MAX_ENTRY_SIZE}"
            )
        out += len(entry).to_bytes(2, "big")
        out += entry
    return bytes(out)


def decode_entry_bundle(data: bytes, count: int | None = None) -> list[bytes]:
    """The entries of a bundle; ``ValueError`` when truncated or (if ``count`` is given) of another count."""
    entries: list[bytes] = []
    view = memoryview(data)
    pos, end = 0, len(data)
    while pos < end:
        if pos + 2 > end:
            raise ValueError(f"entry bundle truncated in the length of entry {len(entries)}")
        size = (view[pos] << 8) | view[pos + 1]
        pos += 2
        if pos + size > end:
            raise ValueError(f"entry bundle truncated in entry {len(entries)} ({size} bytes announced)")
        entries.append(bytes(view[pos : pos + size]))
        pos += size
    if count is not None and len(entries) != count:
        raise ValueError(f"entry bundle holds {len(entries)} entries, want {count}")
    return entries


def read_hashes_from_tiles(
    fetch_tile: Callable[[TileRef], bytes], tree_size: int, *, cache_tiles: int = 64
) -> HashReader:
    """A HashReader over the tiles of a tree of ``tree_size`` leaves, for hashes of any tree size up to it.

    ``fetch_tile`` returns the bytes of a hash tile (its width as in :func:`tiles_for_size`); each tile is
    fetched once per read and the last ``cache_tiles`` are kept (tiles of a given width never change). A
    hash at a tree level between tile levels is recomputed from the tile's hashes below it.
    """
    if tree_size < 0:
        raise ValueError(f"tree size must not be negative, got {tree_size}")
    cache: dict[TileRef, bytes] = {}

    def tile(ref: TileRef) -> bytes:
        data = cache.get(ref)
        if data is None:
            data = fetch_tile(ref)
            if len(data) != ref.width * HASH_SIZE:
                raise ValueError(f"tile {ref.path} is {len(data)} bytes, want {ref.width * HASH_SIZE}")
            if len(cache) >= cache_tiles > 0:
                del cache[next(iter(cache))]
            if cache_tiles > 0:
                cache[ref] = data
        return data

    def read(pairs: Sequence[tuple[int, int]]) -> list[bytes]:
        fetched: dict[TileRef, bytes] = {}
        out: list[bytes] = []
        for level, n in pairs:
            if level < 0 or n < 0 or (n + 1) << level > tree_size:
                raise ValueError(f"hash ({level}, {n}) is not in a tree of size {tree_size}")
            tile_level, row = divmod(level, TILE_HEIGHT)
            first = n << row  # the hashes at tree level 8·tile_level below this one
            tile_index, offset = divmod(first, TILE_WIDTH)
            available = (tree_size >> (tile_level * TILE_HEIGHT)) - tile_index * TILE_WIDTH
            ref = TileRef(tile_level, tile_index, min(available, TILE_WIDTH))
            data = fetched.get(ref)
            if data is None:
                data = fetched[ref] = tile(ref)
            start = offset * HASH_SIZE
            if row == 0:
                out.append(data[start : start + HASH_SIZE])
            else:
                out.append(_subtree_hash(data, start, 1 << row))
        return out

    return read


def _subtree_hash(data: bytes, start: int, count: int) -> bytes:
    """The hash of ``count`` (a power of two) consecutive hashes of a tile starting at byte ``start``."""
    sha256 = hashlib.sha256
    hashes = [data[i : i + HASH_SIZE] for i in range(start, start + count * HASH_SIZE, HASH_SIZE)]
    while len(hashes) > 1:
        hashes = [sha256(b"\x01" + hashes[i] + hashes[i + 1]).digest() for i in range(0, len(hashes), 2)]
    return hashes[0]
