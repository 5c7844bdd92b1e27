"""The back-office admin site: staff of the current hromada who passed two-factor authentication."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.accounts.permissions import can_reach_back_office, needs_two_factor


class BackOffice(admin.AdminSite):
    """The officials' back office: staff of the current hromada who passed two-factor authentication."""

    site_header = _("Hromada back office")
    site_title = _("Back office")
    index_title = _("Administration")
    # The index lists every page; without the sidebar a list has the full width of a 1280 px screen.
    enable_nav_sidebar = False

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(
            request.user.is_active and can_reach_back_office(request.user, getattr(request, "hromada", None))
        )

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        user = request.user
        if user.is_authenticated and (user.is_verified() or not needs_two_factor(user)):  # type: ignore[union-attr]
            # Logged in and past any second factor, yet not staff here: sending them to log in would loop.
            raise PermissionDenied
        # One login for everyone: the accounts login, which then asks staff for their TOTP code.
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("accounts:login"))


back_office = BackOffice(name="admin")
