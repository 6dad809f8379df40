from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.loaders import PublishedVersionChanged, questionnaire_files, questionnaire_load


class Command(BaseCommand):
    help = (
        "Load the questionnaire version a YAML file describes, or without a path every "
        "version file under assessment/data/, oldest first (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?")

    def handle(self, *args, path, **options):
        for file in [Path(path)] if path else questionnaire_files():
            try:
                questionnaire, how, corrections = questionnaire_load(path=file)
            except PublishedVersionChanged as refused:
                raise CommandError(str(refused)) from refused
            self.stdout.write(f"questionnaire {questionnaire}: {how}")
            for correction in corrections:
                self.stdout.write(f"  source corrected: {correction}")
