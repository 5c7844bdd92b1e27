"""The dialogue engine: commands, the menu, steps, expired buttons and bad input.

A step is a function ``(conversation) -> None`` that reads ``conversation.incoming``; when the input is
not what the step expects it calls ``conversation.hint`` and leaves the step as it was, so a sticker in the
middle of a report keeps what was already given. Buttons carry ``<step prefix>:<value>``; a pressed button
whose prefix does not belong to the chat's current step is an expired button and is answered as such.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _

from hromada.core.errors import ApplicationError
from hromada.core.notifications import site_url

from ..adapters import CALLBACK, COMMAND, STICKER, UNSUPPORTED, VOICE, Button, Incoming, Reply

if TYPE_CHECKING:
    from ..models import BotConfig, Chat


@dataclass
class Conversation:
    bot: BotConfig
    chat: Chat
    incoming: Incoming
    fetch_file: Callable[[str, int], bytes]
    replies: list[Reply] = field(default_factory=list)
    ack: str = ""  # the short text shown when a pressed button is answered
    watches: list[tuple[str, int, str]] = field(default_factory=list)  # (kind, id, state) to follow
    # Reads shared by the updates of one batch (one transaction): the hromada's offices, categories …
    shared: dict[str, Any] = field(default_factory=dict)

    @property
    def hromada(self) -> Any:
        return self.bot.hromada

    @property
    def person(self) -> Any:
        return self.chat.person

    def memo(self, key: str, read: Callable[[], Any]) -> Any:
        """``read()`` once per batch of updates: for reference data a dialogue step shows (offices,
        categories, districts), never for what an action of this batch may change."""
        if key not in self.shared:
            self.shared[key] = read()
        return self.shared[key]

    def say(self, text: str, **kwargs: Any) -> None:
        self.replies.append(Reply(text=text, **kwargs))

    def go(self, state: str, **data: Any) -> None:
        self.chat.state = state
        self.chat.data = {**(self.chat.data or {}), **data} if state else {}

    def reset(self) -> None:
        self.chat.state = ""
        self.chat.data = {}

    def hint(self, text: str) -> None:
        """Bad input for this step: say so briefly, ask the step's question again, keep the state."""
        self.say(text)
        prompt = PROMPTS.get(self.chat.state)
        if prompt is not None:
            prompt(self)

    def url(self, path: str) -> str:
        """The page's address in the chat's language; made once per batch, path and language (in English
        ``site_url`` translates the path through the URL configuration: ~1 ms each)."""
        language = self.chat.language
        return self.memo(  # type: ignore[no-any-return]
            f"url:{language}:{path}",
            lambda: site_url(
                self.hromada, path, language=language, host=self.memo("host", self.hromada.primary_host)
            ),
        )

    def needs_account(self, what: str) -> None:
        """An action that needs identity: say so, with the cabinet page that links the chat."""
        self.say(
            _(
                "%(what)s needs a linked, verified account. Open your personal cabinet, link "
                "Telegram there, then come back."
            )
            % {"what": what},
            buttons=[[Button(_("Link my account"), url=self.url("/bot/link/"))]],
        )


Step = Callable[[Conversation], None]
STEPS: dict[str, Step] = {}
PROMPTS: dict[str, Step] = {}
PREFIXES: dict[str, str] = {}  # state → the button prefix it accepts ("r" for report steps)
MENU: list[tuple[str, Callable[[], str], Step]] = []  # (key, label, start)
COMMANDS: dict[str, Step] = {}
BUTTONS: dict[str, Step] = {}  # button prefix → its handler in any step (buttons of a push message)
# A notification kind → the buttons its push carries above "Open" (made from the notification's params,
# in the chat's language; pressed, they reach a handler of BUTTONS): a waitlist offer's Accept / Decline.
PUSH_BUTTONS: dict[str, Callable[[dict[str, Any]], list[list[Button]]]] = {}


def step(name: str, *, prefix: str, prompt: Step) -> Callable[[Step], Step]:
    def register(function: Step) -> Step:
        STEPS[name] = function
        PROMPTS[name] = prompt
        PREFIXES[name] = prefix
        return function

    return register


def menu_keyboard() -> list[list[Button]]:
    return [[Button(label(), data=f"m:{key}")] for key, label, _start in MENU]


def show_menu(conv: Conversation) -> None:
    conv.reset()
    # The menu is the most frequent answer: its buttons are made once per batch and language.
    keyboard = conv.memo(f"menu:{translation.get_language()}", menu_keyboard)
    conv.say(_("What would you like to do?"), buttons=list(keyboard))


def _start_command(conv: Conversation) -> None:
    code = conv.incoming.args.strip()
    if code:
        from ..actions.links import chat_link

        chat_link(chat=conv.chat, code=code)
        conv.say(
            _(
                "Your Telegram is now linked to your account. Unlink it any time with /unlink or "
                "in your cabinet."
            )
        )
    else:
        conv.say(
            _(
                "Hello! I am the bot of %(hromada)s. I can take a problem report or a queue ticket, "
                "show petitions you can sign and answer questions."
            )
            % {"hromada": conv.hromada.name}
        )
    show_menu(conv)


def _unlink_command(conv: Conversation) -> None:
    from ..actions.links import chat_unlink

    if conv.chat.person_id is None:
        conv.say(_("This chat is not linked to an account."))
        return
    chat_unlink(chat=conv.chat)
    conv.say(_("This chat is no longer linked to your account."))


def _cancel_command(conv: Conversation) -> None:
    conv.say(_("Cancelled."), remove_keyboard=True)
    show_menu(conv)


def _help_command(conv: Conversation) -> None:
    conv.say(
        _(
            "Commands: /menu — what I can do, /cancel — stop the current step, /language — українська or "
            "English, /bookings — my ЦНАП bookings, /unlink — unlink your account, /stop — stop "
            "announcements."
        )
    )


def _language_command(conv: Conversation) -> None:
    conv.chat.language = "en" if conv.chat.language == "uk" else "uk"
    translation.activate(conv.chat.language)
    conv.say(_("Language: English.") if conv.chat.language == "en" else _("Мова: українська."))
    prompt = PROMPTS.get(conv.chat.state)
    if prompt is not None:
        prompt(conv)


def _stop_command(conv: Conversation) -> None:
    conv.chat.district_id_subscribed = None
    conv.chat.topics = []
    conv.say(_("You will get no more announcements. Subscribe again from the /menu."))


COMMANDS.update(
    {
        "start": _start_command,
        "menu": show_menu,
        "cancel": _cancel_command,
        "help": _help_command,
        "unlink": _unlink_command,
        "language": _language_command,
        "stop": _stop_command,
    }
)


def _bad_kind(conv: Conversation) -> None:
    kind = conv.incoming.kind
    if kind == STICKER:
        text = _("Nice sticker! I only understand text, buttons, locations and photos.")
    elif kind == VOICE:
        text = _("I cannot listen to voice messages yet; please write it as text.")
    elif conv.incoming.forwarded:
        text = _("I do not take forwarded messages; please write to me directly.")
    else:
        text = _("I cannot use this kind of message.")
    if conv.chat.state:
        conv.hint(text)
    else:
        conv.say(text + " " + _("Send /menu to see what I can do."))


def handle(conv: Conversation) -> None:
    """Answer one incoming update; the chat's state and data change in place."""
    incoming = conv.incoming
    try:
        if incoming.kind == COMMAND:
            command = COMMANDS.get(incoming.command)
            if command is None:
                conv.hint(
                    _("I do not know the command /%(command)s. Send /menu to see what I can do.")
                    % {"command": incoming.command[:32]}
                )
            else:
                command(conv)
            return
        if incoming.kind == CALLBACK:
            prefix, _sep, value = incoming.data.partition(":")
            if prefix in BUTTONS:
                BUTTONS[prefix](conv)
                return
            if prefix == "m":
                for key, _label, start in MENU:
                    if key == value:
                        conv.reset()
                        start(conv)
                        return
            elif conv.chat.state and PREFIXES.get(conv.chat.state) == prefix:
                STEPS[conv.chat.state](conv)
                return
            conv.ack = _("This button is no longer active.")
            conv.hint(_("This button is no longer active."))
            if not conv.chat.state:
                show_menu(conv)
            return
        if incoming.kind in (STICKER, VOICE, UNSUPPORTED):
            _bad_kind(conv)
            return
        current = STEPS.get(conv.chat.state)
        if current is not None:
            current(conv)
            return
        from .idle import idle

        idle(conv)
    except ApplicationError as error:
        conv.hint(str(error.message))


def register_menu(key: str, label: Callable[[], str], start: Step, *, after: str = "") -> None:
    """Add a menu entry at the end, or right after the entry ``after`` (whichever module loads first)."""
    entry = (key, label, start)
    if after:
        keys = [k for k, _label, _start in MENU]
        if after in keys:
            MENU.insert(keys.index(after) + 1, entry)
        else:
            _WAITING[after] = entry
        return
    MENU.append(entry)
    if key in _WAITING:
        MENU.append(_WAITING.pop(key))


_WAITING: dict[str, tuple[str, Callable[[], str], Step]] = {}  # entries to add after one not loaded yet
