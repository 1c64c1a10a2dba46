from django.conf import settings


def site(request):
    """What every page needs to know about the site itself (for canonical URLs and Open Graph)."""
    return {"SITE_URL": settings.SITE_URL}
