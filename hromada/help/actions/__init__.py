"""Every write of the help centre, re-exported here (callers import them from this package)."""

from .article import help_article_edit, help_article_revert, help_articles_load, help_articles_load_all
from .feedback import help_feedback_record

__all__ = [
    "help_article_edit",
    "help_article_revert",
    "help_articles_load",
    "help_articles_load_all",
    "help_feedback_record",
]
