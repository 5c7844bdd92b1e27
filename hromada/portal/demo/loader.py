"""Load the demo plans into the database, idempotently.

Rows are found by natural keys (slugs, e-mails, names) and written only when missing or different, so a
second load writes nothing. People, roles, verifications, districts and institutions go through the domain's
action functions; hromadas, hosts, departments, articles, help pages and two-factor devices have no actions
and are written here, after `full_clean`.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hromada.accounts.actions import (
    hromada_role_grant,
    official_appoint,
    user_register,
    user_update_profile,
    user_verify_in_person,
    verification_record,
)
from hromada.accounts.models import (
    DepartmentMembership,
    HromadaRole,
    User,
    VerificationLevel,
    VerificationRecord,
)
from hromada.core.democlock import demo_clock
from hromada.core.models import Hromada, HromadaHost
from hromada.core.registry import demo_steps
from hromada.ledger.actions import ledger_publish
from hromada.portal.models import Article, HelpPage
from hromada.portal.search_text import article_search_text, help_page_search_text
from hromada.territory.actions import district_save, district_streets_set, institution_save
from hromada.territory.models import Department, District, Institution
from hromada.territory.selectors import street_lines

from .credentials import (
    BACKUP_DEVICE_NAME,
    DEMO_PASSWORD,
    TOTP_DEVICE_NAME,
    backup_codes,
    totp_key,
    totp_secret,
)
from .installation import DEMO_RESIDENT, OPERATOR, OPERATOR_HOME, PLANS
from .passwords import password_hashed_once
from .spec import HromadaPlan, PersonSpec, StaffSpec

M = TypeVar("M", bound=models.Model)
Progress = Callable[[str], None]

_STAFF_ORDER = {"operator": 0, "administrator": 1, "moderator": 2, "official": 3}


@dataclass
class Tally:
    """What one stage did to its rows."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        total = self.created + self.updated + self.unchanged
        return f"{total} ({self.created} created, {self.updated} updated, {self.unchanged} unchanged)"


@dataclass(frozen=True)
class Login:
    login: str
    who: str
    hromada: str  # slug; the operator's is empty
    totp_secret: str = ""
    backup_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Site:
    slug: str
    name: str
    url: str
    other_urls: tuple[str, ...]
    counts: dict[str, int]
    residents: tuple[str, str]  # first and last generated resident login


@dataclass
class DemoSummary:
    password: str
    sites: list[Site] = field(default_factory=list)
    logins: list[Login] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def demo_load(*, progress: Progress | None = None) -> DemoSummary:
    """Load (or bring up to date) the demo hromadas in one transaction; returns what to tell the person.

    The role grants, appointments and in-person verifications write their audit entries to each
    hromada's transparency log in that transaction; once it has committed, the logs are published
    (integrated and checkpointed), which writes nothing when there was nothing new.
    """
    started = time.monotonic()
    run = _Run(progress=progress or (lambda line: None))
    with transaction.atomic(durable=True), password_hashed_once(DEMO_PASSWORD):
        hromadas = {plan.slug: run.hromada(plan) for plan in PLANS}
        with demo_clock(founded()):
            operator = run.operator(hromadas[OPERATOR_HOME])
        for plan in PLANS:
            run.hromada_content(plan, hromadas[plan.slug], operator)
    for plan in PLANS:
        checkpoint = ledger_publish(hromada=hromadas[plan.slug])
        run.progress(f"{plan.slug} · transparency log: {checkpoint.tree_size} entries, checkpointed")
    run.summary.seconds = time.monotonic() - started
    return run.summary


FOUNDED_DAYS = 1000  # the demo's accounts, roles and verifications date from this many days before the load


def founded() -> dt.datetime:
    """When the demo's people registered and its officials were appointed: 10:00, FOUNDED_DAYS ago."""
    day = timezone.localdate() - dt.timedelta(days=FOUNDED_DAYS)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _save_checked(obj: models.Model) -> None:
    obj.full_clean()
    obj.save()


class _Run:
    def __init__(self, *, progress: Progress) -> None:
        self.progress = progress
        self.summary = DemoSummary(password=DEMO_PASSWORD)

    # Generic ----------------------------------------------------------------------------------------------

    def sync(
        self,
        model: type[M],
        *,
        lookup: dict[str, Any],
        values: dict[str, Any],
        tally: Tally,
        fill_empty: dict[str, Any] | None = None,
        save: Callable[[M], object] = _save_checked,
    ) -> M:
        """The row with `lookup`, created or changed to carry `values`; `fill_empty` only fills blanks."""
        fill_empty = fill_empty or {}
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values, **fill_empty)
            save(obj)
            self._count(tally, created=True)
            return obj
        changes = {name: value for name, value in values.items() if getattr(obj, name) != value}
        changes |= {name: value for name, value in fill_empty.items() if getattr(obj, name) in (None, "")}
        if not changes:
            tally.unchanged += 1
            return obj
        for name, value in changes.items():
            setattr(obj, name, value)
        save(obj)
        self._count(tally, created=False)
        return obj

    def _note(self, tally: Tally, *, done: bool, created: bool = True) -> None:
        """Count one thing as written (created, or else updated) when `done`, else as found in place."""
        if done:
            self._count(tally, created=created)
        else:
            tally.unchanged += 1

    def _count(self, tally: Tally, *, created: bool) -> None:
        if created:
            tally.created += 1
            self.summary.created += 1
        else:
            tally.updated += 1
            self.summary.updated += 1

    def report(self, stage: str, tally: Tally) -> None:
        self.progress(f"{stage}: {tally}")

    # Installation-wide --------------------------------------------------------------------------------------

    def hromada(self, plan: HromadaPlan) -> Hromada:
        tally = Tally()
        is_default = plan.is_default
        if is_default and Hromada.objects.filter(is_default=True).exclude(slug=plan.slug).exists():
            is_default = False
            self.summary.warnings.append(
                f"Another hromada is already the default: {plan.slug} is served only at its own host names."
            )
        hromada = self.sync(
            Hromada,
            lookup={"slug": plan.slug},
            values={
                "name": plan.name,
                "name_en": plan.name_en,
                "katottg": plan.katottg,
                "kind": plan.kind,
                "is_default": is_default,
                "is_active": True,
                "center_lat": plan.center_lat,
                "center_lon": plan.center_lon,
                "map_zoom": plan.map_zoom,
                "email": plan.email,
                "phone": plan.phone,
                "website": plan.website,
                # The districts cover the whole hromada; the State Statistics Service dates its estimates
                # 1 January.
                "population": sum(district.population for district in plan.districts),
                "population_as_of": dt.date(timezone.localdate().year, 1, 1),
            },
            tally=tally,
        )
        for host in plan.hosts:
            self.sync(HromadaHost, lookup={"host": host}, values={"hromada_id": hromada.pk}, tally=tally)
        self.report(f"{plan.slug} · hromada and host names", tally)
        return hromada

    def operator(self, home: Hromada) -> User:
        tally = Tally()
        user = self.account(OPERATOR.email, OPERATOR.full_name, hromada=home, tally=tally)
        # No action makes a platform operator: that is the installation's decision, taken here.
        if not (user.is_superuser and user.is_staff):
            User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
            user.is_superuser = user.is_staff = True
        self.two_factor(user, OPERATOR, hromada_slug="", tally=tally)
        self.report("platform operator (account and two-factor devices)", tally)
        return user

    # One hromada ------------------------------------------------------------------------------------------

    def hromada_content(self, plan: HromadaPlan, hromada: Hromada, operator: User) -> None:
        districts = self.districts(plan, hromada)
        departments = self.departments(plan, hromada)
        self.institutions(plan, hromada, districts, departments)
        # The people joined, and the officials took office, before anything the domain steps replay.
        with demo_clock(founded()):
            staff = self.staff(plan, hromada, departments, operator)
            residents = self.residents(plan, hromada, districts)
            self.verifications(plan, hromada, residents, verifier=staff[plan.verifier])
        self.articles(plan, hromada, staff)
        self.help_pages(plan, hromada)
        self.domain_steps(plan, hromada)
        self.summary.sites.append(self.site(plan, hromada))

    def domain_steps(self, plan: HromadaPlan, hromada: Hromada) -> None:
        """Each installed domain app's demo rows (petitions, budget, …), registered in its AppConfig."""
        for step in demo_steps():
            created = step.load(hromada=hromada, progress=self.progress)
            tally = Tally()
            for _ in range(created):
                self._count(tally, created=True)
            self.report(f"{plan.slug} · {step.key}", tally)

    def districts(self, plan: HromadaPlan, hromada: Hromada) -> dict[str, District]:
        tally = Tally()
        districts = {
            spec.key: self.sync(
                District,
                lookup={"hromada": hromada, "name": spec.name},
                values={
                    "name_en": spec.name_en,
                    "kind": spec.kind,
                    "boundary": spec.boundary,
                    "population": spec.population,
                },
                tally=tally,
                save=lambda district: district_save(district=district),
            )
            for spec in plan.districts
        }
        self.report(f"{plan.slug} · districts", tally)
        streets = Tally()
        for spec in plan.districts:
            # The street lists the address fields find the district by (an unchanged list writes nothing).
            before = street_lines(district=districts[spec.key], language="uk")
            district_streets_set(district=districts[spec.key], lines=[*spec.streets, *spec.split_streets])
            if before == street_lines(district=districts[spec.key], language="uk"):
                streets.unchanged += 1
            elif before:
                streets.updated += 1
            else:
                streets.created += 1
        self.report(f"{plan.slug} · street lists", streets)
        return districts

    def departments(self, plan: HromadaPlan, hromada: Hromada) -> dict[str, Department]:
        tally = Tally()
        departments = {
            spec.key: self.sync(
                Department,
                lookup={"hromada": hromada, "name": spec.name},
                values={"name_en": spec.name_en, "email": spec.email, "phone": spec.phone},
                tally=tally,
            )
            for spec in plan.departments
        }
        self.report(f"{plan.slug} · departments", tally)
        return departments

    def institutions(
        self,
        plan: HromadaPlan,
        hromada: Hromada,
        districts: dict[str, District],
        departments: dict[str, Department],
    ) -> None:
        tally = Tally()
        for spec in plan.institutions:
            department = departments.get(spec.department)
            self.sync(
                Institution,
                lookup={"hromada": hromada, "name": spec.name},
                values={
                    "kind": spec.kind,
                    "name_en": spec.name_en,
                    "short_name": spec.short_name,
                    "district_id": districts[spec.district].pk,
                    "department_id": department.pk if department else None,
                    "address": spec.address,
                    "lat": spec.lat,
                    "lon": spec.lon,
                    "phone": spec.phone,
                    "email": spec.email,
                    "website": spec.website,
                    "opening_hours": spec.opening_hours,
                    "description": spec.description,
                    "is_active": True,
                },
                tally=tally,
                save=lambda institution: institution_save(institution=institution, locate_district=False),
            )
        self.report(f"{plan.slug} · institutions", tally)

    def staff(
        self, plan: HromadaPlan, hromada: Hromada, departments: dict[str, Department], operator: User
    ) -> dict[str, User]:
        """Administrators first (granted by the operator); they then appoint moderators and officials."""
        tally = Tally()
        people: dict[str, User] = {}
        granted_by = operator
        for spec in sorted(plan.staff, key=lambda s: _STAFF_ORDER[s.role]):
            user = self.account(spec.email, spec.full_name, hromada=hromada, tally=tally)
            if spec.role in (HromadaRole.Role.ADMINISTRATOR, HromadaRole.Role.MODERATOR):
                granted = HromadaRole.objects.filter(user=user, hromada=hromada, role=spec.role).exists()
                if not granted:
                    hromada_role_grant(
                        granted_by=granted_by, user=user, hromada=hromada, role=HromadaRole.Role(spec.role)
                    )
                self._note(tally, done=not granted)
                if spec.role == HromadaRole.Role.ADMINISTRATOR and granted_by is operator:
                    granted_by = user
            else:
                department = departments[spec.department]
                membership = DepartmentMembership.objects.filter(user=user, department=department).first()
                wanted = (spec.member_role, spec.position)
                current = (membership.role, membership.position) if membership else None
                if current != wanted:
                    official_appoint(
                        granted_by=granted_by,
                        user=user,
                        department=department,
                        role=DepartmentMembership.Role(spec.member_role),
                        position=spec.position,
                    )
                self._note(tally, done=current != wanted, created=membership is None)
            self.two_factor(user, spec, hromada_slug=plan.slug, tally=tally)
            people[spec.email] = user
        self.report(f"{plan.slug} · staff (accounts, roles, two-factor devices)", tally)
        return people

    def residents(
        self, plan: HromadaPlan, hromada: Hromada, districts: dict[str, District]
    ) -> dict[str, User]:
        tally = Tally()
        people = {
            spec.email: self.account(
                spec.email,
                spec.full_name,
                hromada=hromada,
                tally=tally,
                person=spec,
                district=districts[spec.district] if spec.district else None,
            )
            for spec in plan.residents
        }
        if DEMO_RESIDENT in people:
            self.summary.logins.append(
                Login(login=DEMO_RESIDENT, who="мешканка, особу підтверджено в ЦНАП", hromada=plan.slug)
            )
        self.report(f"{plan.slug} · residents", tally)
        return people

    def verifications(
        self, plan: HromadaPlan, hromada: Hromada, residents: dict[str, User], *, verifier: User
    ) -> None:
        """E-mail confirmed for all but the unverified; phone codes; identity checked in person at ЦНАП."""
        tally = Tally()
        recorded: dict[int, set[int]] = defaultdict(set)
        for user_id, level in VerificationRecord.objects.filter(user__hromada=hromada).values_list(
            "user", "level"
        ):
            recorded[user_id].add(level)
        for spec in plan.residents:
            if spec.verification == "none":
                continue
            user = residents[spec.email]
            done = recorded[user.pk]
            if VerificationLevel.EMAIL not in done:
                verification_record(
                    user=user, level=VerificationLevel.EMAIL, method=VerificationRecord.Method.EMAIL_LINK
                )
            self._note(tally, done=VerificationLevel.EMAIL not in done)
            if spec.verification == "phone":
                if VerificationLevel.PHONE not in done:
                    verification_record(
                        user=user, level=VerificationLevel.PHONE, method=VerificationRecord.Method.PHONE_CODE
                    )
                self._note(tally, done=VerificationLevel.PHONE not in done)
            if spec.verification == "strong":
                if VerificationLevel.STRONG not in done:
                    user_verify_in_person(
                        official=verifier,
                        hromada=hromada,
                        person=user,
                        national_identifier=spec.national_id,
                        document_kind=spec.document_kind,
                    )
                self._note(tally, done=VerificationLevel.STRONG not in done)
        self.report(f"{plan.slug} · verification records", tally)

    def articles(self, plan: HromadaPlan, hromada: Hromada, staff: dict[str, User]) -> None:
        tally = Tally()
        today = timezone.localdate()
        for spec in plan.articles:
            day = today - dt.timedelta(days=spec.days_ago)
            self.sync(
                Article,
                lookup={"hromada": hromada, "slug": spec.slug},
                values={
                    "kind": spec.kind,
                    "title": spec.title,
                    "title_en": spec.title_en,
                    "summary": spec.summary,
                    "summary_en": spec.summary_en,
                    "body": spec.body,
                    "body_en": spec.body_en,
                    "is_published": True,
                    "pinned": spec.pinned,
                    "author_id": staff[spec.author].pk,
                    "search_text": article_search_text(
                        Article(
                            title=spec.title,
                            title_en=spec.title_en,
                            summary=spec.summary,
                            body=spec.body,
                            body_en=spec.body_en,
                        )
                    ),
                },
                # Kept on later loads, so the dates stay as they were first published.
                fill_empty={"published_at": timezone.make_aware(dt.datetime.combine(day, spec.time))},
                tally=tally,
            )
        self.report(f"{plan.slug} · news and announcements", tally)

    def help_pages(self, plan: HromadaPlan, hromada: Hromada) -> None:
        tally = Tally()
        for spec in plan.help_pages:
            self.sync(
                HelpPage,
                lookup={"hromada": hromada, "slug": spec.slug},
                values={
                    "title": spec.title,
                    "title_en": spec.title_en,
                    "body": spec.body,
                    "body_en": spec.body_en,
                    "order": spec.order,
                    "is_published": True,
                    "search_text": help_page_search_text(
                        HelpPage(
                            title=spec.title, title_en=spec.title_en, body=spec.body, body_en=spec.body_en
                        )
                    ),
                },
                tally=tally,
            )
        self.report(f"{plan.slug} · help pages", tally)

    # People -----------------------------------------------------------------------------------------------

    def account(
        self,
        email: str,
        full_name: str,
        *,
        hromada: Hromada,
        tally: Tally,
        person: PersonSpec | None = None,
        district: District | None = None,
    ) -> User:
        """The account with this e-mail: registered like any resident, then its profile brought up to date."""
        birth_date = person.birth_date if person else None
        phone = person.phone if person else ""
        address = person.address if person else ""
        user = User.objects.filter(email=email).first()
        created = user is None
        if user is None:
            user = user_register(
                hromada=hromada,
                full_name=full_name,
                password=DEMO_PASSWORD,
                email=email,
                phone=phone or None,
                birth_date=birth_date,
            )
        wanted = (full_name, birth_date, address, district.pk if district else None, phone or None)
        current = (user.full_name, user.birth_date, user.registered_address, user.district_id, user.phone)
        changed = current != wanted
        if changed:
            user = user_update_profile(
                user=user,
                full_name=full_name,
                birth_date=birth_date,
                registered_address=address,
                district=district,
                phone=phone,
            )
        self._note(tally, done=created or changed, created=created)
        return user

    def two_factor(self, user: User, spec: StaffSpec, *, hromada_slug: str, tally: Tally) -> None:
        """A confirmed TOTP device with the fixed demo key, and fixed backup codes; both go in the summary."""
        key = totp_key(user.email or "")
        self.sync(
            TOTPDevice,
            lookup={"user": user, "name": TOTP_DEVICE_NAME},
            values={"key": key, "confirmed": True},
            tally=tally,
        )
        backup = self.sync(
            StaticDevice,
            lookup={"user": user, "name": BACKUP_DEVICE_NAME},
            values={"confirmed": True},
            tally=tally,
        )
        codes = backup_codes(user.email or "")
        present = set(backup.token_set.values_list("token", flat=True))
        # A code used to log in is gone; loading again restores it.
        missing = [StaticToken(device=backup, token=code) for code in codes if code not in present]
        if missing:
            StaticToken.objects.bulk_create(missing)
        self._note(tally, done=bool(missing))
        self.summary.logins.append(
            Login(
                login=user.email or "",
                who=spec.title,
                hromada=hromada_slug,
                totp_secret=totp_secret(key),
                backup_codes=codes,
            )
        )

    # Summary ----------------------------------------------------------------------------------------------

    def site(self, plan: HromadaPlan, hromada: Hromada) -> Site:
        port = os.environ.get("PORT") or "8000"  # the port `make demo` / `hromada serve` will use
        hosts = [f"http://{host}:{port}/" for host in plan.hosts]
        url = f"http://127.0.0.1:{port}/" if hromada.is_default else hosts[0]
        residents = User.objects.filter(hromada=hromada, is_staff=False, is_superuser=False)
        counts = {
            "districts": District.objects.filter(hromada=hromada).count(),
            "departments": Department.objects.filter(hromada=hromada).count(),
            "institutions": Institution.objects.filter(hromada=hromada).count(),
            "staff accounts": User.objects.filter(hromada=hromada, is_staff=True).count(),
            "residents": residents.count(),
            "residents verified in person": residents.filter(
                verification_level=VerificationLevel.STRONG
            ).count(),
            "news and announcements": Article.objects.filter(hromada=hromada).count(),
            "help pages": HelpPage.objects.filter(hromada=hromada).count(),
        }
        generated = [spec.email for spec in plan.residents if spec.email != DEMO_RESIDENT]
        return Site(
            slug=plan.slug,
            name=plan.name,
            url=url,
            other_urls=tuple(h for h in hosts if h != url),
            counts=counts,
            residents=(generated[0], generated[-1]),
        )
