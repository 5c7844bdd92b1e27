"""DCAT: the catalogue and each dataset in Turtle, JSON-LD and RDF/XML, read back with rdflib."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from hromada.core.datasets import datasets

from .factories import PublisherFactory

pytestmark = pytest.mark.django_db

SYNTAX = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}


def test_the_catalogue_lists_every_dataset_in_every_serialisation(client, hromada):
    PublisherFactory(hromada=hromada, edrpou="04055009")

    for fmt, syntax in SYNTAX.items():
        response = client.get(f"/catalog.{fmt}")
        graph = Graph().parse(data=response.content, format=syntax)

        assert response.status_code == 200
        assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == len(datasets())
        assert len(list(graph.subjects(RDF.type, DCAT.Catalog))) == 1
    assert client.get("/catalog.xml").status_code == 404


def test_a_dataset_has_its_distributions_publisher_and_dates(client, hromada):
    PublisherFactory(hromada=hromada, edrpou="04055009")

    graph = Graph().parse(data=client.get("/dataset/institutions.ttl").content, format="turtle")
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))

    assert str(dataset).endswith("/opendata/institutions/")
    assert len(list(graph.objects(dataset, DCAT.distribution))) == 3
    publisher = next(graph.objects(dataset, DCTERMS.publisher))
    assert str(next(graph.objects(publisher, DCTERMS.identifier))) == "04055009"
    assert next(graph.objects(dataset, DCTERMS.modified)) is not None
    assert any(
        isinstance(d, URIRef) and str(d).endswith(".csv") for d in graph.objects(dataset, DCAT.distribution)
    )
    assert client.get("/dataset/no-such.ttl").status_code == 404
