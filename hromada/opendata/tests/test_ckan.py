"""The CKAN Action API: CKAN's envelope and error mapping (compared with real CKAN captures), every
action, bad input, keyset paging, and the ``ckanapi`` client driving a live server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from hromada.core.datasets import register_dataset, unregister_dataset
from tests.factories import InstitutionFactory

from .factories import PublisherFactory, counting_dataset

pytestmark = pytest.mark.django_db

CAPTURES = Path(__file__).resolve().parents[4] / "shared" / "data" / "ckan"
needs_captures = pytest.mark.skipif(
    not CAPTURES.is_dir(), reason=f"the real CKAN captures are not here ({CAPTURES}); see docs/opendata.md"
)


@pytest.fixture
def counting():
    dataset = counting_dataset(2_500)
    register_dataset(dataset)
    yield dataset
    unregister_dataset(dataset.key)


@pytest.fixture
def published(hromada):
    PublisherFactory(hromada=hromada, key="council", name="Світлогірська міська рада", edrpou="04055009")
    InstitutionFactory(hromada=hromada, name="Ліцей № 1")
    InstitutionFactory(hromada=hromada, name="Бібліотека")
    return hromada


def call(client, action, prefix="/api/3/action/", **params):
    query = {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in params.items()}
    return client.get(prefix + action, query)


def ok(response):
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    return body["result"]


def test_both_api_paths_answer_in_ckans_envelope(client, published):
    for prefix in ("/api/3/action/", "/api/action/"):
        body = call(client, "package_list", prefix).json()

        assert set(body) == {"help", "success", "result"}
        assert body["help"].endswith("/api/3/action/help_show?name=package_list")
        assert "institutions" in body["result"] and "datasets-register" in body["result"]


@needs_captures
def test_the_envelope_and_error_mapping_match_ckans_contract(client, published):
    contract = json.loads((CAPTURES / "action_api_contract.json").read_text())
    statuses = {e["__type"]: e["http_status"] for e in contract["error_types"]}

    missing = call(client, "package_show", id="no-such-dataset")
    invalid = call(client, "package_search", rows=-1)
    unknown = call(client, "no_such_action")

    assert missing.status_code == statuses["Not Found Error"]
    assert missing.json()["error"]["__type"] == "Not Found Error"
    assert missing.json()["error"]["message"].startswith("Not found")
    assert set(missing.json()) == set(contract["envelope"]["error_response"]["keys"])
    assert invalid.status_code == statuses["Validation Error"]
    assert invalid.json()["error"] == {"rows": ["Must be a natural number"], "__type": "Validation Error"}
    assert unknown.status_code == contract["envelope"]["unknown_action"]["http_status"]
    assert "Action name not known: no_such_action" in unknown.json()["error"]["message"]


@needs_captures
def test_package_show_has_the_fields_and_types_of_a_real_ckan_package(client, published):
    real = json.loads(
        (CAPTURES / "demo_ckan_org_2017" / "17be64bb-da74-4195-9bb8-565c39846af2.json").read_text()
    )
    ours = ok(call(client, "package_show", id="institutions"))
    gone = {"revision_id", "cache_url"}  # no longer sent by current CKAN (the captures' README)

    assert set(real["result"]) - gone <= set(ours)
    for key, value in real["result"].items():
        if key not in gone and value is not None and ours[key] is not None:
            assert type(ours[key]) is type(value), key
    assert set(real["result"]["resources"][0]) - gone <= set(ours["resources"][0])
    assert set(real["result"]["tags"][0]) <= set(ours["tags"][0])
    assert set(real["result"]["organization"]) - gone <= set(ours["organization"])
    assert ours["organization"]["name"] == "council" and ours["num_resources"] == 3
    assert {"key": "edrpou", "value": "04055009"} in ours["extras"]
    assert ours["metadata_modified"][-6:] != "+00:00"  # CKAN's timestamps have no zone


@needs_captures
def test_package_search_answers_with_the_keys_and_facets_of_a_real_ckan(client, published):
    real = json.loads((CAPTURES / "demo_ckan_org_2017" / "packages.json").read_text())["result"]
    ours = ok(
        call(
            client,
            "package_search",
            rows=3,
            sort="name asc",
            **{"facet.field": ["groups", "res_format", "organization"]},
        )
    )

    assert set(ours) == set(real)
    assert set(ours["search_facets"]["organization"]) == set(real["search_facets"]["organization"])
    assert set(ours["search_facets"]["res_format"]["items"][0]) == set(
        real["search_facets"]["res_format"]["items"][0]
    )
    assert [r["name"] for r in ours["results"]] == sorted(r["name"] for r in ours["results"])
    assert len(ours["results"]) == 3 and ours["count"] >= 12
    assert ours["facets"]["res_format"]["CSV"] == ours["count"]


def test_package_search_filters_with_q_and_fq_and_pages(client, published):
    everything = ok(call(client, "package_search", rows=1000))["count"]
    by_tag = ok(call(client, "package_search", fq='tags:"бюджет участі"', rows=100))
    petitions = ok(call(client, "package_search", fq="groups:petitions"))
    not_petitions = ok(call(client, "package_search", fq="-groups:petitions"))
    words = ok(call(client, "package_search", q="установ"))
    page = ok(call(client, "package_search", rows=2, start=2, sort="name asc"))
    names = [r["name"] for r in ok(call(client, "package_search", rows=1000, sort="name asc"))["results"]]

    assert {r["name"] for r in by_tag["results"]} == {
        "public-budget-projects",
        "public-budget-results",
        "public-budget-outcomes",
    }
    assert petitions["count"] == 5 and petitions["count"] + not_petitions["count"] == everything
    assert "institutions" in {r["name"] for r in words["results"]}
    assert [r["name"] for r in page["results"]] == names[2:4]


def test_bad_search_parameters_are_validation_errors_naming_the_parameter(client, published):
    too_many = call(client, "package_search", rows=1001)
    malformed = call(client, "package_search", fq="tags:(")
    unknown_field = call(client, "package_search", fq="colour:red")
    bad_sort = call(client, "package_search", sort="colour asc")

    assert too_many.status_code == 409 and "rows" in too_many.json()["error"]
    assert malformed.status_code == 409 and "fq" in malformed.json()["error"]
    assert unknown_field.status_code == 409 and "colour" in unknown_field.json()["error"]["fq"][0]
    assert bad_sort.status_code == 409 and "sort" in bad_sort.json()["error"]


def test_organizations_groups_tags_resources_status_and_help(client, published):
    organizations = ok(call(client, "organization_list", all_fields="true"))
    council = ok(call(client, "organization_show", id="council"))
    groups = ok(call(client, "group_list"))
    tags = ok(call(client, "tag_list"))
    package = ok(call(client, "package_show", id="institutions"))
    resource = ok(call(client, "resource_show", id=package["resources"][0]["id"]))
    status = ok(call(client, "status_show"))
    help_text = ok(call(client, "help_show", name="datastore_search"))

    assert organizations[0]["name"] == "council" and organizations[0]["package_count"] >= 12
    assert council["extras"] == [{"key": "edrpou", "value": "04055009"}] and council["packages"]
    assert {"institutions", "structure", "petitions", "public-budget"} <= set(groups)
    assert "петиції" in tags
    assert resource["format"] == "CSV" and resource["package_id"] == package["id"]
    assert "datastore" in status["extensions"]
    assert ":param resource_id:" in help_text
    assert call(client, "organization_show", id="nobody").status_code == 404
    assert call(client, "resource_show", id="00000000-0000-0000-0000-000000000000").status_code == 404


def test_datastore_search_filters_searches_sorts_and_counts(client, published, counting):
    first = ok(call(client, "datastore_search", resource_id=counting.key, limit=3))
    evens = ok(call(client, "datastore_search", resource_id=counting.key, filters={"even": True}, limit=2))
    found = ok(call(client, "datastore_search", resource_id=counting.key, q="рядок 2499"))
    backwards = ok(call(client, "datastore_search", resource_id=counting.key, sort="n desc", limit=2))
    narrow = ok(call(client, "datastore_search", resource_id=counting.key, fields="n", limit=1, offset=10))
    no_total = ok(call(client, "datastore_search", resource_id=counting.key, limit=1, include_total="false"))

    assert [r["n"] for r in first["records"]] == [1, 2, 3] and first["total"] == 2500
    assert [r["_id"] for r in first["records"]] == [1, 2, 3]
    assert [f["id"] for f in first["fields"]] == ["_id", "n", "label", "even", "share"]
    assert [r["n"] for r in evens["records"]] == [2, 4] and evens["total"] == 1250
    assert [r["n"] for r in found["records"]] == [2499]
    assert [r["n"] for r in backwards["records"]] == [2500, 2499]
    assert narrow["records"] == [{"_id": 11, "n": 11}]
    assert "total" not in no_total


def test_datastore_deep_pages_follow_the_keyset_link(client, published, counting):
    page = ok(call(client, "datastore_search", resource_id=counting.key, limit=1000))
    second = ok(client.get(page["_links"]["next"]))
    third = ok(client.get(second["_links"]["next"]))

    assert "after=1000" in page["_links"]["next"]
    assert [r["n"] for r in second["records"]][:2] == [1001, 1002] and second["records"][0]["_id"] == 1001
    assert [r["n"] for r in third["records"]][-1] == 2500 and third["total"] == 2500


def test_datastore_refuses_unknown_fields_and_limits_above_the_maximum(client, published, counting):
    unknown = call(client, "datastore_search", resource_id=counting.key, filters={"colour": "red"})
    too_many = call(client, "datastore_search", resource_id=counting.key, limit=32001)
    negative = call(client, "datastore_search", resource_id=counting.key, offset=-1)
    missing = call(client, "datastore_search", resource_id="nothing")

    assert unknown.status_code == 409 and "colour" in unknown.json()["error"]["filters"][0]
    assert too_many.status_code == 409 and "limit" in too_many.json()["error"]
    assert negative.status_code == 409 and "offset" in negative.json()["error"]
    assert missing.status_code == 404 and missing.json()["error"]["__type"] == "Not Found Error"


def post(client, action, body):
    return client.post("/api/action/" + action, data=json.dumps(body), content_type="application/json")


def test_odd_values_are_validation_errors_naming_the_parameter_not_server_errors(client, published, counting):
    answers = {
        "facet.limit": call(client, "package_search", **{"facet.limit": "abc", "facet.field": ["tags"]}),
        "rows": post(client, "package_search", {"rows": 1.5}),
        "start": post(client, "package_search", {"start": True}),
        "fields": post(client, "datastore_search", {"resource_id": counting.key, "fields": 5}),
        "after": call(client, "datastore_search", resource_id=counting.key, after="abc"),
    }
    after_list = post(client, "datastore_search", {"resource_id": counting.key, "after": ["x"]})
    after_huge = call(client, "datastore_search", resource_id=counting.key, after="9" * 30)
    all_facets = ok(call(client, "package_search", **{"facet.limit": "-1", "facet.field": ["tags"]}))
    keyset = ok(post(client, "datastore_search", {"resource_id": counting.key, "after": 2497, "limit": 5}))

    for name, answer in answers.items():
        assert answer.status_code == 409, (name, answer.content)
        assert answer.json()["error"]["__type"] == "Validation Error" and name in answer.json()["error"]
    for answer in (after_list, after_huge):
        assert answer.status_code == 409 and "after" in answer.json()["error"]
    assert "test" in all_facets["facets"]["tags"]
    assert [r["n"] for r in keyset["records"]] == [2498, 2499, 2500]


def test_a_json_post_is_read_like_ckan_does(client, published):
    response = client.post(
        "/api/action/package_show", data=json.dumps({"id": "departments"}), content_type="application/json"
    )
    broken = client.post("/api/action/package_show", data="{not json", content_type="application/json")

    assert ok(response)["name"] == "departments"
    assert broken.status_code == 400 and broken.json()["success"] is False


def test_another_hromadas_api_shows_its_own_publisher(client, published, other_hromada):
    PublisherFactory(hromada=other_hromada, key="council", name="Вербівська рада", edrpou="11111111")
    there = Client(HTTP_HOST="verbivka.localhost")

    here = ok(call(client, "organization_show", id="council", include_datasets="false"))
    theirs = ok(call(there, "organization_show", id="council", include_datasets="false"))

    assert here["title"] == "Світлогірська міська рада" and theirs["title"] == "Вербівська рада"
    assert here["id"] != theirs["id"]


@pytest.mark.django_db(transaction=True)
def test_ckanapi_searches_shows_reads_and_dumps_a_live_server(live_server, hromada, tmp_path, settings):
    ckanapi = pytest.importorskip("ckanapi")
    settings.HROMADA_RATE_LIMITS = True
    settings.HROMADA_WRITE_LIMIT_PER_MINUTE = 5  # ckanapi POSTs every call: they are reads, not writes
    PublisherFactory(hromada=hromada, key="council", edrpou="04055009")
    InstitutionFactory(hromada=hromada, name="Ліцей № 1")
    site = ckanapi.RemoteCKAN(live_server.url, user_agent="ckanapi-test")

    search = site.action.package_search(q="", fq="groups:institutions", rows=5)
    package = site.action.package_show(id="institutions")
    rows = site.action.datastore_search(resource_id=package["resources"][0]["id"], limit=5)
    with pytest.raises(ckanapi.NotFound):
        site.action.package_show(id="no-such-dataset")
    with pytest.raises(ckanapi.ValidationError):
        site.action.package_search(rows=-1)
    dump = tmp_path / "datasets.jsonl"
    done = subprocess.run(
        [str(Path(sys.executable).with_name("ckanapi")), "dump", "datasets", "--all", "-r", live_server.url,
         "-O", str(dump), "-p", "1", "-q"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"},
    )  # fmt: skip

    assert [p["name"] for p in search["results"]] == ["institutions"]
    assert package["organization"]["name"] == "council"
    assert [r["name"] for r in rows["records"]] == ["Ліцей № 1"] and rows["total"] == 1
    assert done.returncode == 0, done.stderr
    dumped = [json.loads(line) for line in dump.read_text().splitlines()]
    assert {"institutions", "petitions", "datasets-register"} <= {p["name"] for p in dumped}


def test_the_next_link_of_a_dataset_without_rows_after_gives_the_following_rows(client, published):
    dataset = counting_dataset(5, key="test-no-index", index=False)
    register_dataset(dataset)
    try:
        page = ok(call(client, "datastore_search", resource_id=dataset.key, limit=2))
        second = ok(client.get(page["_links"]["next"]))
        third = ok(client.get(second["_links"]["next"]))
    finally:
        unregister_dataset(dataset.key)

    assert "after=2" in page["_links"]["next"] and [r["n"] for r in page["records"]] == [1, 2]
    assert [r["n"] for r in second["records"]] == [3, 4] and second["records"][0]["_id"] == 3
    assert [r["n"] for r in third["records"]] == [5] and third["total"] == 5


def test_posted_calls_are_reads_under_a_budget_of_their_own(client, published, settings, monkeypatch):
    from hromada.opendata import views_ckan

    settings.HROMADA_RATE_LIMITS = True
    settings.HROMADA_WRITE_LIMIT_PER_MINUTE = 2
    monkeypatch.setattr(views_ckan, "POSTED_CALLS_PER_MINUTE", 4)

    answers = [
        client.post("/api/action/package_list", data="{}", content_type="application/json") for _ in range(5)
    ]

    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]  # past the write limit of 2
    assert answers[-1].json()["error"]["__type"] == "Too Many Requests"
