"""Every write of the module: one module per entity, its public actions re-exported here (callers
import them from this package). Each action is keyword-only and typed, checks permissions and invariants
in one transaction and records public changes in the transparency log (docs/architecture.md, "Layers")."""

from .item import item_archive, item_create, item_publish

__all__ = ["item_archive", "item_create", "item_publish"]
