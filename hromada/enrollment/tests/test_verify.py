"""The public verifier: a round re-computed from its export and compared with the log's entries."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json

import pytest
from django.test import Client

from hromada.enrollment import actions, selectors, verification
from hromada.enrollment.allocation import lottery_numbers
from hromada.enrollment.models import Application, Round
from hromada.ledger.actions import ledger_integrate

from .factories import make_parent, make_round, register


def _allocated(hromada, clock, *, children=5):
    round = make_round(hromada, places=(2, 1))
    apps = [
        register(round, make_parent(hromada), address="вул. Шевченка, 1" if i % 2 else "вул. Інша, 3")
        for i in range(children)
    ]
    clock.set(round.closes_at + dt.timedelta(minutes=1))
    actions.round_close(round=round)
    ledger_integrate(hromada=hromada)
    round = actions.round_allocate(round=round, official=round.admin)
    ledger_integrate(hromada=hromada)
    return round, apps


def _outcomes(response):
    return {check.step: check.outcome for check, _words in response.context["checks"]}


@pytest.mark.django_db(transaction=True)
def test_verifier_page_recomputes_an_allocated_round_and_every_step_matches(hromada, clock):
    round, _apps = _allocated(hromada, clock)

    page = Client().get(f"/enrollment/{round.slug}/verify/")

    assert page.status_code == 200
    assert _outcomes(page) == {
        "format": "ok",
        "rules": "ok",
        "seed": "ok",
        "export_hash": "ok",
        "lottery": "ok",
        "priority": "ok",
        "allocation": "ok",
        "totals": "ok",
    }
    assert page.context["all_ok"] is True
    entries = page.context["entries"]
    assert entries.opened and entries.closed and entries.allocated
    assert f"/ledger/entries/{entries.allocated.index}/" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_copy_with_a_reordered_result_is_caught(hromada, clock):
    round, _apps = _allocated(hromada, clock)
    export = json.loads(Client().get(f"/enrollment/{round.slug}/export.json").content)
    assigned = next(k for k, v in export["assignments"].items() if v)
    unassigned = next(k for k, v in export["assignments"].items() if v is None)
    export["assignments"][unassigned], export["assignments"][assigned] = export["assignments"][assigned], None
    upload = io.BytesIO(json.dumps(export).encode())
    upload.name = "export.json"

    page = Client().post(f"/enrollment/{round.slug}/verify/", {"export": upload})

    outcomes = _outcomes(page)
    assert page.context["uploaded"] is True and page.context["all_ok"] is False
    assert outcomes["export_hash"] == "mismatch"
    assert outcomes["allocation"] == "mismatch"
    assert outcomes["seed"] == "ok" and outcomes["lottery"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_an_unchanged_uploaded_copy_matches_the_log(hromada, clock):
    round, _apps = _allocated(hromada, clock)
    upload = io.BytesIO(Client().get(f"/enrollment/{round.slug}/export.json").content)
    upload.name = "export.json"

    page = Client().post(f"/enrollment/{round.slug}/verify/", {"export": upload})

    assert page.context["all_ok"] is True and _outcomes(page)["export_hash"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_a_seed_that_is_not_the_logs_root_at_closing_is_caught(hromada, clock):
    round, apps = _allocated(hromada, clock)
    # Someone with database access replaces the seed (and would redraw the lottery from it). Five applicants
    # have only 120 orders, so the replacement is one that draws another order (any seed may repeat it).
    ids = [Application.objects.get(pk=a.pk).public_id for a in apps]
    drawn = lottery_numbers(seed=base64.b64decode(round.seed), ids=ids)
    tampered = next(
        seed
        for prefix in ("AAAA", "BBBB", "CCCC", "DDDD", "EEEE")
        if lottery_numbers(seed=base64.b64decode(seed := prefix + round.seed[4:]), ids=ids) != drawn
    )
    Round.objects.filter(pk=round.pk).update(seed=tampered)

    page = Client().get(f"/enrollment/{round.slug}/verify/")

    outcomes = _outcomes(page)
    assert outcomes["seed"] == "mismatch"
    assert outcomes["lottery"] == "mismatch"
    assert page.context["all_ok"] is False


@pytest.mark.django_db(transaction=True)
def test_a_parent_finds_their_child_on_every_list_by_the_public_number(hromada, clock):
    round, apps = _allocated(hromada, clock)
    app = Application.objects.get(pk=apps[0].pk)

    page = Client().get(f"/enrollment/{round.slug}/verify/", {"number": app.public_id})
    missing = Client().get(f"/enrollment/{round.slug}/verify/", {"number": "nobody"})

    lines = page.context["lines"]
    assert [line.choice for line in lines] == [f"g{c.group_id}" for c in app.choices.order_by("rank")]
    offer = app.offers.first()
    assert [line.assigned_here for line in lines] == [
        offer is not None and line.choice == f"g{offer.group_id}" for line in lines
    ]
    assert all(line.position >= 1 for line in lines)
    assert missing.context["lines"] is None


@pytest.mark.django_db(transaction=True)
def test_the_downloadable_inputs_hold_no_personal_data(hromada, clock):
    round, apps = _allocated(hromada, clock)
    app = Application.objects.get(pk=apps[0].pk)

    text = Client().get(f"/enrollment/{round.slug}/export.json").content.decode()

    for personal in (
        app.child_name,
        app.child_hash,
        app.address,
        app.birth_date.isoformat(),
        app.parent.email,
    ):
        assert personal not in text
    assert app.public_id in text


def test_an_open_round_verifier_skips_what_is_not_there_yet(hromada):
    round = make_round(hromada)
    register(round)

    page = Client().get(f"/enrollment/{round.slug}/verify/")

    outcomes = _outcomes(page)
    assert outcomes["seed"] == "skipped" and outcomes["allocation"] == "skipped"
    assert outcomes["priority"] == "ok"


def test_rules_that_differ_from_the_logged_ones_are_caught():
    export = {
        "format": "hromada-enrollment/1",
        "rules": {"key": "club-2001.1", "kind": "club", "sources": [], "territory": "none", "categories": []},
        "seed": None,
        "institutions": [{"id": "g1", "capacity": 1}],
        "applicants": [{"id": "a", "choices": ["g1"], "priority": {"g1": 1}, "lottery": 1}],
        "assignments": {"a": "g1"},
    }
    logged = dict(export["rules"], territory="first")

    checks = verification.check_export(export, ledger=verification.LedgerFacts(rules=logged))

    assert [(c.step, c.outcome) for c in checks][:2] == [("format", "ok"), ("rules", "mismatch")]
    assert [c.outcome for c in checks if c.step == "allocation"] == ["ok"]


def test_a_garbled_upload_is_refused_with_a_message(hromada):
    round = make_round(hromada)
    upload = io.BytesIO(b"not json")
    upload.name = "x.json"

    page = Client().post(f"/enrollment/{round.slug}/verify/", {"export": upload})

    assert page.status_code == 400
    assert page.context["problem"]


def test_selectors_export_sha256_is_of_the_canonical_json():
    assert selectors.export_sha256({"b": 1, "a": [1, "х"]}) == selectors.export_sha256(
        {"a": [1, "х"], "b": 1}
    )
