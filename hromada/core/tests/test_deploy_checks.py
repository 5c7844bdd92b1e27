"""`hromada check --deploy`: the platform's own checks beside Django's (core/checks.py)."""

from hromada.core.checks import proxies_counted, secrets_strong


def test_production_without_a_proxy_count_is_warned(settings):
    settings.PROD = True
    settings.HROMADA_NUM_PROXIES = 0

    assert [m.id for m in proxies_counted()] == ["hromada.W002"]

    settings.HROMADA_NUM_PROXIES = 1
    assert proxies_counted() == []


def test_a_short_identity_pepper_is_warned(settings):
    settings.HROMADA_IDENTITY_PEPPER = "short"

    assert [m.id for m in secrets_strong()] == ["hromada.W001"]

    settings.HROMADA_IDENTITY_PEPPER = "x" * 40
    assert secrets_strong() == []
