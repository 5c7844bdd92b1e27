"""Revoking a personal API token from the cabinet."""

from django.urls import reverse

from hromada.accounts.actions import api_token_create
from hromada.accounts.models import ApiToken


def test_token_revoke_revokes_ones_own_token_by_post_only(client, resident):
    token, _secret = api_token_create(user=resident, name="скрипт")
    client.force_login(resident)
    url = reverse("portal:token_revoke", kwargs={"token_id": token.pk})

    assert client.get(url).status_code == 405
    done = client.post(url)

    assert done.status_code == 302 and done["Location"] == reverse("portal:tokens")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_token_revoke_does_not_find_another_persons_token(client, resident, make_user):
    theirs, _secret = api_token_create(user=make_user(), name="чужий")
    client.force_login(resident)

    refused = client.post(reverse("portal:token_revoke", kwargs={"token_id": theirs.pk}))

    assert refused.status_code == 404
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None
