import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
import hromada.core.migration_operations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('discussion', '0001_initial'), ('discussion', '0002_labels')]

    initial = True

    dependencies = [
        ('core', '0006_secret_fingerprints_periodic_leases'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        hromada.core.migration_operations.CreateModels(
            operations=[migrations.CreateModel(
                name='Comment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('target', models.CharField(max_length=30, verbose_name='what it is about')),
                    ('target_id', models.BigIntegerField(verbose_name='id of what it is about')),
                    ('body', models.TextField(verbose_name='text')),
                    ('status', models.CharField(choices=[('visible', 'visible'), ('hidden', 'hidden by a moderator')], default='visible', max_length=10, verbose_name='status')),
                    ('hidden_reason', models.CharField(blank=True, choices=[('constitutional_order', 'Calls to overthrow the constitutional order or violate territorial integrity'), ('war_propaganda', 'War propaganda, violence or cruelty'), ('hatred', 'Incitement of ethnic, racial or religious hatred'), ('crimes', 'Calls to terrorism or other crimes'), ('obscene', 'Obscene language'), ('personal_data', "Someone else's personal data"), ('insult', 'Insults or harassment of a person'), ('spam', 'Advertising, spam or repeated messages')], max_length=30, verbose_name='reason for hiding')),
                    ('hidden_at', models.DateTimeField(blank=True, null=True, verbose_name='hidden at')),
                    ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='comments', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                    ('hidden_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='hidden by')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'comment',
                    'verbose_name_plural': 'comments',
                    'ordering': ['created_at', 'id'],
                    'indexes': [models.Index(fields=['hromada', 'target', 'target_id', 'created_at'], name='comment_thread')],
                    'constraints': [models.CheckConstraint(condition=models.Q(django.db.models.lookups.GreaterThanOrEqual(django.db.models.functions.text.Length('body'), 1), django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('body'), 2000)), name='comment_length'), models.CheckConstraint(condition=models.Q(models.Q(('hidden_reason', ''), ('status', 'visible')), models.Q(('status', 'hidden'), models.Q(('hidden_reason', ''), _negated=True)), _connector='OR'), name='hidden_comment_has_reason')],
                },
            ), migrations.CreateModel(
                name='CommentReport',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('reason', models.CharField(choices=[('constitutional_order', 'Calls to overthrow the constitutional order or violate territorial integrity'), ('war_propaganda', 'War propaganda, violence or cruelty'), ('hatred', 'Incitement of ethnic, racial or religious hatred'), ('crimes', 'Calls to terrorism or other crimes'), ('obscene', 'Obscene language'), ('personal_data', "Someone else's personal data"), ('insult', 'Insults or harassment of a person'), ('spam', 'Advertising, spam or repeated messages')], max_length=30, verbose_name='reason')),
                    ('comment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='discussion.comment')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('reporter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reported by')),
                ],
                options={
                    'verbose_name': 'report of a comment',
                    'verbose_name_plural': 'reports of comments',
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('comment', 'reporter'), name='one_report_per_person')],
                },
            )],
        ),
    ]
