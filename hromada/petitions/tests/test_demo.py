import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hromada.ledger.models import Entry, PendingEntry
from hromada.petitions.models import Petition, PetitionTally, Signature
from hromada.portal.demo.loader import demo_load

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.mark.django_db
def test_demo_has_petitions_in_every_state_and_a_second_load_writes_nothing():
    demo_load()
    svitlohirsk = dict(Petition.objects.filter(hromada__slug="svitlohirsk").values_list("status", "title"))
    assert set(svitlohirsk) == {
        "draft", "submitted", "collecting", "under_consideration", "answered", "rejected", "expired",
    }  # fmt: skip
    verbivka = Petition.objects.filter(hromada__slug="verbivka")
    assert sorted(verbivka.values_list("status", flat=True)) == ["answered", "collecting"]
    collecting = Petition.objects.get(hromada__slug="svitlohirsk", status="collecting")
    assert PetitionTally.objects.get(petition=collecting).count_for == 12
    assert (
        not Signature.objects.filter(hromada__slug="verbivka")
        .exclude(petition__hromada__slug="verbivka")
        .exists()
    )
    logged = Entry.objects.filter(kind__startswith="petition.").count()
    logged += PendingEntry.objects.filter(kind__startswith="petition.").count()
    assert logged > 60

    with CaptureQueriesContext(connection) as queries:
        demo_load()
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITES) and "petitions_" in q["sql"]
    ]
    assert writes == []
