import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand

from accounts import demo


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo staff account (demo data only)."

    def handle(self, *args, **options):
        counter = int(time.time()) // 30
        self.stdout.write(format_hotp_value(hotp_value(demo.DEMO_TOTP_SECRET, counter)))
