import django.db.models.deletion
import hromada.core.migration_operations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('portal', '0001_initial'), ('portal', '0002_search_text'), ('portal', '0003_appearance_and_statements'), ('portal', '0004_back_office_labels'), ('portal', '0005_labels'), ('portal', '0006_article_summary_en')]

    initial = True

    dependencies = [
        ('core', '0006_secret_fingerprints_periodic_leases'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        hromada.core.migration_operations.CreateModels(
            operations=[migrations.CreateModel(
                name='Article',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('kind', models.CharField(choices=[('news', 'news'), ('announcement', 'announcement')], default='news', max_length=20, verbose_name='kind')),
                    ('title', models.CharField(max_length=250, verbose_name='title')),
                    ('title_en', models.CharField(blank=True, max_length=250, verbose_name='title in English')),
                    ('slug', models.SlugField(allow_unicode=True, max_length=120, verbose_name='address')),
                    ('summary', models.CharField(blank=True, max_length=500, verbose_name='summary')),
                    ('body', models.TextField(verbose_name='text')),
                    ('body_en', models.TextField(blank=True, verbose_name='text in English')),
                    ('is_published', models.BooleanField(default=False, verbose_name='published')),
                    ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='publication time')),
                    ('pinned', models.BooleanField(default=False, verbose_name='pinned')),
                    ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('search_text', models.TextField(default='', editable=False, verbose_name='search text')),
                    ('summary_en', models.CharField(blank=True, max_length=500, verbose_name='summary in English')),
                ],
                options={
                    'verbose_name': 'article',
                    'verbose_name_plural': 'news and announcements',
                    'ordering': ['-pinned', '-published_at', '-id'],
                    'indexes': [models.Index(fields=['hromada', 'is_published', 'published_at'], name='article_feed')],
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'slug'), name='article_slug_unique'), models.CheckConstraint(condition=models.Q(('is_published', False), ('published_at__isnull', False), _connector='OR'), name='published_article_has_time')],
                },
            ), migrations.CreateModel(
                name='HelpPage',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('slug', models.SlugField(allow_unicode=True, max_length=120, verbose_name='address')),
                    ('title', models.CharField(max_length=250, verbose_name='title')),
                    ('title_en', models.CharField(blank=True, max_length=250, verbose_name='title in English')),
                    ('body', models.TextField(verbose_name='text')),
                    ('body_en', models.TextField(blank=True, verbose_name='text in English')),
                    ('order', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
                    ('is_published', models.BooleanField(default=True, verbose_name='published')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('search_text', models.TextField(default='', editable=False, verbose_name='search text')),
                ],
                options={
                    'verbose_name': 'help page',
                    'verbose_name_plural': 'help pages',
                    'ordering': ['order', 'title'],
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'slug'), name='helppage_slug_unique')],
                    'indexes': [],
                },
            ), migrations.CreateModel(
                name='SiteAppearance',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('brand_colour', models.CharField(default='#0b4f8a', max_length=7, verbose_name='main colour')),
                    ('brand_ink', models.CharField(default='#ffffff', max_length=7, verbose_name='text colour on the main colour')),
                    ('emblem', models.FileField(blank=True, upload_to='emblems/', verbose_name='coat of arms or logo')),
                    ('accessibility_contact', models.CharField(blank=True, help_text="An e-mail or phone number; the hromada's contacts are shown when empty.", max_length=200, verbose_name='contact for accessibility problems')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'site appearance',
                    'verbose_name_plural': 'site appearance',
                    'constraints': [models.UniqueConstraint(fields=('hromada',), name='one_appearance_per_hromada'), models.CheckConstraint(condition=models.Q(('brand_colour__regex', '^#[0-9a-f]{6}$'), ('brand_ink__regex', '^#[0-9a-f]{6}$')), name='appearance_colours_are_hex')],
                    'indexes': [],
                },
            ), migrations.CreateModel(
                name='Statement',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('kind', models.CharField(choices=[('privacy', 'privacy notice'), ('terms', 'terms of use'), ('accessibility', 'accessibility statement')], max_length=20, verbose_name='kind')),
                    ('body', models.TextField(verbose_name='text')),
                    ('body_en', models.TextField(blank=True, verbose_name='text in English')),
                    ('reviewed_on', models.DateField(verbose_name='last reviewed on')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'statement',
                    'verbose_name_plural': 'privacy, terms and accessibility statements',
                    'ordering': ['kind'],
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'kind'), name='one_statement_per_kind')],
                    'indexes': [],
                },
            )],
        ),
    ]
