"""
Public pages (no session, no CSRF, no user: cached whole) and the physician's own editing pages.

Public views render only ``profiles`` models; the account behind a profile never enters their context.
"""

import re

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts import roles

from . import actions, pagecache, structured_data
from .forms import DirectoryFilterForm, ProfileForm
from .markdown import render_markdown
from .models import PhysicianProfile, Practice, Term

DIRECTORY_PAGE_SIZE = 24
DIRECTORY_PARAMS = ("q", "specialty", "language", "location", "accepting", "page")
PHOTO_NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}\.(jpg|webp)$")


# Public pages ------------------------------------------------------------------------------------


@require_GET
@pagecache.cached_page(lambda: "home")
def practice_home(request):
    practice = Practice.current()
    locations = list(practice.locations.all())
    physicians = list(PhysicianProfile.objects.public().order_by("name")[:6])
    context = {
        "practice": practice,
        "locations": locations,
        "physicians": physicians,
        "description_html": render_markdown(practice.description),
        "jsonld": structured_data.clinic(practice, locations),
    }
    return render(request, "profiles/practice_home.html", context)


@require_GET
@pagecache.cached_page(lambda: "directory", variant_params=DIRECTORY_PARAMS)
def directory(request):
    practice = Practice.current()
    terms = list(Term.objects.all())
    locations = list(practice.locations.all())
    form = DirectoryFilterForm(request.GET, terms=terms, locations=locations)
    form.is_valid()  # invalid filters are ignored one by one; cleaned_data keeps the valid ones
    filters = form.cleaned_data
    profiles = PhysicianProfile.objects.public()
    if query := filters.get("q", "").strip():
        profiles = profiles.filter(name__icontains=query)
    if slug := filters.get("specialty"):
        profiles = profiles.filter(terms__kind=Term.Kind.SPECIALTY, terms__slug=slug)
    if slug := filters.get("language"):
        # A second filter() call joins the tags again, so a profile must match both.
        profiles = profiles.filter(terms__kind=Term.Kind.LANGUAGE, terms__slug=slug)
    if slug := filters.get("location"):
        profiles = profiles.filter(locations__slug=slug)
    if filters.get("accepting"):
        profiles = profiles.filter(accepting_new_patients=True)
    page = Paginator(profiles.distinct().order_by("name"), DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = any(filters.get(name) for name in ("q", "specialty", "language", "location", "accepting"))
    context = {
        "practice": practice,
        "form": form,
        "page": page,
        "filtered": filtered,
        "query_without_page": pagecache.normalized_query(request, DIRECTORY_PARAMS[:-1]),
        "jsonld": structured_data.clinic(practice, locations),
    }
    return render(request, "profiles/directory.html", context)


@require_GET
@pagecache.cached_page(pagecache.profile_group)
def profile_detail(request, slug):
    profile = get_object_or_404(PhysicianProfile.objects.public().select_related("practice"), slug=slug)
    return render(request, "profiles/profile_detail.html", _profile_context(profile))


def _profile_context(profile: PhysicianProfile) -> dict:
    locations = list(profile.locations.all())
    return {
        "practice": profile.practice,
        "profile": profile,
        "locations": locations,
        "bio_html": render_markdown(profile.bio),
        "jsonld": structured_data.physician(profile, profile.practice, locations),
    }


@require_GET
@pagecache.cached_page(lambda: "sitemap")
def sitemap(request):
    profiles = PhysicianProfile.objects.published().order_by("name").only("slug", "updated_at")
    return render(request, "profiles/sitemap.xml", {"profiles": profiles}, content_type="application/xml")


@require_GET
def robots(request):
    return render(request, "profiles/robots.txt", content_type="text/plain")


@require_GET
def photo(request, name):
    """Uploaded photos (whitenoise serves only static files). Names are content hashes: cache forever."""
    path = f"photos/{name}"
    if not PHOTO_NAME.match(name) or not default_storage.exists(path):
        raise Http404("No such photo.")
    content_type = "image/webp" if name.endswith(".webp") else "image/jpeg"
    response = FileResponse(default_storage.open(path), content_type=content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


# The physician's own profile ---------------------------------------------------------------------


def access_own_profile(request, pk=None) -> PhysicianProfile:
    """The one gate to a profile for editing: it must be the logged-in physician's own (else 404)."""
    profiles = PhysicianProfile.objects.filter(account=request.user).prefetch_related("terms", "locations")
    if pk is None:
        profile = profiles.first()
        if profile is None:
            raise Http404("No profile yet.")
        return profile
    return get_object_or_404(profiles, pk=pk)


def _is_physician(user) -> bool:
    return user.groups.filter(name=roles.PHYSICIANS).exists()


@login_required
def edit_profile(request):
    if not _is_physician(request.user):
        return HttpResponseForbidden("Only physicians have a public profile to edit.")
    try:
        profile = access_own_profile(request)
    except Http404:
        profile = actions.start_profile(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            actions.save_profile_form(form, by=request.user)
            return redirect("profiles:preview-profile")
    else:
        form = ProfileForm(instance=profile)
    return render(request, "profiles/edit_profile.html", {"form": form, "profile": profile,
                                                          "practice": profile.practice})


@login_required
@require_GET
def preview_profile(request):
    """The physician's profile exactly as the public page shows it, published or not."""
    profile = access_own_profile(request)
    context = _profile_context(profile) | {"preview": True}
    return render(request, "profiles/profile_detail.html", context)


@login_required
@require_POST
def publish_profile(request, pk):
    actions.set_published(access_own_profile(request, pk), True, by=request.user)
    return redirect("profiles:preview-profile")


@login_required
@require_POST
def unpublish_profile(request, pk):
    actions.set_published(access_own_profile(request, pk), False, by=request.user)
    return redirect("profiles:preview-profile")
