"""The bot's web side: the Telegram webhook, the cabinet page that links a chat, the announcements list.
Thin: parse, call one action or selector, answer."""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hromada.core import ratelimit
from hromada.core.http import HromadaRequest
from hromada.core.pagination import paginate

from .actions import chat_unlink, link_code_create
from .adapters import InvalidUpdate
from .selectors import bot_for_secret, bot_of, broadcasts_public, chats_of_person

logger = logging.getLogger("hromada.bot")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105  (a header name, not a secret)
SECRET_META = "HTTP_" + SECRET_HEADER.upper().replace("-", "_")


@csrf_exempt  # authenticated by the secret token Telegram sends with every update, not by a session
@require_POST
def telegram_webhook(request: HromadaRequest) -> HttpResponse:
    from .actions import update_receive

    # META, not request.headers: the latter builds a dict of every header on each call.
    bot = bot_for_secret(hromada=request.hromada, secret=request.META.get(SECRET_META, ""))
    if bot is None:
        return HttpResponse(status=403)
    # The webhook limits each chat itself (actions/updates.py, the flood limit); Telegram's servers are
    # not one caller to be held to the write limit per address.
    ratelimit.take_deferred_write()
    try:
        update_receive(bot=bot, body=json.loads(request.body))
    except (ValueError, InvalidUpdate) as error:
        logger.warning("bot webhook: not a Telegram update (%s): %.200r", error, request.body)
        return HttpResponse(status=400)
    return HttpResponse(status=200)


def announcements(request: HromadaRequest) -> HttpResponse:
    page, query_string = paginate(request, broadcasts_public(hromada=request.hromada), per_page=20)
    return render(
        request,
        "bot/index.html",
        {"page_obj": page, "query_string": query_string, "bot": bot_of(hromada=request.hromada)},
    )


@login_required
def link(request: HromadaRequest) -> HttpResponse:
    bot = bot_of(hromada=request.hromada)
    deep_link = ""
    if request.method == "POST" and bot is not None and bot.username:
        code = link_code_create(hromada=request.hromada, person=request.user)
        deep_link = f"https://t.me/{bot.username}?start={code}"
    chats = list(chats_of_person(hromada=request.hromada, person=request.user))
    return render(request, "bot/link.html", {"bot": bot, "deep_link": deep_link, "chats": chats})


@login_required
@require_POST
def unlink(request: HromadaRequest) -> HttpResponse:
    chat_unlink(person=request.user, hromada=request.hromada)
    messages.success(request, _("Telegram is no longer linked to your account."))
    return redirect("bot:link")
