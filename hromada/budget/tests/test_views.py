"""The public budget's web pages: they render in both languages, keep input on errors, check permissions
(officials need a role and TOTP), record votes with a receipt, and show nothing of another hromada."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hromada.budget.actions import (
    ChoiceIn,
    ballot_cast,
    project_reject,
    results_compute,
    results_publish,
    review_record,
)
from hromada.budget.models import Ballot, Channel, Criterion, Phase, Project, Review
from tests.factories import PASSWORD, totp_device, totp_now

from .factories import (
    make_administrator,
    make_ballot,
    make_cnap_officer,
    make_cycle,
    make_official,
    make_project,
    make_voter,
)

pytestmark = pytest.mark.django_db


def logged_in(user, host: str = "testserver") -> Client:
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client


def with_otp(user, host: str = "testserver") -> Client:
    """A staff member who logged in with the password and passed the second factor."""
    device = totp_device(user)
    client = Client(HTTP_HOST=host)
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = client.post("/accounts/two-factor/", {"token": totp_now(device)})
    assert response.status_code == 302
    return client


def text(response) -> str:
    return response.content.decode()


# ------------------------------------------------------------------------------------------------ overview


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_overview_shows_the_current_cycle_timeline_and_categories_in_both_languages(client, hromada, prefix):
    cycle = make_cycle(
        hromada, phase=Phase.SUBMISSION, categories=(("parks", 300_000_00), ("roads", 200_000_00))
    )

    response = client.get(f"{prefix}/budget/")

    assert response.status_code == 200
    body = text(response)
    assert cycle.title in body
    assert "Категорія parks" in body and "300\u00a0000" in body
    assert 'aria-current="step"' in body
    assert f"/budget/{cycle.slug}/submit/" in body
    if prefix:
        assert "Timeline" in body and 'lang="en"' in body
    else:
        assert 'lang="uk"' in body


def test_overview_without_a_cycle_says_so(client, hromada):
    response = client.get("/en/budget/")

    assert response.status_code == 200
    assert "No public budget cycle has been announced yet." in text(response)


def test_the_portal_lists_the_module_and_the_cabinet_lists_the_section(hromada):
    voter = make_voter(hromada)
    client = logged_in(voter)

    home = client.get("/en/")
    cabinet = client.get("/en/budget/my/")

    assert "/en/budget/" in text(home)
    assert cabinet.status_code == 200
    assert "My public budget" in text(cabinet)


# ------------------------------------------------------------------------------------------------ projects


def test_project_list_filters_searches_and_paginates(client, hromada, district):
    cycle = make_cycle(hromada, categories=(("parks", 500_000_00), ("roads", 500_000_00)))
    park = make_project(cycle, category="parks", title="Сквер біля школи", district=district)
    road = make_project(cycle, category="roads", title="Тротуар на Лісовій")
    make_project(cycle, category="roads", title="Чернетка", status=Project.Status.DRAFT)
    for _ in range(22):
        make_project(cycle, category="roads")

    by_category = text(client.get(f"/budget/{cycle.slug}/projects/?category={park.category_id}"))
    by_search = text(client.get(f"/budget/{cycle.slug}/projects/?q=тротуар"))
    by_district = text(client.get(f"/budget/{cycle.slug}/projects/?district={district.pk}"))
    second_page = client.get(f"/budget/{cycle.slug}/projects/?page=2&sort=-cost")
    partial = client.get(f"/budget/{cycle.slug}/projects/?q=сквер", HTTP_HX_REQUEST="true")

    assert "Сквер біля школи" in by_category and "Тротуар" not in by_category
    assert "Тротуар на Лісовій" in by_search and "Сквер" not in by_search
    assert "Сквер біля школи" in by_district and road.title not in by_district
    assert "Чернетка" not in text(client.get(f"/budget/{cycle.slug}/projects/?q=чернетка"))
    assert second_page.status_code == 200 and 'rel="prev"' in text(second_page)
    assert "<html" not in text(partial) and "Сквер біля школи" in text(partial)


def test_project_map_data_is_geojson_of_the_filtered_projects(client, hromada):
    cycle = make_cycle(hromada)
    placed = make_project(cycle, lat=50.01, lon=30.01, title="На мапі")
    make_project(cycle, title="Без місця")

    data = client.get(f"/budget/{cycle.slug}/projects.geojson").json()

    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["id"] for f in data["features"]] == [placed.pk]
    assert data["features"][0]["geometry"]["coordinates"] == [30.01, 50.01]


def test_project_list_query_count_does_not_grow_with_the_data(client, hromada):
    cycle = make_cycle(hromada)
    for _ in range(3):
        make_project(cycle)
    client.get(f"/budget/{cycle.slug}/projects/")  # warm the per-process caches (tenant, phases)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/budget/{cycle.slug}/projects/").status_code == 200
    for _ in range(30):
        make_project(cycle)
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/budget/{cycle.slug}/projects/").status_code == 200

    assert len(many) == len(few)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_project_page_shows_cost_lines_reviews_place_and_status(client, hromada, prefix):
    cycle = make_cycle(hromada, phase=Phase.REVIEW)
    project = make_project(cycle, status=Project.Status.UNDER_REVIEW, lat=50.01, lon=30.01, title="Сквер")
    Review.objects.create(
        project=project,
        revision=1,
        criterion=Criterion.LAND,
        conclusion=Review.Conclusion.NEGATIVE,
        reasons="Ділянка належить державі",
    )

    body = text(client.get(f"{prefix}/budget/projects/{project.pk}/"))

    assert "Сквер" in body and "Роботи" in body and "100\u00a0000" in body
    assert "Ділянка належить державі" in body
    assert 'data-point="50.010000,30.010000"' in body


def test_a_draft_is_seen_only_by_its_author(client, hromada):
    cycle = make_cycle(hromada, phase=Phase.SUBMISSION)
    author = make_voter(hromada)
    draft = make_project(cycle, author=author, status=Project.Status.DRAFT)

    assert client.get(f"/budget/projects/{draft.pk}/").status_code == 404
    assert logged_in(author).get(f"/budget/projects/{draft.pk}/").status_code == 200


# ------------------------------------------------------------------------------------------------ submission


def _project_post(category_id: int, **overrides) -> dict:
    data = {
        "category": str(category_id),
        "title": "Лавки в парку",
        "summary": "Десять лавок",
        "description": "Поставити десять лавок уздовж алеї.",
        "address": "парк Шевченка",
        "lat": "50.01",
        "lon": "30.01",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "50",
        "lines-0-item": "Лавка",
        "lines-0-quantity": "10",
        "lines-0-unit_cost": "12500.50",
        "lines-1-item": "Доставка",
        "lines-1-quantity": "1",
        "lines-1-unit_cost": "3000",
        "submit": "1",
    }
    data.update(overrides)
    return data


def test_an_author_submits_a_project_with_cost_lines_and_a_place(hromada):
    cycle = make_cycle(hromada, phase=Phase.SUBMISSION)
    author = make_voter(hromada)
    category = cycle.categories.get()

    response = logged_in(author).post(f"/budget/{cycle.slug}/submit/", _project_post(category.pk))

    project = Project.objects.get(cycle=cycle)
    assert response.status_code == 302 and response["Location"].endswith(f"/budget/projects/{project.pk}/")
    assert project.status == Project.Status.SUBMITTED
    assert project.cost == 10 * 12500_50 + 3000_00
    assert [line.item for line in project.cost_lines.all()] == ["Лавка", "Доставка"]
    assert (project.lat, project.lon) == (50.01, 30.01)


def test_amounts_may_be_typed_with_spaces_and_a_decimal_comma(hromada):
    cycle = make_cycle(hromada, phase=Phase.SUBMISSION)
    category = cycle.categories.get()
    data = _project_post(category.pk, **{"lines-0-unit_cost": "12\u00a0500,50", "lines-1-unit_cost": "3 000"})

    logged_in(make_voter(hromada)).post(f"/budget/{cycle.slug}/submit/", data)

    assert Project.objects.get(cycle=cycle).cost == 10 * 12500_50 + 3000_00


def test_a_refused_submission_shows_the_errors_and_keeps_every_field(hromada):
    cycle = make_cycle(hromada, phase=Phase.SUBMISSION, max_project_cost=50_000_00)
    author = make_voter(hromada)
    category = cycle.categories.get()

    response = logged_in(author).post(f"/budget/{cycle.slug}/submit/", _project_post(category.pk))

    body = text(response)
    assert response.status_code == 200
    assert not Project.objects.exists()
    assert "50\u00a0000" in body or "50 000" in body  # the limit named in the message
    assert 'value="Лавки в парку"' in body
    assert "Поставити десять лавок уздовж алеї." in body
    assert 'value="12500.50"' in body and 'value="Доставка"' in body


def test_adding_a_cost_line_without_javascript_keeps_the_input(hromada):
    cycle = make_cycle(hromada, phase=Phase.SUBMISSION)
    author = make_voter(hromada)
    category = cycle.categories.get()
    data = _project_post(category.pk, add_line="1")
    data.pop("submit")

    response = logged_in(author).post(f"/budget/{cycle.slug}/submit/", data)

    body = text(response)
    assert not Project.objects.exists()
    assert 'name="lines-TOTAL_FORMS" value="4"' in body
    assert 'value="Лавка"' in body and 'name="lines-3-item"' in body


def test_submission_outside_the_submission_phase_is_refused_on_the_form(hromada):
    cycle = make_cycle(hromada, phase=Phase.VOTING)
    category = cycle.categories.get()

    response = logged_in(make_voter(hromada)).post(
        f"/en/budget/{cycle.slug}/submit/", _project_post(category.pk)
    )

    assert response.status_code == 200
    assert "Projects are not being accepted now." in text(response)
    assert 'value="Лавки в парку"' in text(response)


def test_the_author_revises_a_project_the_review_sent_back(hromada):
    cycle = make_cycle(hromada, phase=Phase.REVIEW)
    author = make_voter(hromada)
    project = make_project(cycle, author=author, status=Project.Status.SUBMITTED)
    review_record(
        reviewer=make_official(hromada),
        project=project,
        criterion=Criterion.COST,
        conclusion=Review.Conclusion.NEEDS_REVISION,
        reasons="Кошторис завищено",
    )
    client = logged_in(author)

    page = client.get(f"/budget/projects/{project.pk}/edit/")
    response = client.post(
        f"/budget/projects/{project.pk}/edit/", _project_post(project.category_id, title="Менші лавки")
    )

    assert "Кошторис завищено" in text(page)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.revision == 2 and project.title == "Менші лавки"


def test_another_person_cannot_edit_or_appeal_a_project(hromada):
    cycle = make_cycle(hromada, phase=Phase.SUBMISSION)
    project = make_project(cycle, status=Project.Status.SUBMITTED)
    client = logged_in(make_voter(hromada))

    assert client.get(f"/budget/projects/{project.pk}/edit/").status_code == 403
    assert client.post(f"/budget/projects/{project.pk}/appeal/", {"text": "x"}).status_code == 403


def test_the_author_appeals_a_rejection(hromada):
    cycle = make_cycle(hromada, phase=Phase.REVIEW)
    author = make_voter(hromada)
    project = make_project(cycle, author=author, status=Project.Status.UNDER_REVIEW)
    project_reject(actor=make_official(hromada), project=project, reason="Не комунальна земля")
    client = logged_in(author)

    empty = client.post(f"/en/budget/projects/{project.pk}/appeal/", {"text": ""})
    response = client.post(f"/budget/projects/{project.pk}/appeal/", {"text": "Земля комунальна, ось витяг"})

    assert empty.status_code == 200 and "This field is required." in text(empty)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.APPEAL


# ------------------------------------------------------------------------------------------------ review


def test_review_pages_need_an_official_with_two_factor(hromada):
    cycle = make_cycle(hromada, phase=Phase.REVIEW)
    project = make_project(cycle, status=Project.Status.SUBMITTED)
    official = make_official(hromada)

    assert Client().get("/budget/review/").status_code == 302  # to the login page
    assert logged_in(make_voter(hromada)).get("/budget/review/").status_code == 403
    without_otp = logged_in(official).get("/budget/review/")
    assert without_otp.status_code == 302 and "two-factor" in without_otp["Location"]
    queue = with_otp(official).get("/budget/review/")
    assert queue.status_code == 200 and project.title in text(queue)


def test_an_official_records_conclusions_and_admits_a_project(hromada):
    cycle = make_cycle(hromada, phase=Phase.REVIEW)
    project = make_project(cycle, status=Project.Status.SUBMITTED)
    client = with_otp(make_official(hromada))
    url = f"/en/budget/review/{project.pk}/"

    too_early = client.post(url, {"action": "decide", "decision": "admit", "reason": ""})
    for criterion in Criterion.values:
        client.post(
            url, {"action": "review", "criterion": criterion, "conclusion": "positive", "reasons": "Так"}
        )
    admitted = client.post(url, {"action": "decide", "decision": "admit", "reason": ""})

    assert "Not every criterion has been reviewed" in text(too_early)
    assert admitted.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.ADMITTED


def test_a_review_without_reasons_keeps_the_form(hromada):
    cycle = make_cycle(hromada, phase=Phase.REVIEW)
    project = make_project(cycle, status=Project.Status.SUBMITTED)
    client = with_otp(make_official(hromada))

    response = client.post(
        f"/en/budget/review/{project.pk}/",
        {"action": "review", "criterion": "land", "conclusion": "negative", "reasons": ""},
    )

    assert response.status_code == 200
    assert "This field is required." in text(response)
    assert not Review.objects.exists()


# ------------------------------------------------------------------------------------------------ ballots


@pytest.mark.parametrize(
    ("ballot_type", "extra", "marker"),
    [
        ("approval", {"max_choices": 2}, 'type="checkbox"'),
        ("cost_approval", {}, 'type="checkbox"'),
        ("cumulative", {"points_total": 10}, 'class="points"'),
        ("ordinal", {}, 'class="rank"'),
    ],
)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_ballot_page_renders_for_every_ballot_type(hromada, ballot_type, extra, marker, prefix):
    cycle = make_cycle(hromada, ballot_type=ballot_type, **extra)
    project = make_project(cycle, title="Сквер")

    response = logged_in(make_voter(hromada)).get(f"{prefix}/budget/{cycle.slug}/vote/")

    body = text(response)
    assert response.status_code == 200
    assert marker in body and f'name="p{project.pk}"' in body
    assert 'id="running-total"' in body


def test_a_vote_through_the_page_is_recorded_with_a_receipt(hromada):
    cycle = make_cycle(hromada, max_choices=2)
    a, b, _c = (make_project(cycle) for _ in range(3))
    voter = make_voter(hromada)
    client = logged_in(voter)

    response = client.post(
        f"/en/budget/{cycle.slug}/vote/", {f"p{a.pk}": "on", f"p{b.pk}": "on", "cast": "1"}
    )
    recorded = client.get(response["Location"])

    ballot = Ballot.objects.get(voter=voter)
    assert response.status_code == 302
    assert sorted(ballot.choices.values_list("project_id", flat=True)) == [a.pk, b.pk]
    body = text(recorded)
    assert "Your vote is recorded" in body
    assert f'<code id="receipt-reference">{ballot.receipt_id}</code>' in body
    assert "/en/ledger/receipts/" in body


def test_updating_the_total_without_javascript_saves_nothing(hromada):
    cycle = make_cycle(hromada, categories=(("all", 300_000_00),), ballot_type="cost_approval")
    a = make_project(cycle, cost=120_000_00)

    response = logged_in(make_voter(hromada)).post(
        f"/en/budget/{cycle.slug}/vote/", {f"p{a.pk}": "on", "preview": "1"}
    )

    assert "Chosen: 120\u00a0000 UAH of 300\u00a0000 UAH" in text(response)
    assert "checked" in text(response)
    assert not Ballot.objects.exists()


def test_an_invalid_ballot_shows_the_rule_and_keeps_the_choices(hromada):
    cycle = make_cycle(hromada, max_choices=2)
    projects = [make_project(cycle) for _ in range(3)]
    client = logged_in(make_voter(hromada))

    response = client.post(
        f"/en/budget/{cycle.slug}/vote/", {**{f"p{p.pk}": "on" for p in projects}, "cast": "1"}
    )

    body = text(response)
    assert response.status_code == 200
    assert not Ballot.objects.exists()
    assert "Choose at most 2 projects." in body
    assert body.count("checked") >= 3


def test_cost_limited_running_total_counts_the_money(hromada):
    cycle = make_cycle(hromada, categories=(("all", 300_000_00),), ballot_type="cost_approval")
    a, b = make_project(cycle, cost=200_000_00), make_project(cycle, cost=150_000_00)
    client = logged_in(make_voter(hromada))

    within = client.get(f"/en/budget/{cycle.slug}/vote/total/", {f"p{a.pk}": "on"})
    over = client.get(f"/en/budget/{cycle.slug}/vote/total/", {f"p{a.pk}": "on", f"p{b.pk}": "on"})

    assert "Chosen: 200\u00a0000 UAH of 300\u00a0000 UAH" in text(within)
    assert "Chosen: 350\u00a0000 UAH of 300\u00a0000 UAH" in text(over)
    assert "over the amount" in text(over)
    assert "<html" not in text(within)


def test_cumulative_running_total_counts_points_and_refuses_too_many(hromada):
    cycle = make_cycle(hromada, ballot_type="cumulative", points_total=5)
    a, b = make_project(cycle), make_project(cycle)
    client = logged_in(make_voter(hromada))

    total = client.get(f"/en/budget/{cycle.slug}/vote/total/", {f"p{a.pk}": "3", f"p{b.pk}": "1"})
    refused = client.post(f"/en/budget/{cycle.slug}/vote/", {f"p{a.pk}": "4", f"p{b.pk}": "3", "cast": "1"})

    assert "Points given: 4 of 5" in text(total)
    assert "You gave 7 points; you have 5." in text(refused)
    assert 'value="4"' in text(refused) and not Ballot.objects.exists()


def test_a_ranked_ballot_keeps_the_order_given(hromada):
    cycle = make_cycle(hromada, ballot_type="ordinal")
    a, _b, c = (make_project(cycle) for _ in range(3))
    voter = make_voter(hromada)

    logged_in(voter).post(f"/budget/{cycle.slug}/vote/", {f"p{a.pk}": "2", f"p{c.pk}": "1", "cast": "1"})

    ranks = dict(Ballot.objects.get(voter=voter).choices.values_list("project_id", "rank"))
    assert ranks == {c.pk: 1, a.pk: 2}


def test_a_ballot_is_changed_before_the_close_when_the_rules_allow(hromada):
    cycle = make_cycle(hromada, ballot_change_allowed=True)
    a, b = make_project(cycle), make_project(cycle)
    voter = make_voter(hromada)
    ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(a.pk)])
    client = logged_in(voter)

    page = client.get(f"/en/budget/{cycle.slug}/vote/")
    client.post(f"/en/budget/{cycle.slug}/vote/", {f"p{b.pk}": "on", "cast": "1"})

    assert "Replace my ballot" in text(page)
    ballot = Ballot.objects.get(voter=voter)
    assert ballot.version == 2
    assert list(ballot.choices.values_list("project_id", flat=True)) == [b.pk]


def test_a_final_ballot_cannot_be_cast_twice(hromada):
    cycle = make_cycle(hromada)
    a = make_project(cycle)
    voter = make_voter(hromada)
    ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(a.pk)])

    page = logged_in(voter).get(f"/en/budget/{cycle.slug}/vote/")

    assert "Your vote is recorded." in text(page)
    assert 'name="cast"' not in text(page)


def test_an_unverified_resident_sees_why_they_cannot_vote(hromada):
    cycle = make_cycle(hromada)
    make_project(cycle)

    page = logged_in(make_voter(hromada, verification_level=0)).get(f"/en/budget/{cycle.slug}/vote/")

    assert "Verify your identity to vote online" in text(page)
    assert 'name="cast"' not in text(page)


def test_a_cnap_officer_enters_a_paper_ballot_and_a_second_one_is_refused_clearly(hromada):
    cycle = make_cycle(hromada)
    a = make_project(cycle)
    voter = make_voter(hromada)
    ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(a.pk)])
    paper_voter = make_voter(hromada, verification_level=0)
    client = with_otp(make_cnap_officer(hromada))
    url = f"/en/budget/{cycle.slug}/enter-ballot/"
    form = {"identity_document": "ID 001234567", "channel": Channel.PAPER, f"p{a.pk}": "on"}

    twice = client.post(url, {**form, "voter": voter.email})
    entered = client.post(url, {**form, "voter": paper_voter.email})

    assert f"already has a ballot in this cycle ({Channel.WEB.label}, " in text(twice)
    assert 'value="ID 001234567"' in text(twice)
    assert entered.status_code == 302
    assert Ballot.objects.get(voter=paper_voter).channel == Channel.PAPER


def test_a_resident_cannot_enter_paper_ballots(hromada):
    cycle = make_cycle(hromada)

    assert logged_in(make_voter(hromada)).get(f"/budget/{cycle.slug}/enter-ballot/").status_code == 403


# ------------------------------------------------------------------------------------------------ results


def _counted(hromada, *, publish: bool):
    cycle = make_cycle(hromada, phase=Phase.RESULTS, categories=(("all", 1_000_000_00),))
    a, b, c = (make_project(cycle, cost=cost * 100_000_00, title=f"Проєкт {cost}") for cost in (6, 5, 3))
    for chosen in ([a, b], [a, c], [a], [b]):
        make_ballot(cycle, chosen)
    admin = make_administrator(hromada)
    results_compute(actor=admin, cycle=cycle)
    if publish:
        results_publish(actor=admin, cycle=cycle)
    return cycle, (a, b, c), admin


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_published_results_show_winners_charts_explanations_and_open_data(client, hromada, prefix):
    cycle, (a, b, _c), _admin = _counted(hromada, publish=True)

    body = text(client.get(f"{prefix}/budget/{cycle.slug}/results/"))

    assert a.title in body and b.title in body
    assert 'class="meter' in body
    assert f"/opendata/public-budget-results.csv?cycle={cycle.slug}" in body
    if prefix:
        assert "Funded: selected as number 1." in body
        assert "not enough money was left" in body


def test_unpublished_results_are_for_officials_only(client, hromada):
    cycle, (a, _b, _c), _admin = _counted(hromada, publish=False)

    public = text(client.get(f"/en/budget/{cycle.slug}/results/"))
    official = text(with_otp(make_official(hromada)).get(f"/en/budget/{cycle.slug}/results/"))

    assert a.title not in public and "not published yet" in public
    assert a.title in official and "Computed, not published" in official


def test_officials_compare_the_counting_rules_side_by_side(hromada):
    cycle, (a, _b, _c), _admin = _counted(hromada, publish=True)

    page = with_otp(make_official(hromada)).get(f"/en/budget/{cycle.slug}/results/compare/")

    assert page.status_code == 200
    assert a.title in text(page)
    assert Client().get(f"/en/budget/{cycle.slug}/results/compare/").status_code == 302


def test_the_implementation_tracker_shows_winners_progress_and_spending(client, hromada):
    cycle = make_cycle(hromada, phase=Phase.IMPLEMENTATION)
    make_project(cycle, status=Project.Status.IMPLEMENTING, title="Сквер", progress=40, spent=20_000_00)
    make_project(cycle, status=Project.Status.LOST, title="Не переміг")

    body = text(client.get("/en/budget/implementation/"))

    assert "Сквер" in body and "Не переміг" not in body
    assert "Spent 20\u00a0000 of 100\u00a0000 UAH" in body


# ------------------------------------------------------------------------------------------------ tenancy


def test_another_hromada_sees_nothing_of_this_one(hromada, other_hromada):
    cycle = make_cycle(hromada)
    project = make_project(cycle, title="Наш сквер")
    other = Client(HTTP_HOST="verbivka.localhost")

    assert other.get(f"/budget/{cycle.slug}/").status_code == 404
    assert other.get(f"/budget/{cycle.slug}/projects/").status_code == 404
    assert other.get(f"/budget/projects/{project.pk}/").status_code == 404
    assert other.get(f"/budget/{cycle.slug}/vote/").status_code == 404
    assert other.get(f"/budget/{cycle.slug}/results/").status_code == 404
    assert "Наш сквер" not in text(other.get("/budget/implementation/"))
    assert "No public budget cycle" in text(other.get("/en/budget/"))
    stranger = logged_in(make_voter(other_hromada), host="verbivka.localhost")
    assert stranger.post(f"/budget/{cycle.slug}/vote/", {f"p{project.pk}": "on"}).status_code == 404


def test_an_official_of_another_hromada_cannot_review_here(hromada, other_hromada):
    cycle = make_cycle(hromada, phase=Phase.REVIEW)
    make_project(cycle, status=Project.Status.SUBMITTED)
    stranger = make_official(other_hromada)
    client = with_otp(stranger, host="verbivka.localhost")
    client.defaults["HTTP_HOST"] = "testserver"

    assert client.get("/budget/review/").status_code == 403


# ------------------------------------------------------------------------------------------------ more


def test_a_resident_supports_an_admitted_project_in_the_support_phase(hromada):
    cycle = make_cycle(hromada, phase=Phase.SUPPORT)
    project = make_project(cycle)
    client = logged_in(make_voter(hromada))

    page = client.get(f"/en/budget/projects/{project.pk}/")
    client.post(f"/en/budget/projects/{project.pk}/support/")
    again = client.post(f"/en/budget/projects/{project.pk}/support/", follow=True)

    assert "Support this project" in text(page)
    assert project.supports.count() == 1
    assert "You already support this project." in text(again)


def test_the_author_withdraws_a_project_before_voting(hromada):
    cycle = make_cycle(hromada, phase=Phase.SUBMISSION)
    author = make_voter(hromada)
    project = make_project(cycle, author=author, status=Project.Status.SUBMITTED)

    logged_in(author).post(f"/budget/projects/{project.pk}/withdraw/", {"reason": "Передумав"})

    project.refresh_from_db()
    assert project.status == Project.Status.WITHDRAWN


def test_photos_are_served_with_the_project_and_not_to_another_hromada(hromada, other_hromada):
    import io

    from PIL import Image

    from hromada.budget.actions import project_photo_add

    cycle = make_cycle(hromada, phase=Phase.SUBMISSION)
    author = make_voter(hromada)
    project = make_project(cycle, author=author, status=Project.Status.SUBMITTED)
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 10, 10)).save(buffer, format="PNG")
    photo = project_photo_add(actor=author, project=project, data=buffer.getvalue(), filename="a.png")
    url = f"/budget/projects/{project.pk}/photos/{photo.pk}/"

    response = Client().get(url)

    assert response.status_code == 200 and response["Content-Type"].startswith("image/")
    assert url in text(Client().get(f"/budget/projects/{project.pk}/"))
    assert Client(HTTP_HOST="verbivka.localhost").get(url).status_code == 404


def test_the_cabinet_lists_my_projects_and_my_ballot_receipt(hromada):
    cycle = make_cycle(hromada)
    voter = make_voter(hromada)
    mine = make_project(cycle, author=voter, title="Мій сквер")
    receipt = ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(mine.pk)])

    body = text(logged_in(voter).get("/en/budget/my/"))

    assert "Мій сквер" in body
    assert f"<code>{receipt.receipt_id}</code>" in body


def test_paper_ballot_entry_needs_two_factor(hromada):
    cycle = make_cycle(hromada)
    officer = make_cnap_officer(hromada)

    response = logged_in(officer).get(f"/budget/{cycle.slug}/enter-ballot/")

    assert response.status_code == 302 and "two-factor" in response["Location"]


def test_an_official_records_a_milestone_and_the_tracker_shows_it(hromada):
    cycle = make_cycle(hromada, phase=Phase.IMPLEMENTATION)
    project = make_project(cycle, status=Project.Status.WON, title="Сквер")
    client = with_otp(make_official(hromada))
    url = f"/en/budget/review/{project.pk}/milestones/"

    refused = client.post(url, {"title": "", "status": "in_progress", "progress": "140", "spent": "x"})
    recorded = client.post(
        url, {"title": "Лавки встановлено", "status": "in_progress", "progress": "60", "spent": "45 000,50"}
    )

    assert refused.status_code == 200 and "This field is required." in text(refused)
    assert recorded.status_code == 302
    project.refresh_from_db()
    assert (project.progress, project.spent, project.status) == (60, 45000_50, Project.Status.IMPLEMENTING)
    assert "Лавки встановлено" in text(Client().get("/en/budget/implementation/"))
    assert logged_in(make_voter(hromada)).get(url).status_code == 403


def test_an_administrator_counts_and_publishes_the_results_from_the_page(hromada):
    cycle = make_cycle(hromada, phase=Phase.RESULTS, categories=(("all", 1_000_000_00),))
    a, b = make_project(cycle, cost=600_000_00), make_project(cycle, cost=500_000_00)
    for chosen in ([a], [a], [b]):
        make_ballot(cycle, chosen)
    admin = with_otp(make_administrator(hromada))
    url = f"/en/budget/{cycle.slug}/results/manage/"

    page = admin.get(f"/en/budget/{cycle.slug}/results/")
    admin.post(url, {"action": "compute"})
    admin.post(url, {"action": "publish"})

    assert "Count the votes" in text(page)
    cycle.refresh_from_db()
    assert cycle.results_published_at is not None
    assert "Funded: selected as number 1." in text(Client().get(f"/en/budget/{cycle.slug}/results/"))
    assert with_otp(make_official(hromada)).post(url, {"action": "publish"}).status_code == 403


def test_ballot_page_query_count_does_not_grow_with_the_projects(hromada):
    cycle = make_cycle(hromada, categories=(("a", 500_000_00), ("b", 500_000_00)))
    client = logged_in(make_voter(hromada))
    for key in ("a", "b"):
        make_project(cycle, category=key)
    client.get(f"/budget/{cycle.slug}/vote/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/budget/{cycle.slug}/vote/")
    for index in range(20):
        make_project(cycle, category="ab"[index % 2])
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/budget/{cycle.slug}/vote/")

    assert response.status_code == 200
    assert len(many) == len(few)


def test_an_administrator_upholds_an_appeal_from_the_review_page(hromada):
    from hromada.budget.actions import project_appeal

    cycle = make_cycle(hromada, phase=Phase.REVIEW)
    author = make_voter(hromada)
    project = make_project(cycle, author=author, status=Project.Status.UNDER_REVIEW)
    project_reject(actor=make_official(hromada), project=project, reason="Не комунальна земля")
    project_appeal(author=author, project=project, text="Земля комунальна")
    admin = with_otp(make_administrator(hromada))

    queue = admin.get("/en/budget/review/")
    empty = admin.post(f"/en/budget/review/{project.pk}/", {"action": "appeal", "upheld": "1", "reason": ""})
    upheld = admin.post(
        f"/en/budget/review/{project.pk}/", {"action": "appeal", "upheld": "1", "reason": "Витяг підтверджує"}
    )

    assert "Pending appeals" in text(queue) and project.title in text(queue)
    assert "This field is required." in text(empty)
    assert upheld.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.ADMITTED


def test_the_paper_ballot_link_is_offered_only_to_those_who_may_enter_ballots(hromada):
    cycle = make_cycle(hromada)
    ballot_page = f"/budget/{cycle.slug}/enter-ballot/"

    specialist = with_otp(make_official(hromada))
    officer = with_otp(make_cnap_officer(hromada))

    assert "/review/" in text(specialist.get(f"/budget/{cycle.slug}/"))  # still an official's page
    assert ballot_page not in text(specialist.get(f"/budget/{cycle.slug}/"))
    assert specialist.get(ballot_page).status_code == 403
    assert ballot_page in text(officer.get(f"/budget/{cycle.slug}/"))
    assert officer.get(ballot_page).status_code == 200


def test_the_back_office_link_is_shown_only_on_a_hromada_the_staff_member_works_for(hromada, other_hromada):
    official = make_official(hromada)
    here = with_otp(official)
    there = with_otp(official, host="verbivka.localhost")

    assert 'href="/admin/"' in text(here.get("/"))
    assert 'href="/admin/"' not in text(there.get("/"))
    assert there.get("/admin/", follow=True).status_code == 403
