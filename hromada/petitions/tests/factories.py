"""Factories and helpers for petition tests: rows made through the real actions where rules apply.

``PetitionWorld`` (fixture ``world`` in conftest.py) gives a hromada with rules, addressees, a
moderator, an official and helpers to make verified residents and petitions in any status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import factory

from hromada.accounts.models import HromadaRole, User, VerificationLevel
from hromada.core.models import Hromada
from hromada.petitions import actions
from hromada.petitions.models import Addressee, AddresseeKind, Petition, PetitionRules, Topic
from hromada.territory.models import Department, District
from tests.factories import DepartmentFactory, UserFactory

TEXT = (
    "Просимо відремонтувати дорогу на вулиці Шевченка: ями глибиною до двадцяти сантиметрів, "
    "після дощу проїзд неможливий, автобус змінив маршрут."
)


class AddresseeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Addressee

    kind = AddresseeKind.MAYOR
    name = "Міський голова"


def verified_resident(**kwargs: object) -> User:
    """A person with a verified identity, born in 1985 (pass ``hromada=`` for their home hromada)."""
    kwargs.setdefault("verification_level", VerificationLevel.STRONG)
    kwargs.setdefault("birth_date", dt.date(1985, 5, 17))
    return UserFactory(**kwargs)


@dataclass
class PetitionWorld:
    """A hromada ready for petitions: rules v1, three addressees, a moderator, an administrator and an
    official (staff of a department)."""

    hromada: Hromada
    rules: PetitionRules
    mayor: Addressee
    council: Addressee
    executive_committee: Addressee
    administrator: User
    moderator: User
    official: User
    department: Department
    district: District | None = None
    _n: int = field(default=0)

    def resident(self, **kwargs: object) -> User:
        if self.district is not None:
            kwargs.setdefault("district", self.district)
        kwargs.setdefault("hromada", self.hromada)
        return verified_resident(**kwargs)

    def draft(self, author: User | None = None, **kwargs: object) -> Petition:
        self._n += 1
        kwargs.setdefault("title", f"Відремонтувати дорогу на вулиці Шевченка № {self._n}")
        kwargs.setdefault("text", TEXT)
        kwargs.setdefault("topic", Topic.ROADS)
        kwargs.setdefault("addressee", self.mayor)
        return actions.petition_create_draft(
            hromada=self.hromada,
            author=author or self.resident(),
            **kwargs,  # type: ignore[arg-type]
        )

    def submitted(self, **kwargs: object) -> Petition:
        petition = self.draft(**kwargs)
        return actions.petition_submit(petition=petition, actor=petition.author)

    def collecting(self, **kwargs: object) -> Petition:
        petition = self.submitted(**kwargs)
        return actions.petition_publish(petition=petition, actor=self.moderator)

    def sign(self, petition: Petition, n: int, **kwargs: object) -> list[User]:
        """`n` new residents sign; they consent to show their names unless told otherwise."""
        kwargs.setdefault("show_name", True)
        people = [self.resident() for _ in range(n)]
        for person in people:
            actions.signature_add(petition=petition, signer=person, **kwargs)  # type: ignore[arg-type]
        return people


def make_world(hromada: Hromada, *, district: District | None = None, **rules: object) -> PetitionWorld:
    administrator = UserFactory(hromada=hromada)
    HromadaRole.objects.create(user=administrator, hromada=hromada, role=HromadaRole.Role.ADMINISTRATOR)
    moderator = UserFactory(hromada=hromada)
    HromadaRole.objects.create(user=moderator, hromada=hromada, role=HromadaRole.Role.MODERATOR)
    department = DepartmentFactory(hromada=hromada)
    official = UserFactory(hromada=hromada)
    from hromada.accounts.models import DepartmentMembership

    DepartmentMembership.objects.create(user=official, department=department)
    settings_: dict[str, object] = {
        "signature_threshold": 3,
        "collection_days": 30,
        "create_level": VerificationLevel.STRONG,
        "sign_level": VerificationLevel.STRONG,
    }
    settings_.update(rules)
    version = actions.rules_version_create(hromada=hromada, actor=administrator, **settings_)  # type: ignore[arg-type]
    mayor = actions.addressee_save(
        hromada=hromada, actor=administrator, kind=AddresseeKind.MAYOR, name="Міський голова"
    )
    council = actions.addressee_save(
        hromada=hromada, actor=administrator, kind=AddresseeKind.COUNCIL, name="Міська рада"
    )
    committee = actions.addressee_save(
        hromada=hromada,
        actor=administrator,
        kind=AddresseeKind.EXECUTIVE_COMMITTEE,
        name="Виконавчий комітет",
    )
    return PetitionWorld(
        hromada=hromada,
        rules=version,
        mayor=mayor,
        council=council,
        executive_committee=committee,
        administrator=administrator,
        moderator=moderator,
        official=official,
        department=department,
        district=district,
    )
