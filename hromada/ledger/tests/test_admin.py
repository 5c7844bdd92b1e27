"""The back office shows the log read-only, and only the hromada's own."""

from django.test import Client

from hromada.accounts.models import DepartmentMembership
from hromada.ledger.actions import ledger_publish
from hromada.ledger.models import Entry
from tests.factories import PASSWORD, DepartmentFactory, UserFactory, totp_device, totp_now


def official_client(hromada) -> Client:
    user = UserFactory(hromada=hromada, is_staff=True)
    DepartmentMembership.objects.create(user=user, department=DepartmentFactory(hromada=hromada))
    device = totp_device(user)
    client = Client()
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.post("/accounts/two-factor/", {"token": totp_now(device)}).status_code == 302
    return client


def test_officials_see_their_log_read_only(hromada, other_hromada, append):
    append(hromada, 2, kind="queue.joined")
    append(other_hromada, 1, kind="budget.voted")
    ledger_publish(hromada=hromada)
    ledger_publish(hromada=other_hromada)
    client = official_client(hromada)
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
