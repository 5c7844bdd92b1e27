"""One registration per app: what a module adds to the platform, declared in its ``AppConfig.ready()``.

    class ServicesConfig(AppConfig):
        name = "hromada.services"
        label = "services"

        def ready(self) -> None:
            register_app(
                self,
                urls=[Urls("services/", "hromada.services.urls")],
                api=[Api("/services", "hromada.services.api")],
                portal=[Module(key="services", ...)],
                periodic=[PeriodicJob(key="services.tick", every_seconds=60, run=tick)],
            )

``hromada/urls.py`` and ``hromada/api.py`` loop over the mounts (:func:`web_mounts`, :func:`api_mounts`),
so adding a module edits neither. Everything else lands in the registries the platform already reads
(``core.registry``, ``core.notifications``, ``core.bodylimit``). ``also`` takes further registrations the
app owns (its roles source, its ``personal_data.register``, labels of its ledger entry kinds, …), called in
order after the declared ones. ``datasets`` are the app's open datasets (``core.datasets.Dataset``, or
``"module:attribute"`` naming a list of them), which the open-data portal publishes (docs/opendata.md);
``help`` names the app's folder of help articles (``"help"``: ``help/uk/<name>.md``, ``help/en/<name>.md``),
which the help centre loads (docs/help.md); ``indicators`` are the app's indicators of the community's
digital transformation (``core.indicators.Indicator``, or ``"module:attribute"``: its ``indicators.py``),
which the ``insight`` app computes and scores (docs/insight.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import reduce
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .bodylimit import allow_uploads
from .datasets import Dataset, register_dataset
from .helpsources import HelpSource, register_help_source
from .indicators import Headline, Indicator, register_indicator
from .notifications import NotificationKind, register_notification_kind
from .phases import PhaseType
from .phases import register as register_phase_type
from .registry import (
    CabinetSection,
    DemoStep,
    DetailPanel,
    Module,
    PeriodicJob,
    PersonalData,
    SearchSource,
    register_cabinet_section,
    register_demo_step,
    register_detail_panel,
    register_module,
    register_periodic,
    register_personal_data,
    register_search_source,
)

if TYPE_CHECKING:
    from django.apps import AppConfig


@dataclass(frozen=True)
class Urls:
    """Web pages mounted at ``prefix`` ("petitions/"; "" is the portal's catch-all, tried last).

    ``urlconf`` is a dotted module (its ``app_name`` is the namespace) or ``"module:attribute"`` naming a
    list of patterns (then give ``namespace``) or an admin site's ``urls``. ``i18n=False`` mounts it outside
    the language prefix (machine paths that are a public contract, such as the ledger's tiles).
    """

    prefix: str
    urlconf: str
    i18n: bool = True
    namespace: str | None = None
    app: str = field(default="", compare=False)  # the registering app's label (set by register_app)


@dataclass(frozen=True)
class Api:
    """A django-ninja router mounted at ``/api/v1<prefix>``: ``router`` is ``"module"`` (its ``router``)
    or ``"module:attribute"``. Routers are added in ``order``, then by prefix: the order of the paths in
    the OpenAPI document."""

    prefix: str
    router: str
    order: int = 100
    app: str = field(default="", compare=False)


@dataclass(frozen=True)
class Upload:
    """Requests to paths matching ``path_pattern`` may carry ``files`` files (core/bodylimit.py)."""

    path_pattern: str
    files: int


_web: dict[tuple[bool, str], Urls] = {}
_api: dict[str, Api] = {}


def _register_once(registry: dict[Any, Any], key: object, item: Any, what: str) -> None:
    existing = registry.get(key)
    if existing is not None and existing != item:
        raise ValueError(f"{what} {key!r} is already registered by the app {existing.app!r}.")
    registry[key] = item


def register_app(
    app: AppConfig,
    *,
    urls: Sequence[Urls] = (),
    api: Sequence[Api] = (),
    portal: Sequence[Module] = (),
    cabinet: Sequence[CabinetSection] = (),
    periodic: Sequence[PeriodicJob] = (),
    demo: Sequence[DemoStep] = (),
    search: Sequence[SearchSource] = (),
    personal_data: Sequence[PersonalData] = (),
    panels: Sequence[DetailPanel] = (),
    phases: Sequence[type[PhaseType]] = (),
    uploads: Sequence[Upload] = (),
    notifications: Iterable[NotificationKind] = (),
    datasets: Sequence[Dataset] | str = (),
    help: str = "",
    indicators: Sequence[Indicator | Headline] | str = (),
    also: Sequence[Callable[[], object]] = (),
) -> None:
    """Register everything ``app`` adds to the platform; called once, from its ``AppConfig.ready()``."""
    label = app.label
    for mount in urls:
        mount = replace(mount, app=label)
        _register_once(_web, (mount.i18n, mount.prefix), mount, "The web prefix")
    for router in api:
        router = replace(router, app=label)
        _register_once(_api, router.router, router, "The API router")
    added: tuple[tuple[Iterable[Any], Callable[[Any], object]], ...] = (
        (portal, register_module),
        (cabinet, register_cabinet_section),
        (periodic, register_periodic),
        (demo, register_demo_step),
        (search, register_search_source),
        (personal_data, register_personal_data),
        (panels, register_detail_panel),
        (phases, register_phase_type),
        (notifications, register_notification_kind),
    )
    for items, add in added:
        for item in items:
            add(item)
    # "module:attribute" is read on registration (a module's datasets.py)
    declared: Sequence[Dataset] = _resolve(datasets) if isinstance(datasets, str) else datasets
    for dataset in declared:
        register_dataset(replace(dataset, app=label))
    declared_indicators: Sequence[Indicator | Headline] = (
        _resolve(indicators) if isinstance(indicators, str) else indicators
    )
    for item in declared_indicators:
        register_indicator(replace(item, app=label))
    for upload in uploads:
        allow_uploads(upload.path_pattern, files=upload.files)
    if help:  # the folder of the app's help articles (core/helpsources.py, docs/help.md)
        register_help_source(HelpSource(app=label, folder=Path(app.path) / help))
    for register in also:
        register()


def _resolve(reference: str, default: str | None = None) -> Any:
    module_name, _, attribute = reference.partition(":")
    module = import_module(module_name)
    attribute = attribute or (default or "")
    return reduce(getattr, attribute.split("."), module) if attribute else module


def _depth_first(prefix: str) -> tuple[int, str]:
    # Deeper prefixes before the ones they extend ("accounts/oidc/" before "accounts/"), then by name;
    # the empty prefix (the portal's catch-all) comes last.
    return (-prefix.count("/"), prefix)


def web_mounts(*, i18n: bool) -> list[Any]:
    """URL patterns of every registered web mount inside (``i18n=True``) or outside the language prefix."""
    from django.urls import include, path

    patterns = []
    for mount in sorted((m for m in _web.values() if m.i18n == i18n), key=lambda m: _depth_first(m.prefix)):
        if ":" not in mount.urlconf:
            target: Any = include(mount.urlconf)
        else:
            resolved = _resolve(mount.urlconf)
            if isinstance(resolved, tuple):
                target = resolved  # an admin site's ``urls``: (patterns, app_name, namespace) already
            elif mount.namespace:
                target = include((resolved, mount.namespace))
            else:
                target = include(resolved)
        patterns.append(path(mount.prefix, target))
    return patterns


def api_mounts() -> list[tuple[str, Any]]:
    """(prefix, router) of every registered API router, in the order the API adds them."""
    ordered = sorted(_api.values(), key=lambda r: (r.order, r.prefix, r.router))
    return [(r.prefix, _resolve(r.router, "router")) for r in ordered]


def registered_web() -> list[Urls]:
    return list(_web.values())


def registered_api() -> list[Api]:
    return list(_api.values())
