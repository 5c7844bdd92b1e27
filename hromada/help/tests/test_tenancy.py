"""One hromada's help centre is its own: its edits and feedback never show on another's site."""

import pytest
from django.test import Client

from hromada.help.actions import help_article_edit
from hromada.help.models import HelpArticle

from .factories import load_articles

pytestmark = pytest.mark.django_db


def test_an_edit_in_one_hromada_changes_only_its_own_copy(client, hromada, other_hromada, moderator):
    load_articles(hromada)
    load_articles(other_hromada)
    ours = HelpArticle.objects.get(hromada=hromada, app="help", name="take-part")
    ours.body = "Світлогірськ: приходьте на сесію ради щочетверга."
    help_article_edit(article=ours, editor=moderator)
    there = Client(HTTP_HOST="verbivka.localhost")

    assert "щочетверга" in client.get("/guide/help/take-part/").content.decode()
    assert "щочетверга" not in there.get("/guide/help/take-part/").content.decode()
    assert "Нічого не знайдено" in there.get("/guide/", {"q": "щочетверга"}).content.decode()
    assert "Знайдено 1 статтю" in client.get("/guide/", {"q": "щочетверга"}).content.decode()


def test_an_article_not_loaded_for_this_hromada_is_not_found_here(client, hromada, other_hromada):
    load_articles(other_hromada)

    assert client.get("/guide/help/take-part/").status_code == 404
    assert Client(HTTP_HOST="verbivka.localhost").get("/guide/help/take-part/").status_code == 200
