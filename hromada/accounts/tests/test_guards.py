"""The officials' page guard: login, role, second factor — each step returns to the full address."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from hromada.accounts.guards import officials_page
from hromada.accounts.models import HromadaRole
from hromada.core.permissions import predicate

pytestmark = pytest.mark.django_db


@predicate
def administers(user, hromada):
    return HromadaRole.objects.filter(
        user=user, hromada=hromada, role=HromadaRole.Role.ADMINISTRATOR
    ).exists()


@officials_page(administers, lambda: "Administrators only.")
def page(request):
    return HttpResponse("the page")


def _request(user, hromada, *, verified=False):
    request = RequestFactory().get("/budget/review/?status=open&page=2")
    request.user = user
    request.hromada = hromada
    if user.is_authenticated:
        user.is_verified = lambda: verified
    return request


def test_anonymous_goes_to_login_and_back_with_the_query(hromada):
    response = page(_request(AnonymousUser(), hromada))
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/budget/review/?status=open&page=2"]


def test_a_person_without_the_role_gets_403(hromada, make_user):
    response = page(_request(make_user(), hromada))
    assert response.status_code == 403
    assert b"Administrators only." in response.content


def test_an_official_confirms_the_second_factor_and_comes_back_with_the_query(hromada, make_user):
    official = make_user()
    HromadaRole.objects.create(user=official, hromada=hromada, role=HromadaRole.Role.ADMINISTRATOR)
    response = page(_request(official, hromada))
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path.endswith("/two-factor/")
    assert parse_qs(location.query)["next"] == ["/budget/review/?status=open&page=2"]
    allowed = page(_request(official, hromada, verified=True))
    assert allowed.status_code == 200 and allowed.content == b"the page"
    assert "no-store" in allowed["Cache-Control"]
