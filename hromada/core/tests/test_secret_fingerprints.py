"""Nodes and workers refuse to start with another secret key or pepper than the database's
(core/fingerprints.py, core/startup.py, `hromada secrets`, `hromada check --deploy`)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hromada.core.actions import secret_fingerprints_accept, secret_fingerprints_ensure
from hromada.core.checks import secrets_match_database
from hromada.core.fingerprints import SecretMismatchError, fingerprint
from hromada.core.models import SecretFingerprint
from hromada.core.startup import EXIT_CONFIG
from tests.concurrency import postgres_only, race

pytestmark = pytest.mark.django_db


def test_a_fingerprint_is_keyed_by_the_secret_and_reveals_nothing_of_it():
    secret = "s3cret-value-" * 4

    assert fingerprint(secret, "secret_key") == fingerprint(secret, "secret_key")
    assert fingerprint(secret, "secret_key") != fingerprint(secret + "x", "secret_key")
    assert fingerprint(secret, "secret_key") != fingerprint(secret, "identity_pepper")
    assert secret not in fingerprint(secret, "secret_key")


def test_the_first_start_records_fingerprints_never_the_secrets(settings):
    recorded = secret_fingerprints_ensure()

    assert sorted(recorded) == ["identity_pepper", "secret_key"]
    rows = dict(SecretFingerprint.objects.values_list("name", "fingerprint"))
    assert rows["secret_key"] == fingerprint(settings.SECRET_KEY, "secret_key")
    assert settings.SECRET_KEY not in rows.values()
    assert settings.HROMADA_IDENTITY_PEPPER not in rows.values()
    assert secret_fingerprints_ensure() == []  # the next start compares only


def test_another_secret_key_is_refused_naming_it(settings):
    secret_fingerprints_ensure()
    settings.SECRET_KEY = "another-secret-key-" * 3

    with pytest.raises(SecretMismatchError) as refused:
        secret_fingerprints_ensure()

    assert refused.value.names == ["secret_key"]
    assert "HROMADA_SECRET_KEY differs" in str(refused.value)
    assert "hromada secrets accept secret_key" in str(refused.value)


def test_another_pepper_is_refused_naming_it(settings):
    secret_fingerprints_ensure()
    settings.HROMADA_IDENTITY_PEPPER = "another-pepper-" * 4

    with pytest.raises(SecretMismatchError) as refused:
        secret_fingerprints_ensure()

    assert refused.value.names == ["identity_pepper"]
    assert "HROMADA_IDENTITY_PEPPER differs" in str(refused.value)


def test_a_rotated_secret_key_is_accepted_once_recorded(settings):
    secret_fingerprints_ensure()
    settings.SECRET_KEY = "the-rotated-secret-key-" * 3

    call_command("secrets", "accept", "secret_key")

    assert secret_fingerprints_ensure() == []
    assert SecretFingerprint.objects.get(name="secret_key").fingerprint == fingerprint(
        settings.SECRET_KEY, "secret_key"
    )


def test_a_new_pepper_is_not_accepted_without_the_explicit_flag(settings):
    secret_fingerprints_ensure()
    before = SecretFingerprint.objects.get(name="identity_pepper").fingerprint
    settings.HROMADA_IDENTITY_PEPPER = "a-new-pepper-" * 4

    with pytest.raises(CommandError, match="Restore the old pepper"):
        call_command("secrets", "accept", "identity_pepper")
    assert SecretFingerprint.objects.get(name="identity_pepper").fingerprint == before

    secret_fingerprints_accept(names=["identity_pepper"])
    assert secret_fingerprints_ensure() == []


def test_the_deploy_check_names_the_differing_secret(settings):
    assert secrets_match_database() == []  # nothing recorded yet
    secret_fingerprints_ensure()
    assert secrets_match_database() == []
    settings.SECRET_KEY = "another-secret-key-" * 3

    problems = secrets_match_database()

    assert [problem.id for problem in problems] == ["hromada.E001"]
    assert "HROMADA_SECRET_KEY" in problems[0].msg


@pytest.mark.parametrize(
    ("command", "setting", "variable"),
    [
        ("serve", "SECRET_KEY", "HROMADA_SECRET_KEY"),
        ("worker", "HROMADA_IDENTITY_PEPPER", "HROMADA_IDENTITY_PEPPER"),
    ],
)
def test_serve_and_worker_refuse_to_start_with_another_secret(settings, command, setting, variable):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    secret_fingerprints_ensure()
    setattr(settings, setting, "a-value-no-other-node-has-" * 2)

    with pytest.raises(CommandError, match=f"Refusing to start.\n{variable} differs") as refused:
        call_command(command)  # refused before granian or the task loop starts

    assert refused.value.returncode == EXIT_CONFIG


@pytest.mark.django_db(transaction=True)
def test_nodes_starting_at_once_on_a_fresh_database_record_the_fingerprints_once():
    postgres_only()

    outcomes = race([secret_fingerprints_ensure for _ in range(6)])

    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    assert SecretFingerprint.objects.count() == 2
    assert secret_fingerprints_ensure() == []
