"""Shared fixtures: factories for the practice's people, and named personas."""

import itertools

import pytest

_seq = itertools.count(1)


@pytest.fixture
def user_factory(db, django_user_model):
    def make(*, email=None, password="correct-horse-battery", group=None, **extra):
        from django.contrib.auth.models import Group

        user = django_user_model.objects.create_user(email=email or f"user{next(_seq)}@practice.example",
                                                     password=password, **extra)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def staff_user(user_factory):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts import roles

    user = user_factory(email="staff@practice.example", is_staff=True, group=roles.PRACTICE_STAFF)
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    assert Authenticator.objects.filter(user=user).exists()
    return user
