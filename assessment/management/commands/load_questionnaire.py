from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.loaders import QUESTIONNAIRE_FILE, PublishedVersionChanged, questionnaire_load


class Command(BaseCommand):
    help = "Load the questionnaire version described by a YAML file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(QUESTIONNAIRE_FILE))

    def handle(self, *args, path, **options):
        try:
            questionnaire, how, corrections = questionnaire_load(path=Path(path))
        except PublishedVersionChanged as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"questionnaire {questionnaire}: {how}")
        for correction in corrections:
            self.stdout.write(f"  source corrected: {correction}")
