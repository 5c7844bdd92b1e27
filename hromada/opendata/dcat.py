"""DCAT-AP 3 descriptions of the hromada's catalogue and datasets, built with rdflib and serialised as
Turtle, JSON-LD or RDF/XML. The catalogue is paged (``?page=``) with Hydra paging terms, as DCAT-AP
harvesters expect. Every node a property points to is typed with the class DCAT-AP's SHACL shapes ask
of it (``tests/test_dcat_ap.py`` validates the output against them): formats, media types, the language
and the frequency are IRIs of the EU and IANA vocabularies, the 835 category a ``skos:Concept``."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from hromada.core.models import Hromada

from .categories import category_title
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
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"


def _typed(graph: Graph, node: URIRef | BNode, kind: URIRef) -> URIRef | BNode:
    graph.add((node, RDF.type, kind))
    return node


def _themes(base_url: str) -> URIRef:
    """The concept scheme of the 835 categories (the catalogue's ``dcat:themeTaxonomy``)."""
    return URIRef(base_url + reverse("opendata:index") + "#categories")


def _theme(graph: Graph, code: str, *, base_url: str) -> URIRef:
    concept = URIRef(base_url + reverse("opendata:index") + "?category=" + quote(code))
    _typed(graph, concept, SKOS.Concept)
    graph.add((concept, SKOS.prefLabel, Literal(category_title(code), lang=_language())))
    graph.add((concept, SKOS.inScheme, _themes(base_url)))
    return concept


def _language() -> str:
    return (translation.get_language() or "uk").split("-")[0]


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
    graph.add((node, DCTERMS.language, _typed(graph, LANG_UK, DCTERMS.LinguisticSystem)))
    graph.add((node, DCAT.landingPage, _typed(graph, node, FOAF.Document)))
    frequency = FREQUENCIES.get(entry.dataset.frequency, "IRREG")
    periodicity = URIRef(f"http://publications.europa.eu/resource/authority/frequency/{frequency}")
    graph.add((node, DCTERMS.accrualPeriodicity, _typed(graph, periodicity, DCTERMS.Frequency)))
    spatial = URIRef(f"{base_url}/katottg/{entry.hromada.katottg}")
    graph.add((node, DCTERMS.spatial, _typed(graph, spatial, DCTERMS.Location)))
    graph.add((spatial, DCTERMS.identifier, Literal(entry.hromada.katottg)))
    for tag in entry.dataset.tags:
        graph.add((node, DCAT.keyword, Literal(tag, lang="uk")))
    if entry.dataset.category:
        graph.add((node, DCAT.theme, _theme(graph, entry.dataset.category, base_url=base_url)))
    publisher = BNode(f"publisher-{entry.publisher.key}")
    graph.add((node, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(entry.publisher.name, lang="uk")))
    if entry.publisher.edrpou:
        graph.add((publisher, DCTERMS.identifier, Literal(entry.publisher.edrpou)))
    contact = BNode(f"contact-{entry.publisher.key}")
    graph.add((node, DCAT.contactPoint, contact))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, RDF.type, VCARD.Kind))
    graph.add((contact, VCARD.fn, Literal(entry.publisher.responsible or entry.publisher.name)))
    if entry.publisher.email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{entry.publisher.email}")))
    licence = URIRef(entry.licence["path"]) if entry.licence["path"] else BNode(f"licence-{entry.name}")
    _typed(graph, licence, DCTERMS.LicenseDocument)
    if not entry.licence["path"]:
        graph.add((licence, DCTERMS.title, Literal(entry.licence["name"])))
    for fmt in entry.formats:
        distribution = URIRef(base_url + reverse("opendata:download", args=[entry.name, fmt]))
        graph.add((node, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.identifier, Literal(entry.resource_id(fmt))))
        graph.add((distribution, DCTERMS.title, Literal(f"{entry.title} ({fmt.upper()})", lang="uk")))
        graph.add((distribution, DCAT.accessURL, distribution))
        graph.add((distribution, DCAT.downloadURL, distribution))
        media_type = URIRef(IANA_MEDIA_TYPE + MEDIA_TYPES[fmt].split(";")[0])
        graph.add((distribution, DCAT.mediaType, _typed(graph, media_type, DCTERMS.MediaType)))
        file_type = URIRef(FILE_TYPE + fmt.upper())
        graph.add((distribution, DCTERMS.format, _typed(graph, file_type, DCTERMS.MediaTypeOrExtent)))
        graph.add((distribution, DCTERMS.license, licence))
        graph.add(
            (distribution, DCTERMS.modified, Literal(entry.modified.isoformat(), datatype=XSD.dateTime))
        )
        schema = URIRef(base_url + reverse("opendata:datapackage", args=[entry.name]))
        graph.add((distribution, DCTERMS.conformsTo, _typed(graph, schema, DCTERMS.Standard)))
    return node


def catalogue_graph(
    *, hromada: Hromada, entries: Sequence[Entry], base_url: str, page: int, fmt: str
) -> Graph:
    """The hromada's DCAT catalogue, one page of datasets (``PER_PAGE``) with Hydra links to the others."""
    graph = _graph()
    catalog = URIRef(base_url + f"/catalog.{fmt}")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(hromada.name, lang="uk")))
    description = _("Open data of %(hromada)s, generated from the live records of its platform.")
    graph.add(
        (catalog, DCTERMS.description, Literal(description % {"hromada": hromada.name}, lang=_language()))
    )
    graph.add((catalog, DCTERMS.language, _typed(graph, LANG_UK, DCTERMS.LinguisticSystem)))
    homepage = _typed(graph, URIRef(base_url + reverse("opendata:index")), FOAF.Document)
    graph.add((catalog, FOAF.homepage, homepage))
    publisher = _typed(graph, BNode(f"hromada-{hromada.katottg}"), FOAF.Agent)
    graph.add((publisher, FOAF.name, Literal(hromada.name, lang="uk")))
    graph.add((publisher, DCTERMS.identifier, Literal(hromada.katottg)))
    graph.add((catalog, DCTERMS.publisher, publisher))
    themes = _typed(graph, _themes(base_url), SKOS.ConceptScheme)
    graph.add((themes, DCTERMS.title, Literal(_("Categories of Resolution 835"), lang=_language())))
    graph.add((catalog, DCAT.themeTaxonomy, themes))
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
