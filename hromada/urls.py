from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from hromada.core import views as core_views
from hromada.core.kit import web_mounts

from .api import api

admin.autodiscover()  # each app's admin.py registers on the back office

# Browsers ask for /favicon.ico where a response has no <link rel="icon"> (files, API docs).
FAVICON = RedirectView.as_view(url=lazy(static, str)("hromada/favicon-32.png"), permanent=True)

handler400 = "hromada.core.views.bad_request"
handler403 = "hromada.core.views.permission_denied"
handler404 = "hromada.core.views.page_not_found"
handler500 = "hromada.core.views.server_error"

# Each app mounts its pages in its AppConfig.ready() (core.kit.register_app): nothing here changes when a
# module is added. Deeper prefixes come first and the portal's catch-all "" last (core.kit.web_mounts).
urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", FAVICON),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", core_views.metrics_endpoint, name="metrics"),
    path("api/v1/", api.urls),
    # Machine paths that are a public contract, without a language prefix (the ledger's C2SP tiles).
    *web_mounts(i18n=False),
    path("i18n/setlang/", core_views.switch_language, name="set_language"),
]
urlpatterns += i18n_patterns(*web_mounts(i18n=True), prefix_default_language=False)
