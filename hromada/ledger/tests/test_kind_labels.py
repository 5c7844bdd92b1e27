"""Residents read what a log entry records in the page language; the kind code stays for auditors."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import translation

from hromada.ledger import kinds
from hromada.ledger.actions import ledger_append, ledger_publish
from hromada.ledger.kinds import ledger_kind_label, register_ledger_kinds
from hromada.ledger.receipts import receipt_keep


def _sign(hromada, person, *, title: str = "Підпис під петицією 1"):
    with transaction.atomic():
        receipt = ledger_append(
            hromada=hromada, kind="petition.signed", payload={"petition": 1}, people=[person]
        )
        return receipt_keep(user=person, receipt=receipt, reference=person, title=title)


def test_the_log_shows_the_kinds_label_in_the_page_language_and_the_code_beside_it(client, hromada, resident):
    _sign(hromada, resident, title="1")
    _sign(hromada, resident, title="2")
    ledger_publish(hromada=hromada)

    english = client.get("/en/ledger/").content.decode()
    ukrainian = client.get("/ledger/").content.decode()
    record = client.get("/en/ledger/entries/1/").content.decode()

    assert "Petition signed (2)" in english and ">Petition signed<br>" in english
    assert "Петицію підписано (2)" in ukrainian and "Petition signed" not in ukrainian
    assert '<code class="muted">petition.<wbr>signed</code>' in ukrainian
    assert "Petition signed<br><code" in record


def test_a_receipt_kept_in_ukrainian_reads_in_english_with_its_title_marked(client, hromada, resident):
    _sign(hromada, resident)
    client.force_login(resident)

    english = client.get("/en/ledger/receipts/").content.decode()
    ukrainian = client.get("/ledger/receipts/").content.decode()

    assert 'Petition signed<br><span class="muted" lang="uk">Підпис під петицією 1</span>' in english
    assert "<td>Підпис під петицією 1<br>" in ukrainian


def test_a_receipt_kept_in_english_shows_its_title_on_english_pages(client, hromada, resident):
    with translation.override("en"):
        _sign(hromada, resident, title="Signature under petition 1")
    client.force_login(resident)

    english = client.get("/en/ledger/receipts/").content.decode()

    assert "<td>Signature under petition 1<br>" in english


def test_back_office_audit_kinds_are_named_after_the_model():
    with translation.override("en"):
        assert ledger_kind_label("audit.institution.changed") == "Institution: changed"


def test_a_kind_cannot_be_registered_twice_with_different_labels(monkeypatch):
    monkeypatch.setattr(kinds, "_labels", {})
    register_ledger_kinds({"test.same": "Same"})
    register_ledger_kinds({"test.same": "Same"})

    with pytest.raises(ValueError):
        register_ledger_kinds({"test.same": "Other"})


def test_a_receipt_kept_before_titles_had_a_language_reads_as_ukrainian(client, hromada, resident):
    kept = _sign(hromada, resident)
    type(kept).objects.filter(pk=kept.pk).update(title_language="")
    client.force_login(resident)

    ukrainian = client.get("/ledger/receipts/").content.decode()
    english = client.get("/en/ledger/receipts/").content.decode()

    assert "<td>Підпис під петицією 1<br>" in ukrainian
    assert '<span class="muted" lang="uk">Підпис під петицією 1</span>' in english
