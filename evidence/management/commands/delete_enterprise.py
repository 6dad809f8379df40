from django.core.management.base import BaseCommand, CommandError

from enterprises.models import Enterprise
from evidence.services import enterprise_delete


class Command(BaseCommand):
    help = (
        "Delete an enterprise (by its unified social credit code) with its assessments, "
        "reports and evidence, and remove its files from storage."
    )

    def add_arguments(self, parser):
        parser.add_argument("credit_code")

    def handle(self, *args, credit_code, **options):
        enterprise = Enterprise.objects.filter(credit_code=credit_code.strip().upper()).first()
        if enterprise is None:
            raise CommandError(f"No enterprise with credit code {credit_code}.")
        files = enterprise_delete(enterprise=enterprise)
        self.stdout.write(f"deleted {enterprise.name}: {files} files removed from storage")
