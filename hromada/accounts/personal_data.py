"""The accounts part of a person's data: the account, verifications, roles, tokens, second factors.

Export: :func:`hromada.accounts.selectors.user_export`. Erasure: :func:`account_extras_erase` here (run
by ``core.personal_data.personal_data_erase`` inside :func:`hromada.accounts.actions.user_anonymise`),
then ``user_anonymise`` itself wipes the account row, the logins, tokens, roles, memberships and phone
challenges. The decision per model is in docs/accounts.md ("What erasure keeps").
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hromada.core.registry import PersonalData, register_personal_data

from .models import ApiToken, DepartmentMembership, HromadaRole, PhoneChallenge, User, VerificationRecord
from .selectors import user_export


def account_extras_erase(*, person: User) -> None:
    """Delete what ``user_anonymise`` does not wipe itself: second factors and verification records.

    A verification record only served the account; an official's in-person check stays in the ledger's
    audit log. Records this person made *as an official* stay, pointing at the anonymised account.
    """
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()  # its one-time codes go with it (CASCADE)
    VerificationRecord.objects.filter(user=person).delete()
    person.groups.clear()
    person.user_permissions.clear()


def _export(person: User) -> dict[str, object]:
    return user_export(user=person)


def _erase(person: User) -> None:
    account_extras_erase(person=person)


def register() -> None:
    """Called from ``AccountsConfig.ready()``."""
    register_personal_data(
        PersonalData(
            key="accounts",
            title=_("Account"),
            export=_export,
            erase=_erase,
            covers=(
                VerificationRecord.user,
                VerificationRecord.verified_by,
                HromadaRole.user,
                DepartmentMembership.user,
                ApiToken.user,
                PhoneChallenge.user,
                TOTPDevice.user,
                StaticDevice.user,
                User.groups.through._meta.get_field("user"),
                User.user_permissions.through._meta.get_field("user"),
            ),
            order=10,
        )
    )
