"""Projects' search text as queries are normalised (NFC, one apostrophe), refilled for existing rows."""

from django.db import migrations

from hromada.core.text import search_key


def refill(apps, schema_editor):
    Project = apps.get_model("budget", "Project")
    for project in Project.objects.only("number", "title", "summary", "address").iterator():
        text = search_key(str(project.number), project.title, project.summary, project.address)
        Project.objects.filter(pk=project.pk).update(search_text=text)


class Migration(migrations.Migration):
    dependencies = [("budget", "0003_back_office_labels")]

    operations = [migrations.RunPython(refill, migrations.RunPython.noop, elidable=True)]
