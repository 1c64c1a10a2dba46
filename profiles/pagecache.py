"""
Whole-page cache for the public pages, with invalidation by page group.

Public pages carry no per-visitor state, so one rendered copy serves everyone. Each page belongs
to a group ("profile:<slug>", "directory", "home", "sitemap"); a group has a generation number that
is part of every key. Invalidating a group bumps its generation, so every variant of it (e.g. each
filtered directory query) is dropped at once, and a page rendered from data read before the bump
is stored under the old generation, where nobody looks for it.
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
            generations = cache.get_many([_gen_key(SITE_GROUP), _gen_key(group)])
            key = _page_key(group, generations, normalized_query(request, variant_params))
            stored = cache.get(key)
            if stored is not None:
                content_type, body = stored
                response = HttpResponse(body, content_type=content_type)
            else:
                response = view(request, *args, **kwargs)
                if response.status_code == 200 and not response.cookies and not response.streaming:
                    cache.set(key, (response["Content-Type"], response.content), PAGE_TIMEOUT)
            if response.status_code == 200:
                response["Cache-Control"] = f"public, max-age={BROWSER_MAX_AGE}"
            return response

        return wrapper

    return decorator


def invalidate(*groups: str) -> None:
    """Drop every cached page of ``groups`` by moving each to a new generation."""
    for group in dict.fromkeys(groups):
        key = _gen_key(group)
        # Start from the clock rather than 0, so a generation lost from the cache never comes back.
        cache.add(key, int(time.time() * 1000), None)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, int(time.time() * 1000), None)


def profile_group(*, slug: str) -> str:
    return f"profile:{slug}"
