"""`hromada check --deploy` names a log whose signing key this node cannot read (ledger/checks.py)."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from hromada.ledger.actions import ledger_append, ledger_publish
from hromada.ledger.checks import ledger_keys_readable
from hromada.ledger.keys import key_path


@pytest.mark.django_db
def test_a_log_whose_signing_key_is_missing_here_is_an_error(hromada):
    ledger_append(hromada=hromada, kind="test.deploy", payload={"n": 1})
    ledger_publish(hromada=hromada)
    assert ledger_keys_readable(databases=["default"]) == []

    key_path(hromada).unlink()
    problems = ledger_keys_readable(databases=["default"])

    assert [m.id for m in problems] == ["hromada.E001"]
    with pytest.raises(SystemCheckError, match=r"hromada\.E001"):
        call_command("check", "--deploy", "--database", "default")
