"""«до …» needs the addressee's genitive: stored, used by the pages, the label style without it."""

import pytest

from hromada.petitions import actions
from hromada.petitions.models import AddresseeKind

pytestmark = pytest.mark.django_db


def _mine(client, petition) -> tuple[str, str]:
    client.force_login(petition.author)
    return (
        client.get("/petitions/mine/").content.decode(),
        client.get("/en/petitions/mine/").content.decode(),
    )


def test_the_genitive_follows_do_and_english_pages_say_to(client, world):
    actions.addressee_save(
        hromada=world.hromada,
        actor=world.administrator,
        kind=AddresseeKind.EXECUTIVE_COMMITTEE,
        name="Виконавчий комітет",
        name_genitive="Виконавчого комітету",
        name_en="Executive Committee",
    )
    world.executive_committee.refresh_from_db()
    petition = world.draft(addressee=world.executive_committee)

    ukrainian, english = _mine(client, petition)

    assert "до Виконавчого комітету" in ukrainian and "до Виконавчий комітет" not in ukrainian
    assert "to Executive Committee" in english


def test_without_the_genitive_the_addressee_is_named_as_a_label(client, world):
    petition = world.draft(addressee=world.mayor)

    ukrainian, english = _mine(client, petition)

    assert "адресат: Міський голова" in ukrainian and "до Міський голова" not in ukrainian
    assert 'to <span lang="uk">Міський голова</span>' in english


def test_the_back_office_change_is_recorded_with_the_genitive(world):
    addressee = actions.addressee_save(
        hromada=world.hromada,
        actor=world.administrator,
        kind=AddresseeKind.MAYOR,
        name="Міський голова",
        name_genitive=" Міського голови ",
    )

    assert addressee.name_genitive == "Міського голови"
