from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand

from assessment.services import round_ensure
from portal.demo import (
    DEMO_TOTP_SECRET,
    demo_accounts_ensure,
    demo_history_ensure,
    demo_plan_ensure,
    demo_providers_ensure,
    demo_totp_code,
)


class Command(BaseCommand):
    help = (
        "Load reference data, questionnaire and targets, make this year's and last year's "
        "rounds and the demo accounts, and print the demo logins (idempotent)."
    )

    def handle(self, *args, **options):
        call_command("load_reference", stdout=self.stdout)
        call_command("load_questionnaire", stdout=self.stdout)
        call_command("load_targets", stdout=self.stdout)
        year = date.today().year
        # Each round takes the published version that applies to its year (2027.1 from 2027).
        for y in (year - 1, year):
            round_ensure(year=y)
        accounts = demo_accounts_ensure()
        if demo_providers_ensure():
            self.stdout.write("demo park and province: provider pools and two requests for contact")
        # A modest demo cohort so the park and province dashboards are not empty (once).
        call_command(
            "seed_demo",
            enterprises=60,
            rounds=2,
            focus_park="chengdu-etdz",
            focus_share=0.5,
            drafts=6,
            not_started=5,
            if_empty=True,
            stdout=self.stdout,
        )
        if demo_history_ensure():
            self.stdout.write("demo enterprise: last year's assessment submitted, report built")
        if demo_plan_ensure():
            self.stdout.write("demo enterprise: action plan adopted from last year's report")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins / 演示账号:"))
        for role, username, password in accounts:
            self.stdout.write(f"  {role:45} {username:16} {password}")
        self.stdout.write(
            "Second factor for demo-park, demo-province, demo-staff / 管理员动态验证码: "
            f"authenticator secret {DEMO_TOTP_SECRET}, code now {demo_totp_code()} "
            "(later: python manage.py demo_totp demo-park)"
        )
