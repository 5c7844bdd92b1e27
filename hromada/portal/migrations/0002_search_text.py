"""News and help pages get a normalised search text (the site search); existing rows are filled in."""

from django.db import migrations, models

from hromada.core.text import search_key


def fill(apps, schema_editor):
    Article = apps.get_model("portal", "Article")
    HelpPage = apps.get_model("portal", "HelpPage")
    for article in Article.objects.all().iterator():
        article.search_text = search_key(
            article.title, article.title_en, article.summary, article.body, article.body_en
        )
        article.save(update_fields=["search_text"])
    for page in HelpPage.objects.all().iterator():
        page.search_text = search_key(page.title, page.title_en, page.body, page.body_en)
        page.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="helppage",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
