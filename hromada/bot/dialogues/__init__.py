"""The bot's dialogues: persisted state machines over the platform's actions and selectors.

``engine.handle`` takes one :class:`~hromada.bot.adapters.Incoming` for a chat and answers with
:class:`~hromada.bot.adapters.Reply` objects; the chat's step (``Chat.state``) and what the dialogue
gathered so far (``Chat.data``) are saved by the caller, ``actions/updates.py``, in the same transaction.
Each dialogue module registers its steps in ``engine.STEPS`` and its menu entry in ``engine.MENU``.
"""

from . import account, booking, engine, info, petitions, queue, report, verdict  # noqa: F401  (registers the steps and the menu)
