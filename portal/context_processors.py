from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _practice():
    from profiles.models import Practice

    return Practice.current()


def site(request):
    """What every page needs: the site's base URL, and the practice (loaded only if a template uses it;
    views that already have it pass their own)."""
    return {"SITE_URL": settings.SITE_URL, "practice": SimpleLazyObject(_practice)}
