import time

from django.core.management.base import BaseCommand, CommandError

from assessment.rounds import published_questionnaire
from portal.seeding import Plan, seed, seeded_enterprises_exist


class Command(BaseCommand):
    help = (
        "Make realistic demo cohorts: N enterprises across several provinces and parks, each "
        "with a submitted assessment in the latest of R rounds (and, at random, in earlier "
        "ones). Fast at scale: batched inserts, COPY on PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=200)
        parser.add_argument("--rounds", type=int, default=2)
        parser.add_argument("--province", help="put every enterprise in this province (code)")
        parser.add_argument(
            "--park-size", type=int, help="with --province: parks of this many enterprises"
        )
        parser.add_argument("--focus-park", help="park code that gets --focus-share of them")
        parser.add_argument("--focus-share", type=float, default=0.0)
        parser.add_argument("--drafts", type=int, default=0, help="extra enterprises with a draft")
        parser.add_argument(
            "--not-started", type=int, default=0, help="extra enterprises without an assessment"
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--answers-share",
            type=float,
            default=1.0,
            help="share of the submitted assessments that get answer rows (0 to 1; the "
            "scores and indicators are kept on every assessment)",
        )
        parser.add_argument("--if-empty", action="store_true", help="do nothing if seeded before")

    def handle(self, *args, **o):
        if published_questionnaire() is None:
            raise CommandError(
                "No published questionnaire: run setup_demo (or load_questionnaire)."
            )
        if o["enterprises"] < 1 or o["rounds"] < 1:
            raise CommandError("--enterprises and --rounds must be at least 1.")
        if o["park_size"] and not o["province"]:
            raise CommandError("--park-size needs --province.")
        if o["if_empty"] and seeded_enterprises_exist():
            self.stdout.write("Demo cohort already seeded.")
            return
        plan = Plan(
            enterprises=o["enterprises"],
            rounds=o["rounds"],
            province=o["province"],
            park_size=o["park_size"],
            focus_park=o["focus_park"],
            focus_share=o["focus_share"],
            drafts=o["drafts"],
            not_started=o["not_started"],
            seed=o["seed"],
            answers_share=o["answers_share"],
        )
        started = time.perf_counter()
        verbose = o["verbosity"] > 1
        counts = seed(plan, log=(lambda m: self.stdout.write(m)) if verbose else (lambda m: None))
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {counts['enterprises']} enterprises, {counts['submitted']} submitted "
                f"assessments and {counts['drafts']} drafts "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
