"""person_reference: how a person is named inside a ledger commitment (never shown in clear)."""

import pytest

from hromada.ledger.actions import MAX_REFERENCE_LENGTH, person_reference
from hromada.territory.models import District


def test_person_reference_names_a_saved_row_by_model_and_key(resident):
    assert person_reference(person=resident) == f"accounts.user:{resident.pk}"


def test_person_reference_keeps_given_text():
    assert person_reference(person="paper-ballot:17") == "paper-ballot:17"


@pytest.mark.parametrize("person", ["", "x" * (MAX_REFERENCE_LENGTH + 1), District(name="unsaved")])
def test_person_reference_refuses_an_empty_or_too_long_reference_and_an_unsaved_row(person):
    with pytest.raises(ValueError):
        person_reference(person=person)
