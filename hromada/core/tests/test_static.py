"""Static files as production collects them: the manifest storage must accept every file we ship."""

from __future__ import annotations

import json
import re

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.utils.functional import empty

PROD_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_collectstatic_with_the_production_manifest_storage_succeeds(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = PROD_STORAGES
    staticfiles_storage._wrapped = empty  # re-read STORAGES
    try:
        call_command("collectstatic", "--noinput", verbosity=0)
        manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
        hashed = manifest["paths"]["vendor/leaflet-1.9.4/leaflet.js"]
        # The source map the script names is collected under its hashed name, and the script points to it.
        script = (tmp_path / "static" / hashed).read_text()
        reference = re.search(r"sourceMappingURL=(\S+)", script)
        assert reference is not None
        assert (tmp_path / "static" / "vendor/leaflet-1.9.4" / reference.group(1)).is_file()
        assert (
            manifest["paths"]["vendor/leaflet-1.9.4/leaflet.js.map"] == f"vendor/leaflet-1.9.4/{reference[1]}"
        )
    finally:
        staticfiles_storage._wrapped = empty
