import importlib
import django.db.models.deletion
import hromada.core.migration_operations
import hromada.petitions.models
from django.conf import settings
from django.db import migrations, models
_0002 = importlib.import_module("hromada.petitions.migrations.0002_search_trigram").Migration.operations


class Migration(migrations.Migration):

    replaces = [('petitions', '0001_initial'), ('petitions', '0002_search_trigram'), ('petitions', '0003_list_index'), ('petitions', '0004_popular_index'), ('petitions', '0005_job_mark'), ('petitions', '0006_single_column_indexes_covered'), ('petitions', '0007_back_office_labels'), ('petitions', '0008_signature_show_name_private_by_default'), ('petitions', '0009_addressee_name_genitive'), ('petitions', '0010_signature_channel')]

    initial = True

    dependencies = [
        ('core', '0006_secret_fingerprints_periodic_leases'),
        ('territory', '0003_institution_english'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        hromada.core.migration_operations.CreateModels(
            operations=[migrations.CreateModel(
                name='Addressee',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('kind', models.CharField(choices=[('mayor', 'Head of the hromada (mayor)'), ('executive_committee', 'Executive committee'), ('council', 'Council')], max_length=30, verbose_name='kind')),
                    ('name', models.CharField(max_length=250, verbose_name='name')),
                    ('name_en', models.CharField(blank=True, max_length=250, verbose_name='name in English')),
                    ('is_active', models.BooleanField(default=True, verbose_name='active')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('name_genitive', models.CharField(blank=True, help_text='As after «до»: «Виконавчого комітету Світлогірської міської ради».', max_length=250, verbose_name='name in the genitive case')),
                ],
                options={
                    'verbose_name': 'petition addressee',
                    'verbose_name_plural': 'petition addressees',
                    'ordering': ['hromada', 'kind'],
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'kind'), name='petition_addressee_kind_unique')],
                },
            ), migrations.CreateModel(
                name='JobMark',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=60, unique=True)),
                    ('at', models.DateTimeField()),
                ],
                options={
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='PetitionRules',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('version', models.PositiveIntegerField(verbose_name='version')),
                    ('signature_threshold', models.PositiveIntegerField(help_text='Signatures needed for the petition to be considered.', verbose_name='signature threshold')),
                    ('collection_days', models.PositiveSmallIntegerField(help_text='At most three months (92 days).', verbose_name='collection term (days)')),
                    ('create_level', models.PositiveSmallIntegerField(choices=[(0, 'not verified'), (1, 'e-mail confirmed'), (2, 'phone confirmed'), (3, 'identity verified')], default=3, verbose_name='identity level to create')),
                    ('sign_level', models.PositiveSmallIntegerField(choices=[(0, 'not verified'), (1, 'e-mail confirmed'), (2, 'phone confirmed'), (3, 'identity verified')], default=3, verbose_name='identity level to sign')),
                    ('min_signer_age', models.PositiveSmallIntegerField(default=18, verbose_name='minimum signer age')),
                    ('residency_required', models.BooleanField(default=True, help_text='Only people whose home hromada is this one may create and sign petitions.', verbose_name='residents only')),
                    ('against_allowed', models.BooleanField(default=False, verbose_name="'against' votes allowed")),
                    ('addressee_kinds', models.JSONField(default=list, help_text='Kinds of addressee: mayor, executive_committee, council.', verbose_name='addressees petitions may be sent to')),
                    ('answer_working_days', models.PositiveSmallIntegerField(default=10, verbose_name='answer deadline (working days)')),
                    ('moderation_working_days', models.PositiveSmallIntegerField(default=2, verbose_name='moderation deadline (working days)')),
                    ('appeal_answer_days', models.PositiveSmallIntegerField(default=30, verbose_name='answer deadline of an expired petition as an appeal (days)')),
                    ('names_hidden_after_days', models.PositiveSmallIntegerField(default=183, verbose_name="signatories' names hidden after (days)")),
                    ('legal_basis', models.CharField(blank=True, help_text='The council decision that set these rules (number and date).', max_length=300, verbose_name='legal basis')),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'petition rules version',
                    'verbose_name_plural': 'petition rules versions',
                    'ordering': ['hromada', '-version'],
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'version'), name='petition_rules_version_unique'), models.CheckConstraint(condition=models.Q(('collection_days__gte', 1), ('collection_days__lte', 92)), name='petition_rules_term_at_most_3_months'), models.CheckConstraint(condition=models.Q(('signature_threshold__gte', 1)), name='petition_rules_threshold'), models.CheckConstraint(condition=models.Q(('create_level__lte', 3), ('sign_level__lte', 3)), name='petition_rules_levels_known'), models.CheckConstraint(condition=models.Q(('min_signer_age__lte', 120)), name='petition_rules_age'), models.CheckConstraint(condition=models.Q(('answer_working_days__gte', 1), ('appeal_answer_days__gte', 1), ('moderation_working_days__gte', 1)), name='petition_rules_deadlines_positive')],
                },
            ), migrations.CreateModel(
                name='Petition',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('title', models.CharField(max_length=200, verbose_name='title')),
                    ('text', models.TextField(verbose_name='text')),
                    ('topic', models.CharField(choices=[('roads', 'Roads and transport'), ('utilities', 'Housing and utilities'), ('environment', 'Environment and green spaces'), ('education', 'Education'), ('health', 'Health care'), ('culture', 'Culture, sport and youth'), ('social', 'Social protection'), ('safety', 'Safety and civil protection'), ('governance', 'Local government and budget'), ('economy', 'Economy and business'), ('other', 'Other')], default='other', max_length=20, verbose_name='topic')),
                    ('status', models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted'), ('moderation', 'in moderation'), ('collecting', 'collecting signatures'), ('threshold_reached', 'threshold reached'), ('under_consideration', 'under consideration'), ('answered', 'answered'), ('rejected', 'rejected'), ('withdrawn', 'withdrawn'), ('expired', 'expired')], default='draft', max_length=20, verbose_name='status')),
                    ('search_text', models.TextField(default='', editable=False)),
                    ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                    ('moderation_due_at', models.DateTimeField(blank=True, null=True, verbose_name='moderation due')),
                    ('moderation_started_at', models.DateTimeField(blank=True, null=True)),
                    ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published')),
                    ('collection_ends_at', models.DateTimeField(blank=True, null=True, verbose_name='collection ends')),
                    ('threshold_reached_at', models.DateTimeField(blank=True, null=True, verbose_name='threshold reached')),
                    ('forward_on', models.DateField(blank=True, null=True, verbose_name='to be forwarded on')),
                    ('forwarded_at', models.DateTimeField(blank=True, null=True, verbose_name='forwarded to the addressee')),
                    ('answer_due_at', models.DateTimeField(blank=True, null=True, verbose_name='answer due')),
                    ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered')),
                    ('rejected_at', models.DateTimeField(blank=True, null=True, verbose_name='rejected')),
                    ('rejection_reason', models.CharField(blank=True, choices=[('constitutional_order', 'Calls to overthrow the constitutional order or violate territorial integrity'), ('war_propaganda', 'War propaganda, violence or cruelty'), ('hatred', 'Incitement of ethnic, racial or religious hatred'), ('crimes', 'Calls to terrorism or other crimes'), ('obscene', 'Obscene language'), ('duplicate', 'A duplicate of an open petition')], max_length=30, verbose_name='rejection reason')),
                    ('rejection_text', models.TextField(blank=True, verbose_name='reasons for the refusal')),
                    ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='withdrawn')),
                    ('expired_at', models.DateTimeField(blank=True, null=True, verbose_name='expired')),
                    ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed')),
                    ('names_hidden_at', models.DateTimeField(blank=True, null=True, verbose_name="signatories' names hidden")),
                    ('addressee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='petitions', to='petitions.addressee', verbose_name='addressee')),
                    ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='petitions', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                    ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='territory.district', verbose_name='district')),
                    ('duplicate_of', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='petitions.petition')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('moderator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('rules', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='petitions', to='petitions.petitionrules')),
                ],
                options={
                    'verbose_name': 'petition',
                    'verbose_name_plural': 'petitions',
                    'ordering': ['-published_at', '-id'],
                    'indexes': [models.Index(fields=['hromada', 'status', '-published_at'], name='petition_list'), models.Index(fields=['status', 'collection_ends_at'], name='petition_expiry'), models.Index(fields=['author', '-created_at'], name='petition_author'), models.Index(fields=['hromada', '-published_at', '-id'], name='petition_recent')],
                    'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'submitted', 'moderation', 'collecting', 'threshold_reached', 'under_consideration', 'answered', 'rejected', 'withdrawn', 'expired'])), name='petition_status_known'), models.CheckConstraint(condition=models.Q(('published_at__isnull', True), models.Q(('collection_ends_at__isnull', False), ('rules__isnull', False)), _connector='OR'), name='petition_published_has_rules'), models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['collecting', 'threshold_reached', 'under_consideration', 'expired']), _negated=True), ('published_at__isnull', False), _connector='OR'), name='petition_collecting_published'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'rejected'), _negated=True), models.Q(('rejected_at__isnull', False), models.Q(('rejection_reason', ''), _negated=True), models.Q(('rejection_text', ''), _negated=True)), _connector='OR'), name='petition_rejection_reasoned'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'answered'), _negated=True), ('answered_at__isnull', False), _connector='OR'), name='petition_answered_has_time'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'under_consideration'), _negated=True), models.Q(('answer_due_at__isnull', False), ('forwarded_at__isnull', False)), _connector='OR'), name='petition_consideration_has_clock'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'withdrawn'), _negated=True), models.Q(('threshold_reached_at__isnull', True), ('withdrawn_at__isnull', False)), _connector='OR'), name='petition_withdrawn_before_threshold')],
                },
            ), migrations.CreateModel(
                name='FraudAlert',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('kind', models.CharField(choices=[('network', 'network'), ('email_domain', 'e-mail domain')], max_length=20)),
                    ('key', models.CharField(max_length=100)),
                    ('window_start', models.DateTimeField()),
                    ('count', models.PositiveIntegerField()),
                    ('share', models.FloatField()),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('petition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='fraud_alerts', to='petitions.petition')),
                ],
                options={
                    'verbose_name': 'anti-fraud alert',
                    'verbose_name_plural': 'anti-fraud alerts',
                    'ordering': ['-created_at'],
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('petition', 'kind', 'key', 'window_start'), name='fraud_alert_once')],
                },
            ), migrations.CreateModel(
                name='PetitionAnswer',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('decision', models.CharField(choices=[('supported', 'supported'), ('not_supported', 'not supported'), ('appeal_answered', 'answered as an ordinary appeal')], max_length=20, verbose_name='decision')),
                    ('text', models.TextField(verbose_name='reasons')),
                    ('document', models.FileField(blank=True, upload_to=hromada.petitions.models.answer_document_path, verbose_name='document')),
                    ('answered_at', models.DateTimeField(verbose_name='answered')),
                    ('on_time', models.BooleanField(verbose_name='answered on time')),
                    ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('petition', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='answer', to='petitions.petition')),
                ],
                options={
                    'verbose_name': 'petition answer',
                    'verbose_name_plural': 'petition answers',
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='PetitionTally',
                fields=[
                    ('petition', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='tally', serialize=False, to='petitions.petition')),
                    ('count_for', models.PositiveIntegerField(default=0)),
                    ('count_against', models.PositiveIntegerField(default=0)),
                    ('counted_at', models.DateTimeField()),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.hromada')),
                ],
                options={
                    'verbose_name': 'signature count',
                    'verbose_name_plural': 'signature counts',
                    'indexes': [models.Index(fields=['hromada', '-count_for', '-petition'], name='tally_popular')],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='PetitionUpdate',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('text', models.TextField(verbose_name='text')),
                    ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('petition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='petitions.petition')),
                ],
                options={
                    'verbose_name': 'implementation update',
                    'verbose_name_plural': 'implementation updates',
                    'ordering': ['petition', 'created_at', 'id'],
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='Signature',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('against', models.BooleanField(default=False, verbose_name='against')),
                    ('show_name', models.BooleanField(default=False, verbose_name='name may be shown')),
                    ('public_name', models.CharField(blank=True, max_length=200, verbose_name='name shown')),
                    ('status', models.CharField(choices=[('valid', 'valid'), ('withdrawn', 'withdrawn'), ('invalidated', 'invalidated')], default='valid', max_length=12, verbose_name='status')),
                    ('invalidation_reason', models.CharField(blank=True, max_length=300, verbose_name='reason')),
                    ('signed_at', models.DateTimeField(verbose_name='signed')),
                    ('signed_on', models.DateField(verbose_name='signed on (Kyiv date)')),
                    ('changed_at', models.DateTimeField()),
                    ('network', models.CharField(blank=True, max_length=50)),
                    ('email_domain', models.CharField(blank=True, max_length=100)),
                    ('receipt_id', models.BigIntegerField(blank=True, null=True, verbose_name='ledger receipt')),
                    ('personal_receipt_id', models.BigIntegerField(blank=True, null=True)),
                    ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='territory.district')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada')),
                    ('petition', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='signatures', to='petitions.petition')),
                    ('signer', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('channel', models.CharField(choices=[('web', 'website'), ('api', 'API'), ('telegram', 'Telegram')], default='web', max_length=12, verbose_name='channel')),
                ],
                options={
                    'verbose_name': 'signature',
                    'verbose_name_plural': 'signatures',
                    'indexes': [models.Index(fields=['petition', 'status', 'signed_at'], name='signature_list'), models.Index(fields=['changed_at'], name='signature_changed'), models.Index(fields=['signer', '-signed_at'], name='signature_signer')],
                    'constraints': [models.UniqueConstraint(fields=('petition', 'signer'), name='one_signature_per_person'), models.CheckConstraint(condition=models.Q(('status__in', ['valid', 'withdrawn', 'invalidated'])), name='signature_status_known'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'invalidated'), _negated=True), models.Q(('invalidation_reason', ''), _negated=True), _connector='OR'), name='signature_invalidation_reasoned'), models.CheckConstraint(condition=models.Q(('channel__in', ['web', 'api', 'telegram'])), name='signature_channel_known')],
                },
            ), migrations.CreateModel(
                name='SignatureDayCount',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('day', models.DateField()),
                    ('count_for', models.PositiveIntegerField(default=0)),
                    ('count_against', models.PositiveIntegerField(default=0)),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.hromada')),
                    ('petition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='day_counts', to='petitions.petition')),
                ],
                options={
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('petition', 'day'), name='signature_day_unique')],
                },
            ), migrations.CreateModel(
                name='SignatureDistrictCount',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('count_for', models.PositiveIntegerField(default=0)),
                    ('count_against', models.PositiveIntegerField(default=0)),
                    ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='territory.district')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.hromada')),
                    ('petition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='district_counts', to='petitions.petition')),
                ],
                options={
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(condition=models.Q(('district__isnull', False)), fields=('petition', 'district'), name='signature_district_unique'), models.UniqueConstraint(condition=models.Q(('district__isnull', True)), fields=('petition',), name='signature_no_district_unique')],
                },
            )],
        ),
        # Database objects the models do not describe, from the replaced migrations:
        _0002[0],
    ]
