from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.models import BaseModel, Hromada


class VerificationLevel(models.IntegerChoices):
    NONE = 0, _("not verified")
    EMAIL = 1, _("e-mail confirmed")
    PHONE = 2, _("phone confirmed")
    STRONG = 3, _("identity verified")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str | None = None, password: str | None = None, **extra: object) -> User:
        user = self.model(email=self.normalize_email(email).lower() if email else None, **extra)
        user.set_password(password)
        if password is not None:
            user.password_changed_at = timezone.now()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class NotificationEmail(models.TextChoices):
    """How a person wants inbox notifications e-mailed (the inbox always keeps them)."""

    EACH = "each", _("each message at once")
    DAILY = "daily", _("one daily digest")
    OFF = "off", _("no e-mails, only the inbox")


class User(AbstractBaseUser, PermissionsMixin):
    """A person: one account per person across the installation, logging in by e-mail or phone."""

    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        help_text=_("International format, e.g. +380671234567."),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    hromada = models.ForeignKey(
        Hromada,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("home hromada"),
    )
    registered_address = models.CharField(_("registered address"), max_length=300, blank=True)
    district = models.ForeignKey(
        "territory.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("district"),
    )
    # HMAC of the national identifier (РНОКПП) with the installation's pepper: one person, one account.
    national_id_hash = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("national identifier (hash)"),
    )
    verification_level = models.PositiveSmallIntegerField(
        _("verification level"), choices=VerificationLevel.choices, default=VerificationLevel.NONE
    )
    preferred_language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="uk"
    )
    notification_email = models.CharField(
        _("notification e-mails"),
        max_length=5,
        choices=NotificationEmail.choices,
        default=NotificationEmail.EACH,
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("back-office access"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # When the password was last set (registration, change, reset); empty: no password, or set before this
    # was recorded (2026-12).
    password_changed_at = models.DateTimeField(_("password set"), null=True, blank=True, editable=False)
    deletion_requested_at = models.DateTimeField(_("deletion requested"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False), name="user_has_login"
            ),
            models.CheckConstraint(
                condition=Q(verification_level__gte=0, verification_level__lte=3), name="user_level_known"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or self.phone or f"#{self.pk}"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else ""

    @property
    def login_name(self) -> str:
        return self.email or self.phone or ""

    def is_verified(self) -> bool:
        """Replaced per request by django-otp's middleware: True once a second factor was passed."""
        return False

    def meets(self, level: int) -> bool:
        return self.verification_level >= level


class VerificationRecord(BaseModel):
    """Evidence that raised (or confirmed) a person's verification level: how, when, by whom."""

    class Method(models.TextChoices):
        EMAIL_LINK = "email_link", _("e-mail link")
        PHONE_CODE = "phone_code", _("code sent to phone")
        OIDC = "oidc", _("identity provider")
        IN_PERSON = "in_person", _("in person at TsNAP")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="verifications")
    level = models.PositiveSmallIntegerField(_("level"), choices=VerificationLevel.choices)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    provider = models.CharField(_("provider"), max_length=60, blank=True)
    verified_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verifications_made",
        verbose_name=_("verified by"),
    )
    hromada = models.ForeignKey(Hromada, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    document_kind = models.CharField(_("document"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("verification record")
        verbose_name_plural = _("verification records")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_method_display()} · {self.get_level_display()}"


class HromadaRole(BaseModel):
    """A moderator or administrator of one hromada."""

    class Role(models.TextChoices):
        MODERATOR = "moderator", _("moderator")
        ADMINISTRATOR = "administrator", _("administrator")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="hromada_roles", verbose_name=_("person")
    )
    hromada = models.ForeignKey(
        Hromada, on_delete=models.CASCADE, related_name="roles", verbose_name=_("hromada")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("hromada role")
        verbose_name_plural = _("hromada roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "hromada", "role"], name="hromada_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.hromada}"


class DepartmentMembership(BaseModel):
    """An official's place in a department of their hromada."""

    class Role(models.TextChoices):
        HEAD = "head", _("head of department")
        SPECIALIST = "specialist", _("specialist")
        CNAP_OFFICER = "cnap_officer", _("TsNAP administrator")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    department = models.ForeignKey(
        "territory.Department",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("department"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SPECIALIST)
    position = models.CharField(_("position"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("department membership")
        verbose_name_plural = _("department memberships")
        constraints = [models.UniqueConstraint(fields=["user", "department"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.department}"


class ApiToken(BaseModel):
    """A personal API token; only its SHA-256 is stored, the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginAttempt(models.Model):
    """A password login attempt, kept briefly for throttling (docs/accounts.md, "Login protection")."""

    identifier = models.CharField(max_length=254)
    address = models.CharField(max_length=45)
    succeeded = models.BooleanField(default=False)
    # Whether an account had this login: an address is throttled only by failures for unknown logins.
    known_account = models.BooleanField(default=False)
    # The nonce of the login challenge this attempt passed; unique, so a solved challenge buys one try.
    challenge = models.CharField(max_length=32, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["identifier", "created_at"], name="login_by_identifier"),
            models.Index(fields=["address", "created_at"], name="login_by_address"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} from {self.address}: {'ok' if self.succeeded else 'failed'}"


class PhoneChallenge(BaseModel):
    """A one-time code sent by SMS to confirm a phone number; only its hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="phone_challenges")
    phone = models.CharField(max_length=16)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"], name="phone_challenge_recent")]

    def __str__(self) -> str:
        return f"{self.phone} · {self.created_at:%Y-%m-%d %H:%M}"
