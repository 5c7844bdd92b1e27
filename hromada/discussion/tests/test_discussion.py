"""Debates under petitions and budget projects: who may speak, moderation with grounds, reports, limits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hromada.accounts.models import VerificationLevel
from hromada.budget.tests.factories import make_cycle, make_project
from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from hromada.core.models import Notification
from hromada.discussion import actions
from hromada.discussion.models import Comment
from hromada.ledger.models import PendingEntry
from hromada.petitions.tests.factories import make_world
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hromada):
    return make_world(hromada)


@pytest.fixture
def petition(world):
    return world.collecting()


def _speaker(hromada, name="Олена Коваленко", level=VerificationLevel.EMAIL):
    return UserFactory(hromada=hromada, full_name=name, verification_level=level)


def _post(client, petition, body):
    return client.post(reverse("discussion:post", args=["petition", petition.pk]), {"body": body})


def test_a_resident_with_a_confirmed_contact_comments_signed_with_a_short_name(client, hromada, petition):
    client.force_login(_speaker(hromada))

    response = _post(client, petition, "Підтримую, дорогу треба ремонтувати до зими.")

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"{reverse('petitions:detail', args=[petition.pk])}#comment-{comment.pk}"
    )
    page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "Підтримую, дорогу треба ремонтувати до зими." in page
    assert "Олена К." in page and "Олена Коваленко" not in page
    assert "1 коментар" in page


def test_unconfirmed_people_and_visitors_cannot_comment(client, hromada, petition):
    visitor_page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "Увійдіть, щоб узяти участь в обговоренні." in visitor_page
    client.force_login(_speaker(hromada, level=VerificationLevel.NONE))

    response = _post(client, petition, "Моя думка")

    assert response.status_code == 200
    assert "Підтвердьте електронну пошту або номер телефону" in response.content.decode()
    assert "Моя думка" in response.content.decode()  # the text is kept
    assert not Comment.objects.exists()


def test_no_debate_on_a_draft_or_another_hromadas_petition(client, hromada, other_hromada, world):
    draft = world.draft()
    foreign = make_world(other_hromada).collecting()
    client.force_login(_speaker(hromada))

    assert _post(client, draft, "Текст").status_code == 404
    assert _post(client, foreign, "Текст").status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize("body", ["", "   ", "д" * 2001])
def test_empty_or_too_long_comments_are_refused_and_the_text_kept(client, hromada, petition, body):
    client.force_login(_speaker(hromada))

    response = _post(client, petition, body)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Comment.objects.exists()


def test_posting_is_rate_limited_per_person(client, hromada, petition):
    client.force_login(_speaker(hromada))
    for n in range(5):
        assert _post(client, petition, f"Думка номер {n}").status_code == 302

    sixth = _post(client, petition, "Шоста думка")

    assert sixth.status_code == 200
    assert "Шоста думка" in sixth.content.decode()
    assert Comment.objects.count() == 5


def test_the_same_text_twice_is_a_double_submission(hromada, petition):
    author = _speaker(hromada)
    actions.comment_post(hromada=hromada, author=author, target="petition", target_id=petition.pk, body="Так")
    with pytest.raises(ConflictError):
        actions.comment_post(
            hromada=hromada, author=author, target="petition", target_id=petition.pk, body="Так "
        )


def test_a_comment_is_reported_once_per_person_and_not_by_its_author(hromada, petition):
    author, reader = _speaker(hromada), _speaker(hromada, name="Іван Петренко")
    comment = actions.comment_post(
        hromada=hromada, author=author, target="petition", target_id=petition.pk, body="Реклама: купуйте!"
    )

    actions.comment_report(hromada=hromada, reporter=reader, comment_id=comment.pk, reason="spam")

    with pytest.raises(ConflictError):
        actions.comment_report(hromada=hromada, reporter=reader, comment_id=comment.pk, reason="spam")
    with pytest.raises(ApplicationError, match="власний"):
        actions.comment_report(hromada=hromada, reporter=author, comment_id=comment.pk, reason="spam")
    assert comment.reports.count() == 1


def test_a_moderator_hides_with_a_ground_the_author_is_told_and_the_decision_logged(
    client, hromada, world, petition
):
    author = _speaker(hromada)
    comment = actions.comment_post(
        hromada=hromada, author=author, target="petition", target_id=petition.pk, body="Образливі слова"
    )
    with pytest.raises(PermissionDeniedError):
        actions.comment_hide(
            hromada=hromada, moderator=world.official, comment_id=comment.pk, reason="insult"
        )
    client.force_login(world.moderator)

    response = client.post(reverse("discussion:hide", args=[comment.pk]), {"reason": "insult"})

    comment.refresh_from_db()
    assert response.status_code == 302 and comment.status == Comment.Status.HIDDEN
    assert Notification.objects.filter(recipient=author, kind="discussion.comment_hidden").exists()
    assert PendingEntry.objects.filter(kind="audit.comment.hidden").exists()
    client.logout()
    page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "Образливі слова" not in page
    assert "Приховано модератором. Підстава: Образи або цькування людини." in page


def test_a_moderator_restores_a_hidden_comment(hromada, world, petition):
    comment = actions.comment_post(
        hromada=hromada, author=_speaker(hromada), target="petition", target_id=petition.pk, body="Думка"
    )
    actions.comment_hide(hromada=hromada, moderator=world.moderator, comment_id=comment.pk, reason="spam")

    restored = actions.comment_restore(hromada=hromada, moderator=world.moderator, comment_id=comment.pk)

    assert restored.status == Comment.Status.VISIBLE and restored.hidden_reason == ""
    assert PendingEntry.objects.filter(kind="audit.comment.restored").exists()


def test_budget_projects_have_a_debate_too(client, hromada):
    project = make_project(make_cycle(hromada))
    client.force_login(_speaker(hromada))

    response = client.post(
        reverse("discussion:post", args=["budget_project", project.pk]), {"body": "Гарний проєкт"}
    )

    assert response.status_code == 302
    assert "Гарний проєкт" in client.get(reverse("budget:project", args=[project.pk])).content.decode()


def test_the_debate_is_paged_twenty_at_a_time_latest_page_first(client, hromada, petition):
    for n in range(25):
        actions.comment_post(
            hromada=hromada,
            author=_speaker(hromada),
            target="petition",
            target_id=petition.pk,
            body=f"Думка {n}",
        )
    url = reverse("petitions:detail", args=[petition.pk])

    latest = client.get(url).content.decode()
    earliest = client.get(url, {"comments": 1}).content.decode()

    assert "Думка 24" in latest and "Думка 3<" not in latest
    assert "Думка 3<" in earliest and "Думка 24" not in earliest


def test_reporting_through_the_page_says_thank_you_and_refuses_a_second_time(client, hromada, petition):
    comment = actions.comment_post(
        hromada=hromada, author=_speaker(hromada), target="petition", target_id=petition.pk, body="Купуйте!"
    )
    client.force_login(_speaker(hromada, name="Іван Петренко"))
    url = reverse("discussion:report", args=[comment.pk])

    first = client.post(url, {"reason": "spam"}, follow=True)
    second = client.post(url, {"reason": "spam"}, follow=True)

    assert "модератори розглянуть цей коментар" in first.content.decode()
    assert "Ви вже поскаржилися на цей коментар." in second.content.decode()
    assert comment.reports.count() == 1


def test_restoring_through_the_page_is_for_moderators(client, hromada, world, petition):
    comment = actions.comment_post(
        hromada=hromada, author=_speaker(hromada), target="petition", target_id=petition.pk, body="Думка"
    )
    actions.comment_hide(hromada=hromada, moderator=world.moderator, comment_id=comment.pk, reason="spam")
    url = reverse("discussion:restore", args=[comment.pk])

    client.force_login(world.official)
    client.post(url)
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.HIDDEN
    client.force_login(world.moderator)
    client.post(url)
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.VISIBLE


def test_erasing_an_account_removes_its_comments_and_reports(hromada, world, petition):
    author, reader = _speaker(hromada), _speaker(hromada, name="Іван Петренко")
    mine = actions.comment_post(
        hromada=hromada, author=author, target="petition", target_id=petition.pk, body="Моя думка"
    )
    theirs = actions.comment_post(
        hromada=hromada, author=reader, target="petition", target_id=petition.pk, body="Інша думка"
    )
    actions.comment_report(hromada=hromada, reporter=author, comment_id=theirs.pk, reason="spam")

    deleted = actions.comments_of_person_erase(person=author)

    assert deleted == 1
    assert not Comment.objects.filter(pk=mine.pk).exists()
    assert Comment.objects.filter(pk=theirs.pk).exists() and not theirs.reports.exists()
