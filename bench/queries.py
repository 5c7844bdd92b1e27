"""Count the SQL queries one warm request makes (the second GET of each page, so per-process caches are
filled, as they are on a running server). Run with the benchmark's environment; prints JSON lines.

    python bench/queries.py 127.0.0.1 / /api/v1/institutions.geojson
"""

from __future__ import annotations

import argparse
import json
import os

import django


def count_queries(host: str, path: str) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="uk", raise_request_exception=False)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return {"host": host, "path": path, "status": response.status_code, "queries": len(queries)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("host", help="Host header, which chooses the hromada")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
    django.setup()
    for path in args.paths:
        print(json.dumps(count_queries(args.host, path)))


if __name__ == "__main__":
    main()
