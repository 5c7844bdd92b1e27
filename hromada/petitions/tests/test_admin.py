"""Back office: saving rules writes a new version (the old one, and petitions under it, stay)."""

import pytest
from django.test import Client

from hromada.accounts.models import HromadaRole
from hromada.ledger.models import PendingEntry
from hromada.petitions.models import PetitionRules
from tests.factories import UserFactory, totp_device, totp_now

pytestmark = pytest.mark.django_db


def administrator_client(hromada):
    user = UserFactory(hromada=hromada, is_staff=True)
    HromadaRole.objects.create(user=user, hromada=hromada, role="administrator")
    device = totp_device(user)
    client = Client()
    client.post("/accounts/login/", {"login": user.email, "password": "correct horse battery staple"})
    client.post("/accounts/two-factor/", {"token": totp_now(device)})
    return client


def test_changing_rules_in_the_back_office_creates_the_next_version(world, other_world, settings):
    settings.HROMADA_RATE_LIMITS = False
    petition = world.collecting()
    client = administrator_client(world.hromada)
    listing = client.get("/admin/petitions/petitionrules/")
    assert listing.status_code == 200
    assert f"/admin/petitions/petitionrules/{other_world.rules.pk}/" not in listing.content.decode()
    form = {
        "signature_threshold": 250,
        "collection_days": 60,
        "create_level": 3,
        "sign_level": 2,
        "min_signer_age": 16,
        "residency_required": "on",
        "addressee_kinds": ["mayor", "council"],
        "answer_working_days": 10,
        "moderation_working_days": 2,
        "appeal_answer_days": 30,
        "names_hidden_after_days": 183,
        "legal_basis": "Рішення міської ради № 12/3 від 01.02.2026",
    }
    response = client.post(f"/admin/petitions/petitionrules/{world.rules.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    versions = list(PetitionRules.objects.filter(hromada=world.hromada).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].signature_threshold == 3  # untouched
    assert versions[1].signature_threshold == 250 and versions[1].addressee_kinds == ["mayor", "council"]
    petition.refresh_from_db()
    assert petition.rules_id == versions[0].pk
    assert (
        PendingEntry.objects.filter(hromada=world.hromada, kind="audit.petition_rules.created").count() == 2
    )
    too_long = dict(form, collection_days=100)
    refused = client.post("/admin/petitions/petitionrules/add/", too_long)
    assert refused.status_code == 200  # the form shows the error
    assert PetitionRules.objects.filter(hromada=world.hromada).count() == 2
