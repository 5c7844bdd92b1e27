import django.db.models.deletion
import hromada.consultations.models
import hromada.core.migration_operations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('consultations', '0001_initial'), ('consultations', '0002_matrix_questions'), ('consultations', '0003_public_hearings'), ('consultations', '0004_option_row_from_position'), ('consultations', '0005_hearing_reminders')]

    initial = True

    dependencies = [
        ('core', '0006_secret_fingerprints_periodic_leases'),
        ('territory', '0003_institution_english'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        hromada.core.migration_operations.CreateModels(
            operations=[migrations.CreateModel(
                name='Consultation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('title', models.CharField(max_length=250, verbose_name='title')),
                    ('title_en', models.CharField(blank=True, max_length=250, verbose_name='title in English')),
                    ('summary', models.TextField(verbose_name='what is consulted')),
                    ('summary_en', models.TextField(blank=True, verbose_name='summary in English')),
                    ('subject', models.CharField(choices=[('draft_decision', 'draft decision'), ('plan', 'plan or programme'), ('question', 'question')], default='question', max_length=20, verbose_name='subject')),
                    ('audience', models.CharField(choices=[('anyone', 'anyone with an account'), ('registered', 'people with a confirmed e-mail or phone'), ('residents', 'residents of the hromada'), ('district', 'residents of one district')], max_length=20, verbose_name='who may take part')),
                    ('min_age', models.PositiveSmallIntegerField(default=0, verbose_name='minimum age')),
                    ('opens_at', models.DateTimeField(verbose_name='opens')),
                    ('closes_at', models.DateTimeField(verbose_name='closes')),
                    ('with_opinion_map', models.BooleanField(default=False, verbose_name='opinion map')),
                    ('report_term_days', models.PositiveSmallIntegerField(default=30, verbose_name='days to publish the report')),
                    ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='announced')),
                    ('frozen_rules', models.JSONField(blank=True, null=True, verbose_name='rules frozen at publication')),
                    ('report_summary', models.TextField(blank=True, verbose_name='report')),
                    ('report_published_at', models.DateTimeField(blank=True, null=True, verbose_name='report published')),
                    ('department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.department', verbose_name='responsible department')),
                    ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.district', verbose_name='district')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'consultation',
                    'verbose_name_plural': 'consultations',
                    'ordering': ['-opens_at', '-pk'],
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'title'), name='consultations_title_unique'), models.CheckConstraint(condition=models.Q(('audience__in', ['anyone', 'registered', 'residents', 'district'])), name='consultations_audience_known'), models.CheckConstraint(condition=models.Q(('closes_at__gt', models.F('opens_at'))), name='consultations_closes_after_opens'), models.CheckConstraint(condition=models.Q(models.Q(('audience', 'district'), _negated=True), ('district__isnull', False), _connector='OR'), name='consultations_district_audience_has_district'), models.CheckConstraint(condition=models.Q(('published_at__isnull', True), ('frozen_rules__isnull', False), _connector='OR'), name='consultations_published_rules_frozen'), models.CheckConstraint(condition=models.Q(('report_published_at__isnull', True), ('published_at__isnull', False), _connector='OR'), name='consultations_report_after_publication')],
                },
            ), migrations.CreateModel(
                name='DraftVersion',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.PositiveSmallIntegerField(verbose_name='version')),
                    ('note', models.CharField(blank=True, max_length=500, verbose_name='what changed')),
                    ('created_at', models.DateTimeField(verbose_name='published')),
                    ('consultation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='consultations.consultation')),
                ],
                options={
                    'verbose_name': 'draft version',
                    'verbose_name_plural': 'draft versions',
                    'ordering': ['number'],
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('consultation', 'number'), name='consultations_version_number')],
                },
            ), migrations.CreateModel(
                name='Hearing',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('title', models.CharField(max_length=250, verbose_name='title')),
                    ('title_en', models.CharField(blank=True, max_length=250, verbose_name='title in English')),
                    ('starts_at', models.DateTimeField(verbose_name='starts')),
                    ('ends_at', models.DateTimeField(verbose_name='ends')),
                    ('place', models.CharField(blank=True, max_length=300, verbose_name='place')),
                    ('online_url', models.URLField(blank=True, max_length=500, verbose_name='online link')),
                    ('capacity', models.PositiveIntegerField(verbose_name='places')),
                    ('minutes', models.TextField(blank=True, verbose_name='minutes')),
                    ('minutes_document', models.FileField(blank=True, upload_to=hromada.consultations.models.minutes_path, verbose_name='minutes document')),
                    ('minutes_published_at', models.DateTimeField(blank=True, null=True, verbose_name='minutes published')),
                    ('minutes_receipt_id', models.BigIntegerField(blank=True, null=True, verbose_name='transparency log receipt')),
                    ('consultation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='hearings', to='consultations.consultation')),
                ],
                options={
                    'verbose_name': 'public hearing',
                    'verbose_name_plural': 'public hearings',
                    'ordering': ['starts_at', 'pk'],
                    'indexes': [],
                    'constraints': [models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='consultations_hearing_ends_after_start'), models.CheckConstraint(condition=models.Q(('capacity__gt', 0)), name='consultations_hearing_has_places'), models.CheckConstraint(condition=models.Q(models.Q(('place', ''), _negated=True), models.Q(('online_url', ''), _negated=True), _connector='OR'), name='consultations_hearing_has_place'), models.CheckConstraint(condition=models.Q(('minutes_published_at__isnull', True), models.Q(('minutes', ''), _negated=True), _connector='OR'), name='consultations_hearing_minutes_have_text')],
                },
            ), migrations.CreateModel(
                name='HearingRegistration',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('status', models.CharField(choices=[('confirmed', 'place confirmed'), ('waiting', 'on the waiting list'), ('cancelled', 'cancelled')], max_length=10, verbose_name='status')),
                    ('registered_at', models.DateTimeField(verbose_name='registered')),
                    ('changed_at', models.DateTimeField(verbose_name='changed')),
                    ('hearing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='registrations', to='consultations.hearing')),
                    ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'registration for a hearing',
                    'verbose_name_plural': 'registrations for hearings',
                    'indexes': [models.Index(fields=['hearing', 'status', 'registered_at'], name='consult_hearing_queue')],
                    'constraints': [models.UniqueConstraint(fields=('hearing', 'person'), name='consultations_register_once'), models.CheckConstraint(condition=models.Q(('status__in', ['confirmed', 'waiting', 'cancelled'])), name='consultations_registration_status')],
                },
            ), migrations.CreateModel(
                name='HearingReminder',
                fields=[
                    ('registration', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='reminder', serialize=False, to='consultations.hearingregistration')),
                    ('sent_at', models.DateTimeField(verbose_name='sent')),
                ],
                options={
                    'verbose_name': 'reminder of a hearing',
                    'verbose_name_plural': 'reminders of hearings',
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='OpinionMap',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('computed_at', models.DateTimeField(verbose_name='computed')),
                    ('votes_seen', models.CharField(max_length=80)),
                    ('result', models.JSONField(verbose_name='groups')),
                    ('consultation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='opinion_map', to='consultations.consultation')),
                ],
                options={
                    'verbose_name': 'opinion map',
                    'verbose_name_plural': 'opinion maps',
                    'indexes': [],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='Paragraph',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.PositiveSmallIntegerField(verbose_name='paragraph')),
                    ('text', models.TextField(verbose_name='text')),
                    ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='paragraphs', to='consultations.draftversion')),
                ],
                options={
                    'verbose_name': 'paragraph',
                    'verbose_name_plural': 'paragraphs',
                    'ordering': ['number'],
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('version', 'number'), name='consultations_paragraph_number')],
                },
            ), migrations.CreateModel(
                name='Contribution',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('comment', 'comment'), ('proposal', 'proposal of a new wording')], max_length=10, verbose_name='kind')),
                    ('text', models.TextField(verbose_name='text')),
                    ('replacement', models.TextField(blank=True, verbose_name='proposed wording')),
                    ('status', models.CharField(choices=[('visible', 'visible'), ('hidden', 'hidden by a moderator')], default='visible', max_length=10, verbose_name='status')),
                    ('hidden_reason', models.CharField(blank=True, choices=[('constitutional_order', 'Calls to overthrow the constitutional order or violate territorial integrity'), ('war_propaganda', 'War propaganda, violence or cruelty'), ('hatred', 'Incitement of ethnic, racial or religious hatred'), ('crimes', 'Calls to terrorism or other crimes'), ('obscene', 'Obscene language'), ('personal_data', "Someone else's personal data"), ('insult', 'Insults or harassment of a person'), ('spam', 'Advertising, spam or repeated messages')], max_length=30, verbose_name='hidden because')),
                    ('supports', models.PositiveIntegerField(default=0, verbose_name='supports')),
                    ('created_at', models.DateTimeField(verbose_name='written')),
                    ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('consultation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contributions', to='consultations.consultation')),
                    ('paragraph', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contributions', to='consultations.paragraph')),
                ],
                options={
                    'verbose_name': 'comment or proposal',
                    'verbose_name_plural': 'comments and proposals',
                    'ordering': ['created_at', 'pk'],
                    'indexes': [models.Index(fields=['consultation', 'paragraph', 'created_at'], name='consult_contrib_para')],
                    'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['comment', 'proposal'])), name='consultations_contribution_kind'), models.CheckConstraint(condition=models.Q(('kind', 'comment'), models.Q(('replacement', ''), _negated=True), _connector='OR'), name='consultations_proposal_has_wording'), models.CheckConstraint(condition=models.Q(models.Q(('hidden_reason', ''), ('status', 'visible')), models.Q(('status', 'hidden'), models.Q(('hidden_reason', ''), _negated=True)), _connector='OR'), name='consultations_hidden_has_reason')],
                },
            ), migrations.CreateModel(
                name='ProposalAnswer',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('decision', models.CharField(choices=[('accepted', 'accepted'), ('partly', 'partly accepted'), ('rejected', 'rejected')], max_length=10, verbose_name='decision')),
                    ('reasons', models.TextField(verbose_name='reasons')),
                    ('answered_at', models.DateTimeField(verbose_name='answered')),
                    ('receipt_id', models.BigIntegerField(blank=True, null=True, verbose_name='transparency log receipt')),
                    ('contribution', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='answer', to='consultations.contribution')),
                ],
                options={
                    'verbose_name': 'answer to a proposal',
                    'verbose_name_plural': 'answers to proposals',
                    'indexes': [],
                    'constraints': [models.CheckConstraint(condition=models.Q(('decision__in', ['accepted', 'partly', 'rejected'])), name='consultations_decision_known'), models.CheckConstraint(condition=models.Q(('reasons', ''), _negated=True), name='consultations_answer_has_reasons')],
                },
            ), migrations.CreateModel(
                name='ProposalSupport',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(verbose_name='supported')),
                    ('contribution', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='support_rows', to='consultations.contribution')),
                    ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'support of a proposal',
                    'verbose_name_plural': 'supports of proposals',
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('contribution', 'person'), name='consultations_support_once')],
                },
            ), migrations.CreateModel(
                name='Statement',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('text', models.CharField(max_length=280, verbose_name='statement')),
                    ('folded', models.CharField(editable=False, max_length=280)),
                    ('status', models.CharField(choices=[('visible', 'visible'), ('hidden', 'hidden by a moderator')], default='visible', max_length=10, verbose_name='status')),
                    ('hidden_reason', models.CharField(blank=True, choices=[('constitutional_order', 'Calls to overthrow the constitutional order or violate territorial integrity'), ('war_propaganda', 'War propaganda, violence or cruelty'), ('hatred', 'Incitement of ethnic, racial or religious hatred'), ('crimes', 'Calls to terrorism or other crimes'), ('obscene', 'Obscene language'), ('personal_data', "Someone else's personal data"), ('insult', 'Insults or harassment of a person'), ('spam', 'Advertising, spam or repeated messages')], max_length=30, verbose_name='hidden because')),
                    ('created_at', models.DateTimeField(verbose_name='written')),
                    ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('consultation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='statements', to='consultations.consultation')),
                ],
                options={
                    'verbose_name': 'statement',
                    'verbose_name_plural': 'statements',
                    'ordering': ['created_at', 'pk'],
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('consultation', 'folded'), name='consultations_statement_once'), models.CheckConstraint(condition=models.Q(models.Q(('hidden_reason', ''), ('status', 'visible')), models.Q(('status', 'hidden'), models.Q(('hidden_reason', ''), _negated=True)), _connector='OR'), name='consultations_statement_hidden_has_reason')],
                },
            ), migrations.CreateModel(
                name='StatementVote',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('vote', models.SmallIntegerField(choices=[(1, 'agree'), (0, 'pass'), (-1, 'disagree')], verbose_name='vote')),
                    ('voted_at', models.DateTimeField(verbose_name='voted')),
                    ('consultation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='consultations.consultation')),
                    ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('statement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='consultations.statement')),
                ],
                options={
                    'verbose_name': 'vote on a statement',
                    'verbose_name_plural': 'votes on statements',
                    'indexes': [models.Index(fields=['consultation', 'voted_at'], name='consult_vote_recent')],
                    'constraints': [models.UniqueConstraint(fields=('statement', 'person'), name='consultations_vote_once'), models.CheckConstraint(condition=models.Q(('vote__in', [-1, 0, 1])), name='consultations_vote_known')],
                },
            ), migrations.CreateModel(
                name='SurveyResponse',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(verbose_name='answered')),
                    ('updated_at', models.DateTimeField(verbose_name='changed')),
                    ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                    ('consultation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='responses', to='consultations.consultation')),
                    ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'survey answer',
                    'verbose_name_plural': 'survey answers',
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('consultation', 'person'), name='consultations_one_response_per_person')],
                },
            ), migrations.CreateModel(
                name='Option',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('position', models.PositiveSmallIntegerField(verbose_name='position')),
                    ('text', models.CharField(max_length=300, verbose_name='option')),
                    ('text_en', models.CharField(blank=True, max_length=300, verbose_name='option in English')),
                    ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='options', to='consultations.question')),
                ],
                options={
                    'verbose_name': 'option',
                    'verbose_name_plural': 'options',
                    'ordering': ['position', 'pk'],
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('question', 'position'), name='consultations_option_position')],
                },
            ), migrations.CreateModel(
                name='Question',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('position', models.PositiveSmallIntegerField(verbose_name='position')),
                    ('kind', models.CharField(choices=[('single', 'one choice'), ('multiple', 'several choices'), ('scale', 'scale'), ('ranking', 'ranking'), ('text', 'free text'), ('matrix', 'matrix (rows on a shared scale)')], max_length=10, verbose_name='kind')),
                    ('text', models.CharField(max_length=500, verbose_name='question')),
                    ('text_en', models.CharField(blank=True, max_length=500, verbose_name='question in English')),
                    ('required', models.BooleanField(default=True, verbose_name='required')),
                    ('scale_min', models.SmallIntegerField(default=1, verbose_name='scale from')),
                    ('scale_max', models.SmallIntegerField(default=5, verbose_name='scale to')),
                    ('consultation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='consultations.consultation')),
                    ('show_if', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='consultations.option', verbose_name='asked when')),
                ],
                options={
                    'verbose_name': 'question',
                    'verbose_name_plural': 'questions',
                    'ordering': ['position', 'pk'],
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('consultation', 'position'), name='consultations_question_position'), models.CheckConstraint(condition=models.Q(('scale_max__gt', models.F('scale_min'))), name='consultations_scale_range'), models.CheckConstraint(condition=models.Q(('kind__in', ['single', 'multiple', 'scale', 'ranking', 'text', 'matrix'])), name='consultations_question_kind')],
                },
            ), migrations.CreateModel(
                name='Answer',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.SmallIntegerField(blank=True, null=True, verbose_name='number')),
                    ('text', models.TextField(blank=True, verbose_name='text')),
                    ('option', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='consultations.option')),
                    ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='consultations.question')),
                    ('response', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='consultations.surveyresponse')),
                ],
                options={
                    'verbose_name': 'answer',
                    'verbose_name_plural': 'answers',
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('response', 'question', 'option'), name='consultations_answer_option_once')],
                },
            )],
        ),
    ]
