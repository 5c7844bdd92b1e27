"""Reads of the security posture page: what the platform can check about itself, per hromada.

Each part says where its numbers come from and what is not recorded, rather than guessing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from hromada.accounts.models import ApiToken, DepartmentMembership, HromadaRole, LoginAttempt, User
from hromada.core import clock
from hromada.core.indicators import Quarter, percent
from hromada.core.models import Hromada
from hromada.ledger import merkle, note
from hromada.ledger.checkpoint import CheckpointError, open_checkpoint
from hromada.ledger.models import Cosignature, Log, Witness
from hromada.ledger.selectors import checkpoint_latest, stored_hash_reader

from .models import AuditRun, BackupRun

STALE_LOGIN_DAYS = 90
STALE_PASSWORD_DAYS = 365
UNUSED_TOKEN_DAYS = 90
LOGIN_DAYS = 14


def officials_of(*, hromada: Hromada) -> QuerySet[User]:
    """Everyone who works for the hromada (a role or a department), each once, with ``has_2fa`` and ordered
    by name."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return (
        User.objects.filter(
            Q(pk__in=HromadaRole.objects.filter(hromada=hromada).values("user"))
            | Q(pk__in=DepartmentMembership.objects.filter(department__hromada=hromada).values("user")),
            is_active=True,
        )
        .annotate(has_2fa=Exists(confirmed))
        .order_by("full_name", "pk")
    )


@dataclasses.dataclass
class Officials:
    with_2fa: list[User]
    without_2fa: list[User]
    stale: list[User]  # no login for STALE_LOGIN_DAYS days, or never
    old_passwords: list[User]  # a password set STALE_PASSWORD_DAYS days ago or more, or at an unknown time


def officials_summary(*, hromada: Hromada, now: dt.datetime | None = None) -> Officials:
    now = now or timezone.now()
    people = list(officials_of(hromada=hromada))
    cutoff = now - dt.timedelta(days=STALE_LOGIN_DAYS)
    password_cutoff = now - dt.timedelta(days=STALE_PASSWORD_DAYS)
    return Officials(
        with_2fa=[p for p in people if p.has_2fa],  # type: ignore[attr-defined]
        without_2fa=[p for p in people if not p.has_2fa],  # type: ignore[attr-defined]
        stale=[p for p in people if p.last_login is None or p.last_login < cutoff],
        old_passwords=[
            p
            for p in people
            if p.has_usable_password()
            and (p.password_changed_at is None or p.password_changed_at < password_cutoff)
        ],
    )


def api_tokens_live(*, hromada: Hromada, now: dt.datetime | None = None) -> QuerySet[ApiToken]:
    """Tokens not revoked nor expired of the hromada's people and officials, most recently used first."""
    now = now or timezone.now()
    officials = officials_of(hromada=hromada).values("pk")
    return (
        ApiToken.objects.filter(Q(user__hromada=hromada) | Q(user__in=officials), revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("user")
        .order_by("-last_used_at", "-pk")
    )


@dataclasses.dataclass
class LoginDay:
    day: dt.date
    failed: int
    throttled: int  # logins that reached the failure limit that day (the login challenge was demanded)
    succeeded: int


def logins_by_day(*, days: int = LOGIN_DAYS, now: dt.datetime | None = None) -> list[LoginDay]:
    """Password logins per day for the installation (attempts are not per hromada), newest first."""
    now = now or timezone.now()
    since = (now - dt.timedelta(days=days - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = (
        LoginAttempt.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day", "identifier", "succeeded")
        .annotate(n=Count("pk"))
    )
    failed: dict[dt.date, int] = defaultdict(int)
    succeeded: dict[dt.date, int] = defaultdict(int)
    throttled: dict[dt.date, int] = defaultdict(int)
    for row in rows:
        if row["succeeded"]:
            succeeded[row["day"]] += row["n"]
        else:
            failed[row["day"]] += row["n"]
            if row["n"] >= settings.HROMADA_LOGIN_MAX_FAILURES:
                throttled[row["day"]] += 1
    today = timezone.localdate(now)
    return [
        LoginDay(day=day, failed=failed[day], throttled=throttled[day], succeeded=succeeded[day])
        for day in (today - dt.timedelta(days=offset) for offset in range(days))
    ]


def rate_limit_refusals() -> dict[str, int] | None:
    """Requests refused by a rate limit (429) since this node's server processes started, by route; None
    when the metrics cannot be read here."""
    from prometheus_client.parser import text_string_to_metric_families

    from hromada.core.metrics import exposition

    try:
        text = exposition().decode()
    except Exception:  # the metrics directory of another process owner, a broken file, …
        return None
    refusals: dict[str, int] = {}
    for family in text_string_to_metric_families(text):
        if family.name != "hromada_rate_limit_refusals":
            continue
        for sample in family.samples:
            if sample.name.endswith("_total"):
                route = sample.labels.get("route", "")
                refusals[route] = refusals.get(route, 0) + int(sample.value)
    # Every route answered has a series, at 0 until its first refusal (core/metrics.py): list the refused.
    return dict(sorted(((r, n) for r, n in refusals.items() if n), key=lambda item: -item[1]))


def backups_latest() -> dict[str, BackupRun | None]:
    """The latest successful backup, restore test and restore, and the latest failed run of any kind."""
    runs = BackupRun.objects.all()
    return {
        "backup": runs.filter(kind=BackupRun.Kind.BACKUP, succeeded=True).first(),
        "test": runs.filter(kind=BackupRun.Kind.TEST).first(),
        "restore": runs.filter(kind=BackupRun.Kind.RESTORE, succeeded=True).first(),
    }


@dataclasses.dataclass
class LedgerStatus:
    log: Log | None
    checkpoint_verifies: bool
    signed_at: dt.datetime | None
    witnesses: list[Witness]
    cosigned_by: list[str]
    problem: str = ""


def ledger_status(*, hromada: Hromada) -> LedgerStatus:
    """The latest checkpoint checked here (its signature, and its root against the stored tree, which reads
    a few hashes); the full recomputation of every entry is `hromada ledger check`."""
    log = Log.objects.filter(hromada=hromada).first()
    witnesses = list(Witness.objects.filter(hromada=hromada, is_active=True).order_by("name"))
    latest = checkpoint_latest(hromada=hromada)
    if log is None or latest is None:
        return LedgerStatus(log, False, None, witnesses, [], "")
    problem = ""
    try:
        body = open_checkpoint(
            latest.note.encode(), note.Verifier.from_key(log.verifier_key), origin=log.origin
        ).checkpoint
        if body.size != latest.tree_size or body.root_hash != bytes(latest.root_hash):
            problem = "the signed note differs from the stored checkpoint"
        elif merkle.tree_hash(latest.tree_size, stored_hash_reader(hromada=hromada)) != bytes(
            latest.root_hash
        ):
            problem = "the stored tree does not give the checkpoint's root"
    except (note.NoteError, CheckpointError, LookupError) as error:
        problem = str(error)
    cosigned = list(
        Cosignature.objects.filter(checkpoint=latest)
        .select_related("witness")
        .values_list("witness__name", flat=True)
    )
    return LedgerStatus(
        log=log,
        checkpoint_verifies=not problem,
        signed_at=latest.created_at,
        witnesses=witnesses,
        cosigned_by=sorted(cosigned),
        problem=problem,
    )


def audit_latest() -> AuditRun | None:
    return AuditRun.objects.first()


def audit_reached_latest() -> AuditRun | None:
    """The latest audit that reached the vulnerability service."""
    return AuditRun.objects.filter(reachable=True).first()


@dataclasses.dataclass
class Setting:
    name: str
    value: Any
    good: bool


def transport_settings(*, request_is_secure: bool) -> list[Setting]:
    """TLS, HSTS, cookies and framing as configured in this process (HROMADA_ENV=prod switches them on)."""
    hsts = int(getattr(settings, "SECURE_HSTS_SECONDS", 0) or 0)
    return [
        Setting("HROMADA_ENV", settings.HROMADA_ENV, settings.PROD),
        Setting("this request over HTTPS", request_is_secure, request_is_secure),
        Setting(
            "SECURE_SSL_REDIRECT",
            getattr(settings, "SECURE_SSL_REDIRECT", False),
            bool(getattr(settings, "SECURE_SSL_REDIRECT", False)),
        ),
        Setting("SECURE_HSTS_SECONDS", hsts, hsts >= 31536000),
        Setting(
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            getattr(settings, "SECURE_HSTS_INCLUDE_SUBDOMAINS", False),
            bool(getattr(settings, "SECURE_HSTS_INCLUDE_SUBDOMAINS", False)),
        ),
        Setting("SESSION_COOKIE_SECURE", settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_SECURE),
        Setting("CSRF_COOKIE_SECURE", settings.CSRF_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE),
        Setting("X_FRAME_OPTIONS", settings.X_FRAME_OPTIONS, settings.X_FRAME_OPTIONS == "DENY"),
        Setting(
            "SECURE_CONTENT_TYPE_NOSNIFF",
            settings.SECURE_CONTENT_TYPE_NOSNIFF,
            settings.SECURE_CONTENT_TYPE_NOSNIFF,
        ),
        Setting(
            "SECURE_REFERRER_POLICY", settings.SECURE_REFERRER_POLICY, bool(settings.SECURE_REFERRER_POLICY)
        ),
    ]


def content_security_policy() -> list[tuple[str, str]]:
    """The Content-Security-Policy directives in force, as sent."""
    directives = settings.CONTENT_SECURITY_POLICY.get("DIRECTIVES", {})
    return [(name, " ".join(values)) for name, values in directives.items()]


# ------------------------------------------------------------------- indicators (insight, issue 19)

RESTORE_TEST_DAYS = 92  # a restore test counts for the quarter it was made in and the next one


def indicator_two_factor(*, hromada: Hromada, quarter: Quarter) -> float | None:
    """Officials of the hromada with a confirmed authenticator, as a percentage (now)."""
    flags = [bool(p.has_2fa) for p in officials_of(hromada=hromada)]  # type: ignore[attr-defined]
    return percent(sum(flags), len(flags))


def indicator_backup_verified(*, hromada: Hromada, quarter: Quarter) -> float | None:
    """1 when a backup was test-restored successfully within RESTORE_TEST_DAYS before the quarter's end
    (or now, for the running quarter), else 0."""
    _start, end = quarter.span()
    until = min(end, clock.now())
    tested = BackupRun.objects.filter(
        kind=BackupRun.Kind.TEST,
        succeeded=True,
        finished_at__lt=until,
        finished_at__gte=until - dt.timedelta(days=RESTORE_TEST_DAYS),
    ).exists()
    return 1.0 if tested else 0.0
