"""The call log is append-only in the database itself: on PostgreSQL an UPDATE or DELETE of a
row fails; on SQLite (development) an UPDATE (a test database is emptied with DELETE there)."""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION api_apicall_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'api_apicall is append-only';
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER api_apicall_append_only BEFORE UPDATE OR DELETE ON api_apicall
    FOR EACH ROW EXECUTE FUNCTION api_apicall_append_only()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS api_apicall_append_only ON api_apicall",
    "DROP FUNCTION IF EXISTS api_apicall_append_only()",
]
SQLITE = [
    """
    CREATE TRIGGER api_apicall_no_update BEFORE UPDATE ON api_apicall
    BEGIN SELECT RAISE(ABORT, 'api_apicall is append-only'); END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS api_apicall_no_update",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
