from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from hromada.backoffice.site import back_office
from hromada.core import views as core_views
from hromada.ledger.urls import machine_urlpatterns as ledger_machine_urlpatterns

from .api import api

admin.autodiscover()  # each app's admin.py registers on the back office

# Browsers ask for /favicon.ico where a response has no <link rel="icon"> (files, API docs).
FAVICON = RedirectView.as_view(url=lazy(static, str)("hromada/favicon-32.png"), permanent=True)

handler400 = "hromada.core.views.bad_request"
handler403 = "hromada.core.views.permission_denied"
handler404 = "hromada.core.views.page_not_found"
handler500 = "hromada.core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", FAVICON),
    path("readyz", core_views.readyz, name="readyz"),
    path("api/v1/", api.urls),
    # The transparency log's C2SP paths (checkpoint, key, tiles): a public contract, no language prefix.
    path("ledger/", include((ledger_machine_urlpatterns, "ledger_machine"))),
    path("i18n/setlang/", core_views.switch_language, name="set_language"),
]
urlpatterns += i18n_patterns(
    path("admin/", back_office.urls),
    path("accounts/oidc/", include("hromada.accounts.urls_oidc")),
    path("accounts/", include("hromada.accounts.urls")),
    path("ledger/", include("hromada.ledger.urls")),
    path("petitions/", include("hromada.petitions.urls")),
    path("budget/", include("hromada.budget.urls")),
    path("services/", include("hromada.services.urls")),
    path("discussion/", include("hromada.discussion.urls")),
    path("", include("hromada.portal.urls")),
    prefix_default_language=False,
)
