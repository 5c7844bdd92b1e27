import pytest

from hromada.accounts.models import HromadaRole
from tests.factories import UserFactory


@pytest.fixture
def moderator(hromada):
    """A moderator of the default hromada (edits help articles)."""
    person = UserFactory(hromada=hromada, is_staff=True)
    HromadaRole.objects.create(user=person, hromada=hromada, role=HromadaRole.Role.MODERATOR)
    return person
