"""The help centre's pages: the index, an article (no script, printable), its search and the site search."""

import re

import pytest
from django.urls import reverse

from hromada.help.models import HelpArticle
from hromada.portal.models import HelpPage
from hromada.portal.search_text import help_page_search_text

from .factories import HelpArticleFactory, load_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(hromada):
    load_articles(hromada)
    return hromada


def test_the_index_lists_residents_and_officials_articles_by_module(client, loaded):
    page = client.get(reverse("help:index")).content.decode()

    assert "Як долучитися до рішень громади" in page
    assert page.index("Для мешканців") < page.index("Для посадовців")
    assert reverse("help:article", args=["petitions", "moderate"]) in page


def test_every_article_renders_without_any_script_of_its_own(client, loaded):
    articles = list(HelpArticle.objects.filter(hromada=loaded))
    scripts_of_the_base_page = len(re.findall(r"<script", client.get("/guide/").content.decode()))

    for article in articles:
        for prefix in ("", "/en"):
            page = client.get(f"{prefix}/guide/{article.app}/{article.name}/")
            html = page.content.decode()
            assert page.status_code == 200, article.key
            # only the site's deferred htmx file, as on every page; the article adds none (and no inline one)
            assert len(re.findall(r"<script", html)) == scripts_of_the_base_page <= 1, article.key
            assert "onerror=" not in html and "javascript:" not in html, article.key


def test_an_article_shows_its_english_text_on_english_pages_and_links_the_print_styles(client, loaded):
    page = client.get("/en/guide/help/take-part/").content.decode()

    assert "How to take part in your hromada" in page
    assert "/static/help/help.css" in page
    assert '<a href="/en/petitions/">petitions</a>' in page  # page: links resolve in the page language


def test_an_unsafe_edit_is_shown_as_text(client, hromada):
    article = HelpArticleFactory(hromada=hromada, body='<script>alert("x")</script> [x](javascript:alert(1))')

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<script>alert("x")</script>' not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html


def test_an_unpublished_or_unknown_article_is_not_found(client, hromada):
    hidden = HelpArticleFactory(hromada=hromada, is_published=False)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/guide/petitions/no-such-article/").status_code == 404


def test_the_help_search_finds_articles_in_either_language(client, loaded):
    found_uk = client.get("/guide/", {"q": "квитанцію"}).content.decode()
    found_en = client.get("/en/guide/", {"q": "receipt"}).content.decode()

    assert 'href="/guide/ledger/receipts/"' in found_uk
    assert 'href="/en/guide/ledger/receipts/"' in found_en
    assert "Нічого не знайдено" in client.get("/guide/", {"q": "жирафа"}).content.decode()


def test_the_site_search_finds_residents_articles(client, loaded):
    page = client.get("/search/", {"q": "модерацію", "type": "helpcentre"}).content.decode()

    assert 'href="/guide/petitions/sign-and-create/"' in page
    assert 'href="/guide/petitions/moderate/"' not in page  # the officials' guide


def test_the_portal_has_one_help_entry_leading_to_the_help_centre(client, hromada):
    home = client.get("/").content.decode()

    assert 'href="/help/"' in home
    assert 'href="/guide/"' not in home  # no second menu entry beside the portal's "Help"
    assert client.get("/help/").url == reverse("help:index")


def test_the_help_search_finds_the_councils_own_pages_too(client, loaded):
    own = HelpPage(hromada=loaded, slug="kontakty", title="Контакти ради", body="Телефон приймальні.")
    own.search_text = help_page_search_text(own)
    own.save()
    page = client.get("/guide/").content.decode()
    found = client.get("/guide/", {"q": "приймальні"}).content.decode()

    assert "Сторінки ради" in page and 'href="/help/kontakty/"' in page
    assert 'href="/help/kontakty/"' in found
