from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import registry
from .permissions import is_platform_operator, roles_of


def _works_here(request: HttpRequest) -> bool:
    """Whether to link the back office: staff with a role in this hromada (others would get 403 there)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return False
    return bool(is_platform_operator(user) or roles_of(user, getattr(request, "hromada", None)))


def platform(request: HttpRequest) -> dict[str, Any]:
    return {
        "hromada": getattr(request, "hromada", None),
        "works_here": lambda: _works_here(request),
        "platform_modules": registry.modules(),
        "map_tiles_url": settings.HROMADA_MAP_TILES_URL,
        "map_attribution": settings.HROMADA_MAP_ATTRIBUTION,
    }
