import pytest

from hromada.petitions.tests.factories import make_world


@pytest.fixture
def world(hromada, district):
    return make_world(hromada, district=district)


@pytest.fixture
def other_world(other_hromada):
    return make_world(other_hromada)
