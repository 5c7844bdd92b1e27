from typing import Any

from django.utils.translation import get_language
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field, field_validator

from hromada.core.api import ErrorOut, Id, Page, Text
from hromada.core.errors import NotFoundError
from hromada.core.geo import feature, feature_collection, point
from hromada.core.http import HromadaRequest
from hromada.territory.models import Institution
from hromada.territory.selectors import districts_of, institution_get, institution_points, institutions_search

from .selectors import articles_published

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
