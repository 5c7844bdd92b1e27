"""The default demo hromada: fictional Svitlohirsk city hromada with the village of Kalynivka.

Every name, address, phone and person here is invented; any likeness to real ones is a coincidence.
"""

from __future__ import annotations

import datetime as dt
import random

from . import schedules
from .people import residents, rnokpp
from .places import landline, polygon, spot
from .spec import (
    ArticleSpec,
    DepartmentSpec,
    DistrictSpec,
    HelpPageSpec,
    HromadaPlan,
    InstitutionSpec,
    PersonSpec,
    StaffSpec,
    prose,
)

SLUG = "svitlohirsk"
AREA_CODE = "04736"
RESIDENT_COUNT = 200
DEMO_RESIDENT = "resident@svitlohirsk.example"
CNAP_OFFICER = "cnap@svitlohirsk.example"

# Shared corners, so neighbouring districts meet exactly and never overlap ([lon, lat]).
_NW, _N, _NE = (32.540, 49.230), (32.600, 49.236), (32.660, 49.230)
_SW, _SE, _W = (32.540, 49.170), (32.660, 49.170), (32.534, 49.190)
_P1, _P2, _P3, _P4 = (32.540, 49.212), (32.575, 49.214), (32.620, 49.210), (32.660, 49.213)
_Q1, _R1, _Q2, _R2 = (32.572, 49.192), (32.578, 49.170), (32.626, 49.190), (32.622, 49.170)
_S = (32.640, 49.164)

DISTRICTS = (
    DistrictSpec(
        key="centre",
        name="Центральний район",
        name_en="Central District",
        kind="city_district",
        boundary=polygon(_P2, _P3, _Q2, _R2, _R1, _Q1),
        population=24_300,
        settlement="м. Світлогірськ",
        streets=(
            "просп. Незалежності",
            "вул. Шевченка",
            "вул. Героїв Майдану",
            "вул. Соборна",
            "вул. Михайла Грушевського",
            "вул. Ярослава Мудрого",
        ),
        split_streets=("вул. Київська: 1-59",),
    ),
    DistrictSpec(
        key="north",
        name="Північний район",
        name_en="Northern District",
        kind="city_district",
        boundary=polygon(_NW, _N, _NE, _P4, _P3, _P2, _P1),
        population=18_750,
        settlement="м. Світлогірськ",
        streets=(
            "вул. Лесі Українки",
            "вул. Гетьмана Сагайдачного",
            "вул. Вишнева",
            "вул. Калинова",
            "вул. Олени Теліги",
        ),
        split_streets=("вул. Степова: непарні",),
    ),
    DistrictSpec(
        key="factory",
        name="Заводський район",
        name_en="Factory District",
        kind="city_district",
        boundary=polygon(_P3, _P4, _SE, _S, _R2, _Q2),
        population=21_400,
        settlement="м. Світлогірськ",
        streets=(
            "вул. Заводська",
            "вул. Металургів",
            "вул. Героїв України",
            "вул. Промислова",
            "вул. Залізнична",
        ),
        split_streets=("вул. Київська: 60+",),
    ),
    DistrictSpec(
        key="forest",
        name="Лісовий район",
        name_en="Forest District",
        kind="city_district",
        boundary=polygon(_P1, _P2, _Q1, _R1, _SW, _W),
        population=12_900,
        settlement="м. Світлогірськ",
        streets=("вул. Лісова", "вул. Соснова", "вул. Івана Франка", "вул. Кленова", "вул. Василя Стуса"),
        split_streets=("вул. Степова: парні",),
    ),
    DistrictSpec(
        key="kalynivka",
        name="Калинівський старостинський округ",
        name_en="Kalynivka Starosta District",
        kind="starosta_district",
        boundary=polygon(_NE, (32.760, 49.236), (32.765, 49.158), _SE, _P4),
        population=2_350,
        settlement="с. Калинівка",
        streets=("вул. Центральна", "вул. Садова", "вул. Шкільна", "вул. Польова"),
    ),
)
_BOUNDARY = {d.key: d.boundary for d in DISTRICTS}
# Kalynivka's houses stand together in the middle of its (mostly field) district.
_KALYNIVKA_CENTRE = polygon((32.706, 49.196), (32.722, 49.196), (32.722, 49.206), (32.706, 49.206))

DEPARTMENTS = (
    DepartmentSpec(
        "education",
        "Управління освіти",
        "Education Department",
        "osvita@svitlohirsk-rada.example",
        "(04736) 2-31-05",
    ),
    DepartmentSpec(
        "health",
        "Відділ охорони здоров’я",
        "Healthcare Department",
        "zdorovia@svitlohirsk-rada.example",
        "(04736) 2-31-12",
    ),
    DepartmentSpec(
        "cnap",
        "Відділ «Центр надання адміністративних послуг»",
        "Administrative Service Centre (TsNAP) Department",
        "cnap@svitlohirsk-rada.example",
        "(04736) 2-30-00",
    ),
    DepartmentSpec(
        "housing",
        "Управління житлово-комунального господарства",
        "Housing and Utilities Department",
        "zhkg@svitlohirsk-rada.example",
        "(04736) 2-32-40",
    ),
    DepartmentSpec(
        "social",
        "Управління соціального захисту населення",
        "Social Protection Department",
        "sotszakhyst@svitlohirsk-rada.example",
        "(04736) 2-33-18",
    ),
    DepartmentSpec(
        "culture",
        "Відділ культури і туризму",
        "Culture and Tourism Department",
        "kultura@svitlohirsk-rada.example",
        "(04736) 2-34-27",
    ),
    DepartmentSpec(
        "finance",
        "Фінансове управління",
        "Finance Department",
        "finansy@svitlohirsk-rada.example",
        "(04736) 2-35-09",
    ),
    DepartmentSpec(
        "economy",
        "Відділ економічного розвитку та інвестицій",
        "Economic Development and Investment Department",
        "ekonomika@svitlohirsk-rada.example",
        "(04736) 2-35-61",
    ),
)


def _institution(
    kind: str,
    name: str,
    short_name: str,
    district: str,
    department: str,
    address: str,
    hours: schedules.Hours,
    **extra: str,
) -> InstitutionSpec:
    area = _KALYNIVKA_CENTRE if district == "kalynivka" else _BOUNDARY[district]
    lon, lat = spot(area, f"{SLUG}:{name}")
    return InstitutionSpec(
        kind=kind,
        name=name,
        name_en=NAMES_EN[name],
        short_name=short_name,
        district=district,
        department=department,
        address=address,
        phone=extra.pop("phone", "") or landline(AREA_CODE, name),
        opening_hours=hours,
        lon=lon,
        lat=lat,
        **extra,
    )


NAMES_EN = {
    "Центр надання адміністративних послуг Світлогірської міської ради": (
        "Administrative Service Centre (TsNAP) of Svitlohirsk City Council"
    ),
    "Віддалене робоче місце ЦНАП у с. Калинівка": "TsNAP remote workplace in Kalynivka",
    "Світлогірська міська рада": "Svitlohirsk City Council",
    "Світлогірський ліцей № 1 імені Тараса Шевченка": "Svitlohirsk Lyceum No. 1 named after Taras Shevchenko",
    "Світлогірська гімназія № 2": "Svitlohirsk Gymnasium No. 2",
    "Світлогірський ліцей № 6": "Svitlohirsk Lyceum No. 6",
    "Світлогірський ліцей № 3 імені Лесі Українки": "Svitlohirsk Lyceum No. 3 named after Lesia Ukrainka",
    "Світлогірська гімназія № 7": "Svitlohirsk Gymnasium No. 7",
    "Світлогірська початкова школа № 10": "Svitlohirsk Primary School No. 10",
    "Світлогірський ліцей № 4": "Svitlohirsk Lyceum No. 4",
    "Світлогірська гімназія № 8": "Svitlohirsk Gymnasium No. 8",
    "Світлогірський ліцей № 5 імені Василя Стуса": "Svitlohirsk Lyceum No. 5 named after Vasyl Stus",
    "Світлогірська гімназія № 9": "Svitlohirsk Gymnasium No. 9",
    "Калинівський ліцей": "Kalynivka Lyceum",
    "Будинок дитячої творчості": "Children's Creativity Centre",
    "Дитяча музична школа імені Миколи Лисенка": "Mykola Lysenko Children's Music School",
    "Дитяча художня школа": "Children's Art School",
    "Станція юних техніків": "Young Technicians Station",
    "Дитячо-юнацька спортивна школа": "Youth Sports School",
    "Амбулаторія загальної практики – сімейної медицини № 1": (
        "General Practice and Family Medicine Clinic No. 1"
    ),
    "Амбулаторія загальної практики – сімейної медицини № 2": (
        "General Practice and Family Medicine Clinic No. 2"
    ),
    "Амбулаторія загальної практики – сімейної медицини № 3": (
        "General Practice and Family Medicine Clinic No. 3"
    ),
    "КНП «Центр первинної медико-санітарної допомоги» Світлогірської міської ради": (
        "Primary Health Care Centre of Svitlohirsk City Council (municipal non-profit enterprise)"
    ),
    "Калинівська амбулаторія загальної практики – сімейної медицини": (
        "Kalynivka General Practice and Family Medicine Clinic"
    ),
    "КНП «Світлогірська багатопрофільна лікарня»": (
        "Svitlohirsk General Hospital (municipal non-profit enterprise)"
    ),
    "Центральна міська бібліотека імені Івана Франка": "Ivan Franko Central City Library",
    "Світлогірська бібліотека для дітей": "Svitlohirsk Children's Library",
    "Бібліотека-філія № 3": "Branch Library No. 3",
    "Калинівська бібліотека-філія": "Kalynivka Branch Library",
    "Палац культури «Світанок»": "Svitanok Palace of Culture",
    "Світлогірський краєзнавчий музей": "Svitlohirsk Museum of Local History",
    "Калинівський будинок культури": "Kalynivka House of Culture",
    "Міський стадіон «Металург»": "Metalurh City Stadium",
    "КП «Світлогірськводоканал»": "Svitlohirskvodokanal (municipal water utility)",
    "КП «Світлогірськтепло»": "Svitlohirskteplo (municipal heating utility)",
    "Центр надання соціальних послуг": "Social Services Centre",
    "Територіальний центр соціального обслуговування": "Territorial Centre for Social Care",
}
KINDERGARTENS_EN = {
    "Сонечко": "Sonechko",
    "Калинка": "Kalynka",
    "Казка": "Kazka",
    "Барвінок": "Barvinok",
    "Веселка": "Veselka",
    "Журавлик": "Zhuravlyk",
    "Дзвіночок": "Dzvinochok",
    "Золотий ключик": "Zolotyi Kliuchyk",
    "Вишенька": "Vyshenka",
    "Лелеченька": "Lelechenka",
    "Ромашка": "Romashka",
    "Колосок": "Kolosok",
}


def _kindergarten(number: int | None, title: str, district: str, address: str) -> InstitutionSpec:
    if number is None:
        name, short = f"Калинівський заклад дошкільної освіти «{title}»", f"ЗДО «{title}»"
        NAMES_EN[name] = f"{KINDERGARTENS_EN[title]} Preschool, Kalynivka"
    else:
        name = f"Заклад дошкільної освіти (ясла-садок) № {number} «{title}» Світлогірської міської ради"
        short = f"ЗДО № {number} «{title}»"
        NAMES_EN[name] = f"Preschool (Nursery and Kindergarten) No. {number} {KINDERGARTENS_EN[title]}"
    return _institution("kindergarten", name, short, district, "education", address, schedules.KINDERGARTEN)


_K = "kalynivka"
INSTITUTIONS = (
    # Administrative services and the council
    _institution(
        "cnap",
        "Центр надання адміністративних послуг Світлогірської міської ради",
        "ЦНАП",
        "centre",
        "cnap",
        "просп. Незалежності, 15",
        schedules.CNAP,
        phone="(04736) 2-30-00",
        email="cnap@svitlohirsk-rada.example",
        website="https://cnap.svitlohirsk.example/",
        description=prose("""
            Паспорти, реєстрація місця проживання, довідки, субсидії, земельні та будівельні послуги —
            понад 200 послуг в одному місці. Попередній запис — за телефоном (04736) 2-30-00.
        """),
    ),
    _institution(
        "cnap",
        "Віддалене робоче місце ЦНАП у с. Калинівка",
        "ЦНАП (Калинівка)",
        _K,
        "cnap",
        "с. Калинівка, вул. Центральна, 3",
        schedules.CNAP_REMOTE,
        description="Віддалене робоче місце адміністратора ЦНАП у приміщенні старостату.",
    ),
    _institution(
        "administration",
        "Світлогірська міська рада",
        "Міська рада",
        "centre",
        "",
        "просп. Незалежності, 1",
        schedules.COUNCIL,
        phone="(04736) 2-10-01",
        email="rada@svitlohirsk.example",
        website="https://svitlohirsk.example/",
    ),
    # Kindergartens
    _kindergarten(1, "Сонечко", "centre", "вул. Шевченка, 34"),
    _kindergarten(4, "Калинка", "centre", "вул. Соборна, 12"),
    _kindergarten(7, "Казка", "centre", "вул. Михайла Грушевського, 21"),
    _kindergarten(2, "Барвінок", "north", "вул. Лесі Українки, 14"),
    _kindergarten(5, "Веселка", "north", "вул. Гетьмана Сагайдачного, 40"),
    _kindergarten(9, "Журавлик", "north", "вул. Олени Теліги, 6"),
    _kindergarten(3, "Дзвіночок", "factory", "вул. Металургів, 11"),
    _kindergarten(6, "Золотий ключик", "factory", "вул. Заводська, 23"),
    _kindergarten(10, "Вишенька", "factory", "вул. Героїв України, 15"),
    _kindergarten(8, "Лелеченька", "forest", "вул. Лісова, 19"),
    _kindergarten(12, "Ромашка", "forest", "вул. Соснова, 8"),
    _kindergarten(None, "Колосок", _K, "с. Калинівка, вул. Садова, 5"),
    # Schools
    _institution(
        "school",
        "Світлогірський ліцей № 1 імені Тараса Шевченка",
        "Ліцей № 1",
        "centre",
        "education",
        "вул. Шевченка, 45",
        schedules.SCHOOL,
    ),
    _institution(
        "school",
        "Світлогірська гімназія № 2",
        "Гімназія № 2",
        "centre",
        "education",
        "вул. Героїв Майдану, 8",
        schedules.SCHOOL,
    ),
    _institution(
        "school",
        "Світлогірський ліцей № 6",
        "Ліцей № 6",
        "centre",
        "education",
        "вул. Ярослава Мудрого, 17",
        schedules.SCHOOL,
    ),
    _institution(
        "school",
        "Світлогірський ліцей № 3 імені Лесі Українки",
        "Ліцей № 3",
        "north",
        "education",
        "вул. Лесі Українки, 51",
        schedules.SCHOOL,
    ),
    _institution(
        "school",
        "Світлогірська гімназія № 7",
        "Гімназія № 7",
        "north",
        "education",
        "вул. Калинова, 10",
        schedules.SCHOOL,
    ),
    _institution(
        "school",
        "Світлогірська початкова школа № 10",
        "Початкова школа № 10",
        "north",
        "education",
        "вул. Олени Теліги, 22",
        schedules.SCHOOL,
    ),
    _institution(
        "school",
        "Світлогірський ліцей № 4",
        "Ліцей № 4",
        "factory",
        "education",
        "вул. Металургів, 38",
        schedules.SCHOOL,
    ),
    _institution(
        "school",
        "Світлогірська гімназія № 8",
        "Гімназія № 8",
        "factory",
        "education",
        "вул. Промислова, 4",
        schedules.SCHOOL,
    ),
    _institution(
        "school",
        "Світлогірський ліцей № 5 імені Василя Стуса",
        "Ліцей № 5",
        "forest",
        "education",
        "вул. Василя Стуса, 12",
        schedules.SCHOOL,
    ),
    _institution(
        "school",
        "Світлогірська гімназія № 9",
        "Гімназія № 9",
        "forest",
        "education",
        "вул. Івана Франка, 31",
        schedules.SCHOOL,
    ),
    _institution(
        "school",
        "Калинівський ліцей",
        "Калинівський ліцей",
        _K,
        "education",
        "с. Калинівка, вул. Шкільна, 1",
        schedules.SCHOOL,
    ),
    # Out-of-school clubs
    _institution(
        "club",
        "Будинок дитячої творчості",
        "БДТ",
        "centre",
        "education",
        "вул. Соборна, 30",
        schedules.CLUB,
        description="Гуртки декоративно-ужиткового мистецтва, танцю, робототехніки.",
    ),
    _institution(
        "club",
        "Дитяча музична школа імені Миколи Лисенка",
        "Музична школа",
        "centre",
        "culture",
        "вул. Михайла Грушевського, 5",
        schedules.CLUB,
    ),
    _institution(
        "club",
        "Дитяча художня школа",
        "Художня школа",
        "north",
        "culture",
        "вул. Лесі Українки, 7",
        schedules.CLUB,
    ),
    _institution(
        "club", "Станція юних техніків", "СЮТ", "factory", "education", "вул. Заводська, 9", schedules.CLUB
    ),
    _institution(
        "club",
        "Дитячо-юнацька спортивна школа",
        "ДЮСШ",
        "forest",
        "education",
        "вул. Лісова, 2",
        schedules.CLUB,
        description="Легка атлетика, футбол, вільна боротьба, плавання.",
    ),
    # Health care
    _institution(
        "clinic",
        "Амбулаторія загальної практики – сімейної медицини № 1",
        "АЗПСМ № 1",
        "centre",
        "health",
        "вул. Героїв Майдану, 19",
        schedules.CLINIC,
    ),
    _institution(
        "clinic",
        "Амбулаторія загальної практики – сімейної медицини № 2",
        "АЗПСМ № 2",
        "north",
        "health",
        "вул. Гетьмана Сагайдачного, 18",
        schedules.CLINIC,
    ),
    _institution(
        "clinic",
        "Амбулаторія загальної практики – сімейної медицини № 3",
        "АЗПСМ № 3",
        "factory",
        "health",
        "вул. Героїв України, 2",
        schedules.CLINIC,
    ),
    _institution(
        "clinic",
        "КНП «Центр первинної медико-санітарної допомоги» Світлогірської міської ради",
        "ЦПМСД",
        "forest",
        "health",
        "вул. Івана Франка, 40",
        schedules.CLINIC,
    ),
    _institution(
        "clinic",
        "Калинівська амбулаторія загальної практики – сімейної медицини",
        "Калинівська АЗПСМ",
        _K,
        "health",
        "с. Калинівка, вул. Центральна, 10",
        schedules.CLINIC,
    ),
    _institution(
        "hospital",
        "КНП «Світлогірська багатопрофільна лікарня»",
        "Міська лікарня",
        "factory",
        "health",
        "вул. Залізнична, 60",
        schedules.HOSPITAL,
        phone="(04736) 2-03-03",
        description="Цілодобове приймальне відділення, хірургія, терапія, пологове відділення.",
    ),
    # Libraries and culture
    _institution(
        "library",
        "Центральна міська бібліотека імені Івана Франка",
        "Центральна бібліотека",
        "centre",
        "culture",
        "просп. Незалежності, 22",
        schedules.LIBRARY,
    ),
    _institution(
        "library",
        "Світлогірська бібліотека для дітей",
        "Бібліотека для дітей",
        "north",
        "culture",
        "вул. Вишнева, 3",
        schedules.LIBRARY,
    ),
    _institution(
        "library",
        "Бібліотека-філія № 3",
        "Бібліотека-філія № 3",
        "factory",
        "culture",
        "вул. Героїв України, 30",
        schedules.LIBRARY,
    ),
    _institution(
        "library",
        "Калинівська бібліотека-філія",
        "Калинівська бібліотека",
        _K,
        "culture",
        "с. Калинівка, вул. Центральна, 5",
        schedules.LIBRARY,
    ),
    _institution(
        "culture",
        "Палац культури «Світанок»",
        "ПК «Світанок»",
        "centre",
        "culture",
        "просп. Незалежності, 30",
        schedules.CULTURE,
    ),
    _institution(
        "culture",
        "Світлогірський краєзнавчий музей",
        "Краєзнавчий музей",
        "centre",
        "culture",
        "вул. Соборна, 3",
        schedules.CULTURE,
    ),
    _institution(
        "culture",
        "Калинівський будинок культури",
        "Калинівський БК",
        _K,
        "culture",
        "с. Калинівка, вул. Центральна, 7",
        schedules.CULTURE,
    ),
    _institution(
        "sport",
        "Міський стадіон «Металург»",
        "Стадіон «Металург»",
        "factory",
        "education",
        "вул. Металургів, 1",
        schedules.SPORT,
    ),
    # Utilities and social services
    _institution(
        "utility",
        "КП «Світлогірськводоканал»",
        "Водоканал",
        "factory",
        "housing",
        "вул. Промислова, 17",
        schedules.COUNCIL,
        phone="(04736) 2-15-15",
        description="Аварійна служба цілодобово: (04736) 2-15-16.",
    ),
    _institution(
        "utility",
        "КП «Світлогірськтепло»",
        "Світлогірськтепло",
        "factory",
        "housing",
        "вул. Залізнична, 12",
        schedules.COUNCIL,
    ),
    _institution(
        "social",
        "Центр надання соціальних послуг",
        "ЦНСП",
        "centre",
        "social",
        "вул. Ярослава Мудрого, 9",
        schedules.COUNCIL,
    ),
    _institution(
        "social",
        "Територіальний центр соціального обслуговування",
        "Терцентр",
        "forest",
        "social",
        "вул. Кленова, 3",
        schedules.COUNCIL,
    ),
)

STAFF = (
    StaffSpec(
        "admin@svitlohirsk.example", "Мельник Ірина Василівна", "administrator", "адміністраторка громади"
    ),
    StaffSpec("moderator@svitlohirsk.example", "Гнатюк Тарас Олегович", "moderator", "модератор"),
    StaffSpec(
        CNAP_OFFICER,
        "Коваленко Оксана Петрівна",
        "official",
        "адміністраторка ЦНАП (перевіряє особу)",
        department="cnap",
        member_role="cnap_officer",
        position="адміністраторка ЦНАП",
    ),
    StaffSpec(
        "official.cnap@svitlohirsk.example",
        "Кравчук Людмила Степанівна",
        "official",
        "начальниця ЦНАП",
        department="cnap",
        member_role="head",
        position="начальниця відділу",
    ),
    StaffSpec(
        "official.osvita@svitlohirsk.example",
        "Бондаренко Наталія Володимирівна",
        "official",
        "начальниця управління освіти",
        department="education",
        member_role="head",
        position="начальниця управління",
    ),
    StaffSpec(
        "official.doshkillia@svitlohirsk.example",
        "Савчук Андрій Миколайович",
        "official",
        "спеціаліст управління освіти",
        department="education",
        member_role="specialist",
        position="головний спеціаліст з питань дошкільної освіти",
    ),
    StaffSpec(
        "official.zdorovia@svitlohirsk.example",
        "Ткаченко Олег Іванович",
        "official",
        "начальник відділу охорони здоров’я",
        department="health",
        member_role="head",
        position="начальник відділу",
    ),
    StaffSpec(
        "official.zhkg@svitlohirsk.example",
        "Шевчук Віктор Григорович",
        "official",
        "начальник управління ЖКГ",
        department="housing",
        member_role="head",
        position="начальник управління",
    ),
    StaffSpec(
        "official.sotszakhyst@svitlohirsk.example",
        "Мороз Галина Анатоліївна",
        "official",
        "начальниця управління соцзахисту",
        department="social",
        member_role="head",
        position="начальниця управління",
    ),
    StaffSpec(
        "official.kultura@svitlohirsk.example",
        "Поліщук Ярослава Богданівна",
        "official",
        "начальниця відділу культури",
        department="culture",
        member_role="head",
        position="начальниця відділу",
    ),
    StaffSpec(
        "official.finansy@svitlohirsk.example",
        "Лисенко Сергій Петрович",
        "official",
        "начальник фінансового управління",
        department="finance",
        member_role="head",
        position="начальник управління",
    ),
    StaffSpec(
        "official.ekonomika@svitlohirsk.example",
        "Руденко Максим Юрійович",
        "official",
        "начальник відділу економіки",
        department="economy",
        member_role="head",
        position="начальник відділу",
    ),
)

_DEMO_BIRTH_DATE = dt.date(1988, 4, 12)
RESIDENTS = (
    PersonSpec(
        email=DEMO_RESIDENT,
        full_name="Петренко Олена Миколаївна",
        birth_date=_DEMO_BIRTH_DATE,
        phone="+380931234567",
        address="м. Світлогірськ, вул. Шевченка, 18, кв. 42",
        district="centre",
        verification="strong",
        document_kind="паспорт громадянина України (ID-картка)",
        national_id=rnokpp(
            birth_date=_DEMO_BIRTH_DATE, gender="f", serial=999, rng=random.Random(DEMO_RESIDENT)
        ),
    ),
    *residents(
        seed=f"{SLUG}-residents-v1",
        count=RESIDENT_COUNT,
        email_format="resident{:03d}@svitlohirsk.example",
        districts=DISTRICTS,
        serial_start=0,
    ),
)

_MORNING, _NOON, _AFTERNOON = dt.time(9, 30), dt.time(12, 15), dt.time(16, 0)

ARTICLES = (
    ArticleSpec(
        slug="onovlenyi-cnap",
        kind="news",
        days_ago=2,
        time=_MORNING,
        author="official.cnap@svitlohirsk.example",
        pinned=True,
        title="Оновлений ЦНАП на проспекті Незалежності працює довше",
        title_en="The renovated TsNAP on Nezalezhnosti Avenue now opens longer",
        summary_en="After its renovation the administrative service centre is open until 20:00 on Tuesdays "
        "and Thursdays and until 15:00 on Saturdays.",
        summary=prose("""
            Після ремонту Центр надання адміністративних послуг приймає відвідувачів у вівторок і четвер
            до 20:00, а в суботу — до 15:00.
        """),
        body=prose("""
            Центр надання адміністративних послуг на просп. Незалежності, 15 відкрився після ремонту.
            Зал очікування став просторішим, з’явилися дитячий куточок і кабінка для конфіденційних
            консультацій.

            Тепер ЦНАП працює у вівторок і четвер до 20:00, а в суботу — з 8:00 до 15:00, щоб мешканці
            могли оформити документи після роботи.

            Записатися на зручний час можна за телефоном (04736) 2-30-00. Мешканці Калинівки можуть
            отримати більшість послуг на віддаленому робочому місці ЦНАП у приміщенні старостату.
        """),
        body_en=prose("""
            The administrative service centre at 15 Nezalezhnosti Avenue has reopened after renovation,
            with a larger waiting area, a children's corner and a booth for private consultations.

            It now stays open until 20:00 on Tuesdays and Thursdays and from 8:00 to 15:00 on Saturdays.

            Book a time by phone on (04736) 2-30-00. Kalynivka residents can get most services at the
            remote TsNAP workplace in the starosta office.
        """),
    ),
    ArticleSpec(
        slug="vidkliuchennia-hariachoi-vody-zavodskyi",
        kind="announcement",
        days_ago=4,
        time=_AFTERNOON,
        author="official.zhkg@svitlohirsk.example",
        title="Планове відключення гарячої води в Заводському районі",
        title_en="Planned hot-water outage in the Factory District",
        summary="КП «Світлогірськтепло» проводить гідравлічні випробування тепломереж.",
        summary_en="The municipal heating company Svitlohirskteplo is pressure-testing the heating mains.",
        body=prose("""
            КП «Світлогірськтепло» повідомляє про планові гідравлічні випробування тепломереж. Протягом
            трьох днів у будинках на вулицях Металургів, Заводській і Героїв України не буде гарячої води.

            Точний графік для кожного будинку розміщено на дошках оголошень під’їздів. Довідки — за
            телефоном (04736) 2-15-15.
        """),
        body_en=prose("""
            The municipal heating company Svitlohirskteplo will pressure-test the heating mains. For three
            days there will be no hot water in the buildings on Metalurhiv, Zavodska and Heroiv Ukrainy
            streets.

            The schedule for each building is posted on the notice boards in the entrances. Information by
            phone on (04736) 2-15-15.
        """),
    ),
    ArticleSpec(
        slug="biudzhet-uchasti-holosuvannia",
        kind="news",
        days_ago=7,
        time=_NOON,
        author="official.ekonomika@svitlohirsk.example",
        title="Розпочалося голосування за проєкти бюджету участі",
        title_en="Voting on participatory-budget projects has begun",
        summary_en="For three weeks every resident aged 16 or older can support projects of their district "
        "and of the whole hromada.",
        summary=prose("""
            Три тижні кожен мешканець громади, якому виповнилося 16 років, може підтримати проєкти свого
            округу та всієї громади.
        """),
        body=prose("""
            Відділ економічного розвитку та інвестицій повідомляє: після перевірки департаментами на
            голосування винесено 12 проєктів мешканців. На бюджет участі наступного року передбачено
            5 мільйонів гривень — по 900 тисяч на кожен із трьох округів і 2,3 мільйона на
            загальногромадські проєкти.

            Проголосувати можна на порталі громади після підтвердження особи або в ЦНАП із паспортом.
            Переможців визначить метод рівних часток.
        """),
        body_en=prose("""
            The Economic Development Department reports that 12 residents' projects passed the
            departments' review and are now on the ballot. Next year's participatory budget is
            UAH 5 million: UAH 900,000 for each of three districts and UAH 2.3 million for
            hromada-wide projects.

            Vote on the hromada portal once your identity is verified, or at TsNAP with your passport.
            The winners are chosen by the Method of Equal Shares.
        """),
    ),
    ArticleSpec(
        slug="termomodernizatsiia-litseiu-3",
        kind="news",
        days_ago=11,
        time=_MORNING,
        author="official.osvita@svitlohirsk.example",
        title="У ліцеї № 3 завершили термомодернізацію",
        summary=prose("""
            Нові вікна, утеплений фасад та індивідуальний тепловий пункт мають удвічі зменшити витрати
            на опалення.
        """),
        body=prose("""
            У Світлогірському ліцеї № 3 імені Лесі Українки завершили термомодернізацію: замінено вікна,
            утеплено фасад і дах, встановлено індивідуальний тепловий пункт.

            За розрахунками енергоаудиторів, витрати на опалення зменшаться майже вдвічі. Роботи
            профінансовано з бюджету громади та коштом міжнародного партнера.
        """),
    ),
    ArticleSpec(
        slug="zapys-do-pershoho-klasu",
        kind="announcement",
        days_ago=15,
        time=_NOON,
        author="official.osvita@svitlohirsk.example",
        title="Запис дітей до першого класу: що потрібно знати",
        title_en="Enrolling children in first grade: what you need to know",
        summary_en="Schools accept applications until 31 May.",
        summary="Заяви до закладів загальної середньої освіти приймають до 31 травня.",
        body=prose("""
            Управління освіти нагадує: заяви про зарахування дітей до першого класу приймають до
            31 травня. Діти, які проживають на території обслуговування закладу, зараховуються без
            конкурсу.

            Потрібні заява, копія свідоцтва про народження, медична довідка та документ, що підтверджує
            місце проживання. Подати заяву можна в закладі освіти або через ЦНАП.
        """),
        body_en=prose("""
            The Education Department reminds parents that first-grade applications are accepted until
            31 May. Children living in a school's catchment area are admitted without selection.

            Bring the application, a copy of the birth certificate, a medical certificate and a document
            proving your address. Apply at the school or through TsNAP.
        """),
    ),
    ArticleSpec(
        slug="novi-shkilni-avtobusy",
        kind="news",
        days_ago=19,
        time=_AFTERNOON,
        author="official.osvita@svitlohirsk.example",
        title="Громада отримала два нові шкільні автобуси",
        title_en="The hromada has two new school buses",
        summary="Автобуси возитимуть учнів із Калинівки до ліцеїв міста.",
        summary_en="The buses will take pupils from Kalynivka to the town's lyceums.",
        body=prose("""
            Світлогірська громада отримала два нові шкільні автобуси. Вони курсуватимуть між Калинівкою
            та ліцеями № 4 і № 5, а також возитимуть дітей на змагання й екскурсії.

            Розклад руху погоджено з адміністраціями закладів освіти і розміщено на їхніх сайтах.
        """),
        body_en=prose("""
            The Svitlohirsk hromada has received two new school buses. They will run between Kalynivka and
            lyceums No. 4 and No. 5 and take children to competitions and excursions.

            The timetable is agreed with the schools and published on their websites.
        """),
    ),
    ArticleSpec(
        slug="hromadski-slukhannia-pivnichnyi",
        kind="announcement",
        days_ago=24,
        time=_MORNING,
        author="admin@svitlohirsk.example",
        title="Громадські слухання щодо детального плану Північного району",
        summary="Обговорення проєкту детального плану території відбудеться у Палаці культури «Світанок».",
        body=prose("""
            Запрошуємо мешканців на громадські слухання щодо проєкту детального плану території
            Північного району. Проєкт передбачає новий сквер, велодоріжку вулицею Лесі Українки та
            ділянку під початкову школу.

            Слухання відбудуться у Палаці культури «Світанок» о 18:00. Письмові пропозиції приймає ЦНАП.
        """),
    ),
    ArticleSpec(
        slug="vechory-nastilnykh-ihor",
        kind="news",
        days_ago=30,
        time=_AFTERNOON,
        author="official.kultura@svitlohirsk.example",
        title="Бібліотека імені Івана Франка запрошує на вечори настільних ігор",
        title_en="The Ivan Franko Library invites you to board-game evenings",
        summary_en="Every Friday at 17:00: games for children and adults, free entry.",
        summary="Щоп’ятниці о 17:00 — ігри для дітей і дорослих, вхід вільний.",
        body=prose("""
            Центральна міська бібліотека імені Івана Франка щоп’ятниці о 17:00 проводить вечори
            настільних ігор. У колекції — понад сорок ігор українських видавців.

            Вхід вільний, реєстрація не потрібна.
        """),
        body_en=prose("""
            Every Friday at 17:00 the Ivan Franko Central Library hosts board-game evenings, with more
            than forty games by Ukrainian publishers.

            Entry is free; no registration needed.
        """),
    ),
)

HELP_PAGES = (
    HelpPageSpec(
        slug="yak-pidtverdyty-osobu",
        order=10,
        title="Як підтвердити особу",
        title_en="How to verify your identity",
        body=prose("""
            Створювати петиції та голосувати за проєкти бюджету участі онлайн можуть лише мешканці, які
            підтвердили особу.

            1. Підтвердьте електронну пошту за посиланням із листа.

            2. Прийдіть до ЦНАП із паспортом громадянина України та РНОКПП (ідентифікаційним кодом).
            Адміністратор перевірить документ і підтвердить вашу особу в системі.

            Ми не зберігаємо ваш РНОКПП — лише його захищений відбиток, щоб одна людина мала один
            обліковий запис.
        """),
        body_en=prose("""
            Only residents who verified their identity can start petitions and vote on
            participatory-budget projects online.

            1. Confirm your e-mail address with the link we send you.

            2. Visit TsNAP with your passport and taxpayer number (RNOKPP). The administrator checks the
            document and confirms your identity.

            We do not store your RNOKPP, only a protected fingerprint of it, so that one person has one
            account.
        """),
    ),
    HelpPageSpec(
        slug="yak-pratsiuiut-petytsii",
        order=20,
        title="Як працюють електронні петиції",
        title_en="How e-petitions work",
        body=prose("""
            Петицію може створити мешканець громади, який підтвердив особу. Модератор перевіряє її
            протягом двох робочих днів і публікує або відмовляє з поясненням.

            Опублікована петиція збирає підписи 90 днів. Якщо вона набрала 20 підписів, наступного
            робочого дня її передають адресатові, а той відповідає протягом десяти робочих днів. Петицію,
            що не набрала підписів, розглядають як звичайне звернення.
        """),
        body_en=prose("""
            A resident who verified their identity can start a petition. A moderator checks it within
            two working days and publishes it or refuses with reasons.

            A published petition collects signatures for 90 days. With 20 signatures it goes to its
            addressee on the next working day, who answers within ten working days. A petition that does
            not collect enough signatures is answered as an ordinary appeal.
        """),
    ),
    HelpPageSpec(
        slug="yak-korystuvatysia-kartoiu",
        order=30,
        title="Як користуватися картою",
        title_en="How to use the map",
        body=prose("""
            На карті позначено межі районів і всі комунальні заклади громади: ЦНАП, садочки, школи,
            амбулаторії, бібліотеки.

            Фільтруйте заклади за типом і районом або шукайте за назвою чи адресою. Натисніть на
            позначку, щоб побачити телефон і графік роботи.
        """),
        body_en=prose("""
            The map shows district boundaries and every municipal institution: TsNAP, kindergartens,
            schools, clinics, libraries.

            Filter by type and district or search by name or address. Click a marker for the phone
            number and opening hours.
        """),
    ),
    HelpPageSpec(
        slug="kontakty",
        order=40,
        title="Контакти",
        title_en="Contacts",
        body=prose("""
            Світлогірська міська рада: просп. Незалежності, 1; телефон (04736) 2-10-01;
            rada@svitlohirsk.example.

            ЦНАП: просп. Незалежності, 15; телефон (04736) 2-30-00.

            Аварійна служба водоканалу: (04736) 2-15-16 (цілодобово).
        """),
        body_en=prose("""
            Svitlohirsk City Council: 1 Nezalezhnosti Avenue; phone (04736) 2-10-01;
            rada@svitlohirsk.example.

            TsNAP: 15 Nezalezhnosti Avenue; phone (04736) 2-30-00.

            Water utility emergency line: (04736) 2-15-16 (24/7).
        """),
    ),
)

PLAN = HromadaPlan(
    slug=SLUG,
    name="Світлогірська міська територіальна громада",
    name_en="Svitlohirsk City Territorial Hromada",
    katottg="UA71080230000051627",
    kind="city",
    is_default=True,
    center_lat=49.199,
    center_lon=32.640,
    map_zoom=12,
    email="rada@svitlohirsk.example",
    phone="(04736) 2-10-01",
    website="https://svitlohirsk.example/",
    hosts=("svitlohirsk.localhost",),
    verifier=CNAP_OFFICER,
    districts=DISTRICTS,
    departments=DEPARTMENTS,
    institutions=INSTITUTIONS,
    staff=STAFF,
    residents=RESIDENTS,
    articles=ARTICLES,
    help_pages=HELP_PAGES,
)
