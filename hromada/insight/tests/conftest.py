import datetime as dt

import pytest

from tests.factories import login_with_totp, make_administrator, make_official

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def administrator(hromada):
    return make_administrator(hromada, full_name="Адміністраторка Олена")


@pytest.fixture
def admin_client(administrator):
    return login_with_totp(administrator)


@pytest.fixture
def official(hromada):
    return make_official(hromada, full_name="Посадовець Іван")


@pytest.fixture
def at_noon(clock):
    """The clock at noon of 15 November 2026 (Kyiv): the running quarter is 2026-Q4."""
    clock.set(dt.datetime(2026, 11, 15, 10, 0, tzinfo=dt.UTC))
    return clock
