import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from hromada.core import clock as core_clock
from hromada.core import tenancy
from tests.factories import (
    DepartmentFactory,
    DistrictFactory,
    HromadaFactory,
    InstitutionFactory,
    UserFactory,
    login_with_totp,
    make_official,
    token_client,
)

# Property tests check behaviour, never speed (speed lives in bench/): on a shared 2-core machine under load
# Hypothesis's per-example deadline and its "input generation is slow" check failed correct code.
hypothesis_settings.register_profile(
    "hromada", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
hypothesis_settings.load_profile("hromada")


@pytest.fixture(autouse=True)
def _fresh_tenant_cache():
    tenancy.clear_cache()
    yield
    tenancy.clear_cache()


@pytest.fixture(autouse=True)
def _ledger_keys(request, settings, tmp_path):
    """Ledger signing keys of this test only (the default directory is shared by every run and worker);
    a test on the module's loaded demo gets a copy of the directory the demo signed with, so that what one
    test publishes (recorded beside the keys) is rolled back with its database changes."""
    if "demo_loaded" in request.fixturenames:
        copy = tmp_path / "ledger-keys"
        shutil.copytree(request.getfixturevalue("demo_loaded").key_dir, copy)
        settings.HROMADA_LEDGER_KEY_DIR = copy
    else:
        settings.HROMADA_LEDGER_KEY_DIR = tmp_path / "ledger-keys"
    return settings.HROMADA_LEDGER_KEY_DIR


@dataclass
class LoadedDemo:
    summary: Any
    key_dir: Path


# A test that asks for none of these (and has no django_db mark) cannot reach the configured database.
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "django_db_setup",
    "demo_loaded",
    "live_server",
}
NO_DATABASE = pytest.mark.skip(reason="touches no database: it runs in the SQLite step only")


def touches_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_configure(config: pytest.Config) -> None:
    # Registered by xdist too, but needed under --strict-markers without it (-p no:xdist).
    config.addinivalue_line("markers", "xdist_group(name): tests run on one worker with --dist loadgroup")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups (its own hook names each test's group)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests on the loaded demo run together, on one xdist worker (``--dist loadgroup``, the group
    ``demo``), which loads the demo once for all of them and rolls it back after the last one; the other
    worker runs the rest meanwhile. (Each worker loaded the demo for its share before: the same load
    twice. The grouping needs pytest below 9.2 with xdist 3.8: tests/test_grouping.py.) The longest work
    goes first, so that the other worker fills in around it instead of one worker
    finishing it alone at the end: the tests marked ``runs_long`` (the browser's walk of every page, the
    longest database tests), then the demo group, then the rest. (pytest-django then orders the database
    tests before the others; this order holds within its groups.)

    On PostgreSQL, the tests that touch no database (pure cores, conventions, parsers, tests of
    subprocesses with their own SQLite file) are skipped: they ran in the SQLite step, and the same code
    gives the same result on either database."""
    items.sort(key=lambda item: (item.get_closest_marker("runs_long") is None, not uses_demo(item)))
    for item in items:
        if uses_demo(item):
            item.add_marker(pytest.mark.xdist_group("demo"))
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return
    for item in items:
        if not touches_database(item):
            item.add_marker(NO_DATABASE)


def uses_demo(item: pytest.Item | None) -> bool:
    return item is not None and "demo_loaded" in getattr(item, "fixturenames", ())


class _Demo:
    """The demo loaded inside one transaction of this test process, until ``close()`` rolls it back."""

    def __init__(self, loaded: LoadedDemo, close: Callable[[], None]) -> None:
        self.loaded = loaded
        self._close = close
        self.open = True

    def close(self) -> None:
        if self.open:
            self.open = False
            self._close()


_DEMO: list[_Demo] = []


@pytest.fixture(scope="session")
def _demo_session(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for every test that asks for it (loading takes tens of seconds; nine tests
    loaded it for themselves): inside one transaction, rolled back after the last test on it; each test's
    own changes roll back to a savepoint (the ``db`` fixture), so every test sees the freshly loaded demo."""
    from django.db import transaction
    from django.test import override_settings

    from hromada.portal.demo.loader import demo_load

    key_dir = tmp_path_factory.mktemp("demo-ledger-keys")
    with django_db_blocker.unblock(), override_settings(HROMADA_LEDGER_KEY_DIR=key_dir):
        outer = transaction.atomic()
        outer._from_testcase = True  # as Django's TestCase marks its own: durable blocks may nest inside
        outer.__enter__()
        try:
            tenancy.clear_cache()
            translation.activate(settings.LANGUAGE_CODE)
            summary = demo_load()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise

    def roll_back() -> None:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        tenancy.clear_cache()

    demo = _Demo(LoadedDemo(summary=summary, key_dir=key_dir), roll_back)
    _DEMO.append(demo)
    yield demo
    demo.close()


@pytest.fixture
def demo_loaded(_demo_session) -> LoadedDemo:
    """The loaded demo (``_demo_session``), for the tests of the ``demo`` group."""
    assert _demo_session.open, "the demo was rolled back: a test on it ran after the others (conftest.py)"
    return _demo_session.loaded


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After the last test on the demo (this test's own transaction rolled back first), the demo is rolled
    back too: the tests this worker runs next see an empty database, as everywhere else."""
    yield
    if uses_demo(item) and not uses_demo(nextitem):
        for demo in _DEMO:
            demo.close()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Ukrainian), whatever an earlier request activated."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def clock():
    """The platform's clock (``hromada.core.clock``) stopped for this test: ``clock.set(moment)`` and
    ``clock.advance(delta)`` move what every action and selector takes for now. Starts at the real now."""
    fixed = core_clock.FixedClock(timezone.now())
    with core_clock.use(fixed):
        yield fixed


@pytest.fixture
def hromada(db):
    """The default hromada (serves testserver, 127.0.0.1 and any unknown host)."""
    return HromadaFactory(
        is_default=True, name="Світлогірська громада", slug="svitlohirsk", host="svitlohirsk.localhost"
    )


@pytest.fixture
def other_hromada(db):
    return HromadaFactory(name="Вербівська громада", slug="verbivka", host="verbivka.localhost")


@pytest.fixture
def district(hromada):
    return DistrictFactory(hromada=hromada)


@pytest.fixture
def department(hromada):
    return DepartmentFactory(hromada=hromada)


@pytest.fixture
def institution(hromada, district):
    return InstitutionFactory(hromada=hromada, district=district)


@pytest.fixture
def resident(hromada):
    return UserFactory(hromada=hromada)


@pytest.fixture
def make_user(hromada):
    def make(**kwargs):
        kwargs.setdefault("hromada", hromada)
        return UserFactory(**kwargs)

    return make


# ---- shared clients: a resident, an official past the second factor, an API token (tests/factories.py)
@pytest.fixture
def resident_client(resident) -> Client:
    """A browser logged in as ``resident`` (a person of the default hromada, no role)."""
    client = Client()
    client.force_login(resident)
    return client


@pytest.fixture
def official(hromada):
    """A specialist of a department of the default hromada (staff: needs TOTP for the back office)."""
    return make_official(hromada)


@pytest.fixture
def official_client(official) -> Client:
    """A browser logged in as ``official`` through the login page and a TOTP code: the back office is open."""
    return login_with_totp(official)


@pytest.fixture
def api_client(resident) -> Client:
    """An API client authenticated with a personal token of ``resident`` (``Authorization: Bearer``)."""
    return token_client(resident)
