"""Factories for the help centre's tests (tests/factories.py style): ``HelpArticleFactory`` builds a plain
row; ``load_articles`` loads the shipped articles through the real action."""

from __future__ import annotations

import factory

from hromada.core.models import Hromada
from tests.factories import HromadaFactory

from ..actions import help_articles_load
from ..models import HelpArticle


class HelpArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpArticle

    hromada = factory.SubFactory(HromadaFactory)
    app = "help"
    name = factory.Sequence(lambda n: f"stattia-{n}")
    audience = "residents"
    title = factory.Sequence(lambda n: f"Стаття {n}")
    body = "Текст статті."


def load_articles(hromada: Hromada) -> int:
    """The hromada's help centre with every shipped article, as the periodic job and the demo load it."""
    return help_articles_load(hromada=hromada)
