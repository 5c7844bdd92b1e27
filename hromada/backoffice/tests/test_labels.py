"""Back-office labels are in the page's language: every field of every registered model has a translated
name (an untranslated one is Django's English default made from the attribute name)."""

from django.contrib import admin
from django.utils import translation
from django.utils.functional import Promise

from hromada.backoffice.site import back_office


def test_every_field_of_every_back_office_model_has_a_ukrainian_label():
    admin.autodiscover()  # as hromada/urls.py does
    untranslated = []
    with translation.override("uk"):
        for model in back_office._registry:
            for field in model._meta.get_fields():
                if field.auto_created or not hasattr(field, "verbose_name"):
                    continue
                label = field.verbose_name
                if not isinstance(label, Promise) or str(label).isascii():
                    untranslated.append(f"{model._meta.label}.{field.name}: {str(label)!r}")

    assert untranslated == []
