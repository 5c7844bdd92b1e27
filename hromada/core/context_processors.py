from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import registry


def platform(request: HttpRequest) -> dict[str, Any]:
    return {
        "hromada": getattr(request, "hromada", None),
        "platform_modules": registry.modules(),
        "map_tiles_url": settings.HROMADA_MAP_TILES_URL,
        "map_attribution": settings.HROMADA_MAP_ATTRIBUTION,
    }
