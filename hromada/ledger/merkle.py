"""RFC 6962 / RFC 9162 Merkle tree over stored complete-subtree hashes. Pure Python, no Django import.

Hashing (RFC 9162 §2.1.1): a leaf hashes to SHA-256(0x00 || data), an interior node to
SHA-256(0x01 || left || right), and the empty tree to SHA-256("").

Storage model (the one of Go's sumdb/tlog and C2SP tlog-tiles). The log keeps, for every level L ≥ 0 and
index N, the hash of each *complete* subtree covering leaves [N·2^L, (N+1)·2^L): level 0 holds the leaf
hashes, level 1 the hashes of pairs, and so on. Such a hash never changes once the subtree is full, so it can
be written once and served forever. Appending leaf number k creates the leaf hash (0, k) and one parent per
trailing one bit of k: (1, k >> 1), (2, k >> 2), … A flat layout numbers the stored hashes in the order they
are created; before leaf k, ``2k - popcount(k)`` hashes exist (:func:`stored_hash_count`), so the hash
(L, N), created by the append of leaf ``k = (N+1)·2^L - 1`` as its L-th new hash, has the flat index
``2k - popcount(k) + L`` (:func:`stored_hash_index`, inverse :func:`split_stored_hash_index`).

Any tree size is a sequence of complete subtrees (one per set bit of the size, largest first), so the root of
any size up to the stored size, and any inclusion or consistency proof, needs O(log n) stored hashes. Every
function here first computes *which* (level, index) hashes it needs, reads them in ONE call of a
:data:`HashReader` (a database implementation makes one query), then combines them.

A :data:`HashReader` takes a sequence of (level, index) pairs and returns their hashes in the same order. It
must raise (``ValueError`` or ``LookupError``) for a hash that is not stored, e.g. when asked for a tree size
beyond the stored tree; :class:`MemoryHashStore` does so with a clear message. A reader returning the wrong
number of hashes makes these functions raise ``ValueError``.

Proofs follow RFC 9162 exactly: :func:`inclusion_proof` is PATH(m, D[n]) (§2.1.3.1) and
:func:`consistency_proof` is PROOF(m, D[n]) (§2.1.4.1), with the hash of an incomplete right subtree
computed from its stored complete pieces. Verification is the algorithm of §2.1.3.2 and §2.1.4.2, with the
stricter policy of transparency-dev/merkle (the Go library CT and Sigsum use), chosen so that a proof
that one implementation accepts is accepted by the other:

* a leaf hash must be exactly 32 bytes, and so must every hash of a proof;
* a consistency check from size 0 is refused ("a proof from the empty tree is meaningless"), also when both
  sizes are 0; consequently :func:`consistency_proof` refuses ``first == 0``;
* a proof must have exactly the expected number of hashes (no trailing or preceding garbage). The RFC
  algorithms reject a wrong length too; the explicit check only gives a clearer message.

Failures of verification raise :class:`ProofError` (a ``ValueError``); bad arguments to proof *generation*
raise a plain ``ValueError``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Final, TypeAlias

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "Frontier",
    "HashReader",
    "MemoryHashStore",
    "ProofError",
    "consistency_proof",
    "consistency_proof_size",
    "hashes_to_store",
    "hashes_to_store_batch",
    "inclusion_proof",
    "inclusion_proof_size",
    "leaf_hash",
    "node_hash",
    "root_from_inclusion_proof",
    "split_stored_hash_index",
    "stored_hash_count",
    "stored_hash_index",
    "subtree_pairs",
    "tree_hash",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE: Final = 32
_sha256 = hashlib.sha256
EMPTY_ROOT: Final[bytes] = _sha256(b"").digest()

HashReader: TypeAlias = Callable[[Sequence[tuple[int, int]]], list[bytes]]
"""Reads stored hashes: (level, index) pairs in, their hashes out in the same order, one batch per call."""

StoredHash: TypeAlias = tuple[int, int, bytes]
"""A stored hash to write: (level, index, hash)."""


class ProofError(ValueError):
    """A Merkle proof does not verify (or cannot, given its arguments)."""


# ---------------------------------------------------------------------------------------------- hashing


def leaf_hash(data: bytes) -> bytes:
    """The RFC 6962 hash of one log entry: SHA-256(0x00 || data)."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The RFC 6962 hash of an interior node: SHA-256(0x01 || left || right)."""
    return _sha256(b"\x01" + left + right).digest()


# --------------------------------------------------------------------------------------- stored layout


def stored_hash_count(tree_size: int) -> int:
    """How many hashes a tree of ``tree_size`` leaves stores (all its complete subtrees): 2n - popcount(n)."""
    if tree_size < 0:
        raise ValueError(f"tree size must not be negative, got {tree_size}")
    return 2 * tree_size - tree_size.bit_count()


def stored_hash_index(level: int, n: int) -> int:
    """The flat index of the stored hash of the complete subtree (level, n), in order of creation."""
    if level < 0 or n < 0:
        raise ValueError(f"level and index must not be negative, got ({level}, {n})")
    last_leaf = ((n + 1) << level) - 1  # appending this leaf completes the subtree
    return 2 * last_leaf - last_leaf.bit_count() + level


def split_stored_hash_index(index: int) -> tuple[int, int]:
    """The (level, n) of the stored hash with flat index ``index``; inverse of :func:`stored_hash_index`."""
    if index < 0:
        raise ValueError(f"stored hash index must not be negative, got {index}")
    # The leaf k whose append created this hash is the largest k with stored_hash_count(k) <= index.
    # 2k - popcount(k) <= index gives index // 2 <= k <= (index + popcount(k)) // 2: a few steps at most.
    k = index // 2
    while 2 * (k + 1) - (k + 1).bit_count() <= index:
        k += 1
    level = index - (2 * k - k.bit_count())
    return level, ((k + 1) >> level) - 1


def subtree_pairs(start: int, size: int) -> list[tuple[int, int]]:
    """The stored (level, index) hashes whose subtrees make up leaves [start, start + size), left to right.

    ``start`` must be a multiple of the largest power of two not above ``size`` (true of every range a
    Merkle tree hash or proof uses: the whole tree, and the left/right halves of its recursive split).
    """
    pairs: list[tuple[int, int]] = []
    while size:
        level = size.bit_length() - 1
        pairs.append((level, start >> level))
        width = 1 << level
        start += width
        size -= width
    return pairs


def _read(read: HashReader, pairs: Sequence[tuple[int, int]]) -> list[bytes]:
    hashes = read(pairs)
    if len(hashes) != len(pairs):
        raise ValueError(f"hash reader returned {len(hashes)} hashes for {len(pairs)} requested")
    return hashes


def _fold(hashes: Sequence[bytes], start: int, stop: int) -> bytes:
    """The hash of consecutive complete subtrees hashes[start:stop] (left to right), folded from the right."""
    sha256 = _sha256
    h = hashes[stop - 1]
    for i in range(stop - 2, start - 1, -1):
        h = sha256(b"\x01" + hashes[i] + h).digest()
    return h


def _check_size(tree_size: int) -> None:
    if tree_size < 0:
        raise ValueError(f"tree size must not be negative, got {tree_size}")


def _largest_power_of_two_below(n: int) -> int:
    """k with k < n <= 2k, for n >= 2 (the split point of RFC 9162 §2.1.1)."""
    return 1 << ((n - 1).bit_length() - 1)


# ---------------------------------------------------------------------------------------------- writing


def hashes_to_store(tree_size: int, leaf_hash: bytes, read: HashReader) -> list[StoredHash]:
    """The stored hashes created by appending the leaf number ``tree_size`` whose leaf hash is given.

    Returns [(0, tree_size, leaf_hash), (1, tree_size >> 1, parent), …]: the leaf hash itself, then every
    parent the append completes. The left siblings it needs are read in one batch (none for an even size).
    Note that ``leaf_hash`` is the 32-byte RFC 6962 leaf hash, not the entry bytes: see :func:`leaf_hash`.
    """
    _check_size(tree_size)
    if len(leaf_hash) != HASH_SIZE:
        raise ValueError(f"leaf hash must be {HASH_SIZE} bytes, got {len(leaf_hash)}")
    trailing_ones = (~tree_size & (tree_size + 1)).bit_length() - 1  # one completed parent for each
    siblings = [(level, (tree_size >> level) - 1) for level in range(trailing_ones)]
    sibling_hashes = _read(read, siblings) if siblings else []
    h = leaf_hash
    created: list[StoredHash] = [(0, tree_size, h)]
    for level, sibling in enumerate(sibling_hashes, start=1):
        h = _sha256(b"\x01" + sibling + h).digest()
        created.append((level, tree_size >> level, h))
    return created


def hashes_to_store_batch(tree_size: int, leaf_hashes: Iterable[bytes], read: HashReader) -> list[StoredHash]:
    """The stored hashes created by appending many leaves (by leaf hash) to a tree of ``tree_size``.

    One batch read fetches the right edge of the existing tree (at most log2(n) hashes); the rest is
    computed. The result is ordered by creation, i.e. by :func:`stored_hash_index`.
    """
    frontier = Frontier.from_reader(tree_size, read)
    return frontier.extend(leaf_hashes)


class Frontier:
    """The compact range [0, size): the roots of the complete subtrees on the tree's right edge.

    It holds O(log n) hashes (one per set bit of ``size``, largest subtree first) and is enough to append
    leaves and compute the root, which is how an integrator extends the tree in batches without reading
    anything but the frontier. :meth:`append` and :meth:`extend` return the stored hashes they create.
    """

    __slots__ = ("_hashes", "_size")

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        _check_size(size)
        if len(hashes) != size.bit_count():
            raise ValueError(f"a frontier of size {size} holds {size.bit_count()} hashes, got {len(hashes)}")
        self._size = size
        self._hashes = list(hashes)

    @classmethod
    def from_reader(cls, tree_size: int, read: HashReader) -> Frontier:
        """The frontier of a stored tree of ``tree_size`` leaves, with one batch read."""
        _check_size(tree_size)
        pairs = subtree_pairs(0, tree_size)
        return cls(tree_size, _read(read, pairs) if pairs else [])

    @property
    def size(self) -> int:
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        """The right-edge subtree roots, largest first, at the places :func:`subtree_pairs` gives."""
        return tuple(self._hashes)

    def append(self, leaf_hash: bytes) -> list[StoredHash]:
        """Append one leaf (by its leaf hash); returns the stored hashes created, leaf hash first."""
        if len(leaf_hash) != HASH_SIZE:
            raise ValueError(f"leaf hash must be {HASH_SIZE} bytes, got {len(leaf_hash)}")
        size = self._size
        stack = self._hashes
        h = leaf_hash
        created: list[StoredHash] = [(0, size, h)]
        level = 0
        while (size >> level) & 1:
            h = _sha256(b"\x01" + stack.pop() + h).digest()
            level += 1
            created.append((level, size >> level, h))
        stack.append(h)
        self._size = size + 1
        return created

    def extend(self, leaf_hashes: Iterable[bytes]) -> list[StoredHash]:
        """Append leaves in order; returns all stored hashes created, in order of creation."""
        created: list[StoredHash] = []
        for h in leaf_hashes:
            created.extend(self.append(h))
        return created

    def root(self) -> bytes:
        """The Merkle tree hash of the leaves appended so far (``EMPTY_ROOT`` for none)."""
        if not self._hashes:
            return EMPTY_ROOT
        return _fold(self._hashes, 0, len(self._hashes))

    def copy(self) -> Frontier:
        return Frontier(self._size, self._hashes)


class MemoryHashStore:
    """All stored hashes in memory (one bytearray per level), for tests and benchmarks.

    Call it (or its :meth:`read`) as a :data:`HashReader`. Reading a hash that is not stored raises
    ``ValueError``.
    """

    __slots__ = ("_frontier", "_levels")

    def __init__(self) -> None:
        self._levels: list[bytearray] = []
        self._frontier = Frontier()

    @property
    def size(self) -> int:
        """The number of leaves stored."""
        return self._frontier.size

    def append(self, leaf_data: bytes) -> int:
        """Append one entry (its bytes, hashed as a leaf here); returns its index."""
        return self.append_hash(_sha256(b"\x00" + leaf_data).digest())

    def append_hash(self, leaf_hash: bytes) -> int:
        """Append one leaf by its 32-byte leaf hash; returns its index."""
        index = self._frontier.size
        levels = self._levels
        for level, _n, h in self._frontier.append(leaf_hash):
            if level == len(levels):
                levels.append(bytearray())
            levels[level] += h
        return index

    def extend(self, leaf_data: Iterable[bytes]) -> int:
        """Append many entries; returns the index of the first one."""
        first = self._frontier.size
        for data in leaf_data:
            self.append(data)
        return first

    def root(self) -> bytes:
        """The root of the whole stored tree, from the frontier (no read)."""
        return self._frontier.root()

    def read(self, pairs: Sequence[tuple[int, int]]) -> list[bytes]:
        levels = self._levels
        out: list[bytes] = []
        for level, n in pairs:
            if level < 0 or n < 0 or level >= len(levels) or (n + 1) * HASH_SIZE > len(levels[level]):
                raise ValueError(f"hash ({level}, {n}) is not stored (tree size {self._frontier.size})")
            out.append(bytes(levels[level][n * HASH_SIZE : (n + 1) * HASH_SIZE]))
        return out

    __call__ = read


# ---------------------------------------------------------------------------------------------- reading


def tree_hash(tree_size: int, read: HashReader) -> bytes:
    """The Merkle tree hash (root) of the first ``tree_size`` leaves, from one batch of stored hashes."""
    _check_size(tree_size)
    if tree_size == 0:
        return EMPTY_ROOT
    pairs = subtree_pairs(0, tree_size)
    return _fold(_read(read, pairs), 0, len(pairs))


def _proof_from_ranges(ranges: list[tuple[int, int]], read: HashReader) -> list[bytes]:
    """One hash per (start, size) range (in the given order), from one batch read of their pieces."""
    pairs: list[tuple[int, int]] = []
    bounds: list[int] = []
    for start, size in ranges:
        pairs.extend(subtree_pairs(start, size))
        bounds.append(len(pairs))
    hashes = _read(read, pairs)
    proof: list[bytes] = []
    begin = 0
    for end in bounds:
        proof.append(hashes[begin] if end - begin == 1 else _fold(hashes, begin, end))
        begin = end
    return proof


def inclusion_proof(index: int, tree_size: int, read: HashReader) -> list[bytes]:
    """The audit path PATH(index, D[tree_size]) of RFC 9162 §2.1.3.1, leaf to root, with one batch read."""
    if index < 0 or tree_size < 0:
        raise ValueError(f"index and tree size must not be negative, got {index} and {tree_size}")
    if index >= tree_size:
        raise ValueError(f"leaf index {index} is not in a tree of size {tree_size}")
    ranges: list[tuple[int, int]] = []  # root to leaf
    lo, hi = 0, tree_size
    while hi - lo > 1:
        k = _largest_power_of_two_below(hi - lo)
        if index < lo + k:
            ranges.append((lo + k, hi - lo - k))  # right subtree: incomplete only on the tree's right edge
            hi = lo + k
        else:
            ranges.append((lo, k))
            lo += k
    ranges.reverse()
    return _proof_from_ranges(ranges, read)


def consistency_proof(first: int, second: int, read: HashReader) -> list[bytes]:
    """PROOF(first, D[second]) of RFC 9162 §2.1.4.1, with one batch read; empty when first == second.

    ``first == 0`` is refused: verifiers following transparency-dev (and ours) reject such proofs.
    """
    if first < 0 or second < 0:
        raise ValueError(f"tree sizes must not be negative, got {first} and {second}")
    if first > second:
        raise ValueError(f"first tree size {first} is larger than second tree size {second}")
    if first == 0:
        raise ValueError("a consistency proof from the empty tree (size 0) is meaningless")
    if first == second:
        return []
    ranges: list[tuple[int, int]] = []  # outermost first
    lo, hi = 0, second
    whole = True  # SUBPROOF's b: still on the path of the complete old tree
    while first != hi:
        k = _largest_power_of_two_below(hi - lo)
        if first - lo <= k:
            ranges.append((lo + k, hi - lo - k))
            hi = lo + k
        else:
            ranges.append((lo, k))
            lo += k
            whole = False
    if not whole:
        ranges.append((lo, hi - lo))
    ranges.reverse()
    return _proof_from_ranges(ranges, read)


# ----------------------------------------------------------------------------------------- verification


def inclusion_proof_size(index: int, tree_size: int) -> int:
    """The exact number of hashes in the inclusion proof of ``index`` in a tree of ``tree_size`` leaves."""
    if not 0 <= index < tree_size:
        raise ValueError(f"leaf index {index} is not in a tree of size {tree_size}")
    inner = (
        index ^ (tree_size - 1)
    ).bit_length()  # levels where the paths to index and to the last leaf split
    return inner + (index >> inner).bit_count()  # plus the left siblings above, on the right edge


def consistency_proof_size(first: int, second: int) -> int:
    """The number of hashes in the consistency proof from ``first`` to ``second`` (0 < first <= second)."""
    if not 0 < first <= second:
        raise ValueError(f"no consistency proof from size {first} to size {second}")
    if first == second:
        return 0
    shift = (first & -first).bit_length() - 1  # the old tree's last complete subtree has 2**shift leaves
    size = inclusion_proof_size(first - 1, second) - shift
    return size if first == 1 << shift else size + 1  # its root is sent unless it is the whole old tree


def _check_proof_hashes(proof: Sequence[bytes]) -> None:
    for i, h in enumerate(proof):
        if len(h) != HASH_SIZE:
            raise ProofError(f"proof hash {i} is {len(h)} bytes, want {HASH_SIZE}")


def root_from_inclusion_proof(index: int, tree_size: int, leaf_hash: bytes, proof: Sequence[bytes]) -> bytes:
    """The root an inclusion proof leads to (RFC 9162 §2.1.3.2 steps 1-4); ProofError if it is malformed."""
    if index < 0 or tree_size < 0:
        raise ProofError(f"index and tree size must not be negative, got {index} and {tree_size}")
    if index >= tree_size:
        raise ProofError(f"leaf index {index} is not in a tree of size {tree_size}")
    if len(leaf_hash) != HASH_SIZE:
        raise ProofError(f"leaf hash is {len(leaf_hash)} bytes, want {HASH_SIZE}")
    want = inclusion_proof_size(index, tree_size)
    if len(proof) != want:
        raise ProofError(f"inclusion proof has {len(proof)} hashes, want {want}")
    _check_proof_hashes(proof)
    sha256 = _sha256
    fn, sn = index, tree_size - 1
    r = leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is too long")
        if fn & 1 or fn == sn:
            r = sha256(b"\x01" + p + r).digest()
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = sha256(b"\x01" + r + p).digest()
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof is too short")
    return r


def verify_inclusion(
    index: int, tree_size: int, leaf_hash: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that ``leaf_hash`` is leaf ``index`` of the tree of ``tree_size`` leaves and ``root``.

    The algorithm of RFC 9162 §2.1.3.2: returns None when the proof verifies, raises :class:`ProofError`
    otherwise.
    """
    if root_from_inclusion_proof(index, tree_size, leaf_hash, proof) != root:
        raise ProofError(
            f"inclusion proof of leaf {index} does not lead to the root of tree size {tree_size}"
        )


def verify_consistency(
    first: int, second: int, proof: Sequence[bytes], first_root: bytes, second_root: bytes
) -> None:
    """Check that the tree of ``second`` leaves extends the tree of ``first`` leaves (RFC 9162 §2.1.4.2).

    Returns None when the proof verifies; raises :class:`ProofError` otherwise. Size 0 is refused (see the
    module docstring); equal sizes need an empty proof and equal roots.
    """
    if first < 0 or second < 0:
        raise ProofError(f"tree sizes must not be negative, got {first} and {second}")
    if second < first:
        raise ProofError(f"second tree size {second} is smaller than first tree size {first}")
    if first == 0:
        raise ProofError("a consistency proof from the empty tree (size 0) is meaningless")
    if first == second:
        if proof:
            raise ProofError("tree sizes are equal but the consistency proof is not empty")
        if first_root != second_root:
            raise ProofError(f"tree sizes are equal ({first}) but the roots differ")
        return
    want = consistency_proof_size(first, second)
    if len(proof) != want:
        raise ProofError(f"consistency proof has {len(proof)} hashes, want {want}")
    _check_proof_hashes(proof)
    sha256 = _sha256
    # Step 2: when the old tree is a complete subtree, its root is the proof's implicit first hash.
    path = [first_root, *proof] if first & (first - 1) == 0 else proof
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is too long")
        if fn & 1 or fn == sn:
            fr = sha256(b"\x01" + c + fr).digest()
            sr = sha256(b"\x01" + c + sr).digest()
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = sha256(b"\x01" + sr + c).digest()
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof is too short")
    if fr != first_root:
        raise ProofError(f"consistency proof does not lead to the root of tree size {first}")
    if sr != second_root:
        raise ProofError(f"consistency proof does not lead to the root of tree size {second}")
