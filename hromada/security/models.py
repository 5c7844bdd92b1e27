"""Records of the platform's own security checks: backups (made, test-restored, restored) and dependency
audits. Platform-level rows (no hromada): written only by :mod:`hromada.security.actions`."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BackupRun(models.Model):
    """One `hromada backup`, `hromada restore --test` or `hromada restore`, and how it ended."""

    class Kind(models.TextChoices):
        BACKUP = "backup", _("backup")
        TEST = "test", _("restore test")
        RESTORE = "restore", _("restore")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    size_bytes = models.BigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    # When the backup itself was made (for a test or a restore: the backup's own time).
    backup_made_at = models.DateTimeField(_("backup made"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    succeeded = models.BooleanField(_("succeeded"), default=False)
    tables = models.PositiveIntegerField(_("tables"), default=0)
    rows = models.BigIntegerField(_("rows"), default=0)
    files = models.PositiveIntegerField(_("files"), default=0)
    engine = models.CharField(_("database engine"), max_length=20, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("backup run")
        verbose_name_plural = _("backup runs")
        ordering = ["-finished_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size_bytes__gte=0, rows__gte=0), name="security_backup_counts"
            ),
            models.CheckConstraint(
                condition=Q(finished_at__gte=models.F("started_at")), name="security_backup_times"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"


class AuditRun(models.Model):
    """One `hromada audit`: the installed packages and their known vulnerabilities, or why it could not
    ask."""

    ran_at = models.DateTimeField(_("ran"))
    reachable = models.BooleanField(_("vulnerability service reached"), default=False)
    tool = models.CharField(_("tool"), max_length=60, blank=True)
    # [{"name", "version", "vulnerabilities": [{"id", "fix_versions", "aliases"}]}]
    packages = models.JSONField(_("packages"), default=list, blank=True)
    vulnerable = models.PositiveIntegerField(_("vulnerable packages"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("dependency audit")
        verbose_name_plural = _("dependency audits")
        ordering = ["-ran_at", "-id"]

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M}"
