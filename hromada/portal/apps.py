from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "hromada.portal"
    label = "portal"
    verbose_name = _("City portal")

    def ready(self) -> None:
        from . import personal_data, registrations  # noqa: F401

        personal_data.register()  # articles an official wrote, in "my data"

        from hromada.core.bodylimit import allow_uploads

        # The emblem of the back office's site appearance (other requests are capped lower: core/bodylimit).
        allow_uploads(r"(/[a-z]{2})?/admin/portal/siteappearance/(add/|\d+/change/)", files=1)
        # A district boundary imported from a GeoJSON file in the back office.
        allow_uploads(r"(/[a-z]{2})?/admin/territory/district/(add/|\d+/change/)", files=1)
