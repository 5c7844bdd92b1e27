"""`hromada check --deploy` warns while a ledger signing key is in no backup (security/checks.py)."""

import os

import pytest
from django.core.management import call_command

from hromada.ledger.actions import ledger_append, ledger_publish
from hromada.ledger.keys import key_path
from hromada.security.actions import backup_create
from hromada.security.checks import ledger_keys_backed_up

pytestmark = pytest.mark.django_db


def quiet(_line: str) -> None:
    pass


def warned(problems):
    return [problem.id for problem in problems]


def test_a_new_ledger_key_is_warned_until_a_backup_holds_it(hromada, tmp_path):
    assert ledger_keys_backed_up(databases=["default"]) == []  # no key yet: nothing to back up

    ledger_append(hromada=hromada, kind="test.deploy", payload={"n": 1})
    ledger_publish(hromada=hromada)
    before = ledger_keys_backed_up(databases=["default"])
    backup_create(path=tmp_path / "one.backup", passphrase="a long enough passphrase", progress=quiet)

    assert warned(before) == ["hromada.W003"]
    assert f"{hromada.slug}.key" in before[0].msg
    assert ledger_keys_backed_up(databases=["default"]) == []


def test_a_key_replaced_after_the_last_backup_is_warned_again(hromada, tmp_path):
    ledger_append(hromada=hromada, kind="test.deploy", payload={"n": 1})
    ledger_publish(hromada=hromada)
    run = backup_create(path=tmp_path / "one.backup", passphrase="a long enough passphrase", progress=quiet)
    # The key file changed after the backup started (copied in from another node, say).
    later = run.started_at.timestamp() + 60
    os.utime(key_path(hromada), (later, later))

    assert warned(ledger_keys_backed_up(databases=["default"])) == ["hromada.W003"]


def test_the_deploy_command_reports_the_key_in_no_backup(hromada, capsys):
    ledger_append(hromada=hromada, kind="test.deploy", payload={"n": 1})
    ledger_publish(hromada=hromada)

    call_command("check", "--deploy", "--database", "default")

    assert "hromada.W003" in capsys.readouterr().err
