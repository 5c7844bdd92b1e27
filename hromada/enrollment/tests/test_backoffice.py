"""The back office of enrollment: a new round starts on the current rules version; the actions report how
many rows they changed in the plural form the language needs."""

from __future__ import annotations

from django.utils import timezone

from hromada.backoffice.tests.support import back_office_client
from hromada.enrollment import rules
from hromada.enrollment.actions import ClaimIn
from hromada.enrollment.models import Offer, PriorityClaim, Territory

from .factories import attach_proof, make_round, register


def test_a_new_round_is_offered_the_current_rules_versions_only(hromada):
    round = make_round(hromada, open_=False)
    client = back_office_client(round.admin)

    page = client.get("/admin/enrollment/round/add/")

    field = page.context["adminform"].form.fields["rules_key"]
    assert page.status_code == 200
    assert page.context["adminform"].form.initial["rules_key"] == "kindergarten-2025.1"
    assert [key for key, _label in field.choices] == list(dict.fromkeys(rules.CURRENT.values()))
    assert "kindergarten-2024.2" not in page.content.decode()


def test_a_draft_round_on_an_older_version_keeps_it_among_the_choices(hromada):
    round = make_round(hromada, open_=False, rules_key="kindergarten-2024.2")
    client = back_office_client(round.admin)

    page = client.get(f"/admin/enrollment/round/{round.pk}/change/")

    field = page.context["adminform"].form.fields["rules_key"]
    assert "kindergarten-2024.2" in [key for key, _label in field.choices]
    assert page.context["adminform"].form.initial["rules_key"] == "kindergarten-2024.2"


def _grant_all(client, claims):
    return client.post(
        "/admin/enrollment/priorityclaim/",
        {"action": "grant", "_selected_action": [c.pk for c in claims]},
        follow=True,
    )


def test_granting_claims_says_how_many_in_the_ukrainian_plural_form(hromada):
    round = make_round(hromada)
    client = back_office_client(round.admin)
    claims = []
    for _ in range(8):
        application = register(round, claims=[ClaimIn(category="displaced", proof="довідка ВПО")])
        attach_proof(application)
        claims.append(application.claims.get())

    pages = [_grant_all(client, part) for part in (claims[:1], claims[1:3], claims[3:])]

    said = [[m.message for m in page.context["messages"]] for page in pages]
    assert said == [
        ["Задоволено 1 заяву про пільгу."],
        ["Задоволено 2 заяви про пільгу."],
        ["Задоволено 5 заяв про пільгу."],
    ]
    assert PriorityClaim.objects.filter(status=PriorityClaim.Status.GRANTED).count() == 8


def test_list_and_form_headings_read_right_in_ukrainian(hromada):
    round = make_round(hromada)
    application = register(round, claims=[ClaimIn(category="displaced", proof="довідка ВПО")])
    claim = application.claims.get()
    group = round.groups.first()
    client = back_office_client(round.admin)

    groups = client.get("/admin/enrollment/group/")
    claims = client.get("/admin/enrollment/priorityclaim/")
    add_group = client.get("/admin/enrollment/group/add/")
    one_group = client.get(f"/admin/enrollment/group/{group.pk}/change/")
    one_claim = client.get(f"/admin/enrollment/priorityclaim/{claim.pk}/change/")

    assert groups.context["title"] == "Групи" and claims.context["title"] == "Заяви про пільги"
    assert "Додати групу" in groups.content.decode()
    assert add_group.context["title"] == "Додати групу"
    assert (one_group.context["title"], one_group.context["subtitle"]) == ("Група", str(group))
    assert one_claim.context["title"] == "Заява про пільгу"
    for page in (groups, claims, add_group, one_group, one_claim):
        text = page.content.decode()
        for nominative in ("Виберіть група", "Вибрати заява", "Додати група", "Змінити група"):
            assert nominative not in text


def test_every_page_of_the_read_only_lists_and_the_territories_has_its_heading(hromada):
    round = make_round(hromada)
    application = register(round)
    group = round.groups.first()
    territory = Territory.objects.filter(hromada=hromada).first()
    # The page only shows the row: an offer as the allocation leaves it.
    offer = Offer.objects.create(
        hromada=hromada,
        application=application,
        group=group,
        origin=Offer.Origin.ROUND,
        made_at=timezone.now(),
        deadline=timezone.localdate(),
    )
    client = back_office_client(round.admin)

    add_territory = client.get("/admin/enrollment/territory/add/")
    headings = {
        path: client.get(path).context["title"]
        for path in (
            f"/admin/enrollment/territory/{territory.pk}/change/",
            f"/admin/enrollment/application/{application.pk}/change/",
            f"/admin/enrollment/offer/{offer.pk}/change/",
        )
    }
    # Applications, claims and offers are written by the actions alone: nobody adds one here.
    refused = [
        client.get(path).status_code
        for path in (
            "/admin/enrollment/application/add/",
            "/admin/enrollment/priorityclaim/add/",
            "/admin/enrollment/offer/add/",
        )
    ]

    assert add_territory.context["title"] == "Опублікувати територію обслуговування"
    assert list(headings.values()) == ["Територія обслуговування", "Заява", "Пропозиція"]
    assert refused == [403, 403, 403]
