"""A CKAN harvester against a live server, through ``ckanapi``: the gather stage of ckanext-harvest's CKAN
harvester (what data.gov.ua and most CKAN portals run to take in another portal's datasets) — full and
since the last run — and the import stage's reading of every dataset and its resources."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.factories import InstitutionFactory

from .factories import PublisherFactory
from .test_ckan import CAPTURES

ckanapi = pytest.importorskip("ckanapi")


class Harvester:
    """The gather stage as ckanext-harvest's ``CKANHarvester._search_for_datasets`` does it (read, not
    copied): ``package_search`` of 100 rows sorted ``id asc``, ``start`` moved on by ``rows`` until a page
    comes back empty; a page equal to the previous one means the server ignores paging (an error), and a
    dataset seen on an earlier page is dropped (datasets changing while it pages). ``since`` asks, as the
    harvester does after a successful run, only for what changed since then."""

    def __init__(self, site: Any, *, rows: int = 100) -> None:
        self.site, self.rows, self.pages = site, rows, 0

    def gather(self, *, fq_terms: tuple[str, ...] = (), since: dt.datetime | None = None) -> list[dict]:
        terms = list(fq_terms)
        if since is not None:
            terms.append(
                f"metadata_modified:[{since.astimezone(dt.UTC).replace(tzinfo=None).isoformat()}Z TO *]"
            )
        params = {
            "rows": self.rows,
            "start": 0,
            "sort": "id asc",
            **({"fq": " ".join(terms)} if terms else {}),
        }
        found: list[dict] = []
        seen: set[str] = set()
        previous = None
        while True:
            page = self.site.action.package_search(**params)["results"]
            self.pages += 1
            assert page != previous or not page, "the paging doesn't seem to work"
            previous = page
            found.extend(p for p in page if p["id"] not in seen)
            seen |= {p["id"] for p in page}
            if not page:
                return found
            params["start"] += self.rows


@pytest.fixture
def portal(hromada):
    PublisherFactory(hromada=hromada, key="council", name="Світлогірська міська рада", edrpou="04055009")
    InstitutionFactory(hromada=hromada, name="Ліцей № 1")
    return hromada


@pytest.mark.django_db(transaction=True)
def test_a_ckan_harvester_gathers_every_dataset_page_by_page_as_package_show_gives_it(live_server, portal):
    site = ckanapi.RemoteCKAN(live_server.url, user_agent="ckanext-harvest-like-test")
    harvester = Harvester(site, rows=7)

    harvested = harvester.gather()

    names = site.action.package_list()
    assert sorted(p["name"] for p in harvested) == sorted(names)
    assert (
        len({p["id"] for p in harvested}) == len(names) and harvester.pages == -(-len(names) // 7) + 1
    )  # and the empty one
    assert [p["id"] for p in harvested] == sorted(p["id"] for p in harvested)  # sorted by id, as asked
    for package in harvested:  # the import stage takes the search's dict as package_show's
        assert package == site.action.package_show(id=package["id"]), package["name"]
        for resource in package["resources"]:
            assert resource["url"].startswith(live_server.url), resource["url"]
            assert site.action.resource_show(id=resource["id"])["package_id"] == package["id"]


@pytest.mark.django_db(transaction=True)
def test_a_ckan_harvester_run_after_the_last_one_takes_only_what_changed(live_server, portal):
    site = ckanapi.RemoteCKAN(live_server.url, user_agent="ckanext-harvest-like-test")
    everything = Harvester(site).gather()
    latest = max(dt.datetime.fromisoformat(p["metadata_modified"]).replace(tzinfo=dt.UTC) for p in everything)

    assert Harvester(site).gather(since=latest + dt.timedelta(seconds=1)) == []
    changed = Harvester(site).gather(since=latest - dt.timedelta(hours=1))  # the harvester's hour of slack
    hour_before = (latest - dt.timedelta(hours=1)).replace(tzinfo=None).isoformat()
    assert changed and all(p["metadata_modified"] >= hour_before for p in changed)
    assert len(Harvester(site).gather(since=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))) == len(everything)
    with pytest.raises(ckanapi.ValidationError):  # Solr's date math is refused by name, not misread
        site.action.package_search(fq="metadata_modified:[NOW-1DAY TO *]")


@pytest.mark.skipif(not CAPTURES.is_dir(), reason=f"the real CKAN captures are not here ({CAPTURES})")
@pytest.mark.django_db(transaction=True)
def test_every_harvested_dataset_has_the_shape_of_a_real_ckan_package(live_server, portal):
    real = json.loads((CAPTURES / "demo_ckan_org_2017" / "packages.json").read_text())["result"]["results"]
    gone = {"revision_id", "cache_url"}  # no longer sent by current CKAN (the captures' README)
    keys = set.intersection(*(set(p) for p in real)) - gone
    resource_keys = set.intersection(*(set(r) for p in real for r in p["resources"])) - gone
    types = {k: type(v) for p in real for k, v in p.items() if v is not None and k in keys}

    for package in Harvester(ckanapi.RemoteCKAN(live_server.url)).gather():
        assert keys <= set(package), (package["name"], keys - set(package))
        for key, kind in types.items():
            assert package[key] is None or type(package[key]) is kind, (package["name"], key)
        for resource in package["resources"]:
            assert resource_keys <= set(resource), (package["name"], resource_keys - set(resource))
