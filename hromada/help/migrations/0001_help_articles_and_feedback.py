import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0006_secret_fingerprints_periodic_leases'),
    ]

    operations = [
        migrations.CreateModel(
            name='HelpArticle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('app', models.CharField(max_length=30, verbose_name='module')),
                ('name', models.SlugField(max_length=80, verbose_name='name')),
                ('audience', models.CharField(choices=[('residents', 'residents'), ('officials', 'officials')], max_length=20, verbose_name='audience')),
                ('order', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
                ('title', models.CharField(max_length=250, verbose_name='title')),
                ('title_en', models.CharField(blank=True, max_length=250, verbose_name='title in English')),
                ('body', models.TextField(verbose_name='text (Markdown)')),
                ('body_en', models.TextField(blank=True, verbose_name='text in English (Markdown)')),
                ('is_published', models.BooleanField(default=True, verbose_name='published')),
                ('source', models.CharField(choices=[('shipped', 'shipped with the platform'), ('edited', 'edited by the hromada')], default='shipped', max_length=20, verbose_name='text source')),
                ('shipped_digest', models.CharField(default='', editable=False, max_length=64, verbose_name='fingerprint of the shipped text')),
                ('is_shipped', models.BooleanField(default=True, editable=False, verbose_name='still shipped')),
                ('edited_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='edited')),
                ('search_text', models.TextField(default='', editable=False, verbose_name='search text')),
                ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
            ],
            options={
                'verbose_name': 'help article',
                'verbose_name_plural': 'help articles',
                'ordering': ['app', 'order', 'name'],
                'indexes': [],
                'constraints': [models.UniqueConstraint(fields=('hromada', 'app', 'name'), name='help_article_key_unique'), models.CheckConstraint(condition=models.Q(('audience__in', ['residents', 'officials'])), name='help_article_audience_known'), models.CheckConstraint(condition=models.Q(('source__in', ['shipped', 'edited'])), name='help_article_source_known'), models.CheckConstraint(condition=models.Q(('source', 'shipped'), ('edited_at__isnull', False), _connector='OR'), name='help_article_edit_has_time')],
            },
        ),
        migrations.CreateModel(
            name='HelpFeedback',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('voter', models.CharField(editable=False, max_length=64)),
                ('helpful', models.BooleanField(verbose_name='helpful')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback', to='help.helparticle', verbose_name='article')),
            ],
            options={
                'verbose_name': 'feedback',
                'verbose_name_plural': 'feedback',
                'indexes': [],
                'constraints': [models.UniqueConstraint(fields=('article', 'voter'), name='help_feedback_one_per_voter')],
            },
        ),
    ]
