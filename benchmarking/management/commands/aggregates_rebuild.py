"""Compute the cohort aggregates again from the submitted assessments."""

from django.core.management.base import BaseCommand

from benchmarking.aggregates import aggregates_rebuild


class Command(BaseCommand):
    help = "Rebuild the cohort aggregates (every round, or --round ID) from the assessments."

    def add_arguments(self, parser):
        parser.add_argument("--round", type=int, action="append", dest="rounds")

    def handle(self, *args, rounds=None, **options):
        written = aggregates_rebuild(round_ids=rounds, log=self.stdout.write)
        self.stdout.write(f"{written} aggregate rows")
