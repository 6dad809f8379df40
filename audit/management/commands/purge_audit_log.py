from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_log_purge


class Command(BaseCommand):
    help = (
        "Delete audit entries older than AUDIT_LOG_DAYS (default 180 days, never less); "
        "run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days, **options):
        days = days or settings.AUDIT_LOG_DAYS
        if days < 180:
            raise CommandError("The audit trail is kept for at least 180 days.")
        deleted = audit_log_purge(older_than_days=days)
        self.stdout.write(f"audit trail: {deleted} entries older than {days} days deleted")
