"""Database guards of the rules freeze, on SQLite and PostgreSQL.

- A rules version is never changed (a change writes the next version).
- No new rules version and no category change once the cycle's ``rules_frozen_at`` is set.
- ``rules_frozen_at`` and ``voting_starts`` of a frozen cycle never change.

No DELETE triggers: test databases are flushed with DELETE on SQLite.
"""

from django.db import migrations

FROZEN = "budget rules are frozen: voting has opened"

SQLITE = [
    """CREATE TRIGGER budget_rules_immutable BEFORE UPDATE ON budget_budgetrules
    BEGIN SELECT RAISE(ABORT, 'a budget rules version is never changed'); END""",
    f"""CREATE TRIGGER budget_rules_frozen BEFORE INSERT ON budget_budgetrules
    WHEN (SELECT rules_frozen_at FROM budget_budgetcycle WHERE id = NEW.cycle_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END""",
    f"""CREATE TRIGGER budget_category_frozen_insert BEFORE INSERT ON budget_budgetcategory
    WHEN (SELECT rules_frozen_at FROM budget_budgetcycle WHERE id = NEW.cycle_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END""",
    f"""CREATE TRIGGER budget_category_frozen_update BEFORE UPDATE ON budget_budgetcategory
    WHEN (SELECT rules_frozen_at FROM budget_budgetcycle WHERE id = OLD.cycle_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END""",
    f"""CREATE TRIGGER budget_cycle_frozen BEFORE UPDATE ON budget_budgetcycle
    WHEN OLD.rules_frozen_at IS NOT NULL AND (NEW.rules_frozen_at IS NULL
        OR NEW.rules_frozen_at != OLD.rules_frozen_at OR NEW.voting_starts != OLD.voting_starts)
    BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS budget_rules_immutable",
    "DROP TRIGGER IF EXISTS budget_rules_frozen",
    "DROP TRIGGER IF EXISTS budget_category_frozen_insert",
    "DROP TRIGGER IF EXISTS budget_category_frozen_update",
    "DROP TRIGGER IF EXISTS budget_cycle_frozen",
]

POSTGRES = [
    """CREATE FUNCTION budget_rules_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'a budget rules version is never changed' USING ERRCODE = '23514'; END $$""",
    """CREATE TRIGGER budget_rules_immutable BEFORE UPDATE ON budget_budgetrules
    FOR EACH ROW EXECUTE FUNCTION budget_rules_immutable()""",
    f"""CREATE FUNCTION budget_frozen_check() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (SELECT rules_frozen_at FROM budget_budgetcycle WHERE id = NEW.cycle_id) IS NOT NULL
         OR (TG_OP = 'UPDATE' AND
             (SELECT rules_frozen_at FROM budget_budgetcycle WHERE id = OLD.cycle_id) IS NOT NULL) THEN
        RAISE EXCEPTION '{FROZEN}' USING ERRCODE = '23514';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER budget_rules_frozen BEFORE INSERT ON budget_budgetrules
    FOR EACH ROW EXECUTE FUNCTION budget_frozen_check()""",
    """CREATE TRIGGER budget_category_frozen BEFORE INSERT OR UPDATE ON budget_budgetcategory
    FOR EACH ROW EXECUTE FUNCTION budget_frozen_check()""",
    f"""CREATE FUNCTION budget_cycle_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.rules_frozen_at IS NOT NULL AND (NEW.rules_frozen_at IS DISTINCT FROM OLD.rules_frozen_at
         OR NEW.voting_starts IS DISTINCT FROM OLD.voting_starts) THEN
        RAISE EXCEPTION '{FROZEN}' USING ERRCODE = '23514';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER budget_cycle_frozen BEFORE UPDATE ON budget_budgetcycle
    FOR EACH ROW EXECUTE FUNCTION budget_cycle_frozen()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS budget_cycle_frozen ON budget_budgetcycle",
    "DROP TRIGGER IF EXISTS budget_category_frozen ON budget_budgetcategory",
    "DROP TRIGGER IF EXISTS budget_rules_frozen ON budget_budgetrules",
    "DROP TRIGGER IF EXISTS budget_rules_immutable ON budget_budgetrules",
    "DROP FUNCTION IF EXISTS budget_cycle_frozen()",
    "DROP FUNCTION IF EXISTS budget_frozen_check()",
    "DROP FUNCTION IF EXISTS budget_rules_immutable()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("budget", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
