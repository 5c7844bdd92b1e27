"""The twelve services the demo offers fully online (like Khmelnytskyi's first twelve): their form and
workflow definitions, and the card details the seed table does not hold (documents, result, department).
Plain data in the definition format of ``definitions.py``; the import keys them by the seed row number.
"""

from __future__ import annotations

from typing import Any


def _l(uk: str, en: str) -> dict[str, str]:
    return {"uk": uk, "en": en}


def _f(name: str, kind: str, uk: str, en: str, *, required: bool = True, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "label": _l(uk, en), "required": required, **extra}


APPLICANT = [
    _f("full_name", "person", "Прізвище, ім'я, по батькові", "Full name", prefill="full_name"),
    _f("phone", "phone", "Телефон", "Phone", prefill="phone"),
]
REFUSALS = [
    {"code": "incomplete", "label": _l("Подано неповний пакет документів", "The documents are incomplete")},
    {"code": "false_data", "label": _l("Виявлено недостовірні відомості", "The data given are not true")},
    {"code": "not_entitled", "label": _l("Заявник не має права на послугу", "The applicant is not entitled")},
]
PDF_OR_IMAGE: dict[str, Any] = {"file_types": ["pdf", "image"], "max_mb": 5}


def _workflow(*stages: tuple[str, str, str, str, int], two_step: bool = False) -> dict[str, Any]:
    return {
        "stages": [
            {"key": key, "title": _l(uk, en), "role": role, "action": "В", "days": days}
            for key, uk, en, role, days in stages
        ],
        "two_step": two_step,
        "refusal_reasons": REFUSALS,
    }


CHECK = ("check", "Перевірка документів", "Checking the documents", "cnap_officer", 1)
DECIDE = ("decide", "Підготовка рішення", "Preparing the decision", "specialist", 3)
APPROVE = ("approve", "Затвердження рішення", "Approving the decision", "head", 1)


def _spec(
    fields: list[dict[str, Any]], *, level: int = 1, two_step: bool = False, days: int = 3
) -> dict[str, Any]:
    decide = (*DECIDE[:4], days)
    stages = (CHECK, decide, APPROVE) if two_step else (CHECK, decide)
    return {
        "identity_level": level,
        "fields": APPLICANT + fields,
        "workflow": _workflow(*stages, two_step=two_step),
    }


# seed row → (department key in the demo, documents, result, definition)
ONLINE: dict[int, dict[str, Any]] = {
    1: {
        "department": "cnap",
        "documents": [
            "Заява",
            "Паспорт громадянина України",
            "Документ про право на проживання",
            "Квитанція",
        ],
        "result": "Внесення відомостей до реєстру територіальної громади",
        "spec": _spec(
            [
                _f("address", "address", "Нова адреса", "New address"),
                _f("passport", "id_card", "Номер ID-картки", "ID-card number"),
                _f("rnokpp", "rnokpp", "РНОКПП", "Taxpayer number (RNOKPP)"),
                _f(
                    "right",
                    "file",
                    "Документ про право на житло",
                    "Document of the right to live there",
                    **PDF_OR_IMAGE,
                ),
            ],
            level=3,
            days=0,
        ),
    },
    4: {
        "department": "cnap",
        "documents": ["Заява", "Паспорт громадянина України"],
        "result": "Витяг з реєстру територіальної громади",
        "spec": _spec(
            [_f("purpose", "text", "Для чого потрібен витяг", "What the extract is for", required=False)],
            level=3,
            days=0,
        ),
    },
    6: {
        "department": "cnap",
        "documents": ["Свідоцтво про народження", "Фотографія", "Довідка про реєстрацію місця проживання"],
        "result": "Паспорт громадянина України у формі ID-картки",
        "spec": _spec(
            [
                _f("child_name", "person", "ПІБ дитини", "Child's full name"),
                _f("birth_date", "date", "Дата народження дитини", "Child's date of birth"),
                _f(
                    "birth_certificate",
                    "file",
                    "Свідоцтво про народження",
                    "Birth certificate",
                    **PDF_OR_IMAGE,
                ),
            ],
            level=3,
        ),
    },
    35: {
        "department": "housing",
        "documents": ["Заява", "Документ про право на земельну ділянку", "Ескіз намірів забудови"],
        "result": "Будівельний паспорт забудови земельної ділянки",
        "spec": _spec(
            [
                _f("cadastral", "cadastral", "Кадастровий номер ділянки", "Cadastral number of the plot"),
                _f(
                    "sketch",
                    "file",
                    "Ескіз намірів забудови",
                    "Sketch of the building plans",
                    file_types=["pdf"],
                    max_mb=10,
                ),
            ],
            two_step=True,
            days=8,
        ),
    },
    37: {
        "department": "housing",
        "documents": [
            "Заява",
            "Документ про право на ділянку",
            "Викопіювання з топографо-геодезичного плану",
        ],
        "result": "Містобудівні умови та обмеження",
        "spec": _spec(
            [
                _f("cadastral", "cadastral", "Кадастровий номер ділянки", "Cadastral number of the plot"),
                _f("purpose", "textarea", "Що планується будувати", "What will be built"),
                _f(
                    "plan",
                    "file",
                    "Викопіювання з плану",
                    "Extract from the plan",
                    file_types=["pdf"],
                    max_mb=10,
                ),
            ],
            two_step=True,
            days=8,
        ),
    },
    38: {
        "department": "housing",
        "documents": ["Заява", "Документ про право власності", "Документ про прийняття в експлуатацію"],
        "result": "Рішення про присвоєння адреси",
        "spec": _spec(
            [
                _f(
                    "kind",
                    "choice",
                    "Об'єкт",
                    "Object",
                    choices=[
                        {"value": "house", "label": _l("Житловий будинок", "House")},
                        {"value": "plot", "label": _l("Земельна ділянка", "Land plot")},
                    ],
                ),
                _f(
                    "cadastral",
                    "cadastral",
                    "Кадастровий номер",
                    "Cadastral number",
                    show_if={"field": "kind", "equals": "plot"},
                ),
                _f("location", "address", "Місце розташування", "Location"),
                _f("ownership", "file", "Документ про право власності", "Title document", **PDF_OR_IMAGE),
            ],
            two_step=True,
        ),
    },
    43: {
        "department": "economy",
        "documents": ["Заява", "Фотокартка місця розташування", "Ескіз рекламного засобу"],
        "result": "Дозвіл на розміщення зовнішньої реклами",
        "spec": _spec(
            [
                _f(
                    "edrpou", "text", "Код ЄДРПОУ або РНОКПП розповсюджувача", "Advertiser's EDRPOU or RNOKPP"
                ),
                _f("location", "address", "Адреса розміщення", "Where it will stand"),
                _f("size", "number", "Площа рекламного засобу, м²", "Area, m²"),
                _f(
                    "sketch",
                    "file",
                    "Ескіз з фотографією місця",
                    "Sketch with a photo of the place",
                    **PDF_OR_IMAGE,
                ),
            ],
            two_step=True,
            days=10,
        ),
    },
    44: {
        "department": "housing",
        "documents": ["Заява", "Схема розташування зелених насаджень"],
        "result": "Ордер на видалення зелених насаджень",
        "spec": _spec(
            [
                _f("location", "address", "Адреса", "Address", district=True),
                _f("trees", "number", "Кількість дерев", "Number of trees"),
                _f("reason", "textarea", "Причина видалення", "Why they must be removed"),
                _f("photo", "file", "Фото насаджень", "Photo of the trees", file_types=["image"], max_mb=5),
            ],
            days=10,
        ),
    },
    45: {
        "department": "social",
        "documents": ["Заява", "Свідоцтво про народження дитини", "Паспорт"],
        "result": "Призначення допомоги при народженні дитини",
        "spec": _spec(
            [
                _f("child_name", "person", "ПІБ дитини", "Child's full name"),
                _f("birth_date", "date", "Дата народження дитини", "Child's date of birth"),
                _f("rnokpp", "rnokpp", "РНОКПП заявника", "Applicant's RNOKPP"),
                _f("iban", "text", "IBAN рахунку для виплати", "IBAN for the payment", max_length=34),
                _f(
                    "birth_certificate",
                    "file",
                    "Свідоцтво про народження",
                    "Birth certificate",
                    **PDF_OR_IMAGE,
                ),
            ],
            level=3,
            days=10,
        ),
    },
    48: {
        "department": "social",
        "documents": ["Заява", "Паспорт", "Документ про місце проживання до переміщення"],
        "result": "Довідка про взяття на облік внутрішньо переміщеної особи",
        "spec": _spec(
            [
                _f("former_address", "address", "Адреса до переміщення", "Address before moving"),
                _f("current_address", "address", "Фактичне місце проживання", "Where you live now"),
                _f(
                    "passport",
                    "passport",
                    "Номер паспорта (книжечки), якщо немає ID-картки",
                    "Passport number",
                    required=False,
                ),
            ],
            level=2,
            days=15,
        ),
    },
    55: {
        "department": "housing",
        "documents": ["Заява", "Довідка про склад сім'ї", "Документи про пільги"],
        "result": "Рішення про взяття на квартирний облік",
        "spec": _spec(
            [
                _f(
                    "queue",
                    "choice",
                    "Черга",
                    "Queue",
                    choices=[
                        {"value": "general", "label": _l("Загальна", "General")},
                        {"value": "priority", "label": _l("Першочергова", "Priority")},
                        {"value": "out_of_turn", "label": _l("Позачергова", "Out of turn")},
                    ],
                ),
                _f("family", "number", "Кількість членів сім'ї", "Family members"),
                _f(
                    "benefit",
                    "file",
                    "Документ про пільгу",
                    "Document of the benefit",
                    required=False,
                    show_if={"field": "queue", "equals": "priority"},
                    **PDF_OR_IMAGE,
                ),
            ],
            level=3,
            two_step=True,
            days=20,
        ),
    },
    56: {
        "department": "education",
        "documents": ["Свідоцтво про народження дитини", "Медична довідка"],
        "result": "Місце в електронній черзі до закладу дошкільної освіти",
        "spec": _spec(
            [
                _f("child_name", "person", "ПІБ дитини", "Child's full name"),
                _f("birth_date", "date", "Дата народження дитини", "Child's date of birth"),
                _f("wanted", "text", "Бажаний заклад", "Preferred kindergarten"),
                _f("email", "email", "Електронна пошта", "E-mail", prefill="email"),
            ],
            level=2,
            days=5,
        ),
    },
}

ENGLISH_TITLES = {
    1: "Registration of the place of residence",
    4: "Extract from the register of the territorial community",
    6: "First passport (ID card) at 14",
    35: "Building passport for a land plot",
    37: "Urban-planning conditions and restrictions",
    38: "Assignment of an address to real estate",
    43: "Outdoor advertising permit",
    44: "Removal of green plantings",
    45: "Assistance at the birth of a child",
    48: "Registration certificate of an internally displaced person",
    55: "Housing register (waiting list)",
    56: "Kindergarten e-registration",
}

UK_TITLES = {
    1: "Реєстрація місця проживання/перебування",
    4: "Витяг з реєстру територіальної громади",
    6: "Паспорт (ID-картка) вперше у 14 років",
    35: "Будівельний паспорт забудови земельної ділянки",
    37: "Містобудівні умови та обмеження",
    38: "Присвоєння адреси об'єкту нерухомого майна",
    43: "Дозвіл на розміщення зовнішньої реклами",
    44: "Видалення зелених насаджень (акт, ордер)",
    45: "Допомога при народженні дитини",
    48: "Довідка про взяття на облік ВПО",
    55: "Взяття на квартирний облік",
    56: "Е-реєстрація дитини до ЗДО (черга)",
}
