"""Login throttling that never locks the owner out (docs/accounts.md, "Login protection")."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from hromada.accounts.actions import LoginChallengeRequired, login_challenge_issue, login_with_password
from hromada.accounts.models import LoginAttempt
from hromada.accounts.proof_of_work import is_solution, leading_zero_bits, solve
from tests.factories import PASSWORD, UserFactory

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _easy_puzzles(settings):
    settings.HROMADA_LOGIN_CHALLENGE_BITS = 6  # the real work is the browser's; tests only need the rule
    settings.HROMADA_LOGIN_MAX_FAILURES = 5
    settings.HROMADA_LOGIN_MAX_FAILURES_PER_ADDRESS = 30


def _fail(client, login, times, address="203.0.113.7"):
    for _ in range(times):
        response = client.post(LOGIN, {"login": login, "password": "wrong password!"}, REMOTE_ADDR=address)
        assert response.status_code in (400, 429)
        if response.status_code == 429:  # challenged: pass it to keep failing
            _post_solved(client, login, "wrong password!", response, address=address)


def _post_solved(client, login, password, challenged, address="203.0.113.7"):
    challenge = challenged.context["challenge"]
    answer = solve(puzzle=challenge.token, bits=challenge.bits)
    data = {"login": login, "password": password, "challenge": challenge.token, "answer": answer}
    return client.post(LOGIN, data, REMOTE_ADDR=address)


def test_puzzle_answers_are_checked_bit_by_bit():
    assert leading_zero_bits(bytes([0, 0, 0b00010000])) == 19
    answer = solve(puzzle="abc", bits=8)
    assert is_solution(puzzle="abc", answer=answer, bits=8)
    assert not is_solution(puzzle="abd", answer=answer, bits=8) or answer == solve(puzzle="abd", bits=8)
    assert not is_solution(puzzle="abc", answer=" 1", bits=0)
    assert not is_solution(puzzle="abc", answer="١", bits=0)  # an Arabic-Indic digit is not ours


def test_owner_with_the_right_password_and_a_passed_challenge_gets_in_after_many_failures(client, resident):
    _fail(client, resident.email, 12)

    challenged = client.post(LOGIN, {"login": resident.email, "password": PASSWORD})
    assert challenged.status_code == 429 and "_auth_user_id" not in client.session
    assert challenged.context["challenge"].bits == 7  # one bit harder: failures doubled past the limit

    response = _post_solved(client, resident.email, PASSWORD, challenged)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)
    assert not LoginAttempt.objects.filter(identifier=resident.email, succeeded=False).exists()


def test_failures_for_unknown_accounts_from_one_address_do_not_lock_out_people_behind_it(client, resident):
    for n in range(30):
        client.post(LOGIN, {"login": f"nobody{n}@example.org", "password": "x"}, REMOTE_ADDR="198.51.100.1")

    page = client.get(LOGIN, REMOTE_ADDR="198.51.100.1")
    assert page.context["challenge"] is not None  # the check runs before anyone types
    challenged = client.post(
        LOGIN, {"login": resident.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.1"
    )
    assert challenged.status_code == 429
    response = _post_solved(client, resident.email, PASSWORD, challenged, address="198.51.100.1")

    assert response.status_code == 302 and client.session["_auth_user_id"] == str(resident.pk)


def test_failures_against_real_accounts_do_not_slow_other_people_at_the_same_address(
    client, hromada, resident
):
    neighbour = UserFactory(hromada=hromada, email="neighbour@example.org")
    _fail(client, neighbour.email, 40, address="192.0.2.10")

    response = client.post(LOGIN, {"login": resident.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.10")

    assert response.status_code == 302 and client.session["_auth_user_id"] == str(resident.pk)


def test_an_unknown_login_is_challenged_like_a_real_one(client, resident):
    _fail(client, "nobody@example.org", 5)
    _fail(client, resident.email, 5)

    unknown = client.post(LOGIN, {"login": "nobody@example.org", "password": "x"})
    known = client.post(LOGIN, {"login": resident.email, "password": "x"})

    assert unknown.status_code == known.status_code == 429
    assert unknown.context["challenge"].bits == known.context["challenge"].bits


def test_a_solved_challenge_buys_one_try_and_a_wrong_answer_none(client, resident):
    _fail(client, resident.email, 5)
    challenged = client.post(LOGIN, {"login": resident.email, "password": "x"})
    challenge = challenged.context["challenge"]
    answer = solve(puzzle=challenge.token, bits=challenge.bits)
    wrong = str(
        next(n for n in range(10_000) if not is_solution(puzzle=challenge.token, answer=str(n), bits=6))
    )

    assert (
        client.post(
            LOGIN,
            {"login": resident.email, "password": PASSWORD, "challenge": challenge.token, "answer": wrong},
        ).status_code
        == 429
    )
    first = {
        "login": resident.email,
        "password": "still wrong!",
        "challenge": challenge.token,
        "answer": answer,
    }
    assert client.post(LOGIN, first).status_code == 400
    again = {**first, "password": PASSWORD}
    assert client.post(LOGIN, again).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_challenge_easier_than_the_account_now_needs_is_refused(resident, settings):
    for _ in range(20):
        LoginAttempt.objects.create(identifier=resident.email, address="192.0.2.1")
    easy = login_challenge_issue(bits=6)

    with pytest.raises(LoginChallengeRequired):
        login_with_password(
            identifier=resident.email,
            password=PASSWORD,
            address="192.0.2.1",
            challenge=easy.token,
            answer=solve(puzzle=easy.token, bits=6),
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_with_one_solved_challenge_check_the_password_once(hromada):
    person = UserFactory(hromada=hromada, email="target@example.org")
    for _ in range(5):
        LoginAttempt.objects.create(identifier=person.email, address="192.0.2.1")
    challenge = login_challenge_issue(bits=6)
    answer = solve(puzzle=challenge.token, bits=6)
    barrier = threading.Barrier(6)
    outcomes: list[str] = []

    def attempt(password: str) -> None:
        try:
            barrier.wait()
            user = login_with_password(
                identifier=person.email,
                password=password,
                address="192.0.2.1",
                challenge=challenge.token,
                answer=answer,
            )
            outcomes.append("in" if user else "wrong")
        except LoginChallengeRequired:
            outcomes.append("challenged")
        finally:
            connections.close_all()

    # All guesses are wrong: a right one would reset the failures, and an attempt that read the counts
    # after that reset would rightly need no challenge (the race the test is not about).
    threads = [threading.Thread(target=attempt, args=(f"guess {n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["challenged"] * 5 + ["wrong"]
    assert LoginAttempt.objects.filter(challenge__isnull=False).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_are_all_counted(hromada):
    person = UserFactory(hromada=hromada, email="target@example.org")
    barrier = threading.Barrier(4)

    def attempt() -> None:
        try:
            barrier.wait()
            login_with_password(identifier=person.email, password="wrong password!", address="192.0.2.1")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert LoginAttempt.objects.filter(identifier=person.email, succeeded=False).count() == 4
