"""Shipped articles: the file format (pure), loading them into a hromada, officials' edits winning."""

from pathlib import Path

import pytest

from hromada.core.errors import ApplicationError
from hromada.help.actions import (
    help_article_edit,
    help_article_revert,
    help_articles_load,
    help_articles_load_all,
)
from hromada.help.articles import ArticleProblem, parse, read_folder
from hromada.help.models import HelpArticle, Source
from hromada.help.shipped import shipped_articles
from tests.factories import HromadaFactory, make_official

from .factories import HelpArticleFactory

TEXT = "---\ntitle: Як підписати\naudience: residents\norder: 20\n---\n\nТекст.\n"


def test_an_article_file_is_its_header_and_its_markdown():
    text = parse(TEXT, path=Path("x.md"))

    assert (text.title, text.audience, text.order, text.body) == ("Як підписати", "residents", 20, "Текст.\n")


@pytest.mark.parametrize(
    ("source", "code"),
    [
        ("Текст без заголовка\n", "header_missing"),
        ("---\naudience: residents\n---\nТекст\n", "title_missing"),
        ("---\ntitle: T\naudience: everyone\n---\nТекст\n", "audience_unknown"),
        ("---\ntitle: T\naudience: officials\norder: first\n---\nТекст\n", "order_not_a_number"),
    ],
)
def test_a_broken_article_file_is_refused_with_its_code(source, code):
    with pytest.raises(ArticleProblem) as refused:
        parse(source, path=Path("x.md"))

    assert refused.value.code == code


def test_a_folder_pairs_the_languages_of_each_article_by_its_name(tmp_path):
    (tmp_path / "uk").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "uk" / "sign.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / "en" / "sign.md").write_text(TEXT.replace("Як підписати", "How to sign"), encoding="utf-8")

    [article] = read_folder("petitions", tmp_path)

    assert article.key == "petitions/sign"
    assert article.texts["uk"].title == "Як підписати" and article.texts["en"].title == "How to sign"


pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_loading_adds_every_shipped_article_once(hromada):
    added = help_articles_load(hromada=hromada)

    assert added == len(shipped_articles()) == HelpArticle.objects.filter(hromada=hromada).count()
    assert help_articles_load(hromada=hromada) == 0  # idempotent
    take_part = HelpArticle.objects.get(hromada=hromada, app="help", name="take-part")
    assert take_part.title_en == shipped_articles()["help/take-part"].texts["en"].title
    assert take_part.source == Source.SHIPPED and "петиц" in take_part.search_text


@pytestmark_db
def test_loading_all_reaches_every_active_hromada(hromada, other_hromada):
    help_articles_load_all()

    assert HelpArticle.objects.filter(hromada=other_hromada).count() == len(shipped_articles())


@pytestmark_db
def test_an_unedited_copy_takes_the_newer_shipped_text(hromada):
    help_articles_load(hromada=hromada)
    HelpArticle.objects.filter(hromada=hromada, app="help", name="take-part").update(
        title="Стара назва", shipped_digest="old"
    )

    assert help_articles_load(hromada=hromada) == 1

    article = HelpArticle.objects.get(hromada=hromada, app="help", name="take-part")
    assert article.title == shipped_articles()["help/take-part"].texts["uk"].title


@pytestmark_db
def test_an_officials_edit_wins_over_the_shipped_text_until_it_is_put_back(hromada, moderator):
    help_articles_load(hromada=hromada)
    article = HelpArticle.objects.get(hromada=hromada, app="help", name="take-part")
    article.body = "Наш власний текст про участь."
    help_article_edit(article=article, editor=moderator)
    HelpArticle.objects.filter(pk=article.pk).update(shipped_digest="older")  # the module shipped a new text

    help_articles_load(hromada=hromada)

    article.refresh_from_db()
    assert article.body == "Наш власний текст про участь." and article.source == Source.EDITED
    assert article.edited_at is not None and "власний" in article.search_text

    help_article_revert(article=article, editor=moderator)

    article.refresh_from_db()
    assert article.source == Source.SHIPPED and article.edited_at is None
    assert article.body == shipped_articles()["help/take-part"].texts["uk"].body


@pytestmark_db
def test_only_moderators_and_administrators_edit_articles(hromada, resident):
    article = HelpArticleFactory(hromada=hromada)
    article.body = "Зіпсовано"

    for person in (resident, make_official(hromada)):
        with pytest.raises(ApplicationError):
            help_article_edit(article=article, editor=person)

    article.refresh_from_db()
    assert article.body == "Текст статті." and article.source == Source.SHIPPED


@pytestmark_db
def test_another_hromadas_moderator_cannot_edit_here(hromada, moderator):
    theirs = HelpArticleFactory(hromada=HromadaFactory())

    with pytest.raises(ApplicationError):
        help_article_edit(article=theirs, editor=moderator)


@pytestmark_db
def test_an_article_no_module_ships_any_more_is_unpublished_unless_edited(hromada, moderator):
    gone = HelpArticleFactory(hromada=hromada, name="retired", shipped_digest="x")
    kept = HelpArticleFactory(hromada=hromada, name="kept-edit", shipped_digest="y")
    kept.body = "Наш текст"
    help_article_edit(article=kept, editor=moderator)

    help_articles_load(hromada=hromada)

    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.is_published, gone.is_shipped) == (False, False)
    assert (kept.is_published, kept.is_shipped) == (True, False)
