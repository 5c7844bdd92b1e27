import django.db.models.deletion
import hromada.core.migration_operations
import hromada.enrollment.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('enrollment', '0001_initial'), ('enrollment', '0002_proof_files'), ('enrollment', '0003_application_status_derived_from_offers')]

    initial = True

    dependencies = [
        ('core', '0006_secret_fingerprints_periodic_leases'),
        ('territory', '0003_institution_english'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        hromada.core.migration_operations.CreateModels(
            operations=[migrations.CreateModel(
                name='Round',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('kind', models.CharField(choices=[('kindergarten', 'kindergarten'), ('school', 'first grade'), ('club', 'club or section')], max_length=20, verbose_name='kind')),
                    ('slug', models.SlugField(max_length=80, verbose_name='address name')),
                    ('title', models.CharField(max_length=200, verbose_name='title')),
                    ('school_year', models.PositiveIntegerField(verbose_name='school year (its first calendar year)')),
                    ('opens_at', models.DateTimeField(verbose_name='applications open')),
                    ('closes_at', models.DateTimeField(verbose_name='applications close')),
                    ('max_choices', models.PositiveSmallIntegerField(default=3, verbose_name='institutions a family may choose')),
                    ('offer_days', models.PositiveSmallIntegerField(default=5, verbose_name='working days to accept an offer')),
                    ('rules_key', models.CharField(max_length=40, verbose_name='rules version')),
                    ('local_categories', models.JSONField(blank=True, default=list, help_text='After the statutory ones, in order: [{"code", "title", "decision"}].', verbose_name='community categories')),
                    ('rules_frozen', models.JSONField(blank=True, editable=False, null=True, verbose_name='frozen rules')),
                    ('status', models.CharField(choices=[('draft', 'being prepared'), ('open', 'taking applications'), ('closed', 'applications closed'), ('allocated', 'places allocated')], default='draft', max_length=12, verbose_name='status')),
                    ('close_receipt_id', models.BigIntegerField(editable=False, null=True, verbose_name='receipt of the closing entry')),
                    ('seed', models.CharField(blank=True, editable=False, max_length=64, verbose_name='lottery seed')),
                    ('seed_tree_size', models.BigIntegerField(editable=False, null=True, verbose_name='log size of the seed')),
                    ('allocated_at', models.DateTimeField(editable=False, null=True, verbose_name='allocated')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'intake round',
                    'verbose_name_plural': 'intake rounds',
                    'ordering': ['-school_year', 'kind', 'id'],
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'slug'), name='enrollment_round_slug_unique'), models.CheckConstraint(condition=models.Q(('closes_at__gt', models.F('opens_at'))), name='enrollment_round_dates'), models.CheckConstraint(condition=models.Q(('max_choices__gte', 1)), name='enrollment_round_one_choice')],
                },
            ), migrations.CreateModel(
                name='Application',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('public_id', models.CharField(max_length=16, unique=True, verbose_name='public number')),
                    ('child_hash', models.CharField(max_length=64, verbose_name='child (salted hash)')),
                    ('child_name', models.CharField(max_length=200, verbose_name="child's name")),
                    ('birth_date', models.DateField(verbose_name='birth date')),
                    ('certificate_tail', models.CharField(max_length=3, verbose_name='certificate, last characters')),
                    ('address', models.CharField(max_length=300, verbose_name='address')),
                    ('street', models.CharField(blank=True, max_length=200, verbose_name='street (normalised)')),
                    ('lat', models.FloatField(blank=True, null=True, verbose_name='latitude')),
                    ('lon', models.FloatField(blank=True, null=True, verbose_name='longitude')),
                    ('registered_at', models.DateTimeField(editable=False, verbose_name='registered')),
                    ('status', models.CharField(choices=[('active', 'in the queue'), ('withdrawn', 'withdrawn')], default='active', max_length=12, verbose_name='status')),
                    ('receipt_id', models.BigIntegerField(editable=False, null=True, verbose_name='receipt')),
                    ('lottery', models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='lottery number')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('parent', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='parent')),
                    ('round', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='enrollment.round', verbose_name='round')),
                ],
                options={
                    'verbose_name': 'application',
                    'verbose_name_plural': 'applications',
                    'ordering': ['registered_at', 'id'],
                    'indexes': [models.Index(fields=['round', 'status'], name='enrollment_application_status')],
                    'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'withdrawn'), _negated=True), fields=('round', 'child_hash'), name='enrollment_one_active_application_per_child'), models.CheckConstraint(condition=models.Q(('status__in', ['active', 'withdrawn'])), name='enrollment_application_status_values')],
                },
            ), migrations.CreateModel(
                name='Group',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('name', models.CharField(max_length=120, verbose_name='name')),
                    ('band', models.CharField(choices=[('infant', 'under 1 year'), ('early', 'early age, 1–3 years'), ('preschool', 'preschool, 3–6 years'), ('first_grade', 'first grade'), ('club', 'club age range')], max_length=20, verbose_name='age band')),
                    ('min_age_months', models.PositiveSmallIntegerField(verbose_name='youngest age, months, on 1 September')),
                    ('max_age_months', models.PositiveSmallIntegerField(verbose_name='oldest age, months, on 1 September')),
                    ('places', models.PositiveIntegerField(verbose_name='places')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('institution', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.institution', verbose_name='institution')),
                    ('round', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='groups', to='enrollment.round', verbose_name='round')),
                ],
                options={
                    'verbose_name': 'group',
                    'verbose_name_plural': 'groups',
                    'ordering': ['institution__name', 'min_age_months', 'name'],
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('round', 'institution', 'name'), name='enrollment_group_unique'), models.CheckConstraint(condition=models.Q(('max_age_months__gte', models.F('min_age_months'))), name='enrollment_group_ages')],
                },
            ), migrations.CreateModel(
                name='Choice',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('rank', models.PositiveSmallIntegerField(verbose_name='rank')),
                    ('in_territory', models.BooleanField(default=False, verbose_name='lives in the service territory')),
                    ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='choices', to='enrollment.application')),
                    ('group', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='choices', to='enrollment.group')),
                ],
                options={
                    'verbose_name': 'choice',
                    'verbose_name_plural': 'choices',
                    'ordering': ['application', 'rank'],
                    'constraints': [models.UniqueConstraint(fields=('application', 'rank'), name='enrollment_choice_rank_unique'), models.UniqueConstraint(fields=('application', 'group'), name='enrollment_choice_group_unique')],
                    'indexes': [],
                },
            ), migrations.CreateModel(
                name='Offer',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('origin', models.CharField(choices=[('round', 'main intake'), ('vacancy', 'a place freed up')], max_length=10, verbose_name='origin')),
                    ('made_at', models.DateTimeField(verbose_name='made')),
                    ('deadline', models.DateField(verbose_name='answer by')),
                    ('status', models.CharField(choices=[('open', 'waiting for the answer'), ('accepted', 'accepted'), ('declined', 'declined'), ('expired', 'not answered in time'), ('enrolled', 'enrolled'), ('released', 'place released')], default='open', max_length=10, verbose_name='status')),
                    ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered')),
                    ('application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='offers', to='enrollment.application', verbose_name='application')),
                    ('group', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='offers', to='enrollment.group', verbose_name='group')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'offer',
                    'verbose_name_plural': 'offers',
                    'ordering': ['-made_at', 'id'],
                    'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['open', 'accepted', 'enrolled'])), fields=('application',), name='enrollment_one_live_offer_per_application')],
                    'indexes': [],
                },
            ), migrations.CreateModel(
                name='PriorityClaim',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('category', models.CharField(max_length=40, verbose_name='category')),
                    ('proof', models.CharField(blank=True, max_length=200, verbose_name='proof document')),
                    ('proof_expires_on', models.DateField(blank=True, null=True, verbose_name='proof valid until')),
                    ('status', models.CharField(choices=[('pending', 'waiting for the documents to be checked'), ('granted', 'granted'), ('refused', 'refused'), ('expired', 'proof expired')], default='pending', max_length=10, verbose_name='status')),
                    ('rule', models.CharField(blank=True, max_length=300, verbose_name='rule applied')),
                    ('reason', models.CharField(blank=True, max_length=300, verbose_name='reason')),
                    ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided')),
                    ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='claims', to='enrollment.application', verbose_name='application')),
                    ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'priority claim',
                    'verbose_name_plural': 'priority claims',
                    'ordering': ['application', 'id'],
                    'constraints': [models.UniqueConstraint(fields=('application', 'category'), name='enrollment_claim_unique')],
                    'indexes': [],
                },
            ), migrations.CreateModel(
                name='ProofFile',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('file', models.FileField(upload_to=hromada.enrollment.models.proof_path, verbose_name='file')),
                    ('content_type', models.CharField(max_length=60, verbose_name='type')),
                    ('size', models.PositiveIntegerField(verbose_name='size, bytes')),
                    ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='files', to='enrollment.priorityclaim', verbose_name='priority claim')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'proof file',
                    'verbose_name_plural': 'proof files',
                    'ordering': ['claim', 'id'],
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='Territory',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('description', models.TextField(help_text='The streets and houses, as published.', verbose_name='description')),
                    ('streets', models.JSONField(blank=True, default=list, verbose_name='streets (normalised names)')),
                    ('boundary', models.JSONField(blank=True, null=True, verbose_name='boundary (GeoJSON Polygon or MultiPolygon)')),
                    ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('institution', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.institution', verbose_name='institution')),
                ],
                options={
                    'verbose_name': 'service territory',
                    'verbose_name_plural': 'service territories',
                    'ordering': ['institution__name'],
                    'indexes': [],
                    'constraints': [],
                },
            )],
        ),
    ]
