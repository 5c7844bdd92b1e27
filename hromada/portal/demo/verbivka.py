"""The second, smaller demo hromada (fictional Verbivka village hromada): shows that tenants stay apart.

Every name, address, phone and person here is invented; any likeness to real ones is a coincidence.
"""

from __future__ import annotations

import datetime as dt

from . import schedules
from .people import residents
from .places import landline, polygon, spot
from .spec import (
    ArticleSpec,
    DepartmentSpec,
    DistrictSpec,
    HelpPageSpec,
    HromadaPlan,
    InstitutionSpec,
    StaffSpec,
    prose,
)

SLUG = "verbivka"
AREA_CODE = "04739"
ADMINISTRATOR = "admin@verbivka.example"

_NW, _N, _NE = (32.880, 49.390), (32.948, 49.392), (33.020, 49.388)
_SW, _S, _SE = (32.880, 49.312), (32.946, 49.310), (33.022, 49.308)
_MIDDLE = (32.955, 49.350)

DISTRICTS = (
    DistrictSpec(
        key="verbivka",
        name="Вербівський старостинський округ",
        name_en="Verbivka Starosta District",
        kind="starosta_district",
        boundary=polygon(_NW, _N, _MIDDLE, _S, _SW),
        population=3_150,
        settlement="с. Вербівка",
        streets=("вул. Шевченка", "вул. Центральна", "вул. Садова", "вул. Шкільна"),
    ),
    DistrictSpec(
        key="ozeriany",
        name="Озерянський старостинський округ",
        name_en="Ozeriany Starosta District",
        kind="starosta_district",
        boundary=polygon(_N, _NE, _SE, _S, _MIDDLE),
        population=1_870,
        settlement="с. Озеряни",
        streets=("вул. Озерна", "вул. Миру", "вул. Лугова"),
    ),
)
# Each village's houses stand together inside its starosta district.
_VILLAGE = {
    "verbivka": polygon((32.905, 49.345), (32.925, 49.345), (32.925, 49.357), (32.905, 49.357)),
    "ozeriany": polygon((32.975, 49.335), (32.990, 49.335), (32.990, 49.345), (32.975, 49.345)),
}

DEPARTMENTS = (
    DepartmentSpec(
        "education",
        "Відділ освіти, культури, молоді та спорту",
        "Education, Culture, Youth and Sports Department",
        "osvita@verbivka-rada.example",
        "(04739) 3-12-40",
    ),
    DepartmentSpec(
        "cnap",
        "Відділ «Центр надання адміністративних послуг»",
        "Administrative Service Centre (TsNAP) Department",
        "cnap@verbivka-rada.example",
        "(04739) 3-10-05",
    ),
)


NAMES_EN = {
    "Центр надання адміністративних послуг Вербівської сільської ради": (
        "Administrative Service Centre (TsNAP) of Verbivka Village Council"
    ),
    "Вербівська сільська рада": "Verbivka Village Council",
    "Вербівський ліцей": "Verbivka Lyceum",
    "Вербівський заклад дошкільної освіти «Барвінок»": "Barvinok Preschool, Verbivka",
    "Вербівська амбулаторія загальної практики – сімейної медицини": (
        "Verbivka General Practice and Family Medicine Clinic"
    ),
    "Озерянська гімназія": "Ozeriany Gymnasium",
    "Озерянська сільська бібліотека": "Ozeriany Village Library",
}


def _institution(
    kind: str, name: str, short_name: str, village: str, department: str, address: str, hours: schedules.Hours
) -> InstitutionSpec:
    lon, lat = spot(_VILLAGE[village], f"{SLUG}:{name}")
    return InstitutionSpec(
        kind=kind,
        name=name,
        name_en=NAMES_EN[name],
        short_name=short_name,
        district=village,
        department=department,
        address=address,
        phone=landline(AREA_CODE, name),
        opening_hours=hours,
        lon=lon,
        lat=lat,
    )


INSTITUTIONS = (
    _institution(
        "cnap",
        "Центр надання адміністративних послуг Вербівської сільської ради",
        "ЦНАП",
        "verbivka",
        "cnap",
        "с. Вербівка, вул. Шевченка, 20",
        schedules.COUNCIL,
    ),
    _institution(
        "administration",
        "Вербівська сільська рада",
        "Сільська рада",
        "verbivka",
        "",
        "с. Вербівка, вул. Шевченка, 22",
        schedules.COUNCIL,
    ),
    _institution(
        "school",
        "Вербівський ліцей",
        "Вербівський ліцей",
        "verbivka",
        "education",
        "с. Вербівка, вул. Шкільна, 4",
        schedules.SCHOOL,
    ),
    _institution(
        "kindergarten",
        "Вербівський заклад дошкільної освіти «Барвінок»",
        "ЗДО «Барвінок»",
        "verbivka",
        "education",
        "с. Вербівка, вул. Садова, 11",
        schedules.KINDERGARTEN,
    ),
    _institution(
        "clinic",
        "Вербівська амбулаторія загальної практики – сімейної медицини",
        "Вербівська АЗПСМ",
        "verbivka",
        "",
        "с. Вербівка, вул. Шевченка, 31",
        schedules.CLINIC,
    ),
    _institution(
        "school",
        "Озерянська гімназія",
        "Озерянська гімназія",
        "ozeriany",
        "education",
        "с. Озеряни, вул. Озерна, 2",
        schedules.SCHOOL,
    ),
    _institution(
        "library",
        "Озерянська сільська бібліотека",
        "Озерянська бібліотека",
        "ozeriany",
        "education",
        "с. Озеряни, вул. Миру, 9",
        schedules.LIBRARY,
    ),
)

STAFF = (StaffSpec(ADMINISTRATOR, "Ковальчук Марія Іванівна", "administrator", "адміністраторка громади"),)

ARTICLES = (
    ArticleSpec(
        slug="biudzhet-hromady-zatverdzheno",
        kind="news",
        days_ago=3,
        time=dt.time(11, 0),
        author=ADMINISTRATOR,
        title="Сесія сільської ради затвердила бюджет громади",
        summary="Найбільші видатки — на освіту, ремонт доріг і підтримку амбулаторії.",
        body=prose("""
            Депутати Вербівської сільської ради затвердили бюджет громади на наступний рік. Найбільші
            видатки передбачено на освіту, ремонт доріг між Вербівкою та Озерянами і закупівлю
            обладнання для амбулаторії.

            Повний текст рішення оприлюднено на сайті ради.
        """),
    ),
    ArticleSpec(
        slug="ukryttia-ozerianska-himnaziia",
        kind="news",
        days_ago=9,
        time=dt.time(15, 30),
        author=ADMINISTRATOR,
        title="В Озерянській гімназії облаштували укриття",
        title_en="A shelter has been fitted out at the Ozeriany gymnasium",
        summary="Укриття вміщує всіх учнів і працівників гімназії.",
        body=prose("""
            В Озерянській гімназії завершили облаштування укриття: встановлено вентиляцію, освітлення,
            резервне живлення та санвузли. Укриття вміщує всіх учнів і працівників закладу.
        """),
        body_en=prose("""
            The Ozeriany gymnasium has finished fitting out its shelter with ventilation, lighting,
            backup power and toilets. It holds every pupil and member of staff.
        """),
    ),
    ArticleSpec(
        slug="biudzhet-uchasti-idei",
        kind="announcement",
        days_ago=12,
        time=dt.time(9, 0),
        author=ADMINISTRATOR,
        title="Приймаємо ідеї до бюджету участі",
        title_en="Send us your ideas for the participatory budget",
        summary="До 300 000 грн на проєкти мешканців; один проєкт — до 150 000 грн.",
        body=prose("""
            Сільська рада оголошує прийом проєктів до бюджету участі на наступний рік. На проєкти
            мешканців передбачено 300 тисяч гривень, вартість одного проєкту — до 150 тисяч.

            Подати проєкт можна на порталі громади або в старостаті. Після перевірки проєкти винесуть на
            голосування.
        """),
    ),
)

HELP_PAGES = (
    HelpPageSpec(
        slug="yak-podaty-proiekt",
        order=10,
        title="Як подати проєкт до бюджету участі",
        title_en="How to submit a participatory-budget project",
        body=prose("""
            Опишіть, що потрібно зробити і де, та складіть кошторис: кожен рядок — назва, кількість і
            ціна. Проєкт може подати мешканець громади, якому виповнилося 16 років.

            Після завершення прийому сільська рада перевіряє проєкти за п’ятьма критеріями: законність,
            повноваження громади, земельна ділянка, реалістичність кошторису й доступність результату.
            Проєкти, що пройдуть перевірку, винесуть на голосування.
        """),
        body_en=prose("""
            Describe what should be done and where, and draw up an estimate: each line an item, a
            quantity and a price. Any resident aged 16 or over may submit a project.

            When submissions close, the council reviews each project on five criteria: legality, the
            council's competence, land, a realistic estimate and public access to the result. Projects
            that pass go to a vote.
        """),
    ),
    HelpPageSpec(
        slug="kontakty",
        order=20,
        title="Контакти",
        title_en="Contacts",
        body=prose("""
            Вербівська сільська рада: телефон (04739) 3-10-01; rada@verbivka.example.

            Старостат в Озерянах приймає щодня, крім вихідних, з 8:00 до 17:00.
        """),
        body_en=prose("""
            Verbivka Village Council: phone (04739) 3-10-01; rada@verbivka.example.

            The starosta office in Ozeriany is open on working days from 8:00 to 17:00.
        """),
    ),
)

PLAN = HromadaPlan(
    slug=SLUG,
    name="Вербівська сільська територіальна громада",
    name_en="Verbivka Village Territorial Hromada",
    katottg="UA71080110000034275",
    kind="village",
    is_default=False,
    center_lat=49.350,
    center_lon=32.951,
    map_zoom=12,
    email="rada@verbivka.example",
    phone="(04739) 3-10-01",
    website="https://verbivka.example/",
    hosts=("verbivka.localhost",),
    verifier=ADMINISTRATOR,
    districts=DISTRICTS,
    departments=DEPARTMENTS,
    institutions=INSTITUTIONS,
    staff=STAFF,
    residents=residents(
        seed=f"{SLUG}-residents-v1",
        count=10,
        email_format="resident{:02d}@verbivka.example",
        districts=DISTRICTS,
        serial_start=500,
    ),
    articles=ARTICLES,
    help_pages=HELP_PAGES,
)
