"""The audit trail is append-only in PostgreSQL itself: an UPDATE fails (except the
actor set to NULL when that user is deleted, nothing else changed), and so does a DELETE
of an entry younger than 180 days (the purge only removes older ones). A test database is
emptied with TRUNCATE, which these row triggers do not see. SQLite (development) has no
such trigger."""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION audit_logentry_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            IF NEW.actor_id IS NULL
               AND to_jsonb(NEW) - 'actor_id' = to_jsonb(OLD) - 'actor_id' THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'auditlog_logentry is append-only';
        END IF;
        IF OLD.timestamp >= now() - interval '180 days' THEN
            RAISE EXCEPTION 'auditlog_logentry keeps entries for at least 180 days';
        END IF;
        RETURN OLD;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER audit_logentry_append_only BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION audit_logentry_append_only()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_logentry_append_only ON auditlog_logentry",
    "DROP FUNCTION IF EXISTS audit_logentry_append_only()",
]


def _run(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0017_add_actor_email")]

    operations = [migrations.RunPython(_run(POSTGRESQL), _run(POSTGRESQL_REVERSE))]
