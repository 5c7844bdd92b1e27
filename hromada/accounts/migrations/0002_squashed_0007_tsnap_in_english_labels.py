import django.db.models.deletion
import hromada.core.migration_operations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('accounts', '0002_initial'), ('accounts', '0003_phone_challenge'), ('accounts', '0004_notification_email'), ('accounts', '0005_login_attempt_challenge'), ('accounts', '0006_back_office_labels'), ('accounts', '0007_tsnap_in_english_labels')]

    dependencies = [
        ('accounts', '0001_initial'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('core', '0006_secret_fingerprints_periodic_leases'),
        ('territory', '0003_institution_english'),
    ]

    operations = [
        hromada.core.migration_operations.CreateModels(
            operations=[migrations.CreateModel(
                name='PhoneChallenge',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('phone', models.CharField(max_length=16)),
                    ('code_hash', models.CharField(max_length=64)),
                    ('expires_at', models.DateTimeField()),
                    ('attempts', models.PositiveSmallIntegerField(default=0)),
                    ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='phone_challenges', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'ordering': ['-created_at', '-id'],
                    'indexes': [models.Index(fields=['user', 'created_at'], name='phone_challenge_recent')],
                    'constraints': [],
                },
            )],
        ),
        migrations.AddField(
            model_name='apitoken',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='departmentmembership',
            name='department',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='territory.department', verbose_name='department'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='departmentmembership',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='person'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='hromadarole',
            name='hromada',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='roles', to='core.hromada', verbose_name='hromada'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='hromadarole',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='hromada_roles', to=settings.AUTH_USER_MODEL, verbose_name='person'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='loginattempt',
            name='challenge',
            field=models.CharField(blank=True, max_length=32, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='loginattempt',
            name='known_account',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='user',
            name='district',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='residents', to='territory.district', verbose_name='district'),
        ),
        migrations.AddField(
            model_name='user',
            name='groups',
            field=models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups'),
        ),
        migrations.AddField(
            model_name='user',
            name='hromada',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='residents', to='core.hromada', verbose_name='home hromada'),
        ),
        migrations.AddField(
            model_name='user',
            name='notification_email',
            field=models.CharField(choices=[('each', 'each message at once'), ('daily', 'one daily digest'), ('off', 'no e-mails, only the inbox')], default='each', max_length=5, verbose_name='notification e-mails'),
        ),
        migrations.AddField(
            model_name='user',
            name='user_permissions',
            field=models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions'),
        ),
        migrations.AddField(
            model_name='verificationrecord',
            name='hromada',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.hromada'),
        ),
        migrations.AddField(
            model_name='verificationrecord',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='verifications', to=settings.AUTH_USER_MODEL),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='verificationrecord',
            name='verified_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='verifications_made', to=settings.AUTH_USER_MODEL, verbose_name='verified by'),
        ),
        migrations.AlterField(
            model_name='departmentmembership',
            name='role',
            field=models.CharField(choices=[('head', 'head of department'), ('specialist', 'specialist'), ('cnap_officer', 'TsNAP administrator')], default='specialist', max_length=20, verbose_name='role'),
        ),
        migrations.AlterField(
            model_name='user',
            name='national_id_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True, verbose_name='national identifier (hash)'),
        ),
        migrations.AlterField(
            model_name='verificationrecord',
            name='method',
            field=models.CharField(choices=[('email_link', 'e-mail link'), ('phone_code', 'code sent to phone'), ('oidc', 'identity provider'), ('in_person', 'in person at TsNAP')], max_length=20, verbose_name='method'),
        ),
        migrations.AddIndex(
            model_name='loginattempt',
            index=models.Index(fields=['identifier', 'created_at'], name='login_by_identifier'),
        ),
        migrations.AddIndex(
            model_name='loginattempt',
            index=models.Index(fields=['address', 'created_at'], name='login_by_address'),
        ),
        migrations.AddConstraint(
            model_name='departmentmembership',
            constraint=models.UniqueConstraint(fields=('user', 'department'), name='membership_unique'),
        ),
        migrations.AddConstraint(
            model_name='hromadarole',
            constraint=models.UniqueConstraint(fields=('user', 'hromada', 'role'), name='hromada_role_unique'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(('email__isnull', False), ('phone__isnull', False), _connector='OR'), name='user_has_login'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(('verification_level__gte', 0), ('verification_level__lte', 3)), name='user_level_known'),
        ),
    ]
