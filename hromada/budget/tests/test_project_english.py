"""Officials add a project's English version; English pages show it, Ukrainian pages the author's text."""

import pytest

from hromada.budget.actions import project_translate
from hromada.budget.models import Phase
from hromada.core.errors import PermissionDeniedError

from .factories import make_cycle, make_official, make_project, make_voter

pytestmark = pytest.mark.django_db


def test_an_official_adds_the_english_version_and_english_pages_show_it(client, hromada):
    project = make_project(make_cycle(hromada, phase=Phase.VOTING), status="admitted")
    official = make_official(hromada)

    project_translate(
        actor=official,
        project=project,
        title_en=" A playground in Sadova Square ",
        summary_en="Safe equipment for every child.",
        description_en="Rubber surface, ramps and a sensory panel.",
    )

    project.refresh_from_db()
    assert project.title_en == "A playground in Sadova Square"
    english = client.get(f"/en/budget/projects/{project.pk}/").content.decode()
    ukrainian = client.get(f"/budget/projects/{project.pk}/").content.decode()
    assert f"№{project.number} A playground in Sadova Square</h1>" in english
    assert "Rubber surface, ramps and a sensory panel." in english
    assert project.title in ukrainian and "A playground in Sadova Square" not in ukrainian


def test_a_project_without_an_english_version_is_marked_ukrainian_on_english_pages(client, hromada):
    project = make_project(make_cycle(hromada, phase=Phase.VOTING), status="admitted")

    english = client.get(f"/en/budget/projects/{project.pk}/").content.decode()

    assert f'<h1>№{project.number} <span lang="uk">{project.title}</span></h1>' in english


def test_a_resident_cannot_translate_a_project(hromada):
    project = make_project(make_cycle(hromada, phase=Phase.VOTING), status="admitted")

    with pytest.raises(PermissionDeniedError):
        project_translate(
            actor=make_voter(hromada), project=project, title_en="x", summary_en="", description_en=""
        )


def test_the_site_search_finds_and_shows_the_english_version_on_english_pages(client, hromada):
    project = make_project(make_cycle(hromada, phase=Phase.VOTING), status="admitted")
    project_translate(
        actor=make_official(hromada),
        project=project,
        title_en="Open-air gym",
        summary_en="Machines for all ages.",
        description_en="",
    )

    english = client.get("/en/search/", {"q": "open-air gym"}).content.decode()

    assert f"№{project.number} Open-air gym</a>" in english
    assert "Machines for all ages." in english


def test_the_english_page_title_names_the_project_in_english(client, hromada):
    project = make_project(make_cycle(hromada, phase=Phase.VOTING), status="admitted")
    project_translate(
        actor=make_official(hromada),
        project=project,
        title_en="Open-air gym",
        summary_en="",
        description_en="",
    )

    english = client.get(f"/en/budget/projects/{project.pk}/").content.decode()

    assert f"<title>№{project.number} Open-air gym" in english
