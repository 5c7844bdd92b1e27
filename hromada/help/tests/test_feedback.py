"""'Was this helpful?': one vote per reader and article, counted, rate limited, no raw identifier stored."""

import pytest
from django.test import Client
from django.urls import reverse

from hromada.core.errors import ApplicationError
from hromada.help.actions import help_feedback_record
from hromada.help.models import HelpFeedback

from .factories import HelpArticleFactory

pytestmark = pytest.mark.django_db


def _vote(client, article, answer):
    return client.post(reverse("help:feedback", args=[article.app, article.name]), {"helpful": answer})


def test_a_reader_has_one_vote_per_article_and_may_change_it(resident_client, resident, hromada):
    article = HelpArticleFactory(hromada=hromada)

    assert _vote(resident_client, article, "yes").status_code == 302
    _vote(resident_client, article, "yes")
    _vote(resident_client, article, "no")

    assert list(HelpFeedback.objects.values_list("helpful", flat=True)) == [False]
    voter = HelpFeedback.objects.get().voter
    assert len(voter) == 64 and set(voter) <= set("0123456789abcdef")  # a keyed hash, not the account


def test_anonymous_readers_are_told_apart_by_a_cookie_and_counted_with_plurals(client, hromada):
    article = HelpArticleFactory(hromada=hromada)
    for _ in range(2):
        _vote(client, article, "yes")  # one browser twice: one vote
    for _ in range(4):
        _vote(Client(), article, "yes")  # four other browsers

    assert HelpFeedback.objects.filter(article=article, helpful=True).count() == 5
    assert "5 читачів вважають її корисною." in client.get(article.get_absolute_url()).content.decode()
    _vote(Client(), article, "no")
    assert "5 readers found this helpful." in client.get(f"/en{article.get_absolute_url()}").content.decode()


def test_the_ukrainian_count_takes_the_right_plural_form(client, hromada):
    article = HelpArticleFactory(hromada=hromada)
    for _ in range(2):
        _vote(Client(), article, "yes")

    assert "2 читачі вважають її корисною." in client.get(article.get_absolute_url()).content.decode()


def test_the_same_reader_on_two_articles_cannot_be_linked(hromada):
    first, second = HelpArticleFactory(hromada=hromada), HelpArticleFactory(hromada=hromada)

    help_feedback_record(article=first, reader="user:7", helpful=True)
    help_feedback_record(article=second, reader="user:7", helpful=True)

    assert len(set(HelpFeedback.objects.values_list("voter", flat=True))) == 2


def test_feedback_on_an_unpublished_article_is_refused(hromada):
    hidden = HelpArticleFactory(hromada=hromada, is_published=False)

    with pytest.raises(ApplicationError):
        help_feedback_record(article=hidden, reader="user:1", helpful=True)
    assert not HelpFeedback.objects.exists()


def test_a_vote_that_is_neither_yes_nor_no_is_refused(client, hromada):
    article = HelpArticleFactory(hromada=hromada)

    assert _vote(client, article, "maybe").status_code == 400
    assert client.get(reverse("help:feedback", args=[article.app, article.name])).status_code == 405
    assert not HelpFeedback.objects.exists()


def test_votes_are_rate_limited_per_reader(client, hromada, settings):
    settings.HROMADA_RATE_LIMITS = True
    articles = [HelpArticleFactory(hromada=hromada) for _ in range(21)]

    answers = [_vote(client, article, "yes").status_code for article in articles]

    assert answers[:20] == [302] * 20 and answers[20] == 429
    assert HelpFeedback.objects.count() == 20
