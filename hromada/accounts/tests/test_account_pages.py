"""Account pages no other test opened: log out, the e-mail confirmation link, password change, and the back
office's login, which hands everyone to the one accounts login."""

from django.urls import reverse

from hromada.accounts.actions import email_verification_token
from hromada.accounts.models import User, VerificationLevel
from tests.factories import PASSWORD


def test_logout_ends_the_session_and_only_by_post(client, resident):
    client.force_login(resident)

    refused = client.get(reverse("accounts:logout"))
    assert "_auth_user_id" in client.session
    done = client.post(reverse("accounts:logout"))

    assert refused.status_code == 405
    assert done.status_code == 302 and done["Location"] == reverse("portal:home")
    assert "_auth_user_id" not in client.session


def test_verify_email_link_confirms_the_address_and_a_bad_link_explains_itself(client, resident):
    token = email_verification_token(user=resident)

    bad = client.get(reverse("accounts:verify_email", kwargs={"token": token + "x"}))
    good = client.get(reverse("accounts:verify_email", kwargs={"token": token}))

    assert bad.status_code == 400
    assert good.status_code == 302 and good["Location"] == reverse("accounts:login")
    assert User.objects.get(pk=resident.pk).verification_level == VerificationLevel.EMAIL


def test_password_change_needs_the_old_password(client, resident):
    client.force_login(resident)
    new = "another horse battery staple"

    wrong = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not it at all", "new_password1": new, "new_password2": new},
    )
    right = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert wrong.status_code == 200 and "old_password" in wrong.context["form"].errors
    assert right.status_code == 302 and right["Location"] == reverse("accounts:security")
    assert User.objects.get(pk=resident.pk).check_password(new)


def test_back_office_login_sends_everyone_to_the_accounts_login_and_refuses_logged_in_residents(
    client, resident
):
    anonymous = client.get(reverse("admin:login"), {"next": "/admin/territory/"})
    client.force_login(resident)
    logged_in = client.get(reverse("admin:login"))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login") + "?next=")
    assert "territory" in anonymous["Location"]
    assert logged_in.status_code == 403
