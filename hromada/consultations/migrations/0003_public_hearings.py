import django.db.models.deletion
import hromada.consultations.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '__first__'),
        ('consultations', '0002_matrix_questions'),
    ]

    operations = [
        migrations.CreateModel(
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
        ),
        migrations.CreateModel(
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
        ),
    ]
