"""DCAT (DCAT-AP 3 style) descriptions of the hromada's catalogue and datasets, built with rdflib and
serialised as Turtle, JSON-LD or RDF/XML. The catalogue is paged (``?page=``) with Hydra paging terms, as
DCAT-AP harvesters expect."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from hromada.core.models import Hromada

from .formats import MEDIA_TYPES
from .selectors import Entry

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
LANG_UK = URIRef("http://publications.europa.eu/resource/authority/language/UKR")
FREQUENCIES = {
    "continuous": "UPDATE_CONT",
    "daily": "DAILY",
    "weekly": "WEEKLY",
    "monthly": "MONTHLY",
    "quarterly": "QUARTERLY",
    "annual": "ANNUAL",
    "irregular": "IRREG",
}
SERIALISATIONS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json"),
    "rdf": ("xml", "application/rdf+xml"),
}
PER_PAGE = 100


def _graph() -> Graph:
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD),
                              ("hydra", HYDRA), ("adms", ADMS)):  # fmt: skip
        graph.bind(prefix, namespace)
    return graph


def _dataset(graph: Graph, entry: Entry, *, base_url: str) -> URIRef:
    node = URIRef(base_url + reverse("opendata:dataset", args=[entry.name]))
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(entry.id)))
    graph.add((node, DCTERMS.title, Literal(entry.title, lang="uk")))
    graph.add((node, DCTERMS.description, Literal(entry.description, lang="uk")))
    graph.add((node, DCTERMS.issued, Literal(entry.created.isoformat(), datatype=XSD.dateTime)))
    graph.add((node, DCTERMS.modified, Literal(entry.modified.isoformat(), datatype=XSD.dateTime)))
    graph.add((node, DCTERMS.language, LANG_UK))
    graph.add((node, DCAT.landingPage, node))
    frequency = FREQUENCIES.get(entry.dataset.frequency, "IRREG")
    periodicity = URIRef(f"http://publications.europa.eu/resource/authority/frequency/{frequency}")
    graph.add((node, DCTERMS.accrualPeriodicity, periodicity))
    spatial = URIRef(f"{base_url}/katottg/{entry.hromada.katottg}")
    graph.add((node, DCTERMS.spatial, spatial))
    graph.add((spatial, DCTERMS.identifier, Literal(entry.hromada.katottg)))
    for tag in entry.dataset.tags:
        graph.add((node, DCAT.keyword, Literal(tag, lang="uk")))
    if entry.dataset.category:
        graph.add((node, DCAT.theme, Literal(entry.dataset.category)))
    publisher = BNode(f"publisher-{entry.publisher.key}")
    graph.add((node, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal(entry.publisher.name, lang="uk")))
    if entry.publisher.edrpou:
        graph.add((publisher, DCTERMS.identifier, Literal(entry.publisher.edrpou)))
    contact = BNode(f"contact-{entry.publisher.key}")
    graph.add((node, DCAT.contactPoint, contact))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(entry.publisher.responsible or entry.publisher.name)))
    if entry.publisher.email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{entry.publisher.email}")))
    licence = URIRef(entry.licence["path"]) if entry.licence["path"] else Literal(entry.licence["name"])
    for fmt in entry.formats:
        distribution = URIRef(base_url + reverse("opendata:download", args=[entry.name, fmt]))
        graph.add((node, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.identifier, Literal(entry.resource_id(fmt))))
        graph.add((distribution, DCTERMS.title, Literal(f"{entry.title} ({fmt.upper()})", lang="uk")))
        graph.add((distribution, DCAT.accessURL, distribution))
        graph.add((distribution, DCAT.downloadURL, distribution))
        graph.add((distribution, DCAT.mediaType, Literal(MEDIA_TYPES[fmt].split(";")[0])))
        graph.add((distribution, DCTERMS.format, Literal(fmt.upper())))
        graph.add((distribution, DCTERMS.license, licence))
        graph.add(
            (distribution, DCTERMS.modified, Literal(entry.modified.isoformat(), datatype=XSD.dateTime))
        )
        schema = URIRef(base_url + reverse("opendata:datapackage", args=[entry.name]))
        graph.add((distribution, DCTERMS.conformsTo, schema))
    return node


def catalogue_graph(
    *, hromada: Hromada, entries: Sequence[Entry], base_url: str, page: int, fmt: str
) -> Graph:
    """The hromada's DCAT catalogue, one page of datasets (``PER_PAGE``) with Hydra links to the others."""
    graph = _graph()
    catalog = URIRef(base_url + f"/catalog.{fmt}")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(hromada.name, lang="uk")))
    graph.add((catalog, DCTERMS.language, LANG_UK))
    graph.add((catalog, FOAF.homepage, URIRef(base_url + reverse("opendata:index"))))
    pages = max(1, -(-len(entries) // PER_PAGE))
    page = min(max(page, 1), pages)
    for entry in entries[(page - 1) * PER_PAGE : page * PER_PAGE]:
        graph.add((catalog, DCAT.dataset, _dataset(graph, entry, base_url=base_url)))
    here = URIRef(f"{base_url}/catalog.{fmt}?page={page}")
    graph.add((here, RDF.type, HYDRA.PagedCollection))
    graph.add((here, HYDRA.totalItems, Literal(len(entries), datatype=XSD.integer)))
    graph.add((here, HYDRA.itemsPerPage, Literal(PER_PAGE, datatype=XSD.integer)))
    graph.add((here, HYDRA.firstPage, URIRef(f"{base_url}/catalog.{fmt}?page=1")))
    graph.add((here, HYDRA.lastPage, URIRef(f"{base_url}/catalog.{fmt}?page={pages}")))
    if page < pages:
        graph.add((here, HYDRA.nextPage, URIRef(f"{base_url}/catalog.{fmt}?page={page + 1}")))
    if page > 1:
        graph.add((here, HYDRA.previousPage, URIRef(f"{base_url}/catalog.{fmt}?page={page - 1}")))
    return graph


def dataset_graph(*, entry: Entry, base_url: str) -> Graph:
    graph = _graph()
    _dataset(graph, entry, base_url=base_url)
    return graph
