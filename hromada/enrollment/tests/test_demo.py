"""The demo step: territories, a finished kindergarten round with open offers (allocated once the demo's
transaction commits), rounds taking applications; a second run adds nothing."""

import pytest
from django.db import transaction

from hromada.core.registry import demo_steps
from hromada.enrollment.demo import enrollment_demo_load
from hromada.enrollment.models import Application, Offer, PriorityClaim, Round, Territory
from hromada.territory.models import Institution
from tests.factories import InstitutionFactory

from .factories import make_admin, make_parent


@pytest.mark.django_db(transaction=True)
def test_demo_builds_a_finished_round_with_open_offers_once(hromada):
    make_admin(hromada)
    for n in range(3):
        InstitutionFactory(
            hromada=hromada,
            kind=Institution.Kind.KINDERGARTEN,
            name=f"ЗДО № {n}",
            address=f"вул. Садова, {n}",
        )
    InstitutionFactory(
        hromada=hromada, kind=Institution.Kind.SCHOOL, name="Ліцей № 1", address="вул. Шкільна, 1"
    )
    for _ in range(20):
        make_parent(hromada)

    with transaction.atomic():
        created = enrollment_demo_load(hromada=hromada)

    assert created > 10
    finished = Round.objects.get(hromada=hromada, kind="kindergarten")
    assert finished.status == Round.Status.ALLOCATED and finished.seed
    assert Offer.objects.filter(application__round=finished, status=Offer.Status.OPEN).exists()
    assert Round.objects.get(hromada=hromada, kind="school").status == Round.Status.OPEN
    assert Territory.objects.filter(hromada=hromada, published_at__isnull=False).count() == 4
    # Large families are the council's own category, after the statutory ones of the current rules.
    assert finished.rules_frozen["key"] == "kindergarten-2025.1"
    [local] = finished.rules_frozen["local"]
    assert local["code"] == "large_family" and "міської ради від" in local["decision"]
    for claim in PriorityClaim.objects.filter(application__round=finished):
        assert claim.files.exists()
        if claim.status == PriorityClaim.Status.GRANTED and claim.category == "large_family":
            assert claim.rule == local["decision"]
    counts = (Application.objects.count(), Offer.objects.count())

    with transaction.atomic():
        assert enrollment_demo_load(hromada=hromada) == 0
    assert (Application.objects.count(), Offer.objects.count()) == counts
    assert "enrollment" in [step.key for step in demo_steps()]
