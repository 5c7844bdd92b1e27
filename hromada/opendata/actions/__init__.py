"""Every write of the open-data portal (its only rows are the publishers; datasets are read live)."""

from .publisher import publisher_save

__all__ = ["publisher_save"]
