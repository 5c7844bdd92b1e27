"""The security posture page: who may see it, and that each part shows what was recorded (or says it was
not)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from hromada.accounts.models import ApiToken, LoginAttempt
from hromada.ledger.actions import ledger_append, ledger_publish
from hromada.security import audit
from hromada.security.actions import audit_record, backup_create
from hromada.security.models import AuditRun, BackupRun
from hromada.security.selectors import logins_by_day, officials_summary
from tests.factories import login_with_totp, make_administrator, make_official

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def administrator(hromada):
    return make_administrator(hromada, full_name="Адміністраторка Олена")


@pytest.fixture
def admin_client(administrator):
    return login_with_totp(administrator)


def test_the_page_is_for_administrators_past_two_factor_only(hromada, administrator, admin_client):
    anonymous = Client().get("/en/security/")
    unverified = Client()
    unverified.force_login(administrator)
    official = login_with_totp(make_official(hromada))

    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert unverified.get("/en/security/").status_code == 302
    assert official.get("/en/security/").status_code == 403
    assert admin_client.get("/en/security/").status_code == 200


def test_officials_without_an_authenticator_and_stale_accounts_are_named(hromada, administrator):
    without = make_official(hromada, full_name="Без Ключа Петро")
    TOTPDevice.objects.filter(user=without).delete()
    type(without).objects.filter(pk=without.pk).update(last_login=timezone.now() - dt.timedelta(days=200))
    TOTPDevice.objects.get_or_create(user=administrator, name="phone", defaults={"confirmed": True})
    type(administrator).objects.filter(pk=administrator.pk).update(last_login=timezone.now())

    summary = officials_summary(hromada=hromada)

    assert [p.pk for p in summary.without_2fa] == [without.pk]
    assert administrator.pk in [p.pk for p in summary.with_2fa]
    assert [p.pk for p in summary.stale] == [without.pk]


def test_failed_logins_are_counted_by_day_with_the_throttled_logins(settings):
    settings.HROMADA_LOGIN_MAX_FAILURES = 3
    now = timezone.now()
    yesterday = now - dt.timedelta(days=1)
    for _ in range(4):
        LoginAttempt.objects.create(identifier="victim@example.org", address="10.0.0.1", created_at=yesterday)
    LoginAttempt.objects.create(identifier="typo@example.org", address="10.0.0.2", created_at=now)
    LoginAttempt.objects.create(
        identifier="ok@example.org", address="10.0.0.3", succeeded=True, created_at=now
    )

    days = {day.day: day for day in logins_by_day(now=now)}

    assert days[timezone.localdate(yesterday)].failed == 4
    assert days[timezone.localdate(yesterday)].throttled == 1
    assert days[timezone.localdate(now)].failed == 1 and days[timezone.localdate(now)].throttled == 0
    assert days[timezone.localdate(now)].succeeded == 1


def test_the_page_shows_tokens_backups_the_ledger_audit_and_headers(
    hromada, administrator, admin_client, tmp_path, resident
):
    ApiToken.objects.create(user=resident, name="my script", prefix="hrm_abcd", token_hash="x" * 64,
                            last_used_at=timezone.now() - dt.timedelta(days=120))  # fmt: skip
    with transaction.atomic():
        ledger_append(hromada=hromada, kind="test.recorded", payload={"n": 1})
    ledger_publish(hromada=hromada)
    backup_create(
        path=tmp_path / "night.backup", passphrase="a long enough passphrase", progress=lambda _: None
    )
    AuditRun.objects.create(
        ran_at=timezone.now(), reachable=False, error="could not reach the vulnerability service: offline",
        packages=[{"name": "Django", "version": "5.2.19", "vulnerabilities": []}],
    )  # fmt: skip

    response = admin_client.get("/en/security/")
    html, page = response.content.decode(), text_of(response)

    assert "my script" in page and "unused for long" in page
    assert "night.backup" in page
    assert "None recorded: run <code>hromada restore --test FILE</code>" in html  # a command, not `…`
    assert "`" not in page
    assert "None is without one." in page and "0 officials" not in page  # the administrator has one
    assert "verifies here" in page and "none configured" in page
    assert "The vulnerability status is unknown: could not reach the vulnerability service: offline" in page
    assert "No check has ever reached the vulnerability service" in page
    assert "Django 5.2.19" in page
    assert "SECURE_HSTS_SECONDS" in page and "script-src" in page
    assert "Old passwords" in page and "set at an unknown time" not in page


def test_the_page_is_in_ukrainian_by_default(admin_client):
    page = text_of(admin_client.get("/security/"))

    assert "Двофакторна" in page or "двофакторн" in page


def test_an_audit_without_the_vulnerability_service_records_that_it_could_not_ask(monkeypatch):
    def offline(*args, **kwargs):
        return subprocess.CompletedProcess(
            args,
            0,
            stdout='{"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI '
            'and could not be audited: django (5.2.19)"}], "fixes": []}',
            stderr="",
        )  # fmt: skip

    monkeypatch.setattr(audit.subprocess, "run", offline)

    run = audit_record()

    assert run.reachable is False
    assert run.error.startswith("could not reach the vulnerability service")
    assert any(package["name"].lower() == "django" for package in run.packages)
    assert AuditRun.objects.get().pk == run.pk


def test_an_audit_that_reached_the_service_records_each_vulnerability(monkeypatch):
    def answered(*args, **kwargs):
        return subprocess.CompletedProcess(
            args,
            1,
            stdout='{"dependencies": [{"name": "Django", "version": "5.2.19", "vulns": [{"id": '
            '"PYSEC-2099-1", "fix_versions": ["5.2.20"], "aliases": ["CVE-2099-1"]}]}], "fixes": []}',
            stderr="",
        )  # fmt: skip

    monkeypatch.setattr(audit.subprocess, "run", answered)

    run = audit_record()

    assert run.reachable is True and run.vulnerable == 1
    django = next(p for p in run.packages if p["name"].lower() == "django")
    assert django["vulnerabilities"][0]["id"] == "PYSEC-2099-1"


def test_the_audit_command_on_this_machine_records_a_run(capsys):
    # The real pip-audit: this machine has no internet, so it records that it could not reach the service;
    # where it can, it records the audit. Either way a run with the versions in use is stored.
    call_command("audit", "--timeout", "120")

    run = AuditRun.objects.get()
    assert run.packages and any(p["name"].lower() == "django" for p in run.packages)
    assert run.reachable or "could not reach" in run.error or "not installed" in run.error
    assert BackupRun.objects.count() == 0


def test_the_rate_limit_part_lists_only_routes_that_refused_someone(hromada):
    from hromada.security.selectors import rate_limit_refusals

    Client().get("/healthz")  # its refusal series now exists, at 0

    assert "healthz" not in (rate_limit_refusals() or {})


def test_officials_with_a_password_a_year_old_or_of_unknown_age_are_named(
    hromada, administrator, admin_client
):
    year_old = make_official(hromada, full_name="Старий Пароль Іван")
    unknown = make_official(hromada, full_name="Невідомо Коли Марія")
    no_password = make_official(hromada, full_name="Без Пароля Олег")
    users = type(administrator).objects
    users.filter(pk=year_old.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=400))
    users.filter(pk=unknown.pk).update(password_changed_at=None)
    no_password.set_unusable_password()
    no_password.save()

    summary = officials_summary(hromada=hromada)
    page = text_of(admin_client.get("/en/security/"))

    assert {p.pk for p in summary.old_passwords} == {year_old.pk, unknown.pk}
    assert "Старий Пароль Іван — set" in page and "Невідомо Коли Марія — set at an unknown time" in page
    assert "Адміністраторка Олена — set" not in page  # set when the account was made


def test_changing_or_resetting_a_password_notes_when(hromada, client, mailoutbox):
    from tests.factories import PASSWORD, UserFactory

    person = UserFactory(hromada=hromada, email="pw@example.org")
    type(person).objects.filter(pk=person.pk).update(password_changed_at=None)
    client.force_login(person)
    changed = client.post(
        "/en/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "A new long passphrase 7",
            "new_password2": "A new long passphrase 7",
        },
    )
    person.refresh_from_db()
    assert changed.status_code == 302 and person.password_changed_at is not None
    first = person.password_changed_at

    client.logout()
    client.post("/en/accounts/password/reset/", {"email": "pw@example.org"})
    link = re.search(r"/accounts/password/reset/\S+/", mailoutbox[-1].body).group(0)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Another long passphrase 8", "new_password2": "Another long passphrase 8"},
    )
    person.refresh_from_db()
    assert person.password_changed_at > first
    assert person.check_password("Another long passphrase 8")
