"""{% help_link "app/name" %}: a "?" to a published article of this hromada, or nothing at all."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from .factories import HelpArticleFactory, load_articles

pytestmark = pytest.mark.django_db


def _render(key, hromada):
    request = RequestFactory().get("/")
    request.hromada = hromada
    return Template('{% load help_tags %}{% help_link "' + key + '" %}').render(Context({"request": request}))


def test_the_link_points_to_the_article_with_its_title_for_screen_readers(hromada):
    HelpArticleFactory(hromada=hromada, app="petitions", name="sign", title="Як підписати")

    html = _render("petitions/sign", hromada)

    assert f'href="{reverse("help:article", args=["petitions", "sign"])}"' in html
    assert '<span aria-hidden="true">?</span>' in html and "Як підписати" in html


def test_nothing_is_rendered_for_a_missing_unpublished_or_foreign_article(hromada, other_hromada):
    HelpArticleFactory(hromada=hromada, app="petitions", name="hidden", is_published=False)
    HelpArticleFactory(hromada=other_hromada, app="petitions", name="theirs")

    assert _render("petitions/none", hromada) == ""
    assert _render("petitions/hidden", hromada) == ""
    assert _render("petitions/theirs", hromada) == ""
    assert _render("not-a-key", hromada) == ""


def test_the_modules_pages_carry_their_help_links(client, hromada):
    load_articles(hromada)

    for url, article in [
        (reverse("petitions:list"), "petitions/sign-and-create"),
        (reverse("budget:index"), "budget/take-part"),
        (reverse("opencity:index"), "opencity/report-problem"),
        (reverse("services:list"), "services/apply"),
        (reverse("cnapqueue:offices"), "cnapqueue/ticket-and-booking"),
        (reverse("enrollment:index"), "enrollment/apply"),
        (reverse("opendata:index"), "opendata/download-data"),
        (reverse("ledger:index"), "ledger/receipts"),
    ]:
        page = client.get(url, follow=True).content.decode()
        assert f'href="/guide/{article}/"' in page, url
