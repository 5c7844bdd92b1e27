from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import site_appearance


def appearance(request: HttpRequest) -> dict[str, Any]:
    """``site_appearance`` for the header (emblem) and the colours' stylesheet; read only when used."""
    hromada = getattr(request, "hromada", None)
    if hromada is None:
        return {}
    return {"site_appearance": SimpleLazyObject(lambda: site_appearance(hromada=hromada))}
