"""Every module residents use ships help for residents and for officials, in Ukrainian and English, and
every link in the articles leads somewhere (the convention the help centre holds modules to)."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.staticfiles import finders
from django.urls import NoReverseMatch, reverse

from hromada.core.helpsources import help_sources
from hromada.core.registry import modules
from hromada.help.articles import AUDIENCES, LANGUAGES
from hromada.help.rendering import references
from hromada.help.shipped import shipped_articles

PACKAGE = Path(__file__).resolve().parents[2]
# Apps with pages for people that no portal entry names: their help is demanded too.
ALSO_DEMANDED = {"accounts"}


def _demanded() -> set[str]:
    with_entries = {module.url_name.split(":", 1)[0] for module in modules()}
    labels = {config.label for config in apps.get_app_configs() if config.name.startswith("hromada.")}
    return (with_entries | ALSO_DEMANDED) & labels


def test_every_module_with_pages_for_people_registers_its_help_articles():
    registered = {source.app for source in help_sources()}

    assert _demanded() <= registered, 'add help="help" to the module\'s register_app call (docs/help.md)'
    assert {"petitions", "budget", "services", "cnapqueue", "enrollment", "opencity"} <= _demanded()


@pytest.mark.parametrize("app", sorted(_demanded()))
def test_a_module_has_articles_for_residents_and_officials_in_every_language(app):
    articles = [a for a in shipped_articles().values() if a.app == app]

    for audience in AUDIENCES:
        assert any(a.audience == audience for a in articles), f"{app}: no article for {audience}"
    for article in articles:
        assert set(article.texts) == set(LANGUAGES), f"{article.key}: languages {sorted(article.texts)}"
        assert {t.audience for t in article.texts.values()} == {article.audience}, article.key


def test_the_residents_guide_to_taking_part_covers_every_way_to_take_part():
    guide = shipped_articles()["help/take-part"]
    linked = {target for kind, target in references(guide.texts["uk"].body) if kind == "help"}

    assert {
        "petitions/sign-and-create",
        "budget/take-part",
        "consultations/take-part",
        "opencity/report-problem",
        "enrollment/apply",
        "services/apply",
    } <= linked


def test_the_officials_training_covers_the_back_office_tasks():
    officials = {key for key, a in shipped_articles().items() if a.audience == "officials"}

    assert {
        "petitions/moderate",
        "budget/review-project",
        "services/publish-service",
        "opencity/handle-report",
        "cnapqueue/run-queue",
    } <= officials


def test_every_link_in_every_article_leads_to_a_page_an_article_or_a_file_that_exists():
    dead = []
    for article in shipped_articles().values():
        for language, text in article.texts.items():
            for kind, target in references(text.body):
                if kind == "page":
                    try:
                        reverse(target)
                    except NoReverseMatch:
                        dead.append(f"{article.key} ({language}): page:{target}")
                elif kind == "help" and target not in shipped_articles():
                    dead.append(f"{article.key} ({language}): help:{target}")
                elif kind == "static" and not finders.find(target):
                    dead.append(f"{article.key} ({language}): static:{target}")

    assert dead == []


def test_english_texts_have_no_cyrillic_letters():
    # English pages name Ukrainian institutions in Latin letters (TsNAP, EDRPOU): the page-language crawl
    # (tests/test_page_languages.py) reads Cyrillic on an English page as an unmarked Ukrainian text.
    cyrillic = re.compile("[\u0400-\u04ff]")
    mixed = [
        article.key
        for article in shipped_articles().values()
        if cyrillic.search(article.texts["en"].title + article.texts["en"].body)
    ]

    assert mixed == []


def test_the_ukrainian_and_english_texts_have_the_same_links():
    for article in shipped_articles().values():
        # a screenshot is taken in each language: help/screens/<name>-uk.webp and …-en.webp
        uk, en = (
            sorted(
                (kind, target.replace(f"-{lang}.webp", ".webp"))
                for kind, target in references(article.texts[lang].body)
            )
            for lang in LANGUAGES
        )
        assert uk == en, article.key
