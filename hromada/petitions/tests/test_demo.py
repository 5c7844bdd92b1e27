"""The demo's petitions (loading it again writes nothing: portal/tests/test_demo.py checks every table)."""

from hromada.ledger.models import Entry, PendingEntry
from hromada.petitions.models import Petition, PetitionTally, Signature


def test_demo_has_petitions_in_every_state(demo_loaded, db):
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
