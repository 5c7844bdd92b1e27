"""The DCAT output against the DCAT-AP 3.0.1 SHACL shapes (``shapes/``, from SEMIC's DCAT-AP repository),
validated with pySHACL: what a European portal's harvester checks before it takes a catalogue."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCAT, RDF, SH

from .factories import PublisherFactory

pyshacl = pytest.importorskip("pyshacl", reason="pyshacl is a test dependency (pyproject: test extra)")

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).parent / "shapes" / "dcat-ap-3.0.1-SHACL.ttl"


def _violations(data: bytes, syntax: str) -> str:
    """The violations, one line per path and message with how many nodes have it ("" when it conforms)."""
    graph = Graph().parse(data=data, format=syntax)
    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, report, _text = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    counts: Counter[str] = Counter()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        counts[f"{graph.value(report.value(result, SH.focusNode), RDF.type)} {path}: {message}"] += 1
    return "" if conforms else "\n".join(f"{n} × {line}" for line, n in sorted(counts.items()))


def test_the_catalogue_conforms_to_the_dcat_ap_shapes(client, hromada):
    PublisherFactory(hromada=hromada, edrpou="04055009")

    response = client.get("/catalog.ttl")

    assert response.status_code == 200
    assert _violations(response.content, "turtle") == ""


def test_a_dataset_conforms_to_the_dcat_ap_shapes_in_every_serialisation(client, hromada):
    PublisherFactory(hromada=hromada, edrpou="04055009")

    for fmt, syntax in {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}.items():
        response = client.get(f"/dataset/institutions.{fmt}")
        assert _violations(response.content, syntax) == "", fmt


def test_the_category_scheme_and_a_concept_lead_to_the_catalogue_page(client, hromada):
    """The DCAT theme IRIs are pages: the scheme the catalogue's category facet, a concept that facet."""
    PublisherFactory(hromada=hromada, edrpou="04055009")
    graph = Graph().parse(data=client.get("/catalog.ttl").content, format="turtle")
    scheme = str(next(graph.objects(None, DCAT.themeTaxonomy)))
    concept = str(next(graph.objects(None, DCAT.theme)))
    path, _hash, anchor = scheme.partition("#")

    assert f'id="{anchor}"' in client.get(path).content.decode()
    assert client.get(concept).status_code == 200 and "category=" in concept
