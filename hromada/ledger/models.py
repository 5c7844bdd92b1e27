"""The transparency log of each hromada: pending appends, integrated entries, stored hashes, checkpoints.

Rows here are written only by :mod:`hromada.ledger.actions`. ``Entry``, ``StoredHash`` and ``Checkpoint``
rows are append-only: nothing updates or deletes them, and ``hromada ledger check`` recomputes every one
of them from the entry bytes and the signed checkpoints.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hromada.core.models import BaseModel, Hromada

from .kinds import ledger_kind_label
from .merkle import EMPTY_ROOT


def _empty_root() -> bytes:
    return EMPTY_ROOT


class Log(BaseModel):
    """One hromada's log: its identity (origin and public key) and the tree integrated so far."""

    hromada = models.OneToOneField(
        Hromada, on_delete=models.PROTECT, related_name="+", verbose_name=_("hromada")
    )
    origin = models.CharField(
        _("origin"), max_length=300, help_text=_("The first line of every checkpoint, e.g. host/ledger.")
    )
    verifier_key = models.CharField(
        _("verifier key"), max_length=400, help_text=_("The public Ed25519 key checkpoints are signed with.")
    )
    tree_size = models.BigIntegerField(_("tree size"), default=0)
    root_hash = models.BinaryField(_("root hash"), max_length=32, default=_empty_root)
    kinds = models.JSONField(_("entries per kind"), default=dict, blank=True)
    # Set when the log is behind (or contradicts) the last checkpoint it published, e.g. after a restore of an
    # older backup: appends and signing are refused until it catches up or a new origin starts
    # (docs/ledger.md).
    held_since = models.DateTimeField(_("signing held since"), null=True, blank=True)
    held_reason = models.CharField(_("why signing is held"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("transparency log")
        verbose_name_plural = _("transparency logs")
        constraints = [
            models.CheckConstraint(condition=Q(tree_size__gte=0), name="ledger_log_size_not_negative"),
        ]

    def __str__(self) -> str:
        return self.origin

    @property
    def root_hash_base64(self) -> str:
        return base64.b64encode(bytes(self.root_hash)).decode("ascii")


class PendingEntry(models.Model):
    """An appended entry not yet given an index: written in the caller's transaction, the receipt handle.

    The integrator (:func:`hromada.ledger.actions.ledger_integrate`) moves committed pending entries into
    the tree in batches, so concurrent writers never wait for one another.
    """

    # No index of its own: the index (hromada, id) serves every lookup by hromada.
    hromada = models.ForeignKey(
        Hromada, on_delete=models.PROTECT, related_name="+", verbose_name=_("hromada"), db_index=False
    )
    kind = models.CharField(_("kind"), max_length=64)
    data = models.BinaryField(_("entry"))
    created_at = models.DateTimeField(_("appended"))

    class Meta:
        verbose_name = _("pending entry")
        verbose_name_plural = _("pending entries")
        indexes = [models.Index(fields=["hromada", "id"], name="ledger_pending_order")]

    def __str__(self) -> str:
        return f"{ledger_kind_label(self.kind) or self.kind} (#{self.pk})"


class Entry(models.Model):
    """One log entry at its final index: the canonical JSON bytes and their RFC 6962 leaf hash."""

    # No index of its own: the unique (hromada, index) serves every lookup by hromada.
    hromada = models.ForeignKey(
        Hromada, on_delete=models.PROTECT, related_name="+", verbose_name=_("hromada"), db_index=False
    )
    index = models.BigIntegerField(_("index"))
    kind = models.CharField(_("kind"), max_length=64)
    data = models.BinaryField(_("entry"))
    leaf_hash = models.BinaryField(_("leaf hash"), max_length=32)
    receipt_id = models.BigIntegerField(_("receipt"))
    created_at = models.DateTimeField(_("appended"))

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["hromada", "index"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "index"], name="ledger_one_entry_per_index"),
            models.UniqueConstraint(fields=["hromada", "receipt_id"], name="ledger_one_entry_per_receipt"),
            models.CheckConstraint(condition=Q(index__gte=0), name="ledger_entry_index_not_negative"),
        ]
        indexes = [models.Index(fields=["hromada", "kind", "index"], name="ledger_entry_kind")]

    def __str__(self) -> str:
        return f"{self.index}: {ledger_kind_label(self.kind) or self.kind}"

    @property
    def text(self) -> str:
        """The canonical JSON of the entry, as text."""
        return bytes(self.data).decode("utf-8", errors="replace")

    @property
    def leaf_hash_base64(self) -> str:
        return base64.b64encode(bytes(self.leaf_hash)).decode("ascii")


class StoredHash(models.Model):
    """The hash of the complete subtree (level, index): leaf hashes at level 0, C2SP tiles at 8, 16, …

    ``hromada`` has no foreign-key constraint in the database (``db_constraint=False``): about two
    rows are written per entry, and on PostgreSQL checking the key of each cost as much as inserting
    it (the bench: integration 29,000 → 38,000 entries/s). Only the integrator writes these rows,
    under the lock of the hromada's ``Log`` row, whose own constraint (and PROTECT) keeps the
    hromada; ``hromada ledger check`` recomputes every row.
    """

    hromada = models.ForeignKey(
        Hromada,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("hromada"),
        db_constraint=False,
        db_index=False,  # the unique (hromada, level, index) serves every lookup by hromada
    )
    level = models.PositiveSmallIntegerField(_("level"))
    index = models.BigIntegerField(_("index"))
    hash = models.BinaryField(_("hash"), max_length=32)

    class Meta:
        verbose_name = _("stored hash")
        verbose_name_plural = _("stored hashes")
        constraints = [
            models.UniqueConstraint(fields=["hromada", "level", "index"], name="ledger_one_hash_per_node"),
            models.CheckConstraint(
                condition=Q(level__lte=63, index__gte=0), name="ledger_stored_hash_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"({self.level}, {self.index})"


class Checkpoint(models.Model):
    """A signed tree head (C2SP tlog-checkpoint in a signed note), as published at /ledger/checkpoint."""

    hromada = models.ForeignKey(
        Hromada, on_delete=models.PROTECT, related_name="+", verbose_name=_("hromada")
    )
    # The log origin it was signed under (the log's origin, or an earlier one in LogOrigin).
    origin = models.CharField(_("origin"), max_length=300)
    tree_size = models.BigIntegerField(_("tree size"))
    root_hash = models.BinaryField(_("root hash"), max_length=32)
    note = models.TextField(_("signed note"))
    created_at = models.DateTimeField(_("signed"), auto_now_add=True)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["hromada", "-tree_size"]
        get_latest_by = "tree_size"
        constraints = [
            models.UniqueConstraint(
                fields=["hromada", "origin", "tree_size"], name="ledger_one_checkpoint_per_size"
            ),
            models.CheckConstraint(condition=Q(tree_size__gte=0), name="ledger_checkpoint_size_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.tree_size}"


class LogOrigin(BaseModel):
    """An earlier origin of a hromada's log, ended by the operator (``hromada ledger new-origin``).

    Kept so that the old checkpoints still verify (with ``verifier_key``) and so that the ledger page
    announces the change: when, why, and the last tree size the old origin is known to have published.
    """

    hromada = models.ForeignKey(
        Hromada, on_delete=models.PROTECT, related_name="+", verbose_name=_("hromada")
    )
    origin = models.CharField(_("origin"), max_length=300)
    verifier_key = models.CharField(_("verifier key"), max_length=400)
    successor = models.CharField(_("new origin"), max_length=300)
    # The largest tree size known to have been published under this origin (its checkpoint may be lost).
    published_size = models.BigIntegerField(_("last published tree size"), default=0)
    # The tree size the new origin continued from.
    continued_size = models.BigIntegerField(_("tree size continued from"), default=0)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("earlier log origin")
        verbose_name_plural = _("earlier log origins")
        ordering = ["hromada", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "origin"], name="ledger_origin_once"),
        ]

    def __str__(self) -> str:
        return self.origin


class Witness(BaseModel):
    """A witness this hromada's log asks to cosign its checkpoints (C2SP tlog-witness `add-checkpoint`).

    Another hromada of the same installation, or an outside witness network; its cosignatures are served with
    the checkpoint so that a verifier can require them.
    """

    hromada = models.ForeignKey(
        Hromada, on_delete=models.CASCADE, related_name="ledger_witnesses", verbose_name=_("hromada")
    )
    name = models.CharField(_("name"), max_length=200)
    verifier_key = models.CharField(_("verifier key"), max_length=300)
    # The witness's base URL; the request goes to <url>/add-checkpoint. Empty: a witness of this installation.
    url = models.URLField(_("address"), max_length=500, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The largest tree size this witness has cosigned, as it told us (for the `old` line of the next request).
    cosigned_size = models.BigIntegerField(_("cosigned size"), default=0)
    # Asking failed this many times in a row (down, refused, bad answer); 0 after a cosignature.
    failures = models.PositiveIntegerField(_("failed requests in a row"), default=0)
    # When the periodic retry may ask again (exponential backoff); empty: whenever a cosignature is missing.
    retry_at = models.DateTimeField(_("next retry"), null=True, blank=True)

    class Meta:
        verbose_name = _("witness")
        verbose_name_plural = _("witnesses")
        ordering = ["hromada", "name"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "name"], name="ledger_witness_name_unique"),
            models.CheckConstraint(
                condition=Q(cosigned_size__gte=0), name="ledger_witness_size_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Cosignature(models.Model):
    """A witness's cosignature line (C2SP tlog-cosignature) on one of our checkpoints."""

    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.CASCADE, related_name="cosignatures", verbose_name=_("checkpoint")
    )
    witness = models.ForeignKey(
        Witness, on_delete=models.PROTECT, related_name="cosignatures", verbose_name=_("witness")
    )
    line = models.CharField(_("signature line"), max_length=500)
    signed_at = models.DateTimeField(_("cosigned"))

    class Meta:
        verbose_name = _("cosignature")
        verbose_name_plural = _("cosignatures")
        constraints = [
            models.UniqueConstraint(
                fields=["checkpoint", "witness"], name="ledger_one_cosignature_per_witness"
            )
        ]

    def __str__(self) -> str:
        return f"{self.witness} @ {self.checkpoint}"


class WitnessedLog(BaseModel):
    """A log this hromada witnesses: what it last cosigned, so it never cosigns a split view."""

    witness_hromada = models.ForeignKey(
        Hromada, on_delete=models.CASCADE, related_name="witnessed_logs", verbose_name=_("witnessing hromada")
    )
    origin = models.CharField(_("origin"), max_length=300)
    log_verifier_key = models.CharField(_("verifier key of the log"), max_length=300)
    tree_size = models.BigIntegerField(_("tree size"), default=0)
    root_hash = models.BinaryField(_("root hash"), max_length=32, default=_empty_root)

    class Meta:
        verbose_name = _("witnessed log")
        verbose_name_plural = _("witnessed logs")
        constraints = [
            models.UniqueConstraint(
                fields=["witness_hromada", "origin"], name="ledger_witnessed_origin_unique"
            ),
            models.CheckConstraint(condition=Q(tree_size__gte=0), name="ledger_witnessed_size_not_negative"),
        ]

    def __str__(self) -> str:
        return self.origin


class PersonalReceipt(BaseModel):
    """A person's private copy of what proves an entry names them: the receipt id and their salt.

    Never public: the salt is what lets its owner (and only them) open the commitment in the entry.
    """

    # No index of its own: the unique (user, receipt_id, reference) leads with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ledger_receipts", db_index=False
    )
    hromada = models.ForeignKey(Hromada, on_delete=models.CASCADE, related_name="+")
    receipt_id = models.BigIntegerField(_("receipt"))
    kind = models.CharField(_("kind"), max_length=64)
    reference = models.CharField(_("person reference"), max_length=200)
    salt = models.BinaryField(_("salt"), max_length=32)
    title = models.CharField(_("what it records"), max_length=250, blank=True)
    # The language the title was written in (the active one when the receipt was kept): the receipts page
    # shows the title only on pages in that language, and the entry kind's label on others.
    title_language = models.CharField(_("language of the title"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("personal receipt")
        verbose_name_plural = _("personal receipts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "receipt_id", "reference"], name="ledger_receipt_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.receipt_id}"
