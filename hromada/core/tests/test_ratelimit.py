import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, connections
from django.http import HttpResponse
from django.test import RequestFactory

from hromada.core import ratelimit
from hromada.core.errors import RateLimitedError
from hromada.core.models import RateLimitBucket

NOW = 1_749_999_600.0  # a window boundary for windows of 60 and 3600 seconds


def bucket_count(key: str) -> int:
    return sum(RateLimitBucket.objects.filter(key=key).values_list("count", flat=True))


@pytest.fixture
def anonymous_request():
    request = RequestFactory().post("/petitions/", REMOTE_ADDR="203.0.113.7")
    request.user = AnonymousUser()
    return request


@pytest.mark.django_db
def test_hits_are_counted_and_refused_over_the_limit():
    results = [ratelimit.hit("login:olena", limit=2, window=60, now=NOW + 10)[0] for _i in range(4)]

    assert results == [True, True, False, False]
    assert bucket_count("login:olena") == 4


@pytest.mark.django_db
def test_retry_after_is_the_time_left_in_the_window():
    assert ratelimit.hit("k", limit=5, window=60, now=NOW + 15.7) == (True, 45)
    assert ratelimit.hit("k", limit=5, window=60, now=NOW + 59.9) == (True, 1)


@pytest.mark.django_db
def test_a_new_window_starts_from_zero():
    for _i in range(3):
        ratelimit.hit("k", limit=3, window=60, now=NOW + 30)
    assert ratelimit.hit("k", limit=3, window=60, now=NOW + 59)[0] is False

    allowed, retry_after = ratelimit.hit("k", limit=3, window=60, now=NOW + 60)

    assert allowed
    assert retry_after == 60
    assert RateLimitBucket.objects.get(key="k", window_start=int(NOW) + 60).count == 1


@pytest.mark.django_db
def test_keys_are_counted_separately():
    ratelimit.hit("a", limit=1, window=60, now=NOW)

    assert ratelimit.hit("b", limit=1, window=60, now=NOW)[0]
    assert not ratelimit.hit("a", limit=1, window=60, now=NOW)[0]


@pytest.mark.django_db
def test_check_raises_with_retry_after_once_the_caller_is_over_the_limit(anonymous_request):
    ratelimit.check(anonymous_request, "petition-create", limit=2, window=60)
    ratelimit.check(anonymous_request, "petition-create", limit=2, window=60)

    with pytest.raises(RateLimitedError) as caught:
        ratelimit.check(anonymous_request, "petition-create", limit=2, window=60)

    assert caught.value.status == 429
    assert 1 <= caught.value.retry_after <= 60
    assert bucket_count("petition-create:addr:203.0.113.7") == 3


def test_signed_in_people_are_counted_by_account_not_address(resident, make_user):
    neighbour = make_user()
    factory = RequestFactory()
    requests = []
    for user in (resident, neighbour):
        request = factory.post("/", REMOTE_ADDR="198.51.100.1")
        request.user = user
        requests.append(request)

    ratelimit.check(requests[0], "comment", limit=1, window=60)
    ratelimit.check(requests[1], "comment", limit=1, window=60)

    with pytest.raises(RateLimitedError):
        ratelimit.check(requests[0], "comment", limit=1, window=60)
    assert bucket_count(f"comment:user:{resident.pk}") == 2


@pytest.mark.django_db
def test_an_explicit_key_replaces_the_caller(anonymous_request):
    ratelimit.check(anonymous_request, "reset", limit=1, window=60, key="olena@example.org")

    with pytest.raises(RateLimitedError):
        ratelimit.check(anonymous_request, "reset", limit=1, window=60, key="olena@example.org")
    ratelimit.check(anonymous_request, "reset", limit=1, window=60, key="taras@example.org")


@pytest.mark.django_db
def test_rate_limits_can_be_switched_off(settings, anonymous_request):
    settings.HROMADA_RATE_LIMITS = False

    for _i in range(5):
        ratelimit.check(anonymous_request, "write", limit=1, window=60)

    assert not RateLimitBucket.objects.exists()


@pytest.mark.django_db
def test_decorator_limits_only_the_given_methods():
    @ratelimit.rate_limit("search", limit=1, window=60, methods=("POST",))
    def view(request):
        return HttpResponse("ok")

    factory = RequestFactory()
    for method in ("get", "get", "post"):
        request = getattr(factory, method)("/", REMOTE_ADDR="192.0.2.5")
        request.user = AnonymousUser()
        assert view(request).status_code == 200

    request = factory.post("/", REMOTE_ADDR="192.0.2.5")
    request.user = AnonymousUser()
    with pytest.raises(RateLimitedError):
        view(request)


@pytest.mark.django_db
def test_cleanup_keeps_the_live_bucket_of_a_long_window(monkeypatch):
    week = 7 * 86400
    start = (int(NOW) // week) * week
    ratelimit.hit("weekly", limit=2, window=week, now=start + 1)
    monkeypatch.setattr(ratelimit.random, "random", lambda: 0.0)  # force the cleanup on the next hit

    ratelimit.hit("weekly", limit=2, window=week, now=start + 2 * 86400)

    assert not ratelimit.hit("weekly", limit=2, window=week, now=start + 2 * 86400)[0]


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_from_separate_connections_lose_no_increment():
    threads_count, hits_each, limit = 8, 25, 100
    barrier = threading.Barrier(threads_count)
    allowed: list[bool] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def client() -> None:
        try:
            barrier.wait()
            mine = [ratelimit.hit("burst", limit=limit, window=3600, now=NOW)[0] for _i in range(hits_each)]
            with lock:
                allowed.extend(mine)
        except BaseException as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=client) for _i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    assert len(allowed) == threads_count * hits_each
    assert bucket_count("burst") == threads_count * hits_each
    # Every hit saw its own count, so exactly `limit` of them were let through.
    assert allowed.count(True) == limit


@pytest.mark.django_db(transaction=True)
def test_each_thread_gets_its_own_database_connection():
    barrier = threading.Barrier(3)
    seen = []

    def client() -> None:
        try:
            with connection.cursor():
                seen.append(connection.connection)  # the driver's connection object
                barrier.wait(timeout=30)  # all three are open at the same time
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client) for _i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len({id(raw) for raw in seen}) == 3


def test_a_deferred_write_hit_is_counted_once_by_whoever_takes_it(db):
    from hromada.core import ratelimit
    from hromada.core.models import RateLimitBucket

    item = ("write:person:7", 100, 60)
    with ratelimit.deferred_write_hit(item):
        taken = ratelimit.take_deferred_write()
        assert taken == item and ratelimit.take_deferred_write() is None
        ratelimit.hits([taken, ("sign:person:7", 30, 60)])
    assert RateLimitBucket.objects.get(key="write:person:7").count == 1  # not again on the way out
    with ratelimit.deferred_write_hit(item):
        pass  # the endpoint refused before counting: the middleware counts it on the way out
    assert RateLimitBucket.objects.get(key="write:person:7").count == 2
