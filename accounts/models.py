"""
The personal sphere: the login account and everything private about a physician or staff member.

Nothing here is ever passed to a public template. Public, professional facts live in
``profiles``; a profile points at its account, never the other way round in a template.
"""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A login account of a physician or a practice staff member. Logs in by e-mail."""

    username = None
    email = models.EmailField("login e-mail", unique=True)
    personal_phone = models.CharField(max_length=32, blank=True)
    home_address = models.TextField(blank=True)
    personal_social_accounts = models.TextField(
        blank=True, help_text="Personal social media handles. Private: never shown on a public page."
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = "user account"

    def __str__(self) -> str:
        return self.email
