"""The back office shows the log read-only, and only the hromada's own."""

from hromada.ledger.actions import ledger_publish
from hromada.ledger.models import Entry


def test_officials_see_their_log_read_only(hromada, other_hromada, append, official_client):
    append(hromada, 2, kind="queue.joined")
    append(other_hromada, 1, kind="budget.voted")
    ledger_publish(hromada=hromada)
    ledger_publish(hromada=other_hromada)
    client = official_client
    mine = Entry.objects.get(hromada=hromada, index=1)
    theirs = Entry.objects.get(hromada=other_hromada, index=0)

    listing = client.get("/admin/ledger/entry/")
    detail = client.get(f"/admin/ledger/entry/{mine.pk}/change/")

    assert listing.status_code == 200
    assert "queue.joined" in listing.content.decode() and "budget.voted" not in listing.content.decode()
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert client.get(f"/admin/ledger/entry/{theirs.pk}/change/").status_code in (302, 404)
    assert client.get("/admin/ledger/entry/add/").status_code == 403
    assert client.post(f"/admin/ledger/entry/{mine.pk}/delete/").status_code == 403
    for page in ("log", "checkpoint", "pendingentry"):
        assert client.get(f"/admin/ledger/{page}/").status_code == 200
