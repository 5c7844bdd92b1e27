"""Logging staff into the back office in tests (password, then the TOTP code)."""

from django.test import Client

from tests.factories import PASSWORD, totp_device, totp_now


def back_office_client(user, host: str = "testserver") -> Client:
    device = totp_device(user)
    client = Client(HTTP_HOST=host)
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    client.post("/accounts/two-factor/", {"token": totp_now(device)})
    return client
