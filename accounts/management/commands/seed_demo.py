from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo


class Command(BaseCommand):
    help = "Seed a demo practice (idempotent): accounts, physicians' profiles, and sample records."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, quiet_logins=False, **options):
        from consent import demo as consent_demo
        from messaging import demo as messaging_demo
        from profiles import demo as profiles_demo

        with transaction.atomic():
            accounts = demo.seed()
            profiles_demo.seed(accounts)
            consent_demo.seed(accounts)
            messaging_demo.seed(accounts)
        if quiet_logins:
            return
        self.stdout.write(self.style.SUCCESS("Demo practice ready. Log in at http://127.0.0.1:8000/accounts/login/"))
        self.stdout.write(f"  password for every demo account: {demo.DEMO_PASSWORD}")
        for user in accounts["physicians"]:
            self.stdout.write(f"  physician: {user.email}")
        self.stdout.write(f"  staff:     {accounts['staff'].email}  (two-factor: run `make totp` for the current code,")
        self.stdout.write(f"             or add secret {demo.DEMO_TOTP_SECRET} to an authenticator app)")
