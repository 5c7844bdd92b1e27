"""The security posture page: for the hromada's administrators (and the platform operator), past TOTP."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from hromada.core.http import HromadaRequest
from hromada.core.permissions import manages_hromada

from . import selectors


def posture(request: HromadaRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated or not user.is_verified():  # type: ignore[union-attr]
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    hromada = request.hromada
    if not manages_hromada(user, hromada):
        raise PermissionDenied
    now = timezone.now()
    audit = selectors.audit_latest()
    packages = list(audit.packages) if audit else []
    return render(
        request,
        "security/posture.html",
        {
            "now": now,
            "officials": selectors.officials_summary(hromada=hromada, now=now),
            "tokens": list(selectors.api_tokens_live(hromada=hromada, now=now)[:50]),
            "unused_token_days": selectors.UNUSED_TOKEN_DAYS,
            "stale_login_days": selectors.STALE_LOGIN_DAYS,
            "stale_password_days": selectors.STALE_PASSWORD_DAYS,
            "token_cutoff": now - dt.timedelta(days=selectors.UNUSED_TOKEN_DAYS),
            "logins": selectors.logins_by_day(now=now),
            "rate_limits": selectors.rate_limit_refusals(),
            "backups": selectors.backups_latest(),
            "ledger": selectors.ledger_status(hromada=hromada),
            "audit": audit,
            "audit_reached": selectors.audit_reached_latest(),
            "vulnerable": [p for p in packages if p.get("vulnerabilities")],
            "packages": packages,
            "transport": selectors.transport_settings(request_is_secure=request.is_secure()),
            "csp": selectors.content_security_policy(),
        },
    )
