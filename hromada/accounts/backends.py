from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .identity import IdentifierError, looks_like_phone, normalise_phone
from .models import User


def find_user_by_login(login: str) -> User | None:
    login = (login or "").strip()
    if not login:
        return None
    if looks_like_phone(login):
        try:
            return User.objects.filter(phone=normalise_phone(login)).first()
        except IdentifierError:
            return None
    return User.objects.filter(email=login.lower()).first()


class EmailOrPhoneBackend(ModelBackend):
    """Password login by e-mail or phone number."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        login = username or kwargs.get("email") or kwargs.get("login") or ""
        user = find_user_by_login(login)
        if user is None:
            User().set_password(password)  # same work as a real check, so timing does not reveal accounts
            return None
        if password and user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
