"""Run the stand-in OpenID Connect provider: `python tests/oidc_provider/serve.py --port 8765 --data-dir DIR
--config people.json`.

The configuration file holds the registered clients and the test persons:

    {"clients": [{"client_id": "…", "client_secret": "…", "redirect_uris": ["http://…/callback/"]}],
     "persons": [{"username": "olena", "password": "…", "claims": {"drfo_code": "…", "name": "…"}}]}

On start the script creates a fresh SQLite database in DIR, seeds the clients (confidential, authorization
code, RS256, no consent screen) and the persons' logins, and serves HTTP on 127.0.0.1 until terminated.
Discovery: http://127.0.0.1:PORT/o/.well-known/openid-configuration
"""

import argparse
import json
import os
import sys
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--config", type=Path, required=True)
    args = parser.parse_args()

    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    args.data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["IDP_DATA_DIR"] = str(args.data_dir)
    os.environ["IDP_CONFIG"] = str(args.config.resolve())
    os.environ["DJANGO_SETTINGS_MODULE"] = "idp_settings"

    import django

    django.setup()

    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application

    call_command("migrate", verbosity=0, interactive=False)
    seed(json.loads(args.config.read_text(encoding="utf-8")))
    sys.stdout.write(f"Test identity provider on http://127.0.0.1:{args.port}/o/\n")
    sys.stdout.flush()
    run("127.0.0.1", args.port, get_wsgi_application(), threading=True)


def seed(config: dict) -> None:
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    for client in config["clients"]:
        Application.objects.filter(client_id=client["client_id"]).delete()
        Application.objects.create(
            name=client.get("name", client["client_id"]),
            client_id=client["client_id"],
            client_secret=client["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(client["redirect_uris"]),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
    for person in config["persons"]:
        User.objects.filter(username=person["username"]).delete()
        User.objects.create_user(username=person["username"], password=person["password"])


if __name__ == "__main__":
    main()
