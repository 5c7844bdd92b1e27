import django.core.validators
import django.db.models.deletion
import hromada.core.migration_operations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('core', '0001_initial'), ('core', '0002_ratelimit_window_end'), ('core', '0003_host_primary_notification_params'), ('core', '0004_back_office_labels'), ('core', '0005_katotth_in_english_label'), ('core', '0006_secret_fingerprints_periodic_leases')]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        hromada.core.migration_operations.CreateModels(
            operations=[migrations.CreateModel(
                name='Hromada',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('name_en', models.CharField(blank=True, max_length=200, verbose_name='name in English')),
                    ('slug', models.SlugField(max_length=60, unique=True, verbose_name='short name')),
                    ('katottg', models.CharField(max_length=19, unique=True, validators=[django.core.validators.RegexValidator('^UA\\d{17}$', 'A KATOTTH code is “UA” followed by 17 digits, e.g. UA46060250000025047.')], verbose_name='KATOTTH code')),
                    ('kind', models.CharField(choices=[('city', 'city hromada'), ('town', 'town hromada'), ('village', 'village hromada')], default='city', max_length=10, verbose_name='kind')),
                    ('is_default', models.BooleanField(default=False, help_text='Serves requests for host names no hromada claims.', verbose_name='default')),
                    ('is_active', models.BooleanField(default=True, verbose_name='active')),
                    ('center_lat', models.FloatField(default=49.0, verbose_name='map centre latitude')),
                    ('center_lon', models.FloatField(default=31.0, verbose_name='map centre longitude')),
                    ('map_zoom', models.PositiveSmallIntegerField(default=12, verbose_name='map zoom')),
                    ('email', models.EmailField(blank=True, max_length=254, verbose_name='contact e-mail')),
                    ('phone', models.CharField(blank=True, max_length=40, verbose_name='contact phone')),
                    ('website', models.URLField(blank=True, verbose_name='website')),
                ],
                options={
                    'verbose_name': 'hromada',
                    'verbose_name_plural': 'hromadas',
                    'ordering': ['name'],
                    'constraints': [models.UniqueConstraint(condition=models.Q(('is_default', True)), fields=('is_default',), name='one_default_hromada'), models.CheckConstraint(condition=models.Q(('center_lat__gte', -90), ('center_lat__lte', 90), ('center_lon__gte', -180), ('center_lon__lte', 180)), name='hromada_centre_on_earth')],
                    'indexes': [],
                },
            ), migrations.CreateModel(
                name='CalendarOverride',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('date', models.DateField(verbose_name='date')),
                    ('is_day_off', models.BooleanField(default=True, verbose_name='day off')),
                    ('reason', models.CharField(max_length=200, verbose_name='reason')),
                    ('hromada', models.ForeignKey(blank=True, help_text='Empty: applies to every hromada of this installation.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='calendar_overrides', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'calendar exception',
                    'verbose_name_plural': 'calendar exceptions',
                    'ordering': ['date'],
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'date'), name='one_override_per_day'), models.UniqueConstraint(condition=models.Q(('hromada__isnull', True)), fields=('date',), name='one_national_override_per_day')],
                    'indexes': [],
                },
            ), migrations.CreateModel(
                name='HromadaHost',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('host', models.CharField(max_length=253, unique=True, verbose_name='host name')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='hosts', to='core.hromada', verbose_name='hromada')),
                    ('is_primary', models.BooleanField(default=False, help_text='Links in e-mails use this host name.', verbose_name='primary')),
                ],
                options={
                    'verbose_name': 'host name',
                    'verbose_name_plural': 'host names',
                    'constraints': [models.CheckConstraint(condition=models.Q(('host__contains', ':'), _negated=True), name='host_without_port'), models.UniqueConstraint(condition=models.Q(('is_primary', True)), fields=('hromada',), name='one_primary_host_per_hromada')],
                    'indexes': [],
                },
            ), migrations.CreateModel(
                name='Notification',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('kind', models.CharField(max_length=60)),
                    ('title', models.CharField(max_length=200)),
                    ('body', models.TextField(blank=True)),
                    ('url', models.CharField(blank=True, max_length=500)),
                    ('read_at', models.DateTimeField(blank=True, null=True)),
                    ('emailed_at', models.DateTimeField(blank=True, null=True)),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.hromada')),
                    ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                    ('params', models.JSONField(blank=True, default=dict)),
                ],
                options={
                    'verbose_name': 'notification',
                    'verbose_name_plural': 'notifications',
                    'ordering': ['-created_at', '-id'],
                    'indexes': [models.Index(fields=['recipient', 'read_at'], name='notification_inbox')],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='PeriodicLease',
                fields=[
                    ('key', models.CharField(max_length=100, primary_key=True, serialize=False)),
                    ('period', models.BigIntegerField(default=-1)),
                    ('claimed_at', models.DateTimeField(blank=True, null=True)),
                    ('claimed_by', models.CharField(blank=True, max_length=100)),
                ],
                options={
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='RateLimitBucket',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.CharField(max_length=200)),
                    ('window_start', models.BigIntegerField()),
                    ('count', models.PositiveIntegerField(default=0)),
                    ('window_end', models.BigIntegerField(default=0)),
                ],
                options={
                    'indexes': [models.Index(fields=['window_end'], name='ratelimit_window_end')],
                    'constraints': [models.UniqueConstraint(fields=('key', 'window_start'), name='one_bucket_per_window')],
                },
            ), migrations.CreateModel(
                name='SecretFingerprint',
                fields=[
                    ('name', models.CharField(max_length=40, primary_key=True, serialize=False)),
                    ('fingerprint', models.CharField(max_length=64)),
                    ('recorded_at', models.DateTimeField(auto_now=True)),
                ],
                options={
                    'indexes': [],
                    'constraints': [],
                },
            )],
        ),
    ]
