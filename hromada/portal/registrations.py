"""The portal's own entry points and cabinet sections, registered by PortalConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from hromada.core.registry import CabinetSection, Module

MODULES = (
    Module(
        key="institutions",
        title=_("Institutions and map"),
        description=_("Kindergartens, schools, clinics, TsNAP and other municipal institutions on the map."),
        url_name="portal:institutions",
        icon="map",
        order=10,
    ),
    Module(
        key="news",
        title=_("News and announcements"),
        description=_("What the council and its institutions announce."),
        url_name="portal:news",
        icon="news",
        order=20,
    ),
    Module(
        key="help",
        title=_("Help"),
        description=_(
            "How to take part and use the services, step by step; the council's own pages and contacts."
        ),
        url_name="portal:help",
        icon="help",
        order=90,
    ),
)

CABINET = (
    CabinetSection(key="profile", title=_("Profile"), url_name="portal:profile", order=10),
    CabinetSection(
        key="verification", title=_("Identity verification"), url_name="portal:verification", order=20
    ),
    CabinetSection(key="notifications", title=_("Notifications"), url_name="portal:notifications", order=30),
    CabinetSection(key="security", title=_("Security"), url_name="accounts:security", order=40),
    CabinetSection(key="tokens", title=_("API tokens"), url_name="portal:tokens", order=50),
    CabinetSection(key="privacy", title=_("My data"), url_name="portal:privacy", order=60),
)
