import pytest

from tests.factories import make_official

from .factories import make_consultation, make_participant


@pytest.fixture
def consultation_official(hromada):
    return make_official(hromada)


@pytest.fixture
def open_consultation(hromada, consultation_official):
    return make_consultation(hromada, official=consultation_official)


@pytest.fixture
def participant(hromada):
    return make_participant(hromada)
