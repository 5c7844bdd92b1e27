"""Generated demo residents: the same seed always yields the same people (no Django import)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from hromada.accounts.identity import rnokpp_control_digit

from .names import Gender, full_name
from .spec import DistrictSpec, PersonSpec, Verification

# Mobile operator codes that follow +380; demo staff use +38093…, which residents never get.
MOBILE_CODES = ("67", "68", "96", "97", "98", "50", "66", "95", "63", "73")
DOCUMENTS = (
    "паспорт громадянина України (ID-картка)",
    "паспорт громадянина України (книжечка)",
)
VERIFICATION_SHARES: dict[Verification, int] = {"none": 25, "email": 40, "phone": 10, "strong": 25}
_RNOKPP_EPOCH = dt.date(1899, 12, 31)


def rnokpp(*, birth_date: dt.date, gender: Gender, serial: int, rng: random.Random) -> str:
    """A well-formed РНОКПП: days since 31.12.1899, a serial, a digit odd for men and even for women,
    and the control digit."""
    days = (birth_date - _RNOKPP_EPOCH).days
    sex_digit = rng.choice("13579" if gender == "m" else "02468")
    first_nine = f"{days:05d}{serial % 1000:03d}{sex_digit}"
    return first_nine + rnokpp_control_digit(first_nine)


def residents(
    *, seed: str, count: int, email_format: str, districts: Sequence[DistrictSpec], serial_start: int
) -> tuple[PersonSpec, ...]:
    """`count` residents spread over the districts by population.

    `serial_start` keeps phones and РНОКПП unique across hromadas: serials have 3 digits, so give each
    hromada its own range below 1000.
    """
    rng = random.Random(seed)
    weights = [d.population for d in districts]
    people = []
    for n in range(1, count + 1):
        serial = serial_start + n
        gender: Gender = rng.choice(("m", "f"))
        name = full_name(rng, gender)
        birth_date = dt.date(rng.randint(1944, 2006), rng.randint(1, 12), rng.randint(1, 28))
        district = rng.choices(districts, weights=weights)[0]
        address = f"{district.settlement}, {rng.choice(district.streets)}, {rng.randint(1, 120)}"
        if district.settlement.startswith("м.") and rng.random() < 0.7:
            address += f", кв. {rng.randint(1, 180)}"
        phone = ""
        if rng.random() < 0.55:
            phone = f"+380{rng.choice(MOBILE_CODES)}{serial % 1000:03d}{rng.randint(0, 9999):04d}"
        verification = rng.choices(list(VERIFICATION_SHARES), weights=list(VERIFICATION_SHARES.values()))[0]
        if verification == "phone" and not phone:
            verification = "email"
        strong = verification == "strong"
        people.append(
            PersonSpec(
                email=email_format.format(n),
                full_name=name,
                birth_date=birth_date,
                phone=phone,
                address=address,
                district=district.key,
                verification=verification,
                national_id=rnokpp(birth_date=birth_date, gender=gender, serial=serial, rng=rng)
                if strong
                else "",
                document_kind=rng.choice(DOCUMENTS) if strong else "",
            )
        )
    return tuple(people)
