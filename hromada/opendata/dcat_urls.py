"""DCAT paths at the site's root, outside the language prefix: ``/catalog.<ttl|jsonld|rdf>`` (mounted at
``catalog.``) and ``/dataset/<name>.<ttl|jsonld|rdf>`` (mounted at ``dataset/``)."""

from django.urls import path

from . import views_dcat

catalog = [path("<str:fmt>", views_dcat.catalog, name="catalog")]
dataset = [path("<slug:name>.<str:fmt>", views_dcat.dataset, name="dataset")]
