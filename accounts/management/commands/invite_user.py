from allauth.account.forms import ResetPasswordForm
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import RequestFactory

from accounts import roles
from accounts.models import User

ROLES = {"physician": roles.PHYSICIANS, "staff": roles.PRACTICE_STAFF}


class Command(BaseCommand):
    help = "Invite a physician or staff member: creates the account and e-mails a link to choose a password."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, email, role, first_name, last_name, **options):
        email = email.strip().lower()
        if User.objects.filter(email=email).exists():
            raise CommandError(f"{email} already has an account.")
        with transaction.atomic():
            user = User.objects.create_user(
                email, None, first_name=first_name, last_name=last_name, is_staff=(role == "staff")
            )
            user.groups.add(Group.objects.get(name=ROLES[role]))
        # The password-reset e-mail doubles as the invitation; the address is verified by following it.
        form = ResetPasswordForm(data={"email": email})
        if form.is_valid():
            request = RequestFactory().get("/")
            form.save(request)
        self.stdout.write(self.style.SUCCESS(f"Invited {email} as {role}."))
