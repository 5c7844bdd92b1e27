"""The security posture page in a real browser: at 360 px without sideways scrolling, in both languages,
and passing axe-core."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from hromada.accounts.models import ApiToken, LoginAttempt
from hromada.ledger.actions import ledger_append, ledger_publish
from hromada.security.models import AuditRun
from tests.factories import browser_login_with_totp, make_administrator, make_official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_security_page_fits_a_360_px_phone_and_passes_axe(page, site, hromada, assert_accessible):
    administrator = make_administrator(hromada, full_name="Адміністраторка Олена")
    make_official(hromada, full_name="Посадовець Без Ключа Із Дуже Довгим Прізвищем")
    ApiToken.objects.create(user=administrator, name="нічний імпорт", prefix="hrm_abcd", token_hash="y" * 64,
                            last_used_at=timezone.now())  # fmt: skip
    LoginAttempt.objects.create(identifier="someone@example.org", address="10.0.0.1")
    with transaction.atomic():
        ledger_append(hromada=hromada, kind="test.recorded", payload={"n": 1})
    ledger_publish(hromada=hromada)
    AuditRun.objects.create(
        ran_at=timezone.now(), reachable=False, error="could not reach the vulnerability service: offline",
        packages=[{"name": "Django", "version": "5.2.19", "vulnerabilities": []}],
    )  # fmt: skip
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login_with_totp(page, administrator, next_url="/security/")

    for path in ("/security/", "/en/security/"):
        response = page.goto(path)
        assert response is not None and response.ok, path
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert_accessible(page, path)
    assert "Security posture" in page.locator("h1").inner_text()
