"""News and help pages are written by staff of their own hromada only."""

import pytest
from django.utils import timezone

from hromada.accounts.models import HromadaRole
from hromada.core.errors import PermissionDeniedError
from hromada.portal.actions import article_save, help_page_save
from hromada.portal.models import Article, HelpPage
from tests.factories import UserFactory


@pytest.fixture
def moderator(hromada):
    person = UserFactory(hromada=hromada)
    HromadaRole.objects.create(user=person, hromada=hromada, role=HromadaRole.Role.MODERATOR)
    return person


def test_article_save_stamps_publication_once_and_keeps_the_first_author(hromada, moderator, make_user):
    other_editor = make_user()
    HromadaRole.objects.create(user=other_editor, hromada=hromada, role=HromadaRole.Role.MODERATOR)
    draft = article_save(
        article=Article(hromada=hromada, title="Ремонт", slug="remont", body="…"), editor=moderator
    )
    assert draft.published_at is None and draft.author == moderator

    draft.is_published = True
    published = article_save(article=draft, editor=other_editor)
    stamped = published.published_at
    published.title = "Ремонт доріг"
    article_save(article=published, editor=other_editor)

    stored = Article.objects.get(pk=draft.pk)
    assert stamped is not None and stamped <= timezone.now()
    assert stored.published_at == stamped and stored.title == "Ремонт доріг"
    assert stored.author == moderator


def test_article_save_refuses_staff_of_another_hromada_and_residents(hromada, other_hromada, resident):
    outsider = UserFactory(hromada=other_hromada)
    HromadaRole.objects.create(user=outsider, hromada=other_hromada, role=HromadaRole.Role.MODERATOR)

    for editor in (outsider, resident):
        with pytest.raises(PermissionDeniedError):
            article_save(
                article=Article(hromada=hromada, title="Чуже", slug="chuzhe", body="…"), editor=editor
            )

    assert not Article.objects.exists()


def test_help_page_save_stores_a_page_for_staff_only(hromada, moderator, resident):
    page = help_page_save(
        page=HelpPage(hromada=hromada, slug="yak", title="Як подати", body="…"), editor=moderator
    )

    with pytest.raises(PermissionDeniedError):
        help_page_save(page=HelpPage(hromada=hromada, slug="inshe", title="Інше", body="…"), editor=resident)

    assert list(HelpPage.objects.values_list("pk", flat=True)) == [page.pk]
