"""The back office's help articles: officials see the feedback counts; moderators edit with a preview."""

import pytest
from django.urls import reverse

from hromada.help.actions import help_feedback_record
from hromada.help.models import HelpArticle, Source
from tests.factories import login_with_totp

from .factories import HelpArticleFactory

pytestmark = pytest.mark.django_db


def test_officials_see_the_articles_with_their_feedback_counts(official_client, hromada, other_hromada):
    article = HelpArticleFactory(hromada=hromada, title="Як подати заяву")
    HelpArticleFactory(hromada=other_hromada, title="Вербівська стаття")
    for reader, helpful in (("user:1", True), ("user:2", True), ("user:3", False)):
        help_feedback_record(article=article, reader=reader, helpful=helpful)

    page = official_client.get(reverse("admin:help_helparticle_changelist"))

    html = page.content.decode()
    assert page.status_code == 200 and "Як подати заяву" in html and "Вербівська" not in html
    assert '<td class="field-helpful">2</td>' in html and '<td class="field-unhelpful">1</td>' in html


def test_a_moderator_edits_an_article_and_sees_the_preview(hromada, moderator):
    article = HelpArticleFactory(hromada=hromada, body="Старий текст")
    client = login_with_totp(moderator)
    url = reverse("admin:help_helparticle_change", args=[article.pk])

    saved = client.post(
        url,
        {
            "title": "Нова назва",
            "body": "## Крок\n\n1. <script>x</script> Зробіть так",
            "title_en": "",
            "body_en": "",
            "is_published": "on",
        },
    )

    assert saved.status_code == 302
    article.refresh_from_db()
    assert article.source == Source.EDITED and article.edited_at is not None
    preview = client.get(url).content.decode()
    assert "<h2>Крок</h2>" in preview and "&lt;script&gt;x&lt;/script&gt;" in preview


def test_a_department_official_sees_but_cannot_edit(official_client, hromada):
    article = HelpArticleFactory(hromada=hromada, body="Текст")
    url = reverse("admin:help_helparticle_change", args=[article.pk])

    official_client.post(url, {"title": "Інше", "body": "Інше", "is_published": "on"})

    assert HelpArticle.objects.get(pk=article.pk).body == "Текст"
