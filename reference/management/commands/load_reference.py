from django.core.management.base import BaseCommand

from reference.services import reference_load


class Command(BaseCommand):
    help = "Load provinces, cities, parks and GB/T 4754-2017 manufacturing divisions (idempotent)."

    def handle(self, *args, **options):
        outcome = reference_load()
        self.stdout.write(
            f"reference data: {outcome['created']} created, {outcome['updated']} updated, "
            f"{outcome['unchanged']} unchanged"
        )
