"""What the chat bot's data tells the platform dashboard (issue 19, docs/insight.md)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.indicators import Headline

from . import selectors

INDICATORS = [
    Headline(
        key="bot.new_users",
        title=_("New chat-bot users"),
        compute=selectors.headline_new_users,
        url_name="bot:index",
        order=70,
    ),
]
