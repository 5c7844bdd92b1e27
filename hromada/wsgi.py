import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
django.setup(set_prefix=False)

from hromada.core.handlers import Application  # noqa: E402 - needs the apps set up

application = Application()
