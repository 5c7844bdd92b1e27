import pytest

from .factories import make_world


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.HROMADA_RATE_LIMITS = False


@pytest.fixture
def world(hromada):
    return make_world(hromada)


@pytest.fixture
def two_step_world(hromada):
    return make_world(hromada, two_step=True)
