"""The officials' consultation preparation pages in a real browser: at 360 px without sideways scrolling,
in both languages, and passing axe-core."""

from __future__ import annotations

import pytest

from hromada.consultations.tests.factories import ConsultationFactory
from tests.factories import DistrictFactory, browser_login_with_totp, make_official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_preparation_pages_fit_a_360_px_phone_and_pass_axe(page, site, hromada, assert_accessible):
    official = make_official(hromada, full_name="Посадовиця Консультацій")
    DistrictFactory(hromada=hromada, name="Центральний округ із дуже довгою назвою для перевірки ширини")
    draft = ConsultationFactory(hromada=hromada, title="Перейменування вулиць у старій частині міста")
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login_with_totp(page, official, next_url="/consultations/")

    for path in (
        "/consultations/",
        "/consultations/new/",
        f"/consultations/{draft.pk}/prepare/",
        f"/en/consultations/{draft.pk}/prepare/",
    ):
        response = page.goto(path)
        assert response is not None and response.ok, path
        assert page.url.endswith(path), page.url  # the page itself, not a login page shown instead
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert_accessible(page, path)
    assert "Add the draft text" in page.locator("#draft").inner_text()


def test_the_editing_hearing_and_matrix_pages_fit_a_360_px_phone_and_pass_axe(
    page, site, hromada, assert_accessible
):
    import datetime as dt

    from hromada.consultations import actions
    from hromada.core import clock

    official = make_official(hromada, full_name="Посадовиця Консультацій")
    opens = clock.now() + dt.timedelta(days=2)
    prepared = actions.consultation_create(
        hromada=hromada,
        by=official,
        title="Облаштування скверу біля ліцею з дуже довгою назвою для перевірки ширини",
        summary="Що має бути у сквері?",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=20),
    )
    first = actions.question_add(
        consultation=prepared, by=official, kind="single", text="Чи потрібен сквер?", options=["Так", "Ні"]
    )
    matrix = actions.question_add(
        consultation=prepared,
        by=official,
        kind="matrix",
        text="Як ви оцінюєте сквер?",
        options=["Добре", "Задовільно", "Погано"],
        rows=["Освітлення вечорами й уночі", "Лавки", "Прибирання"],
    )
    actions.question_add(
        consultation=prepared, by=official, kind="text", text="Чому ні?", show_if=first.options.get(text="Ні")
    )
    hearing = actions.hearing_add(
        consultation=prepared,
        by=official,
        title="Громадські слухання",
        starts_at=opens + dt.timedelta(days=5),
        ends_at=opens + dt.timedelta(days=5, hours=2),
        place="Ліцей № 2, актова зала",
        online_url="https://meet.example.org/a-very-long-meeting-link-that-must-wrap-on-a-phone-screen",
        capacity=30,
    )
    open_one = actions.consultation_create(
        hromada=hromada,
        by=official,
        title="Відкрита консультація",
        summary="Оцініть парк.",
        opens_at=clock.now(),
        closes_at=clock.now() + dt.timedelta(days=10),
    )
    actions.question_add(
        consultation=open_one,
        by=official,
        kind="matrix",
        text="Як вам у парку?",
        options=["Добре", "Задовільно", "Погано"],
        rows=["Освітлення вечорами й уночі", "Лавки"],
    )
    actions.hearing_add(
        consultation=open_one,
        by=official,
        title="Слухання в парку",
        starts_at=clock.now() + dt.timedelta(days=3),
        ends_at=clock.now() + dt.timedelta(days=3, hours=1),
        place="Парк, літня сцена",
        capacity=5,
    )
    actions.consultation_announce(consultation=open_one, by=official)
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login_with_totp(page, official, next_url="/consultations/")

    for path in (
        f"/consultations/{prepared.pk}/prepare/",
        f"/consultations/{prepared.pk}/prepare/settings/",
        f"/consultations/{prepared.pk}/prepare/questions/{matrix.pk}/",
        f"/consultations/{prepared.pk}/prepare/hearings/{hearing.pk}/",
        f"/en/consultations/{prepared.pk}/prepare/settings/",
        f"/consultations/{open_one.pk}/",
        f"/en/consultations/{open_one.pk}/",
    ):
        response = page.goto(path)
        assert response is not None and response.ok, path
        assert page.url.endswith(path), page.url
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert_accessible(page, path)


def test_the_attendance_list_fits_360_and_1280_px_in_both_languages_and_prints_without_the_header(
    page, site, hromada, assert_accessible, screenshot_dir
):
    import datetime as dt

    from hromada.consultations import actions
    from hromada.consultations.tests.factories import make_participant
    from hromada.core import clock

    official = make_official(hromada, full_name="Посадовиця Консультацій")
    consultation = actions.consultation_create(
        hromada=hromada,
        by=official,
        title="Облаштування скверу біля ліцею з дуже довгою назвою для перевірки ширини",
        summary="Що має бути у сквері?",
        opens_at=clock.now(),
        closes_at=clock.now() + dt.timedelta(days=20),
    )
    hearing = actions.hearing_add(
        consultation=consultation,
        by=official,
        title="Громадські слухання щодо скверу",
        title_en="Public hearing on the square",
        starts_at=clock.now() + dt.timedelta(days=5),
        ends_at=clock.now() + dt.timedelta(days=5, hours=2),
        place="Ліцей № 2, актова зала, вулиця Соборна, будинок 14",
        capacity=3,
    )
    actions.consultation_announce(consultation=consultation, by=official)
    for name in (
        "Шевченко Ірина Олександрівна",
        "Ґудзь Олег",
        "Квітка-Основ'яненко Григорій Федорович",
        "Єрмак Анна",  # waits: not on the list
    ):
        actions.hearing_register(hearing=hearing, person=make_participant(hromada, full_name=name))
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login_with_totp(page, official, next_url="/consultations/")

    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for prefix in ("", "/en"):
            path = f"{prefix}/consultations/{consultation.pk}/hearings/{hearing.pk}/attendance/"
            response = page.goto(path)
            assert response is not None and response.ok, path
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
            assert_accessible(page, path)
            language = "en" if prefix else "uk"
            page.screenshot(
                path=screenshot_dir / f"consultations-attendance-{language}-{width}.png", full_page=True
            )
    names = page.locator("table.attendance tbody td:nth-child(2)").all_inner_texts()
    assert names == ["Ґудзь Олег", "Квітка-Основ'яненко Григорій Федорович", "Шевченко Ірина Олександрівна"]
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator("table.attendance").is_visible()
    page.screenshot(path=screenshot_dir / "consultations-attendance-print.png", full_page=True)


def test_a_resident_answers_the_survey_and_comments_a_paragraph_in_a_browser(
    page, site, hromada, log_in, assert_accessible, screenshot_dir
):
    """Issue 17's browser test: a resident on a 360 px phone answers an open consultation's survey, then
    comments a paragraph of its draft; both pages pass axe."""
    from hromada.consultations.models import Contribution, SurveyResponse
    from hromada.consultations.tests.factories import make_consultation, make_participant

    consultation = make_consultation(hromada, opinion=False)
    resident = make_participant(hromada, full_name="Мешканка Опитування")
    first = consultation.questions.get(position=1)
    scale = consultation.questions.get(position=3)
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(resident.email, next_url=f"/consultations/{consultation.pk}/")

    page.goto(f"/consultations/{consultation.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page, "consultation page")
    page.locator(f"input[name=q{first.pk}][value='{first.options.get(text='Так').pk}']").check()
    page.locator(f"input[name=q{scale.pk}]").fill("4")
    with page.expect_navigation():
        page.locator("#survey button[type=submit]").click()

    assert "Вашу відповідь збережено." in page.content()
    answer = SurveyResponse.objects.get(consultation=consultation, person=resident)
    assert answer.answers.get(question=scale).number == 4
    assert "4" in page.locator("dl.my-answer").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page, "consultation page, answered")
    page.locator("#change-answer summary").click()
    page.locator("#survey").screenshot(path=screenshot_dir / "consultations-answered-uk-360.png")
    page.locator(f"#change-answer input[name=q{scale.pk}]").fill("2")
    with page.expect_navigation():
        page.locator("#change-answer button[type=submit]").click()

    assert "Вашу відповідь змінено." in page.content()
    answer.refresh_from_db()
    assert answer.version == 2 and answer.answers.get(question=scale).number == 2
    page.locator("a[href*='/paragraphs/']").first.click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page, "paragraph page")
    page.locator("textarea[name=text]").fill("Прохід уздовж майданчика має бути ширшим.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()

    assert "Прохід уздовж майданчика має бути ширшим." in page.locator("main").inner_text()
    assert Contribution.objects.get(author=resident).paragraph.version.consultation_id == consultation.pk


def test_ticking_off_who_came_works_on_a_360_px_phone_and_passes_axe(
    page, site, hromada, assert_accessible, screenshot_dir
):
    import datetime as dt

    from hromada.consultations import actions
    from hromada.consultations.models import HearingRegistration
    from hromada.consultations.tests.factories import make_participant
    from hromada.core import clock

    official = make_official(hromada, full_name="Посадовиця Консультацій")
    consultation = actions.consultation_create(
        hromada=hromada,
        by=official,
        title="Облаштування скверу біля ліцею з дуже довгою назвою для перевірки ширини",
        summary="Що має бути у сквері?",
        opens_at=clock.now(),
        closes_at=clock.now() + dt.timedelta(days=20),
    )
    hearing = actions.hearing_add(
        consultation=consultation,
        by=official,
        title="Громадські слухання щодо скверу",
        starts_at=clock.now() + dt.timedelta(days=5),
        ends_at=clock.now() + dt.timedelta(days=5, hours=2),
        place="Ліцей № 2, актова зала",
        capacity=3,
    )
    actions.consultation_announce(consultation=consultation, by=official)
    registrations = [
        actions.hearing_register(hearing=hearing, person=make_participant(hromada, full_name=name))
        for name in ("Шевченко Ірина Олександрівна", "Ґудзь Олег", "Квітка-Основ'яненко Григорій Федорович")
    ]
    page.set_viewport_size({"width": 360, "height": 740})
    path = f"/consultations/{consultation.pk}/hearings/{hearing.pk}/attendance/"

    with clock.use(lambda: hearing.starts_at + dt.timedelta(minutes=15)):
        browser_login_with_totp(page, official, next_url=path)
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert_accessible(page, path)
        page.get_by_label("Ґудзь Олег").check()
        page.get_by_label("Скільки прийшло без реєстрації").fill("2")
        page.get_by_label("Їхні імена, якщо їх назвали (по одному в рядку)").fill("Петренко Марія")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()

        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert "3 особи прийшли" in page.locator("main").inner_text()
        assert_accessible(page, path + " (saved)")
        page.screenshot(path=screenshot_dir / "consultations-tick-off-walk-ins-uk-360.png", full_page=True)
    came = HearingRegistration.objects.filter(attended_at__isnull=False)
    assert list(came.values_list("pk", flat=True)) == [registrations[1].pk]
    hearing.refresh_from_db()
    assert hearing.walk_ins == 2 and hearing.walk_in_names == "Петренко Марія"


def test_the_survey_results_charts_fit_360_and_1280_px_in_both_languages_and_pass_axe(
    page, site, hromada, assert_accessible, screenshot_dir
):
    """A closed consultation's results: the scale's histogram with its mean, the ranking's Borda bars and a
    matrix's stacked rows, drawn as SVG on the server, with their numbers as text; no sideways scrolling."""
    import datetime as dt

    from hromada.consultations import actions
    from hromada.consultations.tests.factories import make_participant
    from hromada.core import clock

    official = make_official(hromada, full_name="Посадовиця Консультацій")
    opens = clock.now() + dt.timedelta(days=1)
    consultation = actions.consultation_create(
        hromada=hromada,
        by=official,
        title="Маршрути автобусів",
        summary="Як вам автобуси?",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=10),
    )
    scale = actions.question_add(
        consultation=consultation, by=official, kind="scale", text="Наскільки ви задоволені?", required=True
    )
    ranking = actions.question_add(
        consultation=consultation,
        by=official,
        kind="ranking",
        text="Що найважливіше?",
        options=["Частота рейсів", "Чистота салону", "Пунктуальність водіїв та дотримання розкладу"],
    )
    matrix = actions.question_add(
        consultation=consultation,
        by=official,
        kind="matrix",
        text="Оцініть маршрути",
        options=["Добре", "Так собі", "Погано"],
        rows=["Маршрут № 1 через центр", "Маршрут № 2", "Маршрут № 3 до вокзалу"],
    )
    actions.consultation_announce(consultation=consultation, by=official)
    consultation.refresh_from_db()
    order = list(ranking.options.values_list("pk", flat=True))
    columns, rows = (list(part) for part in matrix.split_options())
    with clock.use(lambda: opens + dt.timedelta(days=1)):
        for n in range(7):
            actions.survey_answer(
                consultation=consultation,
                person=make_participant(hromada),
                values={
                    scale.pk: 1 + n % 5,
                    ranking.pk: order[n % 3 :] + order[: n % 3],
                    matrix.pk: {row.pk: columns[(n + i) % 3].pk for i, row in enumerate(rows)},
                },
            )

    with clock.use(lambda: opens + dt.timedelta(days=12)):
        for width in (360, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            for prefix in ("", "/en"):
                path = f"{prefix}/consultations/{consultation.pk}/"
                response = page.goto(path)
                assert response is not None and response.ok, path
                assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
                assert page.locator("svg.chart").count() == 3
                assert_accessible(page, path)
                language = "en" if prefix else "uk"
                page.locator("#survey").screenshot(
                    path=screenshot_dir / f"consultations-charts-{language}-{width}.png"
                )


def _premoderated_with_a_moderator(hromada, title, statements):
    """A pre-moderated consultation with ``statements`` waiting, and a moderator (of no department: they
    moderate it) who lives in the hromada."""
    from hromada.accounts.models import HromadaRole
    from hromada.consultations import actions
    from hromada.consultations.tests.factories import make_consultation, make_participant
    from tests.factories import UserFactory

    consultation = make_consultation(
        hromada, title=title, survey=False, draft=False, premoderate_statements=True
    )
    for text in statements:
        actions.statement_add(consultation=consultation, person=make_participant(hromada), text=text)
    moderator = UserFactory(
        hromada=hromada, is_staff=True, verification_level=1, full_name="Модераторка Консультацій"
    )
    HromadaRole.objects.create(user=moderator, hromada=hromada, role=HromadaRole.Role.MODERATOR)
    return consultation, moderator


def test_the_statement_moderation_queue_fits_360_px_in_both_languages_and_passes_axe(
    page, site, hromada, assert_accessible, screenshot_dir
):
    from hromada.consultations.models import Statement

    _, moderator = _premoderated_with_a_moderator(
        hromada,
        "Облаштування скверу біля ліцею з дуже довгою назвою для перевірки ширини",
        ("Більше лавок і тіні для літніх людей", "Дитячий майданчик з м'яким покриттям"),
    )
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login_with_totp(page, moderator, next_url="/consultations/moderation/")

    for language, path in (("uk", "/consultations/moderation/"), ("en", "/en/consultations/moderation/")):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert_accessible(page, path)
        page.screenshot(path=screenshot_dir / f"consultations-moderation-{language}-360.png", full_page=True)
    page.goto("/consultations/moderation/")
    with page.expect_navigation():
        page.get_by_role("button", name="Схвалити", exact=True).first.click()

    assert "1 твердження схвалено" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert Statement.objects.filter(status="visible").count() == 1


def test_the_consultation_pages_notes_for_moderators_fit_360_px_in_both_languages_and_pass_axe(
    page, site, hromada, assert_accessible, screenshot_dir
):
    """A pre-moderated consultation's page, seen by a moderator who lives in the hromada: the note under
    the statement form that a moderator reads every new statement, and the link to the queue with the
    count of its statements waiting."""
    consultation, moderator = _premoderated_with_a_moderator(
        hromada,
        "Правила вигулу собак у парках і скверах громади з дуже довгою назвою для перевірки ширини",
        ("Огороджені майданчики для вигулу в кожному парку", "Безкоштовні пакети біля входів"),
    )
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login_with_totp(page, moderator, next_url=f"/consultations/{consultation.pk}/")

    for prefix, note, link in (
        ("", "Модератор читає", "2 твердження чекають на модерацію"),
        ("/en", "A moderator reads every new statement", "2 statements await moderation"),
    ):
        path = f"{prefix}/consultations/{consultation.pk}/"
        page.goto(path)
        assert note in page.locator("#premoderation-note").inner_text(), path
        assert page.locator("#moderation-link").inner_text().strip() == link, path
        for selector in ("#premoderation-note", "#moderation-link"):
            box = page.locator(selector).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, (path, selector)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert_accessible(page, path)
    page.locator("#map").screenshot(path=screenshot_dir / "consultations-moderator-notes-en-360.png")
    with page.expect_navigation():
        page.locator("#moderation-link a").click()

    assert page.url.endswith(f"/en/consultations/moderation/?consultation={consultation.pk}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
