"""Correcting a self-reported value: a new version with its reason and an audit entry, the old version
kept in the history, a closed quarter refused; the pages; bad input; tenancy."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client

from hromada.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from hromada.core.indicators import Quarter
from hromada.insight.actions import quarter_close, self_report_add, self_report_correct, values_compute
from hromada.insight.models import SelfReport, Value
from hromada.insight.selectors import self_report_history, self_report_states, self_report_valid
from hromada.ledger.models import PendingEntry
from tests.factories import login_with_totp, make_official

from .conftest import PDF

pytestmark = pytest.mark.django_db

Q3 = Quarter(2026, 3)
Q4 = Quarter(2026, 4)
OTHER = "verbivka.localhost"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def entered(hromada, actor, *, key="insight.skills_training", value=40.0, on=dt.date(2026, 10, 5)):
    return self_report_add(
        hromada=hromada, actor=actor, key=key, value=value, valid_from=on,
        document=io.BytesIO(PDF), filename="training.pdf",
    )  # fmt: skip


def correct(hromada, actor, report, **changes):
    arguments = {
        "value": 55.0,
        "valid_from": report.valid_from,
        "reason": "The HR count missed a department.",
    }
    arguments.update(changes)
    return self_report_correct(hromada=hromada, actor=actor, report=report, **arguments)


def entries(hromada, kind):
    return [json.loads(bytes(e.data)) for e in PendingEntry.objects.filter(hromada=hromada, kind=kind)]


def test_a_correction_is_a_new_version_and_the_old_one_is_kept(hromada, administrator, at_noon):
    first = entered(hromada, administrator)

    second = correct(hromada, administrator, first)

    first.refresh_from_db()
    assert (first.value, first.version) == (40.0, 1)  # kept as it was entered
    assert (second.value, second.version, second.supersedes_id) == (55.0, 2, first.pk)
    assert second.document.name == first.document.name  # the evidence carried over
    assert self_report_valid(hromada=hromada, key=first.indicator, on=dt.date(2026, 12, 31)) == second
    state = {s.indicator.key: s for s in self_report_states(hromada=hromada)}[first.indicator]
    assert state.report == second
    assert [r.pk for r in self_report_history(hromada=hromada, pk=first.pk)] == [second.pk, first.pk]
    assert [r.pk for r in self_report_history(hromada=hromada, pk=second.pk)] == [second.pk, first.pk]


def test_a_correction_is_an_audit_entry_committing_to_its_reason(hromada, administrator, at_noon):
    first = entered(hromada, administrator)

    second = correct(hromada, administrator, first, reason="  The HR count missed a department.  ")

    [entry] = entries(hromada, "audit.self_report.corrected")
    text = json.dumps(entry, ensure_ascii=False)
    assert f"insight.selfreport:{first.pk}" in text and '"previous_value":"40"' in text.replace(" ", "")
    digest = hashlib.sha256(b"The HR count missed a department.").hexdigest()
    assert digest in text and "missed a department" not in text  # a fingerprint, not the free text
    assert second.reason == "The HR count missed a department."


def test_a_correction_updates_the_open_quarters_stored_value_at_once(hromada, administrator, at_noon):
    first = entered(hromada, administrator)
    values_compute(hromada=hromada, quarter=Q4)

    correct(hromada, administrator, first, value=70.0)

    stored = Value.objects.get(hromada=hromada, indicator=first.indicator, quarter=str(Q4))
    assert stored.value == 70.0 and stored.source == Value.Source.SELF_REPORTED


def test_a_report_dated_in_a_closed_quarter_cannot_be_corrected(hromada, administrator, at_noon):
    first = entered(hromada, administrator, on=dt.date(2026, 8, 20))
    quarter_close(hromada=hromada, actor=administrator, quarter=Q3)
    closed_value = Value.objects.get(indicator=first.indicator, quarter=str(Q3)).value

    with pytest.raises(ConflictError):
        correct(hromada, administrator, first)

    assert SelfReport.objects.count() == 1
    assert not entries(hromada, "audit.self_report.corrected")
    assert Value.objects.get(indicator=first.indicator, quarter=str(Q3)).value == closed_value == 40.0


def test_a_correction_cannot_move_a_value_into_a_closed_quarter(hromada, administrator, at_noon):
    quarter_close(hromada=hromada, actor=administrator, quarter=Q3)
    first = entered(hromada, administrator)

    with pytest.raises(ConflictError):
        correct(hromada, administrator, first, valid_from=dt.date(2026, 9, 30))

    assert SelfReport.objects.count() == 1


def test_a_new_document_replaces_the_evidence_and_a_non_document_is_refused(hromada, administrator, at_noon):
    first = entered(hromada, administrator)

    with pytest.raises(ApplicationError):
        correct(hromada, administrator, first, document=io.BytesIO(b"MZ\x90\x00 no"), filename="x.exe")
    second = correct(hromada, administrator, first, value=first.value, document=io.BytesIO(PDF),
                     filename="signed.pdf")  # fmt: skip

    assert second.document_name == "signed.pdf" and second.document.name != first.document.name
    assert SelfReport.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "   "}, "reason"),
        ({"value": 101.0}, "value"),
        ({"value": -1.0}, "value"),
        ({"valid_from": dt.date(2026, 11, 16)}, "valid_from"),  # tomorrow
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(hromada, administrator, at_noon, changes, field):
    first = entered(hromada, administrator)

    with pytest.raises(ApplicationError) as refused:
        correct(hromada, administrator, first, **changes)

    assert field in refused.value.fields
    assert SelfReport.objects.count() == 1 and not entries(hromada, "audit.self_report.corrected")


def test_a_yes_no_value_is_corrected_to_yes_or_no_only(hromada, administrator, at_noon):
    first = entered(hromada, administrator, key="insight.edms", value=0)

    with pytest.raises(ApplicationError):
        correct(hromada, administrator, first, value=0.5)
    assert correct(hromada, administrator, first, value=1).value == 1


def test_a_correction_that_changes_nothing_is_refused(hromada, administrator, at_noon):
    first = entered(hromada, administrator)

    with pytest.raises(ApplicationError) as refused:
        correct(hromada, administrator, first, value=first.value)

    assert refused.value.code == "unchanged"


def test_only_the_latest_version_can_be_corrected(hromada, administrator, at_noon):
    first = entered(hromada, administrator)
    correct(hromada, administrator, first)

    with pytest.raises(ConflictError):
        correct(hromada, administrator, first, value=60.0)

    assert SelfReport.objects.count() == 2


def test_the_database_refuses_a_correction_without_a_reason_or_a_second_successor(
    hromada, administrator, at_noon
):
    first = entered(hromada, administrator)
    second = correct(hromada, administrator, first)
    fields = {
        "hromada": hromada, "indicator": first.indicator, "value": 1, "valid_from": first.valid_from,
        "document": first.document.name, "document_name": "x.pdf", "content_type": "application/pdf",
    }  # fmt: skip

    with pytest.raises(IntegrityError), transaction.atomic():
        SelfReport.objects.create(**fields, version=3, supersedes=second, reason="")
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfReport.objects.create(**fields, version=3, supersedes=first, reason="again")


def test_officials_cannot_correct_and_another_hromadas_report_is_not_found(
    hromada, other_hromada, administrator, official, at_noon
):
    first = entered(hromada, administrator)
    theirs = make_official(other_hromada, role="head")

    with pytest.raises(PermissionDeniedError):
        correct(hromada, official, first)
    with pytest.raises(NotFoundError):
        correct(other_hromada, theirs, first)

    assert SelfReport.objects.count() == 1


def test_the_pages_correct_a_value_and_show_its_history(hromada, administrator, admin_client, at_noon):
    first = entered(hromada, administrator)
    url = f"/en/insight/self-report/{first.pk}/correct/"

    no_reason = admin_client.post(url, {"value": "55", "valid_from": "2026-10-05", "reason": ""})
    assert no_reason.status_code == 200 and SelfReport.objects.count() == 1
    done = admin_client.post(
        url,
        {"value": "55", "valid_from": "2026-10-05", "reason": "Counted again",
         "file": SimpleUploadedFile("recount.pdf", PDF, content_type="application/pdf")},
    )  # fmt: skip

    assert done.status_code == 302
    second = SelfReport.objects.get(version=2)
    history = text_of(admin_client.get(f"/en/insight/self-report/{first.pk}/"))
    assert "Counted again" in history and "training.pdf" in history and "recount.pdf" in history
    assert "40.0 %" in history and "55.0 %" in history  # text_of folds the no-break space
    # the old version's correction page leads to the latest one
    again = admin_client.get(url)
    assert again.status_code == 302 and again["Location"].endswith(f"/self-report/{second.pk}/correct/")
    assert "2 versions" in text_of(admin_client.get("/en/insight/dashboard/"))
    assert "2 версії" in text_of(admin_client.get("/insight/dashboard/"))


def test_the_history_is_for_officials_and_correcting_for_managers(hromada, administrator, official, at_noon):
    first = entered(hromada, administrator)
    client = login_with_totp(official)

    assert client.get(f"/en/insight/self-report/{first.pk}/").status_code == 200
    assert "Correct the value" not in text_of(client.get(f"/en/insight/self-report/{first.pk}/"))
    assert client.get(f"/en/insight/self-report/{first.pk}/correct/").status_code == 403
    assert Client().get(f"/en/insight/self-report/{first.pk}/").status_code == 302


def test_a_closed_quarters_report_shows_no_correct_button_and_posting_is_refused(
    hromada, administrator, admin_client, at_noon
):
    first = entered(hromada, administrator, on=dt.date(2026, 8, 20))
    quarter_close(hromada=hromada, actor=administrator, quarter=Q3)

    assert "Correct the value" not in text_of(admin_client.get(f"/en/insight/self-report/{first.pk}/"))
    refused = admin_client.post(
        f"/en/insight/self-report/{first.pk}/correct/",
        {"value": "55", "valid_from": "2026-08-20", "reason": "late"},
    )
    assert refused.status_code == 200 and "closed" in text_of(refused)
    assert SelfReport.objects.count() == 1


def test_another_hromadas_official_gets_404_for_history_and_correction(
    hromada, other_hromada, administrator, at_noon
):
    first = entered(hromada, administrator)
    client = login_with_totp(make_official(other_hromada, role="head"), client=Client(HTTP_HOST=OTHER))

    assert client.get(f"/en/insight/self-report/{first.pk}/").status_code == 404
    assert client.get(f"/en/insight/self-report/{first.pk}/correct/").status_code == 404


def test_the_demo_shows_a_corrected_report_with_its_history_once(hromada, administrator, at_noon):
    from hromada.insight.demo import CORRECTION_REASON, insight_demo_load

    insight_demo_load(hromada=hromada)
    again = insight_demo_load(hromada=hromada)

    latest = SelfReport.objects.get(hromada=hromada, indicator="insight.skills_training", version=2)
    assert again == 0 and latest.reason == CORRECTION_REASON
    assert [r.version for r in self_report_history(hromada=hromada, pk=latest.pk)] == [2, 1]


def test_the_correction_form_starts_from_the_current_value_and_date(
    hromada, administrator, admin_client, at_noon
):
    first = entered(hromada, administrator)

    page = admin_client.get(f"/insight/self-report/{first.pk}/correct/").content.decode()

    # a date input takes only ISO dates: a localised one would leave the field empty
    assert re.search(
        r'name="valid_from"[^>]*value="2026-10-05"|value="2026-10-05"[^>]*name="valid_from"', page
    )
    assert re.search(r'name="value"[^>]*value="40.0"|value="40.0"[^>]*name="value"', page)


def test_the_history_of_any_version_is_the_whole_chain_in_one_query(
    hromada, administrator, at_noon, django_assert_num_queries
):
    first = entered(hromada, administrator)
    second = correct(hromada, administrator, first)
    third = correct(hromada, administrator, second, value=60.0)
    entered(hromada, administrator, key="insight.edms", value=1.0)  # another indicator: not in the chain

    for pk in (first.pk, second.pk, third.pk):
        with django_assert_num_queries(1):
            history = self_report_history(hromada=hromada, pk=pk)
        assert [r.version for r in history] == [3, 2, 1]


def test_a_correction_to_an_earlier_date_still_replaces_the_corrected_version(
    hromada, administrator, at_noon
):
    first = entered(hromada, administrator)  # 5 October

    second = correct(hromada, administrator, first, value=30.0, valid_from=dt.date(2026, 10, 1))

    # the corrected version is newer by date: only "nobody superseded it" keeps it from counting
    assert self_report_valid(hromada=hromada, key=first.indicator, on=dt.date(2026, 12, 31)) == second
    state = {s.indicator.key: s for s in self_report_states(hromada=hromada)}[first.indicator]
    assert state.report == second


def test_the_history_marks_the_latest_version_and_says_when_it_has_gone_stale(
    hromada, administrator, admin_client, at_noon
):
    latest = correct(hromada, administrator, entered(hromada, administrator))
    badges = re.compile(r'<span class="badge[^"]*">([^<]+)</span>')

    assert badges.findall(admin_client.get(f"/en/insight/self-report/{latest.pk}/").content.decode()) == [
        "latest"
    ]
    at_noon.set(dt.datetime(2027, 10, 5, 10, 0, tzinfo=dt.UTC))  # a year after its date: it no longer holds
    assert badges.findall(admin_client.get(f"/en/insight/self-report/{latest.pk}/").content.decode()) == [
        "latest",
        "stale",
    ]
