"""The log's public contract: C2SP paths, the JSON API, the page, error shapes and tenancy."""

import base64
import hashlib

import pytest
from django.test import Client
from django.utils.html import escape

from hromada.ledger import merkle, tiles
from hromada.ledger.actions import ledger_publish
from hromada.ledger.checkpoint import open_checkpoint
from hromada.ledger.models import Entry
from hromada.ledger.note import Verifier
from hromada.ledger.tests.support import naive_root

OTHER = "verbivka.localhost"
SIZE = 300  # a full tile and a partial one at level 0, a partial one at level 1


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture
def published(hromada, append):
    """300 entries of two kinds, integrated and checkpointed."""
    receipts = append(hromada, 200, kind="queue.joined")
    receipts += append(hromada, 100, kind="petition.signed", start=200)
    checkpoint = ledger_publish(hromada=hromada, max_batch=128)
    return receipts, checkpoint


def entries(hromada) -> list[bytes]:
    rows = Entry.objects.filter(hromada=hromada).order_by("index").values_list("data", flat=True)
    return [bytes(data) for data in rows]


def assert_error(response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code


# ----------------------------------------------------------------------------------- C2SP paths


def test_checkpoint_and_key_are_served_as_text_and_verify(client, published):
    _receipts, checkpoint = published

    note = client.get("/ledger/checkpoint")
    key = client.get("/ledger/key")

    assert note.status_code == key.status_code == 200
    assert note["Content-Type"] == key["Content-Type"] == "text/plain; charset=utf-8"
    assert note["Cache-Control"] == "public, max-age=5"
    assert note["Access-Control-Allow-Origin"] == "*"
    assert note.content.decode() == checkpoint.note
    body = open_checkpoint(note.content, Verifier.from_key(key.content.decode())).checkpoint
    assert body.origin == "svitlohirsk.localhost/ledger"
    assert body.size == SIZE
    assert body.root_hash == naive_root(entries(checkpoint.hromada))
    assert client.head("/ledger/checkpoint").status_code == 200
    assert client.post("/ledger/checkpoint").status_code == 405


def test_a_hromada_without_a_log_answers_404_in_the_error_shape(client, hromada):
    assert_error(client.get("/ledger/checkpoint"), 404, "no_checkpoint")
    assert_error(client.get("/ledger/key"), 404, "no_log")
    assert_error(client.get("/ledger/tile/0/000.p/1"), 404, "beyond_tree")
    assert_error(client.get("/api/v1/ledger"), 404, "no_log")


def test_tiles_give_the_same_proofs_as_the_api_and_lead_to_the_checkpoint(client, published):
    _receipts, checkpoint = published
    fetched: dict[str, bytes] = {}

    def fetch(ref: tiles.TileRef) -> bytes:
        response = client.get(f"/ledger/{ref.path}")
        assert response.status_code == 200, ref.path
        assert response["Content-Type"] == "application/octet-stream"
        expected = "public, max-age=300" if ref.is_partial else "public, max-age=31536000, immutable"
        assert response["Cache-Control"] == expected
        fetched[ref.path] = response.content
        return response.content

    read = tiles.read_hashes_from_tiles(fetch, SIZE)
    root = bytes(checkpoint.root_hash)

    assert merkle.tree_hash(SIZE, read) == root
    for index in (0, 1, 100, 255, 256, 257, 299):
        served = client.get("/api/v1/ledger/proofs/inclusion", {"index": index, "tree_size": SIZE}).json()
        from_tiles = merkle.inclusion_proof(index, SIZE, read)
        assert served["hashes"] == [b64(h) for h in from_tiles]
        merkle.verify_inclusion(index, SIZE, base64.b64decode(served["leaf_hash"]), from_tiles, root)
    for first in (1, 7, 256, 299):
        served = client.get("/api/v1/ledger/proofs/consistency", {"first": first, "second": SIZE}).json()
        assert served["hashes"] == [b64(h) for h in merkle.consistency_proof(first, SIZE, read)]
    assert set(fetched) == {"tile/0/000", "tile/0/001.p/44", "tile/1/000.p/1"}


def test_entry_bundles_hold_the_entries_whose_leaf_hashes_the_tiles_hold(client, published):
    hromada = published[1].hromada
    data = entries(hromada)

    full = tiles.decode_entry_bundle(client.get("/ledger/tile/entries/000").content, 256)
    partial = tiles.decode_entry_bundle(client.get("/ledger/tile/entries/001.p/44").content, 44)
    hashes = client.get("/ledger/tile/0/001.p/44").content

    assert full + partial == data
    assert [merkle.leaf_hash(e) for e in partial] == [hashes[i : i + 32] for i in range(0, len(hashes), 32)]


def test_a_partial_tile_of_an_older_tree_is_a_prefix(client, published):
    shorter = client.get("/ledger/tile/0/001.p/10").content
    longer = client.get("/ledger/tile/0/001.p/44").content

    assert len(shorter) == 10 * 32
    assert longer.startswith(shorter)


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("tile/0/001", 404, "beyond_tree"),
        ("tile/0/001.p/45", 404, "beyond_tree"),
        ("tile/1/000", 404, "beyond_tree"),
        ("tile/2/000.p/1", 404, "beyond_tree"),
        ("tile/entries/001", 404, "beyond_tree"),
        ("tile/entries/002.p/1", 404, "beyond_tree"),
        ("tile/0/1", 400, "bad_tile_path"),
        ("tile/0/x000/001", 400, "bad_tile_path"),
        ("tile/0/000.p/0", 400, "bad_tile_path"),
        ("tile/0/000.p/256", 400, "bad_tile_path"),
        ("tile/64/000", 400, "bad_tile_path"),
        ("tile/01/000", 400, "bad_tile_path"),
        ("tile/entries", 400, "bad_tile_path"),
        ("tile/abc/000", 400, "bad_tile_path"),
    ],
)
def test_tiles_beyond_the_tree_and_malformed_paths_are_refused(client, published, path, status, code):
    assert_error(client.get(f"/ledger/{path}"), status, code)


# ------------------------------------------------------------------------------------------ JSON API


def test_entry_by_index(client, published):
    receipts, _checkpoint = published

    body = client.get("/api/v1/ledger/entries/205").json()

    assert body["index"] == 205
    assert body["kind"] == "petition.signed"
    assert body["entry"].encode() == receipts[205].entry
    assert body["leaf_hash"] == b64(hashlib.sha256(b"\x00" + receipts[205].entry).digest())
    assert body["created_at"]


def test_log_summary(client, published):
    body = client.get("/api/v1/ledger").json()

    assert body["origin"] == "svitlohirsk.localhost/ledger"
    assert body["tree_size"] == SIZE
    assert body["checkpoint"] == published[1].note
    assert body["verifier_key"] == client.get("/ledger/key").content.decode()


def test_roots_of_any_size_up_to_the_current_one(client, published):
    data = entries(published[1].hromada)

    for size in (0, 1, 2, 3, 255, 256, 257, SIZE):
        body = client.get(f"/api/v1/ledger/roots/{size}").json()
        assert body == {"tree_size": size, "root_hash": b64(naive_root(data[:size]))}


def test_proofs_between_any_sizes_verify(client, published):
    data = entries(published[1].hromada)

    body = client.get("/api/v1/ledger/proofs/inclusion", {"index": 3, "tree_size": 10}).json()
    hashes = [base64.b64decode(h) for h in body["hashes"]]
    merkle.verify_inclusion(3, 10, merkle.leaf_hash(data[3]), hashes, naive_root(data[:10]))
    assert (body["index"], body["tree_size"]) == (3, 10)

    body = client.get("/api/v1/ledger/proofs/consistency", {"first": 10, "second": 100}).json()
    hashes = [base64.b64decode(h) for h in body["hashes"]]
    merkle.verify_consistency(10, 100, hashes, naive_root(data[:10]), naive_root(data[:100]))
    assert client.get("/api/v1/ledger/proofs/consistency", {"first": 9, "second": 9}).json()["hashes"] == []


def test_receipt_shows_the_checkpoint_and_the_inclusion_proof(client, hromada, published, append):
    receipts, checkpoint = published
    (pending,) = append(hromada, 1, start=SIZE)

    body = client.get(f"/api/v1/ledger/receipts/{receipts[42].receipt_id}").json()
    waiting = client.get(f"/api/v1/ledger/receipts/{pending.receipt_id}").json()

    assert (body["integrated"], body["index"], body["tree_size"]) == (True, 42, SIZE)
    assert body["checkpoint"] == checkpoint.note
    assert body["entry"].encode() == receipts[42].entry
    hashes = [base64.b64decode(h) for h in body["hashes"]]
    merkle.verify_inclusion(42, SIZE, receipts[42].leaf_hash, hashes, bytes(checkpoint.root_hash))
    assert waiting["integrated"] is False
    assert (waiting["index"], waiting["checkpoint"], waiting["hashes"]) == (None, None, [])


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/ledger/entries/300", 404, "no_such_entry"),
        ("/api/v1/ledger/entries/-1", 400, "invalid"),
        ("/api/v1/ledger/entries/abc", 400, "invalid"),
        ("/api/v1/ledger/entries/99999999999999999999999", 400, "invalid"),
        ("/api/v1/ledger/proofs/inclusion?index=5&tree_size=5", 400, "index_beyond_tree_size"),
        ("/api/v1/ledger/proofs/inclusion?index=5&tree_size=301", 404, "beyond_tree"),
        ("/api/v1/ledger/proofs/inclusion?index=5", 400, "invalid"),
        ("/api/v1/ledger/proofs/inclusion?index=x&tree_size=3", 400, "invalid"),
        ("/api/v1/ledger/proofs/inclusion?index=1&tree_size=1e3", 400, "invalid"),
        ("/api/v1/ledger/proofs/consistency?first=10&second=5", 400, "first_after_second"),
        ("/api/v1/ledger/proofs/consistency?first=0&second=5", 400, "invalid_size"),
        ("/api/v1/ledger/proofs/consistency?first=5&second=301", 404, "beyond_tree"),
        ("/api/v1/ledger/proofs/consistency?first=-5&second=10", 400, "invalid"),
        ("/api/v1/ledger/roots/301", 404, "beyond_tree"),
        ("/api/v1/ledger/roots/-3", 400, "invalid"),
        ("/api/v1/ledger/receipts/999999999", 404, "no_such_receipt"),
        ("/api/v1/ledger/receipts/0", 400, "invalid"),
    ],
)
def test_bad_requests_get_the_common_error_shape(client, published, url, status, code):
    assert_error(client.get(url), status, code)


def test_the_ledger_is_in_the_openapi_document(client, hromada):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {
        "/api/v1/ledger/entries/{index}",
        "/api/v1/ledger/proofs/inclusion",
        "/api/v1/ledger/proofs/consistency",
        "/api/v1/ledger/roots/{tree_size}",
        "/api/v1/ledger/receipts/{receipt_id}",
    } <= set(paths)


# -------------------------------------------------------------------------------------------- page


def test_page_explains_the_log_and_shows_the_checkpoint_and_entries(client, published):
    page = client.get("/ledger/")

    text = page.content.decode()
    assert page.status_code == 200
    assert published[1].note.splitlines()[2] in text  # the root line of the checkpoint
    assert 'href="/ledger/entries/299/"' in text and 'href="/ledger/entries/274/"' not in text
    assert "queue.joined" in text and "petition.signed" in text


def test_page_browses_entries_by_kind_with_pages(client, published):
    first = client.get("/ledger/", {"kind": "queue.joined"}).content.decode()
    second = client.get("/ledger/", {"kind": "queue.joined", "page": "2"}).content.decode()
    unknown = client.get("/ledger/", {"kind": "no.such"}).content.decode()

    assert 'href="/ledger/entries/199/"' in first and 'href="/ledger/entries/299/"' not in first
    assert 'href="/ledger/entries/174/"' in second
    assert "kind=queue.joined&amp;page=3" in second
    assert 'href="/ledger/entries/299/"' in unknown  # an unknown kind shows everything


def test_page_needs_a_fixed_number_of_queries(client, published, django_assert_max_num_queries):
    # 10: one reads the log's earlier origins, which the page announces (ledger new-origin), one the help
    # article behind the heading's "?" link; neither grows with the log.
    with django_assert_max_num_queries(10):
        assert client.get("/ledger/", {"page": "3"}).status_code == 200


def test_page_in_english_and_an_entry_page(client, published):
    english = client.get("/en/ledger/")
    entry = client.get("/ledger/entries/7/")

    assert english.status_code == 200 and "What the log proves" in english.content.decode()
    assert entry.status_code == 200 and escape(published[0][7].entry.decode()) in entry.content.decode()
    assert client.get("/ledger/entries/300/").status_code == 404


def test_page_of_a_hromada_without_a_log(client, hromada):
    page = client.get("/ledger/")

    assert page.status_code == 200
    assert "No records yet." in page.content.decode() or "Записів ще немає" in page.content.decode()


# ------------------------------------------------------------------------------------------ tenancy


def test_one_hromadas_log_never_appears_on_anothers_host(client, hromada, other_hromada, published, append):
    receipts, checkpoint = published
    other = Client(HTTP_HOST=OTHER)

    assert_error(other.get("/ledger/checkpoint"), 404)
    assert_error(other.get("/ledger/tile/0/000"), 404)
    assert_error(other.get("/ledger/tile/entries/000"), 404)
    assert_error(other.get("/api/v1/ledger/entries/0"), 404)
    assert_error(other.get(f"/api/v1/ledger/receipts/{receipts[0].receipt_id}"), 404)
    assert_error(other.get("/api/v1/ledger/roots/1"), 404)
    assert "queue.joined" not in other.get("/ledger/").content.decode()

    (theirs,) = append(other_hromada, 1, kind="budget.voted")
    ledger_publish(hromada=other_hromada)

    note = other.get("/ledger/checkpoint").content.decode()
    assert note.startswith("verbivka.localhost/ledger\n1\n")
    assert other.get("/ledger/key").content != client.get("/ledger/key").content
    assert other.get("/api/v1/ledger/entries/0").json()["kind"] == "budget.voted"
    assert client.get("/api/v1/ledger/entries/0").json()["kind"] == "queue.joined"
    assert_error(client.get(f"/api/v1/ledger/receipts/{theirs.receipt_id}"), 404)
    assert client.get("/ledger/checkpoint").content.decode() == checkpoint.note
