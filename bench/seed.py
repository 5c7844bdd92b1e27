"""Add small synthetic hromadas until the database holds `--hromadas` of them (the many-tenants benchmark).

Each gets its own host name `bench-NNN.localhost`, one district and a few institutions, written through the
territory actions. The first one becomes the default hromada when the database has none. Run with the
benchmark's environment (HROMADA_VAR_DIR, DATABASE_URL); prints a JSON summary.

    python bench/seed.py --hromadas 100 --institutions 5
"""

from __future__ import annotations

import argparse
import json
import os
import time

import django

KINDS = ("cnap", "school", "kindergarten", "clinic", "library", "culture", "sport", "social")
HOURS = {day: [["08:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


def square(lon: float, lat: float, size: float) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def seed(*, hromadas: int, institutions: int) -> dict:
    from django.db import transaction

    from hromada.core.models import Hromada, HromadaHost
    from hromada.territory.actions import district_save, institution_save
    from hromada.territory.models import District, Institution

    started = time.monotonic()
    created = 0
    with transaction.atomic():
        need_default = not Hromada.objects.filter(is_default=True).exists()
        number = 0
        while Hromada.objects.count() < hromadas:
            number += 1
            slug = f"bench-{number:03d}"
            if Hromada.objects.filter(slug=slug).exists():
                continue
            lat, lon = 46.0 + (number % 40) * 0.1, 24.0 + (number // 40) * 0.5
            hromada = Hromada.objects.create(
                name=f"Тестова громада {number}",
                name_en=f"Test hromada {number}",
                slug=slug,
                katottg=f"UA99{number:015d}",
                is_default=need_default,
                center_lat=lat + 0.02,
                center_lon=lon + 0.02,
            )
            need_default = False
            HromadaHost.objects.create(hromada=hromada, host=f"{slug}.localhost")
            district_save(
                district=District(
                    hromada=hromada, name=f"Центральний округ {number}", boundary=square(lon, lat, 0.04)
                )
            )
            for index in range(institutions):
                institution_save(
                    institution=Institution(
                        hromada=hromada,
                        kind=KINDS[index % len(KINDS)],
                        name=f"Заклад № {index + 1}",
                        address=f"вул. Незалежності, {index + 1}",
                        lat=lat + 0.001 * (index + 1),
                        lon=lon + 0.001 * (index + 1),
                        phone="+380441234567",
                        opening_hours=HOURS,
                    )
                )
            created += 1
    return {
        "hromadas": Hromada.objects.count(),
        "created": created,
        "institutions": Institution.objects.count(),
        "seconds": round(time.monotonic() - started, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hromadas", type=int, required=True, help="total number of hromadas wanted")
    parser.add_argument("--institutions", type=int, default=5, help="institutions per new hromada")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
    django.setup()
    print(json.dumps(seed(hromadas=args.hromadas, institutions=args.institutions)))


if __name__ == "__main__":
    main()
