"""Witnesses: hromadas cosign each other's checkpoints (C2SP tlog-witness), over HTTP and in-process.

The witness protocol is HTTP, so its tests talk to a live server with ``requests``; the log's
checkpoint is fetched from ``/ledger/checkpoint`` the way an outside verifier would, and its
cosignatures are checked with ``checkpoint.open_checkpoint(..., witnesses=[...])``.
"""

from __future__ import annotations

import logging
import socket
import stat
import threading
import time

import pytest
import requests
from django.db import connections, transaction
from django.test import Client

from hromada.accounts.models import DepartmentMembership, HromadaRole
from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from hromada.ledger import merkle, note, witness
from hromada.ledger.actions import key_path, ledger_append, ledger_publish
from hromada.ledger.checkpoint import Checkpoint as CheckpointBody
from hromada.ledger.checkpoint import (
    format_add_checkpoint_request,
    open_checkpoint,
    parse_add_checkpoint_response,
    sign_checkpoint,
)
from hromada.ledger.models import Checkpoint, Cosignature, Log, Witness, WitnessedLog
from hromada.ledger.note import CosignatureVerifier, Verifier
from tests.factories import PASSWORD, DepartmentFactory, UserFactory, totp_device, totp_now

HOST_A = "svitlohirsk.localhost"  # `hromada`, the default one: also 127.0.0.1 and localhost
HOST_B = "verbivka.localhost"  # `other_hromada`
SIZE_TYPE = "text/x.tlog.size"
ADD = "/ledger/witness/add-checkpoint"


def fetch(live_server, path: str, host: str) -> requests.Response:
    port = live_server.url.rsplit(":", 1)[1]
    return requests.get(f"{live_server.url}{path}", headers={"Host": f"{host}:{port}"}, timeout=10)


def published_checkpoint(live_server, host: str, log: Log, witnesses=()):
    response = fetch(live_server, "/ledger/checkpoint", host)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    return open_checkpoint(
        response.content, Verifier.from_key(log.verifier_key), witnesses=witnesses, origin=log.origin
    )


class FakeLog:
    """A log kept in memory, signing its own checkpoints: for requests a real log would never send."""

    def __init__(self, origin: str = "fork.example/ledger") -> None:
        secret, self.verifier_key = note.generate_signer(origin)
        self.signer = note.Signer.from_key(secret)
        self.origin = origin
        self.entries: list[bytes] = []

    def store(self, entries: list[bytes] | None = None) -> merkle.MemoryHashStore:
        store = merkle.MemoryHashStore()
        store.extend(self.entries if entries is None else entries)
        return store

    def signed(self, entries: list[bytes] | None = None, signer: note.Signer | None = None) -> bytes:
        store = self.store(entries)
        body = CheckpointBody(origin=self.origin, size=store.size, root_hash=store.root())
        return sign_checkpoint(body, signer or self.signer)

    def request(
        self, old: int, entries: list[bytes] | None = None, proof: list[bytes] | None = None
    ) -> bytes:
        entries = self.entries if entries is None else entries
        if proof is None:
            proof = merkle.consistency_proof(old, len(entries), self.store(entries).read) if old > 0 else []
        return format_add_checkpoint_request(
            old_size=old, proof=proof, signed_checkpoint=self.signed(entries)
        )

    def root(self, entries: list[bytes] | None = None) -> bytes:
        return self.store(entries).root()


def entries(prefix: str, count: int, start: int = 0) -> list[bytes]:
    return [f"{prefix}{n}".encode() for n in range(start, start + count)]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --------------------------------------------------------------------------------------- the key


def test_each_hromada_has_a_witness_key_made_on_first_use_outside_the_database(
    client, hromada, other_hromada, key_dir
):
    first = client.get("/ledger/witness/key")
    again = client.get("/ledger/witness/key", HTTP_HOST=HOST_A)
    other = client.get("/ledger/witness/key", HTTP_HOST=HOST_B)

    assert first.status_code == again.status_code == other.status_code == 200
    assert first["Content-Type"] == "text/plain; charset=utf-8"
    key = first.content.decode()
    assert key == again.content.decode() != other.content.decode()
    verifier = CosignatureVerifier.from_key(key)
    assert verifier.name == "svitlohirsk.localhost/witness" and verifier.key == key
    assert CosignatureVerifier.from_key(other.content.decode()).name == "verbivka.localhost/witness"
    path = key_dir / "svitlohirsk.witness.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert note.CosignatureSigner.from_key(path.read_text().strip()).verifier_key == key
    assert key_path(hromada) != path  # the log's key is another file


# ------------------------------------------------------------- two hromadas witness each other


@pytest.mark.django_db(transaction=True)
def test_two_hromadas_of_one_installation_witness_each_other(live_server, hromada, other_hromada, append):
    a_witness, b_witness = witness.witness_mutually(a=hromada, b=other_hromada)
    assert witness.witness_mutually(a=hromada, b=other_hromada) == (a_witness, b_witness)  # idempotent
    key_of_b = witness.witness_verifier_key(hromada=other_hromada)
    key_of_a = witness.witness_verifier_key(hromada=hromada)
    assert (a_witness.verifier_key, a_witness.url, b_witness.verifier_key) == (key_of_b, "", key_of_a)
    log_a, log_b = Log.objects.get(hromada=hromada), Log.objects.get(hromada=other_hromada)

    # Each commit runs the publish task (immediate backend): a checkpoint, then B is asked to cosign it.
    append(hromada, 5, kind="queue.joined")
    append(other_hromada, 3, kind="budget.voted")

    opened = published_checkpoint(live_server, HOST_A, log_a, [CosignatureVerifier.from_key(key_of_b)])
    assert opened.checkpoint.size == 5
    assert opened.witnesses == ("verbivka.localhost/witness",)
    opened_b = published_checkpoint(live_server, HOST_B, log_b, [CosignatureVerifier.from_key(key_of_a)])
    assert (opened_b.checkpoint.size, opened_b.witnesses) == (3, ("svitlohirsk.localhost/witness",))
    # Every checkpoint was cosigned in turn, each time with a consistency proof from the previous one.
    assert Cosignature.objects.filter(checkpoint__hromada=hromada).count() == 5
    witnessed = WitnessedLog.objects.get(witness_hromada=other_hromada, origin=log_a.origin)
    assert (witnessed.tree_size, bytes(witnessed.root_hash)) == (5, opened.checkpoint.root_hash)
    a_witness.refresh_from_db()
    assert a_witness.cosigned_size == 5

    # The log's side forgot what B cosigned: B answers 409 with its size and the request is sent again.
    Witness.objects.filter(pk=a_witness.pk).update(cosigned_size=2)
    append(hromada, 2, kind="queue.joined", start=5)
    opened = published_checkpoint(live_server, HOST_A, log_a, [CosignatureVerifier.from_key(key_of_b)])
    assert (opened.checkpoint.size, opened.witnesses) == (7, ("verbivka.localhost/witness",))

    # The JSON view of the log lists the witnesses and serves the same cosigned note; the page names them.
    api = fetch(live_server, "/api/v1/ledger", HOST_A).json()
    assert api["witnesses"] == [{"name": other_hromada.name, "verifier_key": key_of_b}]
    assert api["checkpoint"] == fetch(live_server, "/ledger/checkpoint", HOST_A).text
    page = fetch(live_server, "/ledger/", HOST_A)
    assert page.status_code == 200 and other_hromada.name in page.text


def test_witnessing_each_other_needs_two_hromadas_and_keeps_a_log_key(hromada, other_hromada):
    with pytest.raises(ApplicationError):
        witness.witness_mutually(a=hromada, b=hromada)
    witness.witness_mutually(a=hromada, b=other_hromada)
    WitnessedLog.objects.filter(witness_hromada=other_hromada).update(
        log_verifier_key=FakeLog("svitlohirsk.localhost/ledger").verifier_key
    )
    with pytest.raises(ConflictError):
        witness.witness_mutually(a=hromada, b=other_hromada)


# ---------------------------------------------------------------------- an outside witness (HTTP)


@pytest.mark.django_db(transaction=True)
def test_a_witness_over_http_cosigns_and_its_cosignature_is_served(
    live_server, hromada, other_hromada, append
):
    """other_hromada's log asks hromada's witness at its address (the live server) to cosign."""
    append(other_hromada, 1)  # the log and its key exist (no witness yet)
    log = Log.objects.get(hromada=other_hromada)
    witness_key = fetch(live_server, "/ledger/witness/key", HOST_A).text
    WitnessedLog.objects.create(witness_hromada=hromada, origin=log.origin, log_verifier_key=log.verifier_key)
    Witness.objects.create(
        hromada=other_hromada,
        name="Svitlohirsk",
        verifier_key=witness_key,
        url=f"{live_server.url}/ledger/witness",
    )
    verifier = CosignatureVerifier.from_key(witness_key)

    append(other_hromada, 4, start=1)
    opened = published_checkpoint(live_server, HOST_B, log, [verifier])
    assert (opened.checkpoint.size, opened.witnesses) == (5, ("svitlohirsk.localhost/witness",))
    (cosignature,) = opened.cosignatures
    assert abs(cosignature.timestamp - time.time()) < 60

    with transaction.atomic():  # one commit: one more checkpoint, cosigned with a proof from size 5
        for number in range(300):
            ledger_append(hromada=other_hromada, kind="demo.noted", payload={"number": number})
    opened = published_checkpoint(live_server, HOST_B, log, [verifier])
    assert (opened.checkpoint.size, opened.witnesses) == (305, ("svitlohirsk.localhost/witness",))
    assert WitnessedLog.objects.get(witness_hromada=hromada).tree_size == 305
    assert Witness.objects.get(hromada=other_hromada).cosigned_size == 305


def test_an_unreachable_or_wrong_witness_never_stops_signing(
    hromada, other_hromada, append, django_capture_on_commit_callbacks, caplog
):
    Witness.objects.create(
        hromada=hromada,
        name="Down",
        verifier_key=witness.witness_verifier_key(hromada=other_hromada),
        url=f"http://127.0.0.1:{closed_port()}/witness",
    )
    Witness.objects.create(  # empty url, but no hromada of the installation holds this key
        hromada=hromada, name="Nobody", verifier_key=note.generate_cosigner("nobody.example/witness")[1]
    )
    append(hromada, 3)

    with (
        caplog.at_level(logging.WARNING, logger="hromada.ledger.witness"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        checkpoint = ledger_publish(hromada=hromada)

    assert callbacks  # the cosignature task was scheduled after the commit, and ran
    assert checkpoint.tree_size == 3 and Checkpoint.objects.filter(hromada=hromada).count() == 1
    assert not Cosignature.objects.exists()
    assert "Down" in caplog.text and "Nobody" in caplog.text
    assert witness.checkpoint_note_cosigned(checkpoint=checkpoint) == checkpoint.note


def test_a_cosignature_that_does_not_verify_is_not_stored(hromada, other_hromada, append, monkeypatch):
    witness.witness_mutually(a=hromada, b=other_hromada)
    append(hromada, 2)
    checkpoint = ledger_publish(hromada=hromada)
    impostor = note.CosignatureSigner.from_key(note.generate_cosigner("verbivka.localhost/witness")[0])
    real = witness.witness_cosigner

    def swapped(*, hromada, create=True):
        return impostor if hromada == other_hromada and create else real(hromada=hromada, create=create)

    monkeypatch.setattr(witness, "witness_cosigner", swapped)
    assert witness.cosignatures_collect(hromada=hromada) == []
    assert not Cosignature.objects.filter(checkpoint=checkpoint).exists()


# ------------------------------------------------------------------------------ the witness refuses


@pytest.fixture
def witnessed(live_server, hromada):
    """A log that hromada's witness (at the live server) has agreed to witness, cosigned at size 4."""
    log = FakeLog()
    log.entries = entries("e", 4)
    WitnessedLog.objects.create(witness_hromada=hromada, origin=log.origin, log_verifier_key=log.verifier_key)
    answer = post(live_server, log.request(0))
    assert answer.status_code == 200, answer.text
    return log


def post(live_server, body: bytes, **kwargs) -> requests.Response:
    return requests.post(f"{live_server.url}{ADD}", data=body, timeout=10, **kwargs)


def state(hromada) -> tuple[int, bytes]:
    row = WitnessedLog.objects.get(witness_hromada=hromada)
    return row.tree_size, bytes(row.root_hash)


@pytest.mark.django_db(transaction=True)
def test_the_witness_cosigns_a_consistent_checkpoint(live_server, hromada, witnessed):
    witnessed.entries += entries("e", 3, start=4)
    answer = post(live_server, witnessed.request(4))

    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
    (line,) = parse_add_checkpoint_response(answer.content)
    key = witness.witness_verifier_key(hromada=hromada)
    cosigned = witnessed.signed() + line.line().encode()
    opened = open_checkpoint(
        cosigned, Verifier.from_key(witnessed.verifier_key), [CosignatureVerifier.from_key(key)]
    )
    assert opened.witnesses == ("svitlohirsk.localhost/witness",)
    assert state(hromada) == (7, witnessed.root())
    # The same checkpoint again is cosigned again (old = its size, no proof).
    assert post(live_server, witnessed.request(7)).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_witness_refuses_what_it_must(live_server, hromada, witnessed):
    before = state(hromada)
    grown = [*witnessed.entries, *entries("e", 2, start=4)]

    unknown = FakeLog("unknown.example/ledger")
    unknown.entries = entries("u", 3)
    assert post(live_server, unknown.request(0)).status_code == 404

    forger = note.Signer.from_key(note.generate_signer(witnessed.origin)[0])  # same name, another key
    forged = format_add_checkpoint_request(
        old_size=0, proof=[], signed_checkpoint=witnessed.signed(grown, forger)
    )
    assert post(live_server, forged).status_code == 403

    stale = post(live_server, witnessed.request(2, grown))
    assert (stale.status_code, stale.headers["Content-Type"], stale.content) == (409, SIZE_TYPE, b"4\n")

    bad_proof = witnessed.request(
        4, grown, proof=[bytes(32)] * len(merkle.consistency_proof(4, 6, witnessed.store(grown).read))
    )
    assert post(live_server, bad_proof).status_code == 422

    rewritten = [*entries("e", 3), b"rewritten"]  # the same size, another root
    history = post(live_server, witnessed.request(4, rewritten))
    assert history.status_code == 409 and history.headers["Content-Type"] != SIZE_TYPE

    forked = [*entries("e", 3), b"rewritten", b"e4"]  # grows, but not from the cosigned tree
    honest_proof = merkle.consistency_proof(4, 5, witnessed.store(forked).read)
    assert post(live_server, witnessed.request(4, forked, proof=honest_proof)).status_code == 422

    assert post(live_server, b"old 4\nnot a checkpoint").status_code == 400
    assert post(live_server, witnessed.request(6, grown)).status_code == 409  # old beyond the cosigned size
    assert state(hromada) == before


def test_the_endpoint_is_post_only_csrf_exempt_size_limited_and_rate_limited(hromada, settings, monkeypatch):
    settings.HROMADA_RATE_LIMITS = True
    # One fixed instant, so the 61 requests cannot straddle two one-minute windows (CI saw that once).
    from types import SimpleNamespace

    monkeypatch.setattr("hromada.core.ratelimit.time", SimpleNamespace(time=lambda: 1_800_000_010.0))
    client = Client(enforce_csrf_checks=True)
    log = FakeLog()
    log.entries = entries("e", 2)
    WitnessedLog.objects.create(witness_hromada=hromada, origin=log.origin, log_verifier_key=log.verifier_key)

    assert client.get(ADD).status_code == 405
    answer = client.post(ADD, log.request(0), content_type="text/plain")
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
    too_big = client.post(ADD, b"old 0\n\n" + b"x" * witness.MAX_REQUEST_SIZE, content_type="text/plain")
    assert too_big.status_code == 413

    for _ in range(60):
        client.post(ADD, log.request(2), content_type="text/plain")
    limited = client.post(ADD, log.request(2), content_type="text/plain")
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0


# ------------------------------------------------------------------- no split view under concurrency


@pytest.fixture
def slow_proofs(monkeypatch):
    """Checking a consistency proof takes a while: concurrent requests overlap inside the witness."""
    original = merkle.verify_consistency

    def slow(*args):
        time.sleep(0.3)
        return original(*args)

    monkeypatch.setattr(merkle, "verify_consistency", slow)


def race(calls) -> list:
    """Run the calls at once in threads, each on its own database connection; returns their results."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(number: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[number] = calls[number]()
        except BaseException as error:  # reported by the assertions of the caller
            results[number] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def two_forks(log: FakeLog) -> tuple[list[bytes], list[bytes]]:
    """Two trees that both extend the cosigned one (size 4) but diverge from each other."""
    return [*log.entries, b"left"], [*log.entries, b"right", b"more"]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_over_http_never_get_diverging_trees_cosigned(
    live_server, hromada, witnessed, slow_proofs
):
    left, right = two_forks(witnessed)
    bodies = [witnessed.request(4, left), witnessed.request(4, right)]

    answers = race([lambda body=body: post(live_server, body) for body in bodies])

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200, 409], answers
    winner = left if answers[0].status_code == 200 else right
    loser = answers[1] if winner is left else answers[0]
    assert loser.content == f"{len(winner)}\n".encode()
    assert state(hromada) == (len(winner), witnessed.root(winner))


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_calls_in_process_never_get_diverging_trees_cosigned(hromada, witnessed, slow_proofs):
    left, right = two_forks(witnessed)
    forks = [left, right, left, right]

    answers = race(
        [
            lambda fork=fork: witness.witness_checkpoint_add(hromada=hromada, body=witnessed.request(4, fork))
            for fork in forks
        ]
    )

    cosigned = [fork for fork, answer in zip(forks, answers, strict=True) if answer.status == 200]
    assert len(cosigned) == 1, answers
    assert sorted(answer.status for answer in answers) == [200, 409, 409, 409]
    assert state(hromada) == (len(cosigned[0]), witnessed.root(cosigned[0]))


# ------------------------------------------------------------------------------------ back office


def staff_client(hromada, *, administrator: bool) -> Client:
    user = UserFactory(hromada=hromada, is_staff=True)
    if administrator:
        HromadaRole.objects.create(user=user, hromada=hromada, role=HromadaRole.Role.ADMINISTRATOR)
    else:
        DepartmentMembership.objects.create(user=user, department=DepartmentFactory(hromada=hromada))
    device = totp_device(user)
    client = Client()
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.post("/accounts/two-factor/", {"token": totp_now(device)}).status_code == 302
    return client


def test_administrators_add_witnesses_and_witnessed_logs_through_the_actions(hromada, other_hromada):
    admin = staff_client(hromada, administrator=True)
    official = staff_client(hromada, administrator=False)
    key = witness.witness_verifier_key(hromada=other_hromada)
    log = FakeLog()

    added = admin.post(
        "/admin/ledger/witness/add/",
        {
            "name": " Verbivka ",
            "verifier_key": f" {key} ",
            "url": "https://witness.example/w/",
            "is_active": "on",
        },
    )
    refused = admin.post("/admin/ledger/witness/add/", {"name": "Bad", "verifier_key": "nonsense", "url": ""})
    logged = admin.post(
        "/admin/ledger/witnessedlog/add/", {"origin": log.origin, "log_verifier_key": log.verifier_key}
    )

    assert added.status_code == 302, added.content.decode()[:2000]
    saved = Witness.objects.get(hromada=hromada)
    assert (saved.name, saved.verifier_key, saved.url) == ("Verbivka", key, "https://witness.example/w")
    assert refused.status_code == 400 and Witness.objects.count() == 1
    assert logged.status_code == 302
    row = WitnessedLog.objects.get(witness_hromada=hromada)
    assert (row.origin, row.log_verifier_key, row.tree_size) == (log.origin, log.verifier_key, 0)
    assert admin.get(f"/admin/ledger/witnessedlog/{row.pk}/change/").status_code == 200
    assert admin.post(f"/admin/ledger/witnessedlog/{row.pk}/change/", {"origin": "x"}).status_code == 403
    assert admin.post(f"/admin/ledger/witness/{saved.pk}/delete/").status_code == 403
    assert admin.get("/admin/ledger/cosignature/").status_code == 200

    assert official.get("/admin/ledger/witness/").status_code == 200  # officials see them, cannot change
    assert official.get("/admin/ledger/witness/add/").status_code == 403
    with pytest.raises(PermissionDeniedError):
        witness.witnessed_log_add(
            hromada=hromada, origin="other.example/ledger", log_verifier_key=log.verifier_key, by=None
        )


def test_witness_save_resets_the_size_when_the_key_changes(hromada, other_hromada):
    admin = UserFactory(hromada=hromada)
    HromadaRole.objects.create(user=admin, hromada=hromada, role=HromadaRole.Role.ADMINISTRATOR)
    saved = witness.witness_save(
        witness=Witness(
            hromada=hromada, name="W", verifier_key=witness.witness_verifier_key(hromada=other_hromada)
        ),
        by=admin,
    )
    Witness.objects.filter(pk=saved.pk).update(cosigned_size=9)
    saved.refresh_from_db()
    saved.url = "ftp://nope.example"
    with pytest.raises(ApplicationError):
        witness.witness_save(witness=saved, by=admin)
    saved.url = ""
    saved.verifier_key = note.generate_cosigner("new.example/witness")[1]
    witness.witness_save(witness=saved, by=admin)
    saved.refresh_from_db()
    assert saved.cosigned_size == 0
