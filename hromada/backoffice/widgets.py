"""Form widgets of the back office."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _


def _draw_labels() -> dict[str, Any]:
    """The texts of the drawing toolbar (Leaflet.draw's L.drawLocal), in the page's language."""
    return {
        "draw": {
            "toolbar": {
                "actions": {"title": _("Cancel drawing"), "text": _("Cancel")},
                "finish": {"title": _("Finish drawing"), "text": _("Finish")},
                "undo": {"title": _("Delete the last point drawn"), "text": _("Delete last point")},
                "buttons": {"polygon": _("Draw a boundary")},
            },
            "handlers": {
                "polygon": {
                    "tooltip": {
                        "start": _("Click to start drawing the boundary."),
                        "cont": _("Click to continue drawing the boundary."),
                        "end": _("Click the first point to close the boundary."),
                    }
                }
            },
        },
        "edit": {
            "toolbar": {
                "actions": {
                    "save": {"title": _("Keep the changes"), "text": _("Done")},
                    "cancel": {"title": _("Undo the changes"), "text": _("Cancel")},
                    "clearAll": {"title": _("Remove every part"), "text": _("Remove all")},
                },
                "buttons": {
                    "edit": _("Move the boundary's points"),
                    "editDisabled": _("Nothing to change"),
                    "remove": _("Remove a part of the boundary"),
                    "removeDisabled": _("Nothing to remove"),
                },
            },
            "handlers": {
                "edit": {"tooltip": {"text": _("Drag the points to move the boundary."), "subtext": ""}},
                "remove": {"tooltip": {"text": _("Click a part of the boundary to remove it.")}},
            },
        },
    }


class BoundaryMapWidget(forms.Textarea):
    """A GeoJSON Polygon or MultiPolygon drawn on a map; the GeoJSON text stays beside it for import
    (paste or open a file) and export (download)."""

    template_name = "backoffice/widgets/boundary_map.html"

    class Media:
        css = {
            "all": (
                "vendor/leaflet-1.9.4/leaflet.css",
                "vendor/leaflet-draw-1.0.4/leaflet.draw.css",
            )
        }
        js = (
            "vendor/leaflet-1.9.4/leaflet.js",
            "vendor/leaflet-draw-1.0.4/leaflet.draw.js",
            "backoffice/boundary-map.js",
        )

    def use_required_attribute(self, initial: Any) -> bool:
        return False  # the text may be folded away; the form checks the boundary on the server

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["map"] = {
            "tiles": settings.HROMADA_MAP_TILES_URL,
            "attribution": settings.HROMADA_MAP_ATTRIBUTION,
            "labels": _draw_labels(),
        }
        return context
