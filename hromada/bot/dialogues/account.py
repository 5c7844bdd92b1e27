"""What needs the resident's account: the status of their applications (``services``), linking the chat."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hromada.services.selectors import applications_of

from ..adapters import Button
from .engine import Conversation, register_menu, show_menu


def _title(service: object, language: str) -> str:
    return (getattr(service, "title_en", "") if language == "en" else "") or str(
        getattr(service, "title", "")
    )


def my_applications(conv: Conversation) -> None:
    if conv.person is None:
        conv.needs_account(_("Following your applications"))
        return
    rows = list(applications_of(hromada=conv.hromada, person=conv.person).select_related("service")[:10])
    if not rows:
        conv.say(_("You have no applications yet."))
    else:
        lines = [
            f"{a.number or '—'} · {_title(a.service, conv.chat.language)} · {a.get_status_display()}"
            for a in rows
        ]
        conv.say(
            "\n".join(lines), buttons=[[Button(_("Open my applications"), url=conv.url("/services/mine/"))]]
        )
    show_menu(conv)


def link(conv: Conversation) -> None:
    if conv.person is not None:
        conv.say(_("This chat is linked to your account. Send /unlink to unlink it."))
        return
    conv.say(
        _(
            "Open your personal cabinet on the website and press “Link Telegram”: the link "
            "brings you back here."
        ),
        buttons=[[Button(_("Link my account"), url=conv.url("/bot/link/"))]],
    )


register_menu("apps", lambda: _("📄 My applications"), my_applications)
register_menu("link", lambda: _("🔗 Link my account"), link)
