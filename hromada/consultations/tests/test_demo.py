"""The demo has an open consultation with all three formats, a pre-moderated one with statements in the
moderators' queue, and a closed one with its report."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hromada.consultations.models import Consultation, Contribution, Statement
from hromada.portal.demo.loader import demo_load

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.mark.django_db
def test_the_demo_shows_an_open_consultation_with_groups_and_a_reported_one(demo_loaded):
    svitlohirsk = Consultation.objects.filter(hromada__slug="svitlohirsk", published_at__isnull=False)
    open_one = svitlohirsk.get(report_published_at__isnull=True, premoderate_statements=False)
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
    assert Consultation.objects.filter(hromada__slug="verbivka").count() == 4
    assert Consultation.objects.filter(hromada__slug="verbivka", published_at__isnull=True).count() == 1

    with CaptureQueriesContext(connection) as queries:
        demo_load()
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITES) and "consultations_" in q["sql"]
    ]
    assert writes == []


@pytest.mark.django_db
def test_the_demo_has_a_premoderated_consultation_with_statements_waiting_approved_and_rejected(demo_loaded):
    premoderated = Consultation.objects.get(hromada__slug="svitlohirsk", premoderate_statements=True)
    statements = Statement.objects.filter(consultation=premoderated)

    assert premoderated.frozen_rules["premoderate_statements"]
    assert premoderated.published_at < premoderated.opens_at < timezone.now() < premoderated.closes_at
    waiting = statements.filter(moderated_at__isnull=True)
    assert waiting.count() >= 3 and set(waiting.values_list("status", flat=True)) == {"pending"}
    assert statements.filter(status="visible", moderated_at__isnull=False).count() >= 3
    rejected = statements.get(status="hidden")
    assert rejected.hidden_reason
    assert all(premoderated.opens_at < s.created_at < timezone.now() for s in statements)
    assert all(s.created_at < s.moderated_at < timezone.now() for s in statements.exclude(moderated_at=None))
