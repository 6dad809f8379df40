from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.services import login_events_purge


class Command(BaseCommand):
    help = (
        "Delete login history older than LOGIN_HISTORY_DAYS (default 180 days, never less); "
        "run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days, **options):
        days = days or settings.LOGIN_HISTORY_DAYS
        if days < 180:
            raise CommandError("The login history is kept for at least 180 days.")
        deleted = login_events_purge(older_than_days=days)
        self.stdout.write(f"login history: {deleted} events older than {days} days deleted")
