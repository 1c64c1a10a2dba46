from allauth.account.adapter import DefaultAccountAdapter


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    """No open sign-up: the practice invites its physicians and staff (see `manage.py invite_user`)."""

    def is_open_for_signup(self, request):
        return False
