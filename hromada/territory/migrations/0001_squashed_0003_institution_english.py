import django.db.models.deletion
import hromada.core.migration_operations
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('territory', '0001_initial'), ('territory', '0002_back_office_labels'), ('territory', '0003_institution_english')]

    initial = True

    dependencies = [
        ('core', '0006_secret_fingerprints_periodic_leases'),
    ]

    operations = [
        hromada.core.migration_operations.CreateModels(
            operations=[migrations.CreateModel(
                name='Department',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('name', models.CharField(max_length=250, verbose_name='name')),
                    ('name_en', models.CharField(blank=True, max_length=250, verbose_name='name in English')),
                    ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                    ('phone', models.CharField(blank=True, max_length=40, verbose_name='phone')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'department',
                    'verbose_name_plural': 'departments',
                    'ordering': ['name'],
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'name'), name='department_name_unique')],
                },
            ), migrations.CreateModel(
                name='District',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('name_en', models.CharField(blank=True, max_length=200, verbose_name='name in English')),
                    ('kind', models.CharField(choices=[('city_district', 'city district'), ('starosta_district', 'starosta district')], default='city_district', max_length=20, verbose_name='kind')),
                    ('boundary', models.JSONField(verbose_name='boundary (GeoJSON Polygon or MultiPolygon)')),
                    ('population', models.PositiveIntegerField(blank=True, null=True, verbose_name='population')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'district',
                    'verbose_name_plural': 'districts',
                    'ordering': ['name'],
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'name'), name='district_name_unique')],
                },
            ), migrations.CreateModel(
                name='Institution',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('kind', models.CharField(choices=[('cnap', 'administrative service centre (TsNAP)'), ('kindergarten', 'kindergarten'), ('school', 'school'), ('club', 'out-of-school club'), ('clinic', 'clinic'), ('hospital', 'hospital'), ('library', 'library'), ('culture', 'culture centre'), ('sport', 'sports facility'), ('utility', 'utility company'), ('social', 'social services'), ('administration', 'council administration'), ('other', 'other')], max_length=20, verbose_name='type')),
                    ('name', models.CharField(max_length=300, verbose_name='name')),
                    ('short_name', models.CharField(blank=True, max_length=120, verbose_name='short name')),
                    ('address', models.CharField(max_length=300, verbose_name='address')),
                    ('lat', models.FloatField(verbose_name='latitude')),
                    ('lon', models.FloatField(verbose_name='longitude')),
                    ('phone', models.CharField(blank=True, max_length=40, verbose_name='phone')),
                    ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                    ('website', models.URLField(blank=True, verbose_name='website')),
                    ('opening_hours', models.JSONField(blank=True, default=dict, verbose_name='opening hours')),
                    ('description', models.TextField(blank=True, verbose_name='description')),
                    ('is_active', models.BooleanField(default=True, verbose_name='active')),
                    ('search_text', models.TextField(default='', editable=False, verbose_name='search text')),
                    ('department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='institutions', to='territory.department', verbose_name='responsible department')),
                    ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='institutions', to='territory.district', verbose_name='district')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('description_en', models.TextField(blank=True, verbose_name='description in English')),
                    ('name_en', models.CharField(blank=True, max_length=300, verbose_name='name in English')),
                ],
                options={
                    'verbose_name': 'institution',
                    'verbose_name_plural': 'institutions',
                    'ordering': ['name', 'id'],
                    'indexes': [models.Index(fields=['hromada', 'kind'], name='institution_by_kind')],
                    'constraints': [models.CheckConstraint(condition=models.Q(('lat__gte', -90), ('lat__lte', 90), ('lon__gte', -180), ('lon__lte', 180)), name='institution_on_earth'), models.UniqueConstraint(fields=('hromada', 'name', 'address'), name='institution_unique')],
                },
            )],
        ),
    ]
