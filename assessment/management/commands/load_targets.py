from pathlib import Path

from django.core.management.base import BaseCommand

from assessment.loaders import TARGETS_FILE, targets_load


class Command(BaseCommand):
    help = "Load the policy targets from a YAML file (idempotent; needs load_reference first)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(TARGETS_FILE))

    def handle(self, *args, path, **options):
        outcome = targets_load(path=Path(path))
        self.stdout.write(
            f"targets: {outcome['created']} created, {outcome['updated']} updated, "
            f"{outcome['unchanged']} unchanged"
        )
