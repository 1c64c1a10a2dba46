"""A fixed-window rate limit per client IP, kept in the cache (Redis in production)."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(scope: str, request, *, limit: int, window: int) -> bool:
    """Count one attempt; True while the client is within ``limit`` attempts per ``window`` seconds.

    If the cache is down, the request is let through (the form is not the place to fail hard).
    """
    key = f"consent:rl:{scope}:{client_ip(request)}"
    try:
        if cache.add(key, 1, timeout=window):
            return True
        return cache.incr(key) <= limit
    except Exception:  # noqa: BLE001 - any cache failure
        logger.warning("rate limit cache unavailable for %s", scope)
        return True
