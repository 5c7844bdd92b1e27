import django.db.models.deletion
import hromada.core.migration_operations
import hromada.opencity.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('opencity', '0001_reports_categories_zones'), ('opencity', '0002_api_key_hash_label'), ('opencity', '0003_report_location_precision'), ('opencity', '0004_report_channel_telegram'), ('opencity', '0005_report_map_covering_index')]

    initial = True

    dependencies = [
        ('core', '0006_secret_fingerprints_periodic_leases'),
        ('territory', '0003_institution_english'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        hromada.core.migration_operations.CreateModels(
            operations=[migrations.CreateModel(
                name='ApiKey',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('name', models.CharField(max_length=200, verbose_name='application')),
                    ('contact', models.EmailField(blank=True, max_length=254, verbose_name='contact e-mail')),
                    ('prefix', models.CharField(editable=False, max_length=8, verbose_name='key prefix')),
                    ('key_hash', models.CharField(editable=False, max_length=64, unique=True, verbose_name='key hash')),
                    ('per_hour', models.PositiveIntegerField(default=600, verbose_name='requests per hour')),
                    ('is_active', models.BooleanField(default=True, verbose_name='active')),
                    ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last used')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'Open311 API key',
                    'verbose_name_plural': 'Open311 API keys',
                    'ordering': ['name'],
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='Category',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('code', models.SlugField(max_length=40, verbose_name='service code')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('name_en', models.CharField(blank=True, max_length=200, verbose_name='name in English')),
                    ('description', models.TextField(blank=True, verbose_name='description')),
                    ('description_en', models.TextField(blank=True, verbose_name='description in English')),
                    ('group', models.CharField(blank=True, max_length=100, verbose_name='group')),
                    ('keywords', models.CharField(blank=True, max_length=300, verbose_name='keywords')),
                    ('company', models.CharField(blank=True, help_text='When a municipal company, not a department, does the work.', max_length=250, verbose_name='responsible municipal company')),
                    ('sla_days', models.PositiveSmallIntegerField(default=10, verbose_name='deadline, working days')),
                    ('questions', models.JSONField(blank=True, default=list, help_text='Open311 attributes: a list of {code, datatype, required, description, values: [{key, name}]}.', verbose_name='extra questions')),
                    ('is_active', models.BooleanField(default=True, verbose_name='active')),
                    ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                    ('department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='opencity_categories', to='territory.department', verbose_name='responsible department')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'problem category',
                    'verbose_name_plural': 'problem categories',
                    'ordering': ['position', 'name'],
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'code'), name='opencity_category_code_unique'), models.CheckConstraint(condition=models.Q(('sla_days__gte', 1)), name='opencity_category_sla_positive')],
                },
            ), migrations.CreateModel(
                name='Zone',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('name_en', models.CharField(blank=True, max_length=200, verbose_name='name in English')),
                    ('boundary', models.JSONField(verbose_name='boundary (GeoJSON Polygon or MultiPolygon)')),
                    ('priority', models.SmallIntegerField(default=0, verbose_name='priority')),
                    ('categories', models.ManyToManyField(blank=True, help_text='Empty: every category.', related_name='zones', to='opencity.category', verbose_name='categories')),
                    ('department', models.ForeignKey(blank=True, help_text="Empty: each category's responsible department.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='opencity_zones', to='territory.department', verbose_name='department')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'routing zone',
                    'verbose_name_plural': 'routing zones',
                    'ordering': ['-priority', 'name'],
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='Report',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('needs_triage', models.BooleanField(default=False, verbose_name='in the triage queue')),
                    ('lat', models.FloatField(verbose_name='latitude')),
                    ('lon', models.FloatField(verbose_name='longitude')),
                    ('address', models.CharField(blank=True, max_length=300, verbose_name='address')),
                    ('description', models.TextField(max_length=4000, verbose_name='description')),
                    ('public_description', models.TextField(max_length=4000, verbose_name='public description')),
                    ('attributes', models.JSONField(blank=True, default=dict, verbose_name="answers to the category's questions")),
                    ('media_url', models.URLField(blank=True, max_length=500, verbose_name='media URL')),
                    ('status', models.CharField(choices=[('new', 'new'), ('accepted', 'accepted'), ('in_progress', 'in progress'), ('action_scheduled', 'action scheduled'), ('fixed', 'fixed'), ('closed', 'closed, not fixed'), ('reopened', 'reopened')], default='new', max_length=20, verbose_name='status')),
                    ('close_reason', models.CharField(blank=True, choices=[('not_responsible', "not the council's responsibility"), ('duplicate', 'duplicate'), ('no_further_action', 'no further action'), ('planned_later', 'planned for later')], max_length=20, verbose_name='reason')),
                    ('responsible_elsewhere', models.CharField(blank=True, max_length=250, verbose_name='who is responsible instead')),
                    ('forwarded_to_email', models.EmailField(blank=True, max_length=254, verbose_name='forwarded to (e-mail)')),
                    ('channel', models.CharField(choices=[('web', 'website'), ('api', 'Open311 API'), ('callcentre', 'call centre'), ('bot', 'bot'), ('telegram', 'Telegram')], default='web', max_length=12, verbose_name='channel')),
                    ('token', models.CharField(max_length=32, unique=True)),
                    ('contact_name', models.CharField(blank=True, max_length=200, verbose_name='contact name')),
                    ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact e-mail')),
                    ('contact_phone', models.CharField(blank=True, max_length=40, verbose_name='contact phone')),
                    ('show_name', models.BooleanField(default=False, verbose_name='show my name publicly')),
                    ('submitted_at', models.DateTimeField(verbose_name='submitted')),
                    ('due_at', models.DateTimeField(verbose_name='due')),
                    ('responded_at', models.DateTimeField(blank=True, null=True, verbose_name='first response')),
                    ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed')),
                    ('status_changed_at', models.DateTimeField(verbose_name='status changed')),
                    ('supporters_count', models.PositiveIntegerField(default=0, verbose_name='supporters')),
                    ('reopen_count', models.PositiveSmallIntegerField(default=0, verbose_name='times reopened')),
                    ('reporter_verdict', models.CharField(blank=True, choices=[('confirmed', 'confirmed fixed'), ('disputed', 'disputed')], max_length=10, verbose_name="reporter's verdict")),
                    ('api_key', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='opencity.apikey')),
                    ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='opencity.category')),
                    ('department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='opencity_reports', to='territory.department', verbose_name='responsible department')),
                    ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='opencity_reports', to='territory.district')),
                    ('duplicate_of', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='duplicates', to='opencity.report')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('reporter', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='opencity_reports', to=settings.AUTH_USER_MODEL, verbose_name='reporter')),
                    ('zone', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='opencity.zone')),
                    ('location_precision', models.CharField(choices=[('point', 'the point given'), ('building', 'the building of the address'), ('street', 'the street of the address'), ('district', 'the district named in the address'), ('hromada', "the hromada's centre: the address was not recognised")], default='point', max_length=10, verbose_name='location known to')),
                ],
                options={
                    'verbose_name': 'problem report',
                    'verbose_name_plural': 'problem reports',
                    'ordering': ['-submitted_at', '-pk'],
                    'indexes': [models.Index(fields=['hromada', 'category', 'lat', 'lon'], name='opencity_report_near'), models.Index(fields=['hromada', 'status', 'due_at'], name='opencity_report_clock'), models.Index(fields=['hromada', '-submitted_at'], name='opencity_report_recent'), models.Index(fields=['hromada', 'department', 'status'], name='opencity_report_queue'), models.Index(fields=['hromada', 'lat', 'lon', 'status', 'category'], name='opencity_report_map')],
                    'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['new', 'accepted', 'in_progress', 'action_scheduled', 'fixed', 'closed', 'reopened'])), name='opencity_report_status_known'), models.CheckConstraint(condition=models.Q(('lat__gte', -90), ('lat__lte', 90), ('lon__gte', -180), ('lon__lte', 180)), name='opencity_report_position_valid'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'closed'), ('close_reason__in', ['not_responsible', 'duplicate', 'no_further_action', 'planned_later'])), models.Q(models.Q(('status', 'closed'), _negated=True), ('close_reason', '')), _connector='OR'), name='opencity_report_closed_has_reason'), models.CheckConstraint(condition=models.Q(models.Q(('close_reason', 'not_responsible'), _negated=True), models.Q(('responsible_elsewhere', ''), _negated=True), _connector='OR'), name='opencity_report_forward_named'), models.CheckConstraint(condition=models.Q(models.Q(('closed_at__isnull', False), ('status__in', ['fixed', 'closed'])), models.Q(models.Q(('status__in', ['fixed', 'closed']), _negated=True), ('closed_at__isnull', True)), _connector='OR'), name='opencity_report_closed_has_date'), models.CheckConstraint(condition=models.Q(('due_at__gte', models.F('submitted_at'))), name='opencity_report_due_after'), models.CheckConstraint(condition=models.Q(('location_precision__in', ['point', 'building', 'street', 'district', 'hromada'])), name='opencity_report_precision_known'), models.CheckConstraint(condition=models.Q(('channel__in', ['web', 'api', 'callcentre', 'bot', 'telegram'])), name='opencity_report_channel_known')],
                },
            ), migrations.CreateModel(
                name='Support',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='opencity_supports', to=settings.AUTH_USER_MODEL)),
                    ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='supports', to='opencity.report')),
                ],
                options={
                    'verbose_name': 'support',
                    'verbose_name_plural': 'supports',
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('report', 'person'), name='opencity_support_once')],
                },
            ), migrations.CreateModel(
                name='Update',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('kind', models.CharField(choices=[('status', 'status change'), ('public', 'public update'), ('internal', 'internal note'), ('feedback', "reporter's feedback")], max_length=10, verbose_name='kind')),
                    ('text', models.TextField(blank=True, max_length=4000, verbose_name='text')),
                    ('public_text', models.TextField(blank=True, verbose_name='public text')),
                    ('status_from', models.CharField(blank=True, max_length=20)),
                    ('status_to', models.CharField(blank=True, max_length=20)),
                    ('reason', models.CharField(blank=True, max_length=20)),
                    ('at', models.DateTimeField(verbose_name='when')),
                    ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='opencity.report')),
                ],
                options={
                    'verbose_name': 'report update',
                    'verbose_name_plural': 'report updates',
                    'ordering': ['at', 'pk'],
                    'indexes': [models.Index(fields=['report', 'at'], name='opencity_update_report')],
                    'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['status', 'public', 'internal', 'feedback'])), name='opencity_update_kind_known')],
                },
            ), migrations.CreateModel(
                name='Photo',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('image', models.FileField(upload_to=hromada.opencity.models._photo_path, verbose_name='image')),
                    ('width', models.PositiveIntegerField(blank=True, null=True)),
                    ('height', models.PositiveIntegerField(blank=True, null=True)),
                    ('is_public', models.BooleanField(default=False, verbose_name='published')),
                    ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='opencity.report')),
                    ('update', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='opencity.update')),
                ],
                options={
                    'verbose_name': 'report photo',
                    'verbose_name_plural': 'report photos',
                    'ordering': ['pk'],
                    'indexes': [],
                    'constraints': [],
                },
            )],
        ),
    ]
