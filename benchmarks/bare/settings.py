"""The portal's own settings (same middleware, same production flags), with a one-view URLconf."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bare.urls"
