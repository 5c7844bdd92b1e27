"""The back office: scoped to the hromada, and every save goes through the budget's actions."""

from django.test import Client

from hromada.accounts.models import HromadaRole
from hromada.budget.models import BudgetCategory, BudgetRules, Phase, Review
from hromada.budget.money import hryvnias
from tests.factories import PASSWORD, UserFactory, totp_device, totp_now

from .factories import make_cycle, make_project


def admin_client(hromada) -> Client:
    user = UserFactory(hromada=hromada, is_staff=True)
    HromadaRole.objects.create(user=user, hromada=hromada, role=HromadaRole.Role.ADMINISTRATOR)
    device = totp_device(user)
    client = Client()
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.post("/accounts/two-factor/", {"token": totp_now(device)}).status_code == 302
    return client


def _rules_form(rules: BudgetRules, **changes) -> dict:
    data = {
        "cycle": rules.cycle_id,
        "total_amount": hryvnias(rules.total_amount),  # the back office takes hryvnias
        "min_project_cost": hryvnias(rules.min_project_cost),
        "max_project_cost": "",
        "submit_min_age": rules.submit_min_age,
        "vote_min_age": rules.vote_min_age,
        "submit_proofs": '["residence"]',
        "vote_proofs": '["residence"]',
        "vote_min_level": rules.vote_min_level,
        "ballot_type": rules.ballot_type,
        "min_choices": rules.min_choices,
        "max_choices": 4,
        "max_choices_per_category": "",
        "points_total": "",
        "max_points_per_project": "",
        "max_rank_length": "",
        "counting_rule": "mes",
        "utility": "cost",
        "tie_breaking": "project_id",
        "support_threshold": "",
        "reason": "Рішення ради",
    }
    data.update(changes)
    return data


def test_rules_versions_through_the_back_office_and_frozen_after_voting(db, hromada, other_hromada):
    open_cycle = make_cycle(hromada, phase=Phase.SUBMISSION)
    voting = make_cycle(hromada, phase=Phase.VOTING)
    make_cycle(
        other_hromada,
        phase=Phase.SUBMISSION,
    )
    client = admin_client(hromada)

    listing = client.get("/admin/budget/budgetcycle/").content.decode()
    added = client.post(
        "/admin/budget/budgetrules/add/", _rules_form(BudgetRules.objects.get(cycle=open_cycle))
    )
    refused = client.post(
        "/admin/budget/budgetrules/add/", _rules_form(BudgetRules.objects.get(cycle=voting))
    )

    assert open_cycle.title in listing and voting.title in listing
    assert other_hromada.name not in listing
    assert added.status_code == 302
    newest = BudgetRules.objects.filter(cycle=open_cycle).order_by("-version").first()
    assert (newest.version, newest.max_choices, newest.counting_rule) == (2, 4, "mes")
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "зафіксовано" in page  # "the rules of this cycle are frozen", in Ukrainian
    assert BudgetRules.objects.filter(cycle=voting).count() == 1


def test_reviews_recorded_through_the_back_office(db, hromada):
    cycle = make_cycle(hromada, phase=Phase.REVIEW)
    project = make_project(cycle, status="submitted")
    client = admin_client(hromada)

    response = client.post(
        "/admin/budget/review/add/",
        {"project": project.pk, "criterion": "legality", "conclusion": "positive", "reasons": "Законно."},
    )

    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.project_id, review.revision, review.criterion) == (project.pk, 1, "legality")
    project.refresh_from_db()
    assert project.status == "under_review"


def test_money_is_shown_and_typed_in_hryvnias_in_the_back_office(db, hromada):
    cycle = make_cycle(hromada, phase=Phase.SUBMISSION, categories=(("all", 1_000_000_00),))
    project = make_project(cycle, cost=123_456_78)
    category = BudgetCategory.objects.get(cycle=cycle, key="all")
    client = admin_client(hromada)

    projects = client.get("/admin/budget/project/").content.decode()
    detail = client.get(f"/admin/budget/project/{project.pk}/change/").content.decode()
    form = client.get(f"/admin/budget/budgetcategory/{category.pk}/change/").content.decode()
    saved = client.post(
        f"/admin/budget/budgetcategory/{category.pk}/change/",
        {
            "cycle": cycle.pk,
            "key": "all",
            "name": category.name,
            "name_en": "",
            "kind": category.kind,
            "district": "",
            "amount": "750 000,50",
            "min_cost": "",
            "max_cost": "150000",
            "max_winners": "",
        },
    )

    assert "123\u00a0456,78" in projects and "12345678" not in projects
    assert "123\u00a0456,78" in detail and "грн" in detail
    assert 'value="1 000 000"' in form and "100000000" not in form
    assert saved.status_code == 302, [
        line for line in saved.content.decode().splitlines() if "error" in line
    ][:8]
    category = BudgetCategory.objects.get(cycle=cycle, key="all")
    assert (category.amount, category.max_cost) == (750_000_50, 150_000_00)
