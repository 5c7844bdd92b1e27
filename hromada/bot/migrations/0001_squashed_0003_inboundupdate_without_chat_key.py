import django.db.models.deletion
import hromada.core.migration_operations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('bot', '0001_initial'), ('bot', '0002_inboundupdate_chat_key'), ('bot', '0003_inboundupdate_without_chat_key')]

    initial = True

    dependencies = [
        ('core', '0006_secret_fingerprints_periodic_leases'),
        ('territory', '0003_institution_english'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        hromada.core.migration_operations.CreateModels(
            operations=[migrations.CreateModel(
                name='BotConfig',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('platform', models.CharField(choices=[('telegram', 'Telegram')], default='telegram', max_length=20, verbose_name='messenger')),
                    ('username', models.CharField(blank=True, help_text='The user name Telegram gave the bot, without the @ sign.', max_length=64, verbose_name='bot user name')),
                    ('token_encrypted', models.TextField(blank=True, editable=False, verbose_name='token (encrypted)')),
                    ('webhook_secret', models.CharField(editable=False, max_length=128, verbose_name='webhook secret')),
                    ('is_enabled', models.BooleanField(default=True, verbose_name='answers residents')),
                    ('sending_enabled', models.BooleanField(default=True, help_text='Off: replies are queued but never sent (a demo bot).', verbose_name='sends messages')),
                    ('require_phone', models.BooleanField(default=False, verbose_name='anonymous reports need a phone number')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'chat bot',
                    'verbose_name_plural': 'chat bots',
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'platform'), name='bot_config_one_per_platform'), models.UniqueConstraint(fields=('webhook_secret',), name='bot_config_secret_unique'), models.CheckConstraint(condition=models.Q(('platform__in', ['telegram'])), name='bot_config_platform_known')],
                },
            ), migrations.CreateModel(
                name='Broadcast',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('text', models.TextField(max_length=3500, verbose_name='text')),
                    ('topic', models.CharField(blank=True, max_length=30, verbose_name='topic')),
                    ('status', models.CharField(choices=[('sending', 'sending'), ('done', 'sent')], default='sending', max_length=10, verbose_name='status')),
                    ('total', models.PositiveIntegerField(default=0, verbose_name='recipients')),
                    ('sent', models.PositiveIntegerField(default=0, verbose_name='sent')),
                    ('failed', models.PositiveIntegerField(default=0, verbose_name='failed')),
                    ('bot', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='broadcasts', to='bot.botconfig', verbose_name='bot')),
                    ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                    ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='territory.district', verbose_name='district')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'broadcast',
                    'verbose_name_plural': 'broadcasts',
                    'ordering': ['-created_at'],
                    'indexes': [],
                    'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['sending', 'done'])), name='bot_broadcast_status_known')],
                },
            ), migrations.CreateModel(
                name='Chat',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('external_id', models.CharField(max_length=64, verbose_name='chat id')),
                    ('language', models.CharField(default='uk', max_length=8, verbose_name='language')),
                    ('state', models.CharField(blank=True, max_length=40, verbose_name='dialogue step')),
                    ('data', models.JSONField(blank=True, default=dict, verbose_name='dialogue data')),
                    ('phone', models.CharField(blank=True, max_length=40, verbose_name='shared phone')),
                    ('district_id_subscribed', models.IntegerField(blank=True, null=True, verbose_name='district subscribed')),
                    ('topics', models.JSONField(blank=True, default=list, verbose_name='topics subscribed')),
                    ('is_blocked', models.BooleanField(default=False, verbose_name='blocked the bot')),
                    ('last_seen_at', models.DateTimeField(blank=True, null=True, verbose_name='last message')),
                    ('last_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='last sent')),
                    ('flood_started_at', models.DateTimeField(blank=True, null=True)),
                    ('flood_count', models.PositiveIntegerField(default=0)),
                    ('bot', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='chats', to='bot.botconfig', verbose_name='bot')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='bot_chats', to=settings.AUTH_USER_MODEL, verbose_name='linked account')),
                ],
                options={
                    'verbose_name': 'chat',
                    'verbose_name_plural': 'chats',
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('bot', 'external_id'), name='bot_chat_unique')],
                },
            ), migrations.CreateModel(
                name='InboundUpdate',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('update_id', models.BigIntegerField(verbose_name='update id')),
                    ('payload', models.JSONField(verbose_name='update')),
                    ('outcome', models.CharField(choices=[('pending', 'pending'), ('done', 'processed'), ('ignored', 'ignored'), ('limited', 'rate-limited'), ('failed', 'failed')], default='pending', max_length=10)),
                    ('processed_at', models.DateTimeField(blank=True, null=True)),
                    ('bot', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='bot.botconfig')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'received update',
                    'verbose_name_plural': 'received updates',
                    'indexes': [models.Index(fields=['bot', 'outcome', 'update_id'], name='bot_update_pending')],
                    'constraints': [models.UniqueConstraint(fields=('bot', 'update_id'), name='bot_update_once'), models.CheckConstraint(condition=models.Q(('outcome__in', ['pending', 'done', 'ignored', 'limited', 'failed'])), name='bot_update_outcome_known')],
                },
            ), migrations.CreateModel(
                name='LinkCode',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('code_hash', models.CharField(max_length=64)),
                    ('expires_at', models.DateTimeField()),
                    ('used_at', models.DateTimeField(blank=True, null=True)),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bot_link_codes', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('code_hash',), name='bot_link_code_unique')],
                },
            ), migrations.CreateModel(
                name='Outgoing',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('method', models.CharField(max_length=40)),
                    ('payload', models.JSONField()),
                    ('status', models.CharField(choices=[('pending', 'waiting'), ('sent', 'sent'), ('failed', 'failed'), ('held', 'not sent (sending off)')], default='pending', max_length=10)),
                    ('not_before', models.DateTimeField()),
                    ('attempts', models.PositiveSmallIntegerField(default=0)),
                    ('sent_at', models.DateTimeField(blank=True, null=True)),
                    ('error', models.CharField(blank=True, max_length=300)),
                    ('bot', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='outgoing', to='bot.botconfig')),
                    ('broadcast', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='bot.broadcast')),
                    ('chat', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='outgoing', to='bot.chat')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'outgoing message',
                    'verbose_name_plural': 'outgoing messages',
                    'indexes': [models.Index(fields=['bot', 'status', 'not_before'], name='bot_outgoing_due'), models.Index(fields=['bot', 'sent_at'], name='bot_outgoing_sent')],
                    'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'sent', 'failed', 'held'])), name='bot_outgoing_status_known')],
                },
            ), migrations.CreateModel(
                name='Watch',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('kind', models.CharField(choices=[('report', 'problem report'), ('ticket', 'queue ticket')], max_length=10)),
                    ('ref_id', models.BigIntegerField()),
                    ('last_state', models.CharField(blank=True, max_length=40)),
                    ('is_active', models.BooleanField(default=True)),
                    ('chat', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='watches', to='bot.chat')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'indexes': [models.Index(fields=['hromada', 'is_active', 'kind'], name='bot_watch_active')],
                    'constraints': [models.UniqueConstraint(fields=('chat', 'kind', 'ref_id'), name='bot_watch_unique'), models.CheckConstraint(condition=models.Q(('kind__in', ['report', 'ticket'])), name='bot_watch_kind_known')],
                },
            )],
        ),
    ]
