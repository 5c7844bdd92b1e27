import django.db.models.deletion
import hromada.core.migration_operations
import hromada.ledger.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('ledger', '0001_initial'), ('ledger', '0002_witnesses_and_receipts'), ('ledger', '0003_hot_tables_and_cosignature_retries'), ('ledger', '0004_single_column_indexes_covered'), ('ledger', '0005_back_office_labels'), ('ledger', '0006_receipt_title_language'), ('ledger', '0007_log_origins_and_hold')]

    initial = True

    dependencies = [
        ('core', '0006_secret_fingerprints_periodic_leases'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        hromada.core.migration_operations.CreateModels(
            operations=[migrations.CreateModel(
                name='Checkpoint',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('tree_size', models.BigIntegerField(verbose_name='tree size')),
                    ('root_hash', models.BinaryField(max_length=32, verbose_name='root hash')),
                    ('note', models.TextField(verbose_name='signed note')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='signed')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('origin', models.CharField(max_length=300, verbose_name='origin')),
                ],
                options={
                    'verbose_name': 'checkpoint',
                    'verbose_name_plural': 'checkpoints',
                    'ordering': ['hromada', '-tree_size'],
                    'get_latest_by': 'tree_size',
                    'constraints': [models.CheckConstraint(condition=models.Q(('tree_size__gte', 0)), name='ledger_checkpoint_size_not_negative'), models.UniqueConstraint(fields=('hromada', 'origin', 'tree_size'), name='ledger_one_checkpoint_per_size')],
                    'indexes': [],
                },
            ), migrations.CreateModel(
                name='Entry',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('index', models.BigIntegerField(verbose_name='index')),
                    ('kind', models.CharField(max_length=64, verbose_name='kind')),
                    ('data', models.BinaryField(verbose_name='entry')),
                    ('leaf_hash', models.BinaryField(max_length=32, verbose_name='leaf hash')),
                    ('receipt_id', models.BigIntegerField(verbose_name='receipt')),
                    ('created_at', models.DateTimeField(verbose_name='appended')),
                    ('hromada', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'log entry',
                    'verbose_name_plural': 'log entries',
                    'ordering': ['hromada', 'index'],
                    'indexes': [models.Index(fields=['hromada', 'kind', 'index'], name='ledger_entry_kind')],
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'index'), name='ledger_one_entry_per_index'), models.UniqueConstraint(fields=('hromada', 'receipt_id'), name='ledger_one_entry_per_receipt'), models.CheckConstraint(condition=models.Q(('index__gte', 0)), name='ledger_entry_index_not_negative')],
                },
            ), migrations.CreateModel(
                name='Log',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('origin', models.CharField(help_text='The first line of every checkpoint, e.g. host/ledger.', max_length=300, verbose_name='origin')),
                    ('verifier_key', models.CharField(help_text='The public Ed25519 key checkpoints are signed with.', max_length=400, verbose_name='verifier key')),
                    ('tree_size', models.BigIntegerField(default=0, verbose_name='tree size')),
                    ('root_hash', models.BinaryField(default=hromada.ledger.models._empty_root, max_length=32, verbose_name='root hash')),
                    ('kinds', models.JSONField(blank=True, default=dict, verbose_name='entries per kind')),
                    ('hromada', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                    ('held_since', models.DateTimeField(blank=True, null=True, verbose_name='signing held since')),
                    ('held_reason', models.CharField(blank=True, max_length=20, verbose_name='why signing is held')),
                ],
                options={
                    'verbose_name': 'transparency log',
                    'verbose_name_plural': 'transparency logs',
                    'constraints': [models.CheckConstraint(condition=models.Q(('tree_size__gte', 0)), name='ledger_log_size_not_negative')],
                    'indexes': [],
                },
            ), migrations.CreateModel(
                name='LogOrigin',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('origin', models.CharField(max_length=300, verbose_name='origin')),
                    ('verifier_key', models.CharField(max_length=400, verbose_name='verifier key')),
                    ('successor', models.CharField(max_length=300, verbose_name='new origin')),
                    ('published_size', models.BigIntegerField(default=0, verbose_name='last published tree size')),
                    ('continued_size', models.BigIntegerField(default=0, verbose_name='tree size continued from')),
                    ('reason', models.TextField(blank=True, verbose_name='reason')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'earlier log origin',
                    'verbose_name_plural': 'earlier log origins',
                    'ordering': ['hromada', '-created_at'],
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'origin'), name='ledger_origin_once')],
                    'indexes': [],
                },
            ), migrations.CreateModel(
                name='PendingEntry',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(max_length=64, verbose_name='kind')),
                    ('data', models.BinaryField(verbose_name='entry')),
                    ('created_at', models.DateTimeField(verbose_name='appended')),
                    ('hromada', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'pending entry',
                    'verbose_name_plural': 'pending entries',
                    'indexes': [models.Index(fields=['hromada', 'id'], name='ledger_pending_order')],
                    'constraints': [],
                },
            ), migrations.CreateModel(
                name='PersonalReceipt',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('receipt_id', models.BigIntegerField(verbose_name='receipt')),
                    ('kind', models.CharField(max_length=64, verbose_name='kind')),
                    ('reference', models.CharField(max_length=200, verbose_name='person reference')),
                    ('salt', models.BinaryField(max_length=32, verbose_name='salt')),
                    ('title', models.CharField(blank=True, max_length=250, verbose_name='what it records')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.hromada')),
                    ('user', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='ledger_receipts', to=settings.AUTH_USER_MODEL)),
                    ('title_language', models.CharField(blank=True, max_length=10, verbose_name='language of the title')),
                ],
                options={
                    'verbose_name': 'personal receipt',
                    'verbose_name_plural': 'personal receipts',
                    'ordering': ['-created_at', '-id'],
                    'constraints': [models.UniqueConstraint(fields=('user', 'receipt_id', 'reference'), name='ledger_receipt_unique')],
                    'indexes': [],
                },
            ), migrations.CreateModel(
                name='StoredHash',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('level', models.PositiveSmallIntegerField(verbose_name='level')),
                    ('index', models.BigIntegerField(verbose_name='index')),
                    ('hash', models.BinaryField(max_length=32, verbose_name='hash')),
                    ('hromada', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hromada', verbose_name='hromada')),
                ],
                options={
                    'verbose_name': 'stored hash',
                    'verbose_name_plural': 'stored hashes',
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'level', 'index'), name='ledger_one_hash_per_node'), models.CheckConstraint(condition=models.Q(('index__gte', 0), ('level__lte', 63)), name='ledger_stored_hash_in_range')],
                    'indexes': [],
                },
            ), migrations.CreateModel(
                name='Witness',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('verifier_key', models.CharField(max_length=300, verbose_name='verifier key')),
                    ('url', models.URLField(blank=True, max_length=500, verbose_name='address')),
                    ('is_active', models.BooleanField(default=True, verbose_name='active')),
                    ('cosigned_size', models.BigIntegerField(default=0, verbose_name='cosigned size')),
                    ('hromada', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ledger_witnesses', to='core.hromada', verbose_name='hromada')),
                    ('failures', models.PositiveIntegerField(default=0, verbose_name='failed requests in a row')),
                    ('retry_at', models.DateTimeField(blank=True, null=True, verbose_name='next retry')),
                ],
                options={
                    'verbose_name': 'witness',
                    'verbose_name_plural': 'witnesses',
                    'ordering': ['hromada', 'name'],
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('hromada', 'name'), name='ledger_witness_name_unique'), models.CheckConstraint(condition=models.Q(('cosigned_size__gte', 0)), name='ledger_witness_size_not_negative')],
                },
            ), migrations.CreateModel(
                name='Cosignature',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('line', models.CharField(max_length=500, verbose_name='signature line')),
                    ('signed_at', models.DateTimeField(verbose_name='cosigned')),
                    ('checkpoint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cosignatures', to='ledger.checkpoint', verbose_name='checkpoint')),
                    ('witness', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cosignatures', to='ledger.witness', verbose_name='witness')),
                ],
                options={
                    'verbose_name': 'cosignature',
                    'verbose_name_plural': 'cosignatures',
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('checkpoint', 'witness'), name='ledger_one_cosignature_per_witness')],
                },
            ), migrations.CreateModel(
                name='WitnessedLog',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('origin', models.CharField(max_length=300, verbose_name='origin')),
                    ('log_verifier_key', models.CharField(max_length=300, verbose_name='verifier key of the log')),
                    ('tree_size', models.BigIntegerField(default=0, verbose_name='tree size')),
                    ('root_hash', models.BinaryField(default=hromada.ledger.models._empty_root, max_length=32, verbose_name='root hash')),
                    ('witness_hromada', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='witnessed_logs', to='core.hromada', verbose_name='witnessing hromada')),
                ],
                options={
                    'verbose_name': 'witnessed log',
                    'verbose_name_plural': 'witnessed logs',
                    'indexes': [],
                    'constraints': [models.UniqueConstraint(fields=('witness_hromada', 'origin'), name='ledger_witnessed_origin_unique'), models.CheckConstraint(condition=models.Q(('tree_size__gte', 0)), name='ledger_witnessed_size_not_negative')],
                },
            )],
        ),
    ]
