from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field, field_validator

from hromada.core.api import ErrorOut, Id, Page, Text
from hromada.core.errors import ApplicationError, NotFoundError
from hromada.core.geo import feature, feature_collection, point
from hromada.core.http import HromadaRequest
from hromada.core.registry import SearchHit, SearchSource
from hromada.core.textsearch import query_stems
from hromada.territory.models import Institution
from hromada.territory.selectors import districts_of, institution_get, institution_points, institutions_search

from .selectors import articles_published, search_source, site_search

router = Router(tags=["portal"])


class InstitutionFilter(Schema):
    q: Text = Field("", max_length=200, description="Words to find in the name or address")
    kind: Institution.Kind | None = None
    district: Id | None = None

    @field_validator("kind", "district", mode="before")
    @classmethod
    def empty_means_any(cls, value: Any) -> Any:
        return None if value == "" else value


class InstitutionOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    short_name: str
    address: str
    district_id: int | None
    district: str | None
    lat: float
    lon: float
    phone: str
    email: str
    website: str
    opening_hours: dict[str, list[list[str]]]

    @staticmethod
    def resolve_kind_label(obj: Institution) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_district(obj: Institution) -> str | None:
        return obj.district.display_name(get_language() or "uk") if obj.district else None


@router.get("/institutions", response=list[InstitutionOut], summary="List institutions")
@paginate(Page)
def list_institutions(request: HromadaRequest, filters: Query[InstitutionFilter]) -> Any:
    return institutions_search(
        hromada=request.hromada, query=filters.q, kind=filters.kind or "", district_id=filters.district
    )


@router.get("/institutions.geojson", summary="Institutions as a GeoJSON FeatureCollection")
def institutions_geojson(request: HromadaRequest, filters: Query[InstitutionFilter]) -> dict[str, Any]:
    english = get_language() == "en"
    labels = {value: str(label) for value, label in Institution.Kind.choices}
    url_prefix = "/en/institutions/" if english else "/institutions/"
    points = institution_points(
        hromada=request.hromada, query=filters.q, kind=filters.kind or "", district_id=filters.district
    )
    return feature_collection(
        feature(
            point(p["lon"], p["lat"]),
            {
                "name": p["name"],
                "kind": p["kind"],
                "kind_label": labels.get(p["kind"], p["kind"]),
                "address": p["address"],
                "district": (
                    p["district__name_en"] if english and p["district__name_en"] else p["district__name"]
                ),
                "phone": p["phone"],
                "url": f"{url_prefix}{p['id']}/",
            },
            p["id"],
        )
        for p in points
    )


@router.get("/institutions/{institution_id}", response={200: InstitutionOut, 404: ErrorOut})
def get_institution(request: HromadaRequest, institution_id: Id) -> Any:
    institution = institution_get(hromada=request.hromada, institution_id=institution_id)
    if institution is None:
        raise NotFoundError("No such institution.")
    return institution


@router.get("/districts.geojson", summary="District boundaries as a GeoJSON FeatureCollection")
def districts_geojson(request: HromadaRequest) -> dict[str, Any]:
    language = get_language() or "uk"
    return feature_collection(
        feature(
            d.boundary, {"name": d.display_name(language), "kind": d.kind, "population": d.population}, d.pk
        )
        for d in districts_of(hromada=request.hromada)
    )


class ArticleOut(Schema):
    id: int
    kind: str
    title: str
    slug: str
    summary: str
    body: str
    published_at: Any


@router.get("/news", response=list[ArticleOut], summary="Published news and announcements")
@paginate(Page)
def list_news(request: HromadaRequest, kind: str = "") -> Any:
    return articles_published(hromada=request.hromada, kind=kind)


# ------------------------------------------------------------------------------------------------ search


class SearchQuery(Schema):
    q: Text = Field(
        ..., min_length=1, max_length=200, description="Words to find (other Ukrainian word forms match)"
    )


class SearchHitOut(Schema):
    title: str
    url: str = Field(description="Path of the page on this hromada's site")
    snippet: str
    meta: str


class SearchGroupOut(Schema):
    type: str
    title: str
    hits: list[SearchHitOut]
    has_more: bool = Field(description="More results: page through them at /search/{type}")


class SearchOut(Schema):
    groups: list[SearchGroupOut]


def _words(query: str) -> str:
    if not query_stems(query):
        raise ApplicationError(
            _("Type a word to search for (not only short words such as “in” or “and”)."),
            code="invalid_query",
            fields={"q": [_("Type a word to search for (not only short words such as “in” or “and”).")]},
        )
    return query.strip()


@router.get("/search", response={200: SearchOut, 400: ErrorOut}, summary="Search the whole site")
def search(request: HromadaRequest, filters: Query[SearchQuery]) -> Any:
    """Public petitions, budget projects, institutions, news and help pages of this hromada that contain
    every word of ``q`` (in any grammatical form), grouped by type, at most five of each; texts in the
    request's language."""
    groups = site_search(hromada=request.hromada, query=_words(filters.q))
    return {
        "groups": [
            {"type": g.source.key, "title": str(g.source.title), "hits": g.hits, "has_more": g.has_more}
            for g in groups
        ]
    }


class _Hits:
    """A source's matches as hits, sliced by the database (what ``Page`` needs)."""

    def __init__(self, source: SearchSource, rows: Any) -> None:
        self.source, self.rows = source, rows

    def __len__(self) -> int:
        return int(self.rows.count())

    def __getitem__(self, window: slice) -> list[SearchHit]:
        return [self.source.hit(row) for row in self.rows[window]]


@router.get(
    "/search/{type}",
    response={200: list[SearchHitOut], 400: ErrorOut, 404: ErrorOut},
    summary="Search one type of content, page by page",
)
@paginate(Page)
def search_one_type(request: HromadaRequest, type: str, filters: Query[SearchQuery]) -> Any:
    """Every match of one type (``petitions``, ``budget``, ``institutions``, ``news``, ``help``, and those of
    other installed modules), paginated."""
    source = search_source(type)
    if source is None:
        raise NotFoundError(_("There is no such type of content."), code="unknown_type")
    return _Hits(source, source.find(hromada=request.hromada, query=_words(filters.q)))
