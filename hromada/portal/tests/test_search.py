"""The site search: every module's public content, Ukrainian word forms, grouped, paged and tenant-scoped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hromada.budget.models import Project
from hromada.budget.tests.factories import make_cycle, make_project
from hromada.petitions.tests.factories import make_world
from hromada.portal.actions import article_save, help_page_save
from hromada.portal.models import Article, HelpPage
from tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("portal:search")


def _staff(hromada):
    from hromada.accounts.models import HromadaRole

    person = UserFactory(hromada=hromada, is_staff=True)
    HromadaRole.objects.create(user=person, hromada=hromada, role=HromadaRole.Role.ADMINISTRATOR)
    return person


def _article(hromada, title, body="Текст новини.", title_en="", body_en="", published=True):
    article = Article(
        hromada=hromada,
        title=title,
        slug=f"a-{Article.objects.count()}",
        body=body,
        title_en=title_en,
        body_en=body_en,
        is_published=published,
    )
    return article_save(article=article, editor=_staff(hromada))


def _help(hromada, title, body):
    page = HelpPage(hromada=hromada, title=title, slug=f"h-{HelpPage.objects.count()}", body=body)
    return help_page_save(page=page, editor=_staff(hromada))


def _titles(response) -> str:
    return response.content.decode()


def test_search_finds_every_kind_by_another_word_form(client, hromada):
    world = make_world(hromada)
    petition = world.collecting(title="Відремонтувати дорогу до ліцею")
    cycle = make_cycle(hromada)
    project = make_project(cycle, title="Освітлення дороги в парку", summary="Ліхтарі вздовж алеї")
    article = _article(hromada, "Ремонт дороги на Садовій завершено")
    page = _help(hromada, "Як повідомити про ями на дорогах", "Опишіть місце і додайте фото.")
    institution = InstitutionFactory(hromada=hromada, name="Служба доріг", search_text="служба доріг")

    response = client.get(SEARCH, {"q": "дороги"})

    assert response.status_code == 200
    html = _titles(response)
    for url in (
        reverse("petitions:detail", args=[petition.pk]),
        reverse("budget:project", args=[project.pk]),
        reverse("portal:article", args=[article.slug]),
        reverse("portal:help_page", args=[page.slug]),
    ):
        assert url in html
    # "доріг" keeps four letters of the stem "дорог" only in other forms: a different stem, not found.
    assert reverse("portal:institution", args=[institution.pk]) not in html
    groups = [g.source.key for g in response.context["groups"]]
    assert groups == ["news", "petitions", "budget", "help"]


def test_search_is_case_and_apostrophe_insensitive_in_cyrillic(client, hromada):
    article = _article(hromada, "В’ЇЗД до Шкільної вулиці закрито")

    response = client.get(SEARCH, {"q": "вʼїзд"})

    assert reverse("portal:article", args=[article.slug]) in _titles(response)


def test_search_shows_nothing_of_another_hromada_or_unpublished(client, hromada, other_hromada):
    _article(other_hromada, "Ремонт мосту через річку")
    _article(hromada, "Ремонт мосту: чернетка", published=False)
    cycle = make_cycle(hromada)
    make_project(cycle, title="Ремонт мосту біля школи", status=Project.Status.DRAFT)
    other_world = make_world(other_hromada)
    other_world.collecting(title="Ремонт мосту на Заводській")

    response = client.get(SEARCH, {"q": "мосту"})
    own = client.get(SEARCH, {"q": "школи"})

    assert response.status_code == 200
    assert response.context["groups"] == []
    assert "нічого не знайдено" in _titles(response)
    assert own.context["groups"] == []  # the draft project is not public


def test_one_kind_is_paged_with_its_count(client, hromada):
    world = make_world(hromada)
    for n in range(23):
        world.collecting(title=f"Встановити лавку у сквері № {n}")

    overview = client.get(SEARCH, {"q": "лавки"})
    group = overview.context["groups"][0]
    assert group.source.key == "petitions" and len(group.hits) == 5 and group.has_more
    assert "type=petitions" in _titles(overview)

    first = client.get(SEARCH, {"q": "лавки", "type": "petitions"})
    second = client.get(SEARCH, {"q": "лавки", "type": "petitions", "page": 2})

    assert first.context["page_obj"].paginator.count == 23
    assert len(first.context["hits"]) == 20 and len(second.context["hits"]) == 3
    assert "23 результати" in _titles(first)
    assert {h.url for h in first.context["hits"]}.isdisjoint({h.url for h in second.context["hits"]})


@pytest.mark.parametrize("query", ["", "   ", "і в на"])
def test_an_empty_or_stop_word_query_is_explained_not_searched(client, hromada, query):
    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert "groups" not in response.context
    assert 'id="search-error"' in _titles(response)


def test_an_unknown_kind_falls_back_to_every_kind(client, hromada):
    _article(hromada, "Графік вивезення сміття")

    response = client.get(SEARCH, {"q": "сміття", "type": "nonsense"})

    assert response.status_code == 200
    assert [g.source.key for g in response.context["groups"]] == ["news"]


def test_english_page_shows_the_english_title_when_there_is_one(client, hromada):
    article = _article(
        hromada, "Новий графік роботи ЦНАП", title_en="New ЦНАП opening hours", body_en="Text."
    )

    response = client.get("/en" + SEARCH, {"q": "hours"})

    html = _titles(response)
    assert reverse("portal:article", args=[article.slug]) in html
    assert "New ЦНАП opening hours" in html


def test_news_page_filters_by_words(client, hromada):
    _article(hromada, "Ремонт дороги на Садовій")
    _article(hromada, "Концерт у парку")

    response = client.get(reverse("portal:news"), {"q": "концерти"})

    titles = [a.title for a in response.context["page_obj"]]
    assert titles == ["Концерт у парку"]


def test_institutions_page_matches_other_word_forms(client, hromada):
    InstitutionFactory(
        hromada=hromada, name="Дитяча бібліотека", search_text="дитяча бібліотека вул. миру, 1"
    )

    response = client.get(reverse("portal:institutions"), {"q": "бібліотеки"})

    assert [i.name for i in response.context["page_obj"]] == ["Дитяча бібліотека"]


def test_api_search_groups_and_pages(client, hromada):
    world = make_world(hromada)
    for n in range(7):
        world.collecting(title=f"Облаштувати велодоріжку № {n}")
    _article(hromada, "Нова велодоріжка відкрита")

    overview = client.get("/api/v1/search", {"q": "велодоріжки"})
    page = client.get("/api/v1/search/petitions", {"q": "велодоріжки", "page": 2, "page_size": 5})

    assert overview.status_code == 200
    groups = {g["type"]: g for g in overview.json()["groups"]}
    assert set(groups) == {"news", "petitions"}
    assert len(groups["petitions"]["hits"]) == 5 and groups["petitions"]["has_more"] is True
    assert groups["news"]["hits"][0]["url"].startswith("/news/")
    body = page.json()
    assert page.status_code == 200 and body["count"] == 7 and len(body["items"]) == 2


def test_api_search_refuses_empty_queries_and_unknown_types(client, hromada):
    assert client.get("/api/v1/search", {"q": "і"}).json()["error"]["code"] == "invalid_query"
    assert client.get("/api/v1/search").status_code in (400, 422)
    unknown = client.get("/api/v1/search/nonsense", {"q": "дорога"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_type"


def test_budget_projects_are_found_whatever_apostrophe_the_query_uses(client, hromada):
    project = make_project(make_cycle(hromada), title="Новий в’їзд до парку")

    response = client.get(SEARCH, {"q": "вʼїзд", "type": "budget"})

    assert [hit.url for hit in response.context["hits"]] == [reverse("budget:project", args=[project.pk])]


def test_english_page_names_an_institution_in_english_when_it_has_an_english_name(client, hromada):
    institution = InstitutionFactory(hromada=hromada, name="Дитяча бібліотека", name_en="Children's library")
    url = reverse("portal:institution", args=[institution.pk])

    english = client.get("/en" + SEARCH, {"q": "бібліотека"}).content.decode()
    page = client.get("/en" + url).content.decode()

    assert "Children&#x27;s library</a>" in english
    assert "<title>Children&#x27;s library · " in page
