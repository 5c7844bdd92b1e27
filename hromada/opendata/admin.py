"""The back office's page of the hromada's open-data publishers (who publishes, ЄДРПОУ, responsible)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hromada.backoffice.options import TenantScopedAdmin
from hromada.backoffice.site import back_office
from hromada.core.http import user_of

from .actions import publisher_save
from .models import Publisher


@admin.register(Publisher, site=back_office)
class PublisherAdmin(TenantScopedAdmin):
    list_display = ("key", "name", "edrpou", "responsible")
    search_fields = ("key", "name", "edrpou")
    fields = ("key", "name", "name_en", "edrpou", "responsible", "email")

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        publisher_save(publisher=obj, by=user_of(request))
