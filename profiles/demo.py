"""Demo practice and physicians' profiles for `manage.py seed_demo`."""


def seed(accounts: dict) -> None:
    """Create the demo practice and publish a profile for each demo physician (idempotent)."""
