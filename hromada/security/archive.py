"""What a backup holds and how it is written and read: an engine-neutral dump of every table, the media
files, the ledger's key directory and the installation's file-kept secrets, in one tar stream sealed with a
passphrase (:mod:`.sealed`).

Members, in order:

``head.json``
    format version, when, the database engine it came from, the applied migrations, the table list.
``db/<app_label>.<model>.jsonl``
    one line naming the model's columns (its local concrete fields, by attribute name), then one JSON array
    per row in primary-key order. Values are written by type, never by engine: bytes as base64,
    dates and times as ISO 8601 (aware, UTC), decimals and UUIDs as text, JSON fields as JSON; reading
    turns each back with the field's own ``to_python``. Every concrete model is dumped, the automatic
    many-to-many tables, content types and permissions included, with their primary keys: restoring
    empties the target's tables (those ``migrate`` filled too) and inserts the rows with the same keys,
    so every reference, generic ones included, stays true on any engine.
``media/<path>``, ``keys/<name>``, ``secrets/<name>``
    the files under ``MEDIA_ROOT``, under ``HROMADA_LEDGER_KEY_DIR``, and ``secret_key`` /
    ``identity_pepper`` when this installation keeps them in files (not in the environment).
``manifest.json``
    rows per table and files per kind, checked by the reader against what it read.

Why not ``dumpdata``/``loaddata``: ``dumpdata`` holds a whole table's objects in memory to sort them
and writes the many-to-many rows inside their owners, and ``loaddata`` saves (and signals) one object at a
time: on the demo the per-table stream is several times faster both ways (docs/operations.md, "Backup and
restore", has the numbers).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import decimal
import io
import json
import tarfile
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.duration import duration_iso_string

from .sealed import CHUNK_SIZE, SealedReader, SealedWriter

FORMAT = 1
ROWS_PER_QUERY = 2000
SPOOL_MEMORY = 16 * 1024 * 1024
SECRET_FILES = {"secret_key": "HROMADA_SECRET_KEY", "identity_pepper": "HROMADA_IDENTITY_PEPPER"}

Progress = Callable[[str], None]


class ArchiveError(Exception):
    """The backup is not one this version can restore; ``code`` says why, the text says what."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


@dataclasses.dataclass
class Contents:
    """What a backup holds, from its head and manifest (filled by :func:`read_check`)."""

    head: dict[str, Any]
    manifest: dict[str, Any]

    @property
    def rows(self) -> dict[str, int]:
        return dict(self.manifest.get("rows", {}))

    @property
    def files(self) -> dict[str, int]:
        return dict(self.manifest.get("files", {}))


# --------------------------------------------------------------------------------------------- models


def dumped_models() -> list[type[models.Model]]:
    """Every model with a table of its own (managed, concrete, not a proxy), many-to-many tables included,
    children before the tables they point at.

    Foreign keys are checked at commit (deferred, on SQLite and PostgreSQL alike), so any order loads;
    children first means a guard that reads a parent's state when a child is inserted (the budget's
    frozen-rules triggers) finds no parent yet, as it found none when the child was first written."""
    found = sorted(
        (
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy and not model._meta.abstract
        ),
        key=lambda model: model._meta.label_lower,
    )
    parents_first: list[type[models.Model]] = []
    placed: set[type[models.Model]] = set()
    visiting: set[type[models.Model]] = set()

    def place(model: type[models.Model]) -> None:
        if model in placed or model in visiting:
            return  # placed, or a cycle (self-references, mutual keys): deferred checks cover it
        visiting.add(model)
        for field in model._meta.local_concrete_fields:
            target = field.related_model if field.is_relation else None
            if isinstance(target, type) and target is not model and target in members:
                place(target)
        visiting.discard(model)
        placed.add(model)
        parents_first.append(model)

    members = set(found)
    for model in found:
        place(model)
    return parents_first[::-1]


def _columns(model: type[models.Model]) -> list[models.Field]:
    # A generated column (services' Application.is_open) is the database's to compute: neither dumped nor
    # inserted.
    return [field for field in model._meta.local_concrete_fields if not getattr(field, "generated", False)]


def _encode(value: Any) -> Any:
    if isinstance(value, memoryview | bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def applied_migrations() -> list[list[str]]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted([app, name] for app, name in loader.applied_migrations)


def code_migrations() -> list[list[str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted([app, name] for app, name in loader.disk_migrations)


# --------------------------------------------------------------------------------------------- writing


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = mode
    info.mtime = int(time.time())
    tar.addfile(info, io.BytesIO(data))


def _table_rows(model: type[models.Model], names: list[str]) -> Iterator[tuple[Any, ...]]:
    """Every row of the table in primary-key order, in pages by key (no server-side cursor needed)."""
    pk = model._meta.pk
    assert pk is not None
    rows = model._base_manager.order_by(pk.attname).values_list(*names)
    last: Any = None
    while True:
        page = list(
            (rows.filter(**{f"{pk.attname}__gt": last}) if last is not None else rows)[:ROWS_PER_QUERY]
        )
        yield from page
        if len(page) < ROWS_PER_QUERY:
            return
        last = page[-1][names.index(pk.attname)]


def _dump_table(tar: tarfile.TarFile, model: type[models.Model]) -> int:
    names = [field.attname for field in _columns(model)]
    count = 0
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY) as spool:
        spool.write(json.dumps({"model": model._meta.label_lower, "columns": names}).encode() + b"\n")
        for row in _table_rows(model, names):
            line = json.dumps([_encode(value) for value in row], ensure_ascii=False, separators=(",", ":"))
            spool.write(line.encode("utf-8") + b"\n")
            count += 1
        info = tarfile.TarInfo(f"db/{model._meta.label_lower}.jsonl")
        info.size = spool.tell()
        info.mode = 0o600
        info.mtime = int(time.time())
        spool.seek(0)
        tar.addfile(info, spool)
    return count


def _files_under(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and not path.name.startswith(".") and not path.is_symlink()
    )


def _secret_files() -> dict[str, bytes]:
    """The secrets this installation keeps in files under the var directory (none set in the environment)."""
    import os

    found = {}
    for name, variable in SECRET_FILES.items():
        path = Path(settings.VAR_DIR) / name
        if not os.environ.get(variable) and path.is_file():
            found[name] = path.read_bytes()
    return found


@dataclasses.dataclass
class Written:
    rows: dict[str, int]
    files: dict[str, int]
    seconds: float


def write_backup(
    target: IO[bytes], passphrase: str, *, progress: Progress, scrypt_n: int | None = None
) -> Written:
    """Write the sealed backup of this installation to ``target`` (a consistent snapshot of the database)."""
    started = time.monotonic()
    writer = SealedWriter(target, passphrase, **({"scrypt_n": scrypt_n} if scrypt_n else {}))
    rows: dict[str, int] = {}
    files: dict[str, int] = {}
    with tarfile.open(fileobj=writer, mode="w|", bufsize=CHUNK_SIZE) as tar:  # type: ignore[call-overload]
        with _snapshot():
            table_models = dumped_models()
            head = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "engine": connection.vendor,
                "migrations": applied_migrations(),
                "tables": [model._meta.label_lower for model in table_models],
            }
            _add_bytes(tar, "head.json", json.dumps(head, indent=1).encode())
            for number, model in enumerate(table_models, 1):
                rows[model._meta.label_lower] = _dump_table(tar, model)
                if number % 20 == 0 or number == len(table_models):
                    progress(f"database: {number}/{len(table_models)} tables, {sum(rows.values())} rows")
        for kind, root in (
            ("media", Path(settings.MEDIA_ROOT)),
            ("keys", Path(settings.HROMADA_LEDGER_KEY_DIR)),
        ):
            paths = _files_under(root)
            for path in paths:
                tar.add(str(path), arcname=f"{kind}/{path.relative_to(root).as_posix()}", recursive=False)
            files[kind] = len(paths)
            progress(f"{kind}: {len(paths)} files")
        secrets = _secret_files()
        for name, data in secrets.items():
            _add_bytes(tar, f"secrets/{name}", data, mode=0o600)
        files["secrets"] = len(secrets)
        _add_bytes(tar, "manifest.json", json.dumps({"rows": rows, "files": files}, indent=1).encode())
    writer.close()
    return Written(rows=rows, files=files, seconds=time.monotonic() - started)


class _snapshot:
    """A read transaction that sees one state of the database from its first read to its end.

    PostgreSQL: REPEATABLE READ, READ ONLY. SQLite (WAL): a deferred transaction takes its snapshot at the
    first read and holds no write lock, so the site keeps writing during the backup. Inside a transaction
    already (a test), that one is used.
    """

    def __enter__(self) -> None:
        self._own = not connection.in_atomic_block
        if not self._own:
            return
        connection.ensure_connection()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                connection.set_autocommit(False)
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            else:
                cursor.execute("BEGIN DEFERRED")

    def __exit__(self, *exc: Any) -> None:
        if not self._own:
            return
        if connection.vendor == "postgresql":
            connection.rollback()
            connection.set_autocommit(True)
        else:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")


# --------------------------------------------------------------------------------------------- reading


def _open(source: IO[bytes], passphrase: str) -> tuple[SealedReader, tarfile.TarFile]:
    reader = SealedReader(source, passphrase)
    tar = tarfile.open(fileobj=reader, mode="r|", bufsize=CHUNK_SIZE)  # type: ignore[call-overload]  # noqa: SIM115
    return reader, tar


def _safe_name(name: str) -> str:
    parts = name.split("/")
    if name.startswith("/") or any(part in ("", ".", "..") for part in parts[1:]) or len(parts) < 2:
        raise ArchiveError("damaged", f"the backup holds an unsafe path {name!r}")
    return name


def stage(source: IO[bytes], passphrase: str, directory: Path, *, progress: Progress) -> Contents:
    """Decrypt and unpack the whole backup into ``directory`` (a staging area: nothing of the installation
    is touched), checking that every chunk opens, every table parses and the counts agree with the
    manifest. Returns what it holds; raises ``SealError`` or :class:`ArchiveError`."""
    reader, tar = _open(source, passphrase)
    head: dict[str, Any] | None = None
    manifest: dict[str, Any] | None = None
    rows: dict[str, int] = {}
    files: dict[str, int] = {"media": 0, "keys": 0, "secrets": 0}
    for member in tar:
        handle = tar.extractfile(member) if member.isfile() else None
        if handle is None:
            continue
        name = member.name
        if name == "head.json":
            head = json.loads(handle.read())
            if head.get("format") != FORMAT:
                raise ArchiveError("format", f"backup format {head.get('format')} is not {FORMAT}")
            continue
        if name == "manifest.json":
            manifest = json.loads(handle.read())
            continue
        kind = _safe_name(name).split("/", 1)[0]
        if kind not in (*files, "db"):
            raise ArchiveError("damaged", f"the backup holds an unknown member {name!r}")
        _write_file(directory, name, handle, mode=0o600)
        if kind == "db":
            with open(directory / name, "rb") as table:
                label, count = _count_rows(table)
            rows[label] = count
        else:
            files[kind] += 1
    reader.finish()
    if head is None or manifest is None:
        raise ArchiveError("damaged", "the backup lacks its head or its manifest")
    if rows != manifest.get("rows") or files != manifest.get("files"):
        raise ArchiveError("damaged", "the backup's contents differ from its manifest")
    progress(f"checked: {len(rows)} tables, {sum(rows.values())} rows, {sum(files.values())} files")
    return Contents(head=head, manifest=manifest)


def _count_rows(handle: IO[bytes]) -> tuple[str, int]:
    first = json.loads(handle.readline())
    count = 0
    for line in handle:
        if line.strip():
            json.loads(line)
            count += 1
    return first["model"], count


def database_is_empty() -> bool:
    """No hromada and no person: nothing a restore would overwrite."""
    from hromada.accounts.models import User
    from hromada.core.models import Hromada

    return not Hromada.objects.exists() and not User.objects.exists()


@dataclasses.dataclass
class Restored:
    rows: dict[str, int]
    files: dict[str, int]
    keys: list[str]
    kept: list[str]
    set_aside: list[str]
    secrets: list[str]


def restore_into(
    staged: Path, contents: Contents, *, progress: Progress, keys_merge: Callable[..., Any]
) -> Restored:
    """Empty every table and load the staged backup's rows (one transaction, children first), then put
    media, keys and file-kept secrets in place.

    The caller has migrated the database and staged the backup with :func:`stage`. ``keys_merge`` decides
    what happens to each key-directory file (the ledger's rule: ``ledger.published.key_dir_restore``).
    """
    table_models = dumped_models()
    by_label = {model._meta.label_lower: model for model in table_models}
    missing = sorted(set(contents.rows) - set(by_label))
    if missing:
        raise ArchiveError("schema", f"this version has no tables for {', '.join(missing)}")
    restored = Restored(
        rows={}, files={"media": 0, "keys": 0, "secrets": 0}, keys=[], kept=[], set_aside=[], secrets=[]
    )
    order = [model for model in table_models if model._meta.label_lower in contents.rows]
    with transaction.atomic():
        _empty_tables(table_models)
        for number, model in enumerate(order, 1):
            with open(staged / "db" / f"{model._meta.label_lower}.jsonl", "rb") as handle:
                label, count = _load_table(handle, by_label)
            restored.rows[label] = count
            if number % 20 == 0 or number == len(order):
                progress(f"database: {number}/{len(order)} tables, {sum(restored.rows.values())} rows")
        _sequences_reset(table_models)
    if restored.rows != contents.rows:
        raise ArchiveError("damaged", "the tables loaded differ from the checked backup")
    media_root = Path(settings.MEDIA_ROOT)
    for path in _files_under(staged / "media"):
        with open(path, "rb") as handle:
            _write_file(media_root, path.relative_to(staged / "media").as_posix(), handle, mode=0o644)
        restored.files["media"] += 1
    progress(f"media: {restored.files['media']} files")
    for path in _files_under(staged / "secrets"):
        if path.name in SECRET_FILES:
            _secret_restore(path.name, path.read_bytes(), restored)
    key_files = {path.name: path.read_bytes() for path in _files_under(staged / "keys")}
    outcome = keys_merge(key_files)
    restored.keys, restored.kept, restored.set_aside = outcome.written, outcome.kept, outcome.set_aside
    restored.files["keys"] = len(key_files)
    progress(f"ledger keys: {len(outcome.written)} written, {len(outcome.kept)} kept")
    return restored


def _empty_tables(table_models: list[type[models.Model]]) -> None:
    tables = [model._meta.db_table for model in table_models]
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=True)
    with connection.cursor() as cursor:
        postgres = connection.vendor == "postgresql"
        if postgres:
            # PostgreSQL refuses to TRUNCATE a table with deferred foreign-key checks still pending in
            # this transaction (rows written earlier in it): run them now, then defer again for the load.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in statements:
            cursor.execute(sql)
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _load_table(handle: IO[bytes], by_label: dict[str, type[models.Model]]) -> tuple[str, int]:
    first = json.loads(handle.readline())
    label = first["model"]
    model = by_label[label]
    fields_by_name = {field.attname: field for field in _columns(model)}
    names: list[str] = first["columns"]
    unknown = [name for name in names if name not in fields_by_name]
    if unknown or set(names) != set(fields_by_name):
        raise ArchiveError(
            "schema",
            f"the columns of {label} differ from this version's: {sorted(set(names) ^ set(fields_by_name))}",
        )
    fields = [fields_by_name[name] for name in names]
    batch_size = max(1, min(500, connection.ops.bulk_batch_size(fields, [None] * 1000)))
    batch: list[SimpleNamespace] = []
    count = 0
    manager = model._base_manager
    for line in handle:
        if not line.strip():
            continue
        values = json.loads(line)
        batch.append(
            SimpleNamespace(
                **{
                    name: _decode(field, value)
                    for name, field, value in zip(names, fields, values, strict=True)
                }
            )
        )
        if len(batch) >= batch_size:
            manager._insert(batch, fields=fields, raw=True)  # type: ignore[attr-defined]
            count += len(batch)
            batch = []
    if batch:
        manager._insert(batch, fields=fields, raw=True)  # type: ignore[attr-defined]
        count += len(batch)
    return label, count


def _decode(field: models.Field, value: Any) -> Any:
    if value is None or isinstance(field, models.JSONField):
        return value
    return field.to_python(value)


def _sequences_reset(table_models: list[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), table_models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _write_file(root: Path, relative: str, handle: IO[bytes], *, mode: int) -> None:
    import os

    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.restoring")
    with open(temporary, "wb") as out:
        while chunk := handle.read(CHUNK_SIZE):
            out.write(chunk)
    os.chmod(temporary, mode)
    os.replace(temporary, path)


def _secret_restore(name: str, data: bytes, restored: Restored) -> None:
    """Put a file-kept secret in place, unless the environment sets it (then the operator is told)."""
    import os

    if os.environ.get(SECRET_FILES[name]):
        if os.environ[SECRET_FILES[name]].strip() != data.decode().strip():
            restored.secrets.append(
                f"{name}: differs from {SECRET_FILES[name]} (set it to the backup's value)"
            )
        return
    path = Path(settings.VAR_DIR) / name
    temporary = path.with_name(f".{name}.restoring")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(temporary, path)
    restored.secrets.append(f"{name}: restored")
