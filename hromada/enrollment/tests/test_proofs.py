"""Proof documents for priority categories: uploaded through core's policy, private, checked by staff; a
category without a checked proof does not count on the lists; every statutory category cites its law."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from hromada.core.errors import ApplicationError
from hromada.core.personal_data import personal_data_export
from hromada.enrollment import actions, rules, selectors
from hromada.enrollment.actions import ClaimIn
from hromada.enrollment.models import PriorityClaim, ProofFile
from hromada.ledger.models import PendingEntry

from .factories import attach_proof, make_parent, make_round, proof_png, register


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _class_at(application, group):
    facts = next(
        f for f in selectors.round_facts(round=application.round) if f.application_id == application.pk
    )
    return facts.priority[group.public_id]


def test_a_category_without_a_checked_proof_does_not_count_until_staff_grant_it(hromada):
    round = make_round(hromada, places=(1,))
    group = round.groups.get()
    plain = register(round, address="вул. Шевченка, 3")
    claimed = register(
        round, address="вул. Шевченка, 5", claims=[ClaimIn(category="orphan", proof="рішення суду № 7")]
    )
    claim = claimed.claims.get()

    assert _class_at(claimed, group) == _class_at(plain, group)  # pending: ranked without the category
    with pytest.raises(ApplicationError) as refused:
        actions.claim_decide(
            claim=claim, official=round.admin, grant=True
        )  # a typed reference is not a proof
    assert refused.value.code == "no_proof"
    attach_proof(claimed)
    assert _class_at(claimed, group) == _class_at(plain, group)  # uploaded, not yet checked
    actions.claim_decide(claim=claim, official=round.admin, grant=True)

    assert _class_at(claimed, group) < _class_at(plain, group)
    claim.refresh_from_db()
    assert claim.rule == rules.PRESCHOOL_LAW


def test_an_uploaded_photo_is_re_encoded_and_stored_under_a_random_name(hromada):
    round = make_round(hromada)
    application = register(round, claims=[ClaimIn(category="displaced")])

    proof = attach_proof(application)

    assert proof.content_type == "image/png" and proof.size > 0
    assert "довідка" not in proof.file.name and str(application.public_id) not in proof.file.name
    assert default_storage.exists(proof.file.name)
    assert "enrollment.proof_added" in PendingEntry.objects.filter(hromada=hromada).values_list(
        "kind", flat=True
    )
    text = bytes(PendingEntry.objects.get(hromada=hromada, kind="enrollment.proof_added").data).decode()
    assert proof.file.name not in text


def test_a_file_that_is_not_an_image_or_pdf_is_refused(hromada):
    round = make_round(hromada)
    application = register(round, claims=[ClaimIn(category="displaced")])

    with pytest.raises(ApplicationError) as refused:
        actions.claim_proof_attach(
            claim=application.claims.get(),
            parent=application.parent,
            data=b"MZ\x90\x00binary",
            filename="a.png",
        )

    assert refused.value.code == "file_type"
    assert not ProofFile.objects.exists()


def test_a_file_over_the_size_limit_is_refused(hromada, settings):
    settings.HROMADA_UPLOAD_MAX_BYTES = 50
    round = make_round(hromada)
    application = register(round, claims=[ClaimIn(category="displaced")])

    with pytest.raises(ApplicationError) as refused:
        attach_proof(application)

    assert refused.value.code == "file_too_large"


def test_only_the_parent_adds_proof_and_only_while_the_claim_is_pending(hromada):
    round = make_round(hromada)
    application = register(round, claims=[ClaimIn(category="displaced")])
    claim = application.claims.get()

    with pytest.raises(ApplicationError):
        actions.claim_proof_attach(
            claim=claim, parent=make_parent(hromada), data=proof_png(), filename="x.png"
        )
    attach_proof(application)
    actions.claim_decide(claim=claim, official=round.admin, grant=True)
    with pytest.raises(ApplicationError) as decided:
        attach_proof(application)

    assert decided.value.code == "decided"
    assert ProofFile.objects.filter(claim=claim).count() == 1


def test_the_parent_uploads_through_the_page_and_only_they_can_download_it(hromada):
    round = make_round(hromada)
    parent = make_parent(hromada)
    application = register(round, parent, claims=[ClaimIn(category="staff_child")])
    claim = application.claims.get()
    upload = io.BytesIO(proof_png())
    upload.name = "photo.png"

    response = _client(parent).post(
        f"/enrollment/applications/{application.public_id}/claims/{claim.pk}/proof/", {"file": upload}
    )

    assert response.status_code == 302
    proof = ProofFile.objects.get(claim=claim)
    page = _client(parent).get(f"/enrollment/applications/{application.public_id}/")
    assert f"/enrollment/proofs/{proof.pk}/" in page.content.decode()
    mine = _client(parent).get(f"/enrollment/proofs/{proof.pk}/")
    assert mine.status_code == 200 and "attachment" in mine["Content-Disposition"]
    assert mine["Cache-Control"] == "private, no-store"
    assert _client(make_parent(hromada)).get(f"/enrollment/proofs/{proof.pk}/").status_code == 404
    assert Client().get(f"/enrollment/proofs/{proof.pk}/").status_code == 302  # to the login


def test_my_data_lists_each_proof_file_with_a_download_that_serves_it_to_the_parent(hromada):
    round = make_round(hromada)
    parent = make_parent(hromada)
    application = register(round, parent, claims=[ClaimIn(category="displaced", proof="довідка ВПО № 12")])
    proof = attach_proof(application)

    exported = personal_data_export(person=parent, language="uk")

    section = next(s for s in exported["sections"] if s["key"] == "enrollment")
    (claim,) = section["data"]["applications"][0]["claims"]
    (listed,) = claim["files"]
    assert listed["type"] == "image/png" and listed["size"] == proof.size and listed["uploaded_at"]
    response = _client(parent).get(listed["download"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == default_storage.open(proof.file.name).read()
    assert "довідка.png" not in json.dumps(exported, ensure_ascii=False)  # the phone's file name is not kept


def test_erasure_removes_the_proof_files(hromada, django_capture_on_commit_callbacks):
    round = make_round(hromada)
    application = register(round, claims=[ClaimIn(category="displaced")])
    proof = attach_proof(application)
    name = proof.file.name

    with django_capture_on_commit_callbacks(execute=True):
        actions.applications_erase(person=application.parent)

    assert not ProofFile.objects.exists()
    assert not default_storage.exists(name)
    assert PriorityClaim.objects.filter(application=application).exists()  # the public record stays


def test_every_statutory_category_cites_an_act_of_its_rules_version():
    for version in rules.VERSIONS.values():
        assert rules.statute_problems(version) == [], version.key


def test_a_category_the_law_does_not_grant_is_flagged():
    local_privilege = rules.RulesVersion(
        key="kindergarten-x",
        kind=rules.KINDERGARTEN,
        sources=(rules.PRESCHOOL_LAW,),
        territory="first",
        categories=(
            rules.Category("orphan", rules.PRESCHOOL_LAW),
            rules.Category("officials_child", "рішення виконкому № 5"),
            rules.Category("uncited", ""),
        ),
    )

    assert rules.statute_problems(local_privilege) == [
        (rules.CATEGORY_WITHOUT_STATUTE, "officials_child"),
        (rules.CATEGORY_WITHOUT_STATUTE, "uncited"),
    ]
    assert rules.statute_problems(
        rules.RulesVersion(key="k", kind=rules.CLUB, sources=(), categories=(), territory="none")
    ) == [(rules.NO_SOURCES, "k")]
