"""Factories for tests: real rows through the real models (and actions where rules apply).

One style everywhere (docs/new-module.md, "Tests"): a factory_boy ``<Model>Factory`` builds a plain row that
no rule guards; a ``make_<thing>(…)`` function builds what rules guard, through the app's actions or with
the rows a rule needs (an official is a person plus a department membership). The platform's own (hromadas,
people, officials, logins) live here; a module's live in ``hromada/<app>/tests/factories.py``. The root
conftest.py turns the common ones into fixtures: ``resident_client``, ``official_client``, ``api_client``.
"""

from __future__ import annotations

from typing import Any

import factory
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from hromada.accounts.models import DepartmentMembership, HromadaRole, User, VerificationLevel
from hromada.core.models import Hromada, HromadaHost
from hromada.territory.models import Department, District, Institution

PASSWORD = "correct horse battery staple"


def square(lon: float, lat: float, size: float = 0.02) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
        ],
    }


class HromadaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hromada
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Громада {n}")
    name_en = factory.Sequence(lambda n: f"Hromada {n}")
    slug = factory.Sequence(lambda n: f"hromada-{n}")
    katottg = factory.Sequence(lambda n: f"UA{n:017d}")
    center_lat = 50.0
    center_lon = 30.0

    @factory.post_generation
    def host(obj, create, extracted, **kwargs):
        if create and extracted:
            HromadaHost.objects.create(hromada=obj, host=extracted)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    hromada = factory.SubFactory(HromadaFactory)
    name = factory.Sequence(lambda n: f"Район {n}")
    boundary = factory.LazyFunction(lambda: square(30.0, 50.0))


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    hromada = factory.SubFactory(HromadaFactory)
    name = factory.Sequence(lambda n: f"Управління {n}")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    hromada = factory.SubFactory(HromadaFactory)
    kind = Institution.Kind.SCHOOL
    name = factory.Sequence(lambda n: f"Ліцей № {n}")
    address = factory.Sequence(lambda n: f"вул. Шевченка, {n}")
    lat = 50.01
    lon = 30.01
    search_text = factory.LazyAttribute(lambda o: f"{o.name} {o.address}".casefold())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Петренко Олена {n}")
    hromada = factory.SubFactory(HromadaFactory)
    verification_level = VerificationLevel.NONE

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        obj.password_changed_at = timezone.now()  # as registration notes it
        if create:
            obj.save(update_fields=["password", "password_changed_at"])


def totp_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def totp_now(device: TOTPDevice) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def make_official(
    hromada: Hromada, *, role: str = DepartmentMembership.Role.SPECIALIST, **kwargs: object
) -> User:
    """A staff member of a department of ``hromada`` (a specialist unless ``role`` says otherwise)."""
    user = UserFactory(hromada=hromada, is_staff=True, **kwargs)
    DepartmentMembership.objects.create(user=user, department=DepartmentFactory(hromada=hromada), role=role)
    return user


def make_administrator(hromada: Hromada, **kwargs: object) -> User:
    """A staff member who administers ``hromada`` (manages its rules, roles and settings)."""
    user = UserFactory(hromada=hromada, is_staff=True, **kwargs)
    HromadaRole.objects.create(user=user, hromada=hromada, role=HromadaRole.Role.ADMINISTRATOR)
    return user


def login_with_totp(user: User, *, client: Client | None = None) -> Client:
    """A client logged in as ``user`` through the real pages: password, then a TOTP code (staff must pass
    the second factor before the back office or an API token). The user's password is ``PASSWORD``."""
    client = client or Client()
    device = totp_device(user)
    logged_in = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert logged_in.status_code == 302, "the login page refused the password"
    assert client.post("/accounts/two-factor/", {"token": totp_now(device)}).status_code == 302
    return client


def browser_login_with_totp(page: Any, user: User, *, next_url: str = "") -> Any:
    """``login_with_totp`` in a Playwright page: the login form, then the TOTP step, as a person fills them;
    the page is left where the login leads (``next_url`` or the cabinet)."""
    device = totp_device(user)
    page.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    page.locator("input[name=token]").fill(totp_now(device))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    return page


def token_client(user: User, *, client_kwargs: dict[str, str] | None = None) -> Client:
    """A client that calls the API with a new personal token of ``user`` (``Authorization: Bearer``)."""
    from hromada.accounts.actions import api_token_create

    _token, secret = api_token_create(user=user, name="tests", second_factor_passed=True)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", **(client_kwargs or {}))
