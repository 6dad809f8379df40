from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from accounts.selectors import user_totp_device


class Command(BaseCommand):
    help = (
        "Print the current authenticator code of a demo account, e.g. `demo_totp demo-park` "
        "(development only: refuses to run with DEBUG off)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp is for development and demos (DEBUG=1) only.")
        user = get_user_model().objects.filter(username=username).first()
        device = user and user_totp_device(user=user)
        if device is None:
            raise CommandError(f"{username} has no authenticator.")
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
