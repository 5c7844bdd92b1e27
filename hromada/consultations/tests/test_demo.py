"""The demo has an open consultation with all three formats and a closed one with its report."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hromada.consultations.models import Consultation, Contribution
from hromada.portal.demo.loader import demo_load

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.mark.django_db
def test_the_demo_shows_an_open_consultation_with_groups_and_a_reported_one(demo_loaded):
    svitlohirsk = Consultation.objects.filter(hromada__slug="svitlohirsk", published_at__isnull=False)
    open_one = svitlohirsk.get(report_published_at__isnull=True)
    closed = svitlohirsk.get(report_published_at__isnull=False)

    assert open_one.responses.count() > 50
    assert open_one.versions.count() == 2
    assert Contribution.objects.filter(consultation=open_one, paragraph__version__number=1).count() >= 8
    assert len(open_one.opinion_map.result["groups"]) >= 2
    assert not Contribution.objects.filter(consultation=closed, kind="proposal", answer__isnull=True).exists()
    assert closed.report_on_time
    assert closed.hearings.get().minutes_published_at is not None
    coming = open_one.hearings.order_by("-starts_at").first()
    assert coming.registrations.filter(status="waiting").exists()  # full, with a waiting list
    page = Client().get(f"/consultations/{open_one.pk}/").content.decode()
    assert "Група 1" in page and "Група 2" in page
    assert Consultation.objects.filter(hromada__slug="verbivka").count() == 3
    assert Consultation.objects.filter(hromada__slug="verbivka", published_at__isnull=True).count() == 1

    with CaptureQueriesContext(connection) as queries:
        demo_load()
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITES) and "consultations_" in q["sql"]
    ]
    assert writes == []
