"""
Whole-page cache for the public pages, with invalidation by page group.

Public pages carry no per-visitor state, so one rendered copy serves everyone. Each page belongs
to a group ("profile:<slug>", "directory", "home", "sitemap"); a group has a generation number that
is part of every key. Invalidating a group bumps its generation, so every variant of it (e.g. each
filtered directory query) is dropped at once, and a page rendered from data read before the bump
is stored under the old generation, where nobody looks for it.

In front of the shared cache, each process keeps the pages it served in the last LOCAL_TTL seconds
(a "microcache"): a hot page then costs no round trip to Redis at all. The process that saves a
profile drops its own copies at once; other processes notice within LOCAL_TTL (one second).
"""

import functools
import hashlib
import time
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpResponse

PAGE_TIMEOUT = 60 * 60
BROWSER_MAX_AGE = 60
SITE_GROUP = "site"  # bumped when the practice itself changes: every page shows it
LOCAL_TTL = 1.0
LOCAL_MAX_ENTRIES = 500

# (group, variant) -> (expires at, content type, body); per process.
_local: dict[tuple[str, str], tuple[float, str, bytes]] = {}


def clear_local() -> None:
    _local.clear()


def _gen_key(group: str) -> str:
    return f"pagegen:{group}"


def _page_key(group: str, generations: dict, variant: str) -> str:
    site_gen = generations.get(_gen_key(SITE_GROUP), 0)
    gen = generations.get(_gen_key(group), 0)
    digest = hashlib.sha256(variant.encode()).hexdigest()[:32] if variant else "-"
    return f"page:{group}:{site_gen}.{gen}:{digest}"


def normalized_query(request, allowed: tuple[str, ...]) -> str:
    """Only the parameters the page reads, sorted and non-empty, so junk parameters share one entry."""
    pairs = sorted((name, value) for name in allowed for value in request.GET.getlist(name) if value.strip())
    return urlencode(pairs)


def cached_page(group_of, *, variant_params: tuple[str, ...] = ()):
    """Serve a GET view's 200 responses from the cache, keyed by its group and its allowed query."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            group = group_of(**kwargs)
            variant = normalized_query(request, variant_params)
            now = time.monotonic()
            local = _local.get((group, variant))
            if local is not None and local[0] > now:
                return _cached_response(local[1], local[2])
            generations = cache.get_many([_gen_key(SITE_GROUP), _gen_key(group)])
            key = _page_key(group, generations, variant)
            stored = cache.get(key)
            if stored is not None:
                content_type, body = stored
                response = _cached_response(content_type, body)
            else:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.cookies or response.streaming:
                    return response
                content_type, body = response["Content-Type"], response.content
                timeout = getattr(response, "page_cache_timeout", PAGE_TIMEOUT)
                cache.set(key, (content_type, body), timeout)
                response["Cache-Control"] = f"public, max-age={min(BROWSER_MAX_AGE, timeout)}"
            if len(_local) >= LOCAL_MAX_ENTRIES:
                _local.clear()
            _local[(group, variant)] = (now + LOCAL_TTL, content_type, body)
            return response

        return wrapper

    return decorator


def _cached_response(content_type: str, body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={BROWSER_MAX_AGE}"
    return response


def invalidate(*groups: str) -> None:
    """Drop every cached page of ``groups`` by moving each to a new generation."""
    for group in dict.fromkeys(groups):
        for local_key in [k for k in _local if k[0] == group or group == SITE_GROUP]:
            _local.pop(local_key, None)
        key = _gen_key(group)
        # Start from the clock rather than 0, so a generation lost from the cache never comes back.
        cache.add(key, int(time.time() * 1000), None)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, int(time.time() * 1000), None)


def expire_at(response, when, *, now):
    """Keep ``response`` in the cache no later than ``when`` (e.g. the next scheduled post goes public then).

    Scheduled posts become visible by a query-time filter, with no job to invalidate anything; a page that
    lists posts therefore lives in the cache only until the next scheduled one is due.
    """
    if when is not None:
        seconds = int((when - now).total_seconds()) + 1
        response.page_cache_timeout = max(1, min(PAGE_TIMEOUT, seconds))
    return response


def profile_group(*, slug: str) -> str:
    return f"profile:{slug}"
