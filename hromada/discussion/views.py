"""The debate under a petition or project: a panel on their page, and the forms it posts to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.core import ratelimit
from hromada.core.errors import ApplicationError
from hromada.core.forms import form_within_limit, run_form_action
from hromada.core.http import HromadaRequest, user_of

from . import actions
from .forms import CommentForm, ReasonForm
from .models import Comment
from .selectors import comments_of, debate_target, may_moderate_debates, reported_by
from .targets import TARGETS

PER_PAGE = 20
# A voice, not a flood: a person posts at most this many comments per window (all debates together).
POSTS_PER_WINDOW, POST_WINDOW = 5, 600


def panel(request: HttpRequest | None, obj: Any, *, target: str) -> str:
    """The debate block rendered into the petition's or project's page."""
    if request is None:
        return ""
    hromada = request.hromada  # type: ignore[attr-defined]
    comments = comments_of(hromada=hromada, target=target, target_id=obj.pk)
    paginator = Paginator(comments, PER_PAGE)
    page = paginator.get_page(request.GET.get("comments") or paginator.num_pages)
    rows = list(page.object_list)
    user = request.user
    return render_to_string(
        "discussion/_panel.html",
        {
            "target": target,
            "target_id": obj.pk,
            "page_obj": page,
            "comments": rows,
            "reported": reported_by(person=user, comment_ids=[c.pk for c in rows]),  # type: ignore[arg-type]
            "may_moderate": may_moderate_debates(person=user, hromada=hromada),
            "form": CommentForm(),
            "reason_form": ReasonForm(),
        },
        request=request,
    )


def _back(hromada: Any, target: str, target_id: int, anchor: str = "comments") -> HttpResponse:
    obj = debate_target(hromada=hromada, target=target, target_id=target_id)
    if obj is None:
        raise Http404
    return redirect(f"{TARGETS[target].url(obj)}#{anchor}")


@login_required
def comment_post(request: HromadaRequest, target: str, target_id: int) -> HttpResponse:
    """Post a comment; on a refusal the page shows why and keeps the text."""
    obj = debate_target(hromada=request.hromada, target=target, target_id=target_id)
    if obj is None:
        raise Http404
    form = CommentForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_within_limit(request, form, "discussion.post", limit=POSTS_PER_WINDOW, window=POST_WINDOW)
    ):
        comment = run_form_action(
            form,
            actions.comment_post,
            hromada=request.hromada,
            author=user_of(request),
            target=target,
            target_id=target_id,
            body=form.cleaned_data["body"],
        )
        if comment is not None:
            messages.success(request, _("Your comment is published."))
            return _back(request.hromada, target, target_id, f"comment-{comment.pk}")
    return render(
        request,
        "discussion/comment_form.html",
        {"form": form, "target": target, "target_id": target_id, "back_url": TARGETS[target].url(obj)},
    )


def _comment_target(request: HromadaRequest, comment_id: int) -> Comment:
    comment = (
        Comment.objects.filter(hromada=request.hromada, pk=comment_id).only("target", "target_id").first()
    )
    if comment is None:
        raise Http404
    return comment


def _comment_act(
    request: HromadaRequest, comment_id: int, act: Callable[[], object], done: str
) -> HttpResponse:
    """Run one act on a comment, say how it went, and go back to the comment in its debate."""
    comment = _comment_target(request, comment_id)
    try:
        act()
        messages.success(request, done)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return _back(request.hromada, comment.target, comment.target_id, f"comment-{comment_id}")


def _reason(request: HromadaRequest, refusal: str) -> str:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(refusal)
    return str(form.cleaned_data["reason"])


@require_POST
@login_required
def comment_report(request: HromadaRequest, comment_id: int) -> HttpResponse:
    def act() -> object:
        ratelimit.check(request, "discussion.report", limit=20, window=3600)
        return actions.comment_report(
            hromada=request.hromada,
            reporter=user_of(request),
            comment_id=comment_id,
            reason=_reason(request, _("Choose what is wrong with the comment.")),
        )

    return _comment_act(request, comment_id, act, _("Thank you: the moderators will look at this comment."))


@require_POST
@login_required
def comment_hide(request: HromadaRequest, comment_id: int) -> HttpResponse:
    def act() -> object:
        return actions.comment_hide(
            hromada=request.hromada,
            moderator=user_of(request),
            comment_id=comment_id,
            reason=_reason(request, _("Choose the ground for hiding.")),
        )

    return _comment_act(request, comment_id, act, _("The comment is hidden; its author has been told why."))


@require_POST
@login_required
def comment_restore(request: HromadaRequest, comment_id: int) -> HttpResponse:
    def act() -> object:
        return actions.comment_restore(
            hromada=request.hromada, moderator=user_of(request), comment_id=comment_id
        )

    return _comment_act(request, comment_id, act, _("The comment is shown again."))
