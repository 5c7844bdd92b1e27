"""The outside verifier of a hromada's transparency log, run by `hromada ledger verify`.

A journalist or a parent runs it against their city: it uses only the public HTTP paths of a log
(`/ledger/key`, `/ledger/checkpoint`, the C2SP tiles and entry bundles, `/api/v1/ledger/...`), trusts
nothing the server says without checking it against the signed checkpoint, and remembers the last
checkpoint it verified in a state file, so that the next run proves the log only grew. It reads no
database: only the ledger's pure cores and HTTP.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from hromada.ledger import jcs, merkle, note, tiles
from hromada.ledger.checkpoint import Checkpoint as CheckpointBody
from hromada.ledger.checkpoint import CheckpointError, open_checkpoint
from hromada.ledger.receipts import receipt_verify


class VerifyFailure(Exception):
    """A check of `ledger verify` failed; the message says which, in words."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64decode(text: object, what: str) -> bytes:
    if not isinstance(text, str):
        raise VerifyFailure(f"{what} is missing")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise VerifyFailure(f"{what} is not base64") from None


def default_state_file(origin: str) -> Path:
    """~/.local/state/hromada-ledger/<origin>.json (XDG_STATE_HOME is honoured); "/" becomes "_"."""
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "hromada-ledger" / f"{re.sub(r'[^A-Za-z0-9._-]', '_', origin)}.json"


class _Remote:
    """The log's public HTTP paths under one base address."""

    def __init__(self, base: str, timeout: float) -> None:
        if not re.match(r"https?://", base):
            raise VerifyFailure(f"--url must start with http:// or https://, not {base!r}")
        self.base = base.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.requests = 0

    def get(
        self, path: str, params: dict[str, int] | None = None, *, missing_ok: bool = False
    ) -> bytes | None:
        url = self.base + path
        try:
            response = self.session.get(url, params=params, timeout=self.timeout)
        except requests.RequestException as error:
            raise VerifyFailure(f"cannot fetch {url}: {error}") from None
        self.requests += 1
        if missing_ok and response.status_code == 404:
            return None
        if response.status_code != 200:
            detail = response.text[:200].strip()
            raise VerifyFailure(f"{url} answered HTTP {response.status_code}: {detail}")
        return response.content

    def fetch(self, path: str, params: dict[str, int] | None = None) -> bytes:
        data = self.get(path, params)
        assert data is not None
        return data

    def json(self, path: str, params: dict[str, int] | None = None) -> Any:
        try:
            return json.loads(self.fetch(path, params))
        except ValueError:
            raise VerifyFailure(f"{self.base}{path} did not answer JSON") from None

    def tile(self, ref: tiles.TileRef) -> bytes:
        return self.fetch(f"/ledger/{ref.path}")


class Verification:
    """One run of `hromada ledger verify`: every step prints a line or raises VerifyFailure."""

    def __init__(
        self, write: Callable[[str], object], options: dict[str, Any], *, warn: Callable[[str], object]
    ) -> None:
        self.write = write  # each step's line
        self.warn = warn  # further failures after the first (which is raised)
        self.options = options
        self.signed = b""  # the checkpoint as served
        self.state_path: Path | None = None

    def say(self, step: str, message: str) -> None:
        self.write(f"ok    {step}: {message}")

    def remark(self, step: str, message: str) -> None:
        self.write(f"note  {step}: {message}")

    def run(self) -> None:
        """Verify; raises :class:`VerifyFailure` at the first check that fails."""
        base, receipt_file = self.options.get("url"), self.options.get("receipt")
        if not base and not receipt_file:
            raise VerifyFailure(
                "give the log's address with --url BASE (and/or a receipt with --receipt FILE)"
            )
        receipt = self._load_receipt(receipt_file) if receipt_file else None
        if not base:
            self._verify_receipt_offline(receipt)
            return
        remote = _Remote(base, self.options.get("timeout") or 30.0)
        verifier = self._key(remote)
        origin = verifier.name
        state_path = Path(self.options["state"]).expanduser() if self.options.get("state") else None
        state_path = state_path or default_state_file(origin)
        self.state_path = state_path
        state = self._load_state(state_path, verifier)
        body = self._checkpoint(remote, verifier)
        read = self._tiles(remote, body)
        self._consistency_with_state(remote, state, body, read)
        if self.options.get("audit"):
            self._audit(remote, body)
        if receipt is not None:
            self._receipt(remote, receipt, verifier, body, read)
        self._save_state(state_path, state, verifier, body)
        self.write(
            f"The log {origin} verifies: {body.size} entries under a checkpoint signed by its key "
            f"({remote.requests} requests to {remote.base})."
        )

    # --------------------------------------------------------------------------------- key, state

    def _key(self, remote: _Remote) -> note.Verifier:
        served = remote.fetch("/ledger/key").decode("utf-8", errors="replace").strip()
        trusted = (self.options.get("key") or "").strip()
        if trusted and served != trusted:
            raise VerifyFailure(
                f"key: the server publishes the key {served}, not the key you gave ({trusted}); "
                "do not trust this log's checkpoints"
            )
        try:
            verifier = note.Verifier.from_key(served)
        except note.NoteError as error:
            raise VerifyFailure(f"key: the published key {served!r} is malformed: {error}") from None
        self.say("key", served + (" (the key you gave)" if trusted else ""))
        return verifier

    def _load_state(self, path: Path, verifier: note.Verifier) -> dict[str, Any] | None:
        if not path.exists():
            self.remark("state", f"no earlier checkpoint remembered in {path}: this run is the first")
            return None
        try:
            state = json.loads(path.read_text())
            size, root = int(state["tree_size"]), _b64decode(state["root_hash"], "the remembered root")
        except (OSError, ValueError, KeyError, TypeError, VerifyFailure) as error:
            raise VerifyFailure(
                f"state: {path} is unreadable ({error}); move it away to start afresh"
            ) from None
        if state.get("verifier_key") != verifier.key:
            raise VerifyFailure(
                f"key: the log's key changed since you last checked (then {state.get('verifier_key')}, "
                f"now {verifier.key}); a log keeps its key, so ask the hromada why before trusting it"
            )
        state["tree_size"], state["root"] = size, root
        self.say("state", f"last verified checkpoint: {size} entries ({path})")
        return state

    def _save_state(
        self, path: Path, state: dict[str, Any] | None, verifier: note.Verifier, body: CheckpointBody
    ) -> None:
        if state is not None and state["tree_size"] > body.size:
            return  # a lagging copy was served: keep the newer checkpoint we already proved
        record = {
            "origin": body.origin,
            "verifier_key": verifier.key,
            "tree_size": body.size,
            "root_hash": _b64(body.root_hash),
            "checkpoint": self.signed.decode("utf-8"),
            "url": self.options["url"],
            "verified_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(json.dumps(record, indent=2) + "\n")
        os.replace(temporary, path)
        self.say("state", f"remembered checkpoint {body.size} in {path}")

    # ------------------------------------------------------------------------- checkpoint, tiles

    def _witness_verifiers(self, remote: _Remote) -> list[tuple[note.NoteVerifier, str]]:
        """Witness keys: those given with --witness, then those the log lists (checked, not trusted)."""
        keys: list[tuple[str, str]] = [(key, "the key you gave") for key in self.options.get("witness") or []]
        listed = remote.get("/api/v1/ledger", missing_ok=True)
        try:
            witnesses = json.loads(listed).get("witnesses") if listed else None
        except (ValueError, AttributeError):
            witnesses = None
        for item in witnesses if isinstance(witnesses, list) else []:
            if isinstance(item, dict) and isinstance(item.get("verifier_key"), str):
                keys.append((item["verifier_key"], "listed by the log"))
        verifiers: dict[tuple[str, int], tuple[note.NoteVerifier, str]] = {}
        for key, source in keys:
            try:
                verifier = note.CosignatureVerifier.from_key(key.strip())
            except note.NoteError as error:
                if source == "the key you gave":
                    raise VerifyFailure(f"witness: the key {key!r} is malformed: {error}") from None
                self.remark("witness", f"the log lists a malformed witness key {key!r}; ignored")
                continue
            verifiers.setdefault((verifier.name, verifier.key_id), (verifier, source))
        return list(verifiers.values())

    def _checkpoint(self, remote: _Remote, verifier: note.Verifier) -> CheckpointBody:
        self.signed = remote.fetch("/ledger/checkpoint")
        witnesses = self._witness_verifiers(remote)
        try:
            opened = open_checkpoint(self.signed, verifier, [w for w, _ in witnesses], origin=verifier.name)
        except note.InvalidSignatureError as error:
            who = "the log's own" if error.name == verifier.name else f"the witness {error.name}'s"
            raise VerifyFailure(
                f"checkpoint: {who} signature does not verify: the checkpoint was altered"
            ) from None
        except (note.NoteError, CheckpointError) as error:
            raise VerifyFailure(f"checkpoint: {error}") from None
        body = opened.checkpoint
        self.say("checkpoint", f"signed by {verifier.name}: {body.size} entries, root {_b64(body.root_hash)}")
        sources = {(w.name, w.key_id): source for w, source in witnesses}
        for cosignature in opened.cosignatures:
            when = ""
            if cosignature.timestamp is not None:
                when = f" at {dt.datetime.fromtimestamp(cosignature.timestamp, dt.UTC):%Y-%m-%d %H:%M:%S} UTC"
            source = sources.get((cosignature.name, cosignature.key_id), "")
            self.say("witness", f"cosigned by {cosignature.name}{when} ({source})")
        for given, source in witnesses:
            if source == "the key you gave" and not any(
                (c.name, c.key_id) == (given.name, given.key_id) for c in opened.cosignatures
            ):
                raise VerifyFailure(f"witness: the checkpoint carries no cosignature of {given.name}")
        for unknown in opened.note.unverified_signatures:
            self.remark("witness", f"not checked: a signature of {unknown.name} whose key you did not give")
        return body

    def _tiles(self, remote: _Remote, body: CheckpointBody) -> merkle.HashReader:
        fetched: list[str] = []

        def fetch(ref: tiles.TileRef) -> bytes:
            fetched.append(ref.path)
            return remote.tile(ref)

        read = tiles.read_hashes_from_tiles(fetch, body.size)
        try:
            root = merkle.tree_hash(body.size, read)
        except ValueError as error:
            raise VerifyFailure(f"tiles: {error}") from None
        if root != body.root_hash:
            raise VerifyFailure(
                f"tiles: the hash tiles give the root {_b64(root)} for {body.size} entries, not the signed "
                f"root {_b64(body.root_hash)}: the served tiles were altered"
            )
        self.say("tiles", f"{len(fetched)} tiles give the signed root of {body.size} entries")
        return read

    # ------------------------------------------------------------------------------- consistency

    def _consistent(
        self,
        remote: _Remote,
        read: merkle.HashReader,
        older: tuple[int, bytes],
        newer: tuple[int, bytes],
    ) -> int:
        """Prove the tree `newer` extends `older`, from the tiles and from the API; returns the proof length.

        ``read`` reads the tiles of a tree at least as large as ``newer``.
        """
        (first, first_root), (second, second_root) = older, newer
        if first == 0:
            return 0  # the empty tree is a prefix of every tree
        if first == second:
            if first_root != second_root:
                raise merkle.ProofError(f"two different signed roots for the same {first} entries")
            return 0
        try:
            proof = merkle.consistency_proof(first, second, read)
        except ValueError as error:
            raise merkle.ProofError(f"the tiles do not hold a consistency proof: {error}") from None
        merkle.verify_consistency(first, second, proof, first_root, second_root)
        answer = remote.json("/api/v1/ledger/proofs/consistency", {"first": first, "second": second})
        hashes = answer.get("hashes") if isinstance(answer, dict) else None
        api_proof = [_b64decode(h, "a proof hash") for h in hashes] if isinstance(hashes, list) else []
        try:
            merkle.verify_consistency(first, second, api_proof, first_root, second_root)
        except merkle.ProofError as error:
            raise merkle.ProofError(f"the API's consistency proof does not verify: {error}") from None
        return len(proof)

    def _consistency_with_state(
        self, remote: _Remote, state: dict[str, Any] | None, body: CheckpointBody, read: merkle.HashReader
    ) -> None:
        if state is None:
            return
        seen = (state["tree_size"], state["root"])
        current = (body.size, body.root_hash)
        try:
            if seen[0] <= body.size:
                length = self._consistent(remote, read, seen, current)
            else:
                # A lagging copy (a cache) may serve an older checkpoint: it must be a prefix of what we saw.
                older_read = tiles.read_hashes_from_tiles(remote.tile, seen[0])
                length = self._consistent(remote, older_read, current, seen)
        except merkle.ProofError as error:
            raise VerifyFailure(
                f"consistency: the log is NOT consistent with the checkpoint you verified before "
                f"({seen[0]} entries, root {_b64(seen[1])}): {error}. The history was rewritten or the log "
                f"shows different versions; keep {self.state_path} and this "
                f"checkpoint as evidence:\n{self.signed.decode('utf-8', errors='replace')}"
            ) from None
        if seen[0] > body.size:
            self.remark("consistency", f"the server served an older checkpoint ({body.size}) than you saw")
        elif seen[0] == body.size:
            self.say("consistency", f"the same tree of {body.size} entries as last time")
        elif seen[0] == 0:
            self.say("consistency", f"the log grew from no entries to {body.size}")
        else:
            self.say(
                "consistency",
                f"the log grew from {seen[0]} to {body.size} entries without changing any of the first "
                f"{seen[0]} ({length} proof hashes)",
            )

    # ------------------------------------------------------------------------------------ audit

    def _audit(self, remote: _Remote, body: CheckpointBody) -> None:
        frontier = merkle.Frontier()
        kinds: dict[str, int] = {}
        for ref in tiles.entry_bundles_for_size(body.size):
            try:
                entries = tiles.decode_entry_bundle(remote.tile(ref), ref.width)
            except ValueError as error:
                raise VerifyFailure(f"audit: entry bundle {ref.path}: {error}") from None
            level0 = tiles.TileRef(0, ref.index, ref.width)
            hashes = remote.tile(level0)
            first = ref.index * tiles.TILE_WIDTH
            for offset, data in enumerate(entries):
                index = first + offset
                leaf = merkle.leaf_hash(data)
                if hashes[offset * merkle.HASH_SIZE : (offset + 1) * merkle.HASH_SIZE] != leaf:
                    raise VerifyFailure(
                        f"audit: entry {index}: its bytes do not hash to its leaf hash in {level0.path}: "
                        "the entry was altered"
                    )
                kind = self._entry_kind(index, data)
                kinds[kind] = kinds.get(kind, 0) + 1
                frontier.append(leaf)
        if frontier.root() != body.root_hash:
            raise VerifyFailure(
                f"audit: the {body.size} entries give the root {_b64(frontier.root())}, not the signed root"
            )
        summary = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
        self.say(
            "audit",
            f"all {body.size} entries re-hashed give the signed root" + (f" ({summary})" if summary else ""),
        )

    @staticmethod
    def _entry_kind(index: int, data: bytes) -> str:
        try:
            value = json.loads(data)
            canonical = jcs.canonical_json(value)
        except (ValueError, jcs.CanonicalJSONError) as error:
            raise VerifyFailure(f"audit: entry {index} is not valid JSON: {error}") from None
        if canonical != data or not isinstance(value, dict) or not isinstance(value.get("kind"), str):
            raise VerifyFailure(f"audit: entry {index} is not a canonical (RFC 8785) entry with a kind")
        return value["kind"]

    # ---------------------------------------------------------------------------------- receipts

    def _load_receipt(self, path: str) -> Any:
        try:
            return json.loads(Path(path).expanduser().read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise VerifyFailure(f"receipt: cannot read {path}: {error}") from None

    def _receipt_checks(self, receipt: Any, key: str | None) -> CheckpointBody:
        failed = None
        for check in receipt_verify(receipt, verifier_key=key):
            if check.ok:
                self.say(f"receipt {check.step}", check.message)
            elif failed is None:
                failed = check
            else:
                self.warn(f"FAIL  receipt {check.step}: {check.message}")
        if failed is not None:
            raise VerifyFailure(f"receipt {failed.step}: {failed.message}")
        return CheckpointBody.parse(note.parse_note(receipt["checkpoint"].encode())[0])

    def _verify_receipt_offline(self, receipt: Any) -> None:
        key = (self.options.get("key") or "").strip() or None
        self._receipt_checks(receipt, key)
        if key is None:
            self.remark(
                "receipt",
                "the key came with the receipt itself: compare it with the key the hromada published, or "
                "pass it with --key; give --url to check the log still holds the entry",
            )
        self.write("The receipt verifies.")

    def _receipt(
        self,
        remote: _Remote,
        receipt: Any,
        verifier: note.Verifier,
        body: CheckpointBody,
        read: merkle.HashReader,
    ) -> None:
        signed = self._receipt_checks(receipt, verifier.key)
        older, newer = (signed.size, signed.root_hash), (body.size, body.root_hash)
        try:
            if signed.size <= body.size:
                self._consistent(remote, read, older, newer)
            else:
                self._consistent(remote, tiles.read_hashes_from_tiles(remote.tile, signed.size), newer, older)
        except merkle.ProofError as error:
            raise VerifyFailure(
                f"receipt: the log today is NOT consistent with the checkpoint in the receipt "
                f"({signed.size} entries): {error}"
            ) from None
        self.say(
            "receipt",
            f"entry {receipt['index']} is still in the log: the checkpoint of the receipt ({signed.size} "
            f"entries) is consistent with today's ({body.size})",
        )
