"""Project photos, eligibility proofs checked by an official, and list queries that do not grow."""

import io

import pytest
from PIL import Image

from hromada.budget.actions import (
    ChoiceIn,
    ballot_cast,
    eligibility_proof_check,
    eligibility_proof_declare,
    project_photo_add,
)
from hromada.budget.models import Ballot, EligibilityProof, Phase
from hromada.core.errors import ApplicationError, PermissionDeniedError

from .factories import make_cnap_officer, make_cycle, make_project, make_voter

pytestmark = pytest.mark.django_db


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_photos_are_cleaned_and_only_the_author_adds_them(hromada, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    author = make_voter(hromada)
    project = make_project(make_cycle(hromada, phase=Phase.SUBMISSION), author=author, status="submitted")

    photo = project_photo_add(actor=author, project=project, data=_jpeg_with_exif(), filename="../місце.jpg")

    stored = photo.image.read()
    assert (photo.width, photo.height) == (40, 30)
    assert b"Camera maker" not in stored
    assert "/" not in photo.image.name.rsplit("/", 1)[-1]
    with pytest.raises(PermissionDeniedError):
        project_photo_add(
            actor=make_voter(hromada), project=project, data=_jpeg_with_exif(), filename="x.jpg"
        )
    with pytest.raises(ApplicationError) as exc:
        project_photo_add(actor=author, project=project, data=b"%!PS-Adobe not an image", filename="x.jpg")
    assert "file" in exc.value.fields


def test_a_person_who_works_here_votes_once_an_official_accepted_the_proof(hromada, other_hromada):
    cycle = make_cycle(hromada, vote_proofs=["residence", "work"])
    project = make_project(cycle)
    commuter = make_voter(other_hromada)
    officer = make_cnap_officer(hromada)
    proof = eligibility_proof_declare(
        person=commuter, hromada=hromada, kind="work", document="довідка з роботи"
    )

    with pytest.raises(PermissionDeniedError):
        ballot_cast(voter=commuter, cycle=cycle, choices=[ChoiceIn(project.pk)])
    with pytest.raises(PermissionDeniedError):
        eligibility_proof_check(official=make_voter(hromada), proof=proof, accepted=True)
    eligibility_proof_check(official=officer, proof=proof, accepted=True)
    ballot_cast(voter=commuter, cycle=cycle, choices=[ChoiceIn(project.pk)])

    assert EligibilityProof.objects.get().status == EligibilityProof.Status.ACCEPTED
    assert Ballot.objects.filter(voter=commuter).count() == 1


def test_a_study_proof_does_not_count_where_only_residence_does(hromada, other_hromada):
    cycle = make_cycle(hromada, vote_proofs=["residence"])
    project = make_project(cycle)
    student = make_voter(other_hromada)
    proof = eligibility_proof_declare(person=student, hromada=hromada, kind="study")
    eligibility_proof_check(official=make_cnap_officer(hromada), proof=proof, accepted=True)

    with pytest.raises(PermissionDeniedError):
        ballot_cast(voter=student, cycle=cycle, choices=[ChoiceIn(project.pk)])


def test_project_list_queries_do_not_grow_with_projects(client, hromada, django_assert_max_num_queries):
    cycle = make_cycle(hromada, categories=(("a", 500_000_00), ("b", 500_000_00)))
    for index in range(12):
        make_project(cycle, category="a" if index % 2 else "b")

    with django_assert_max_num_queries(6):
        response = client.get(f"/api/v1/budget/cycles/{cycle.slug}/projects?page_size=50")

    assert response.json()["count"] == 12
