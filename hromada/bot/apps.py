from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BotConfig(AppConfig):
    name = "hromada.bot"
    label = "bot"
    verbose_name = _("City chat bot")

    def ready(self) -> None:
        from hromada.core import handlers, ratelimit
        from hromada.core.kit import Urls, register_app
        from hromada.core.notifications import register_notification_channel
        from hromada.core.registry import CabinetSection, DemoStep, Module, PeriodicJob

        from . import dialogues, personal_data  # noqa: F401  (dialogues registers its steps)
        from .demo import demo_load
        from .jobs import bot_prune, bot_tick, bot_watch

        register_app(
            self,
            indicators="hromada.bot.indicators:INDICATORS",  # its headline on the platform dashboard
            help="help",  # its help articles, help/uk/*.md and help/en/*.md (docs/help.md)
            urls=[
                Urls("bot/", "hromada.bot.urls"),
                Urls(
                    "bot/telegram/", "hromada.bot.urls:webhook_patterns", i18n=False, namespace="bot_webhook"
                ),
            ],
            portal=[
                Module(
                    key="bot",
                    title=_("Announcements"),
                    description=_("Outage and works announcements; get them in the city's Telegram bot."),
                    url_name="bot:index",
                    order=200,
                )
            ],
            cabinet=[CabinetSection(key="bot", title=_("Telegram"), url_name="bot:link", order=95)],
            periodic=[
                PeriodicJob(key="bot.tick", every_seconds=2, run=bot_tick),
                PeriodicJob(key="bot.watch", every_seconds=15, run=bot_watch),
                PeriodicJob(key="bot.prune", every_seconds=3600, run=bot_prune),
            ],
            demo=[DemoStep(key="bot", load=demo_load, order=400)],
            also=[
                personal_data.register,
                lambda: ratelimit.fold_write_limit(r"/bot/telegram/webhook"),
                lambda: handlers.lean_path(r"/bot/telegram/webhook"),
                lambda: register_notification_channel(_notification_channel),
            ],
        )


def _notification_channel(hromada: object, notifications: object) -> None:
    """The core's notification channel: each new notification pushed to the recipient's linked chats."""
    from .actions import notifications_push

    notifications_push(hromada=hromada, notifications=notifications)  # type: ignore[arg-type]
