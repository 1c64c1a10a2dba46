"""
Public pages (no session, no CSRF, no user: cached whole) and the physician's own editing pages.

Public views render only ``profiles`` models; the account behind a profile never enters their context.
"""

import datetime
import json
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.http import FileResponse, Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_POST

from accounts import roles

from . import actions, clock, pagecache, post_actions, structured_data
from .forms import DirectoryFilterForm, ProfileForm
from .markdown import render_markdown
from .models import PhysicianProfile, Post, Practice, Term

DIRECTORY_PAGE_SIZE = 24
PROFILE_POSTS = 3
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
    now = clock.now()
    # The latest posts and the next scheduled one ride along in the profile's own query (one subquery
    # per post), so a profile page costs 3 queries with or without posts.
    visible = Post.objects.visible(now=now).filter(author=OuterRef("pk")).order_by("-publish_at", "-pk")
    latest = {f"post_{i}": Subquery(visible.values(data=JSONObject(title="title", slug="slug",
                                                                     publish_at="publish_at"))[i:i + 1])
              for i in range(PROFILE_POSTS)}
    scheduled = Post.objects.filter(author=OuterRef("pk")).next_scheduled_subquery(now=now)
    profiles = PhysicianProfile.objects.public().select_related("practice").annotate(
        next_post_at=scheduled, **latest)
    profile = get_object_or_404(profiles, slug=slug)
    posts = [_post_from_json(getattr(profile, f"post_{i}")) for i in range(PROFILE_POSTS)
             if getattr(profile, f"post_{i}")]
    response = render(request, "profiles/profile_detail.html", _profile_context(profile, posts=posts))
    return pagecache.expire_at(response, profile.next_post_at, now=now)


def _latest_posts(profile: PhysicianProfile, *, now) -> list[Post]:
    return list(Post.objects.visible(now=now).filter(author=profile).order_by("-publish_at", "-pk")[:PROFILE_POSTS])


def _post_from_json(data) -> Post:
    """A read-only Post for a link: title, slug and date, from the profile query's JSON."""
    if isinstance(data, str):  # some backends hand JSON back as text
        data = json.loads(data)
    moment = parse_datetime(str(data["publish_at"]))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return Post(title=data["title"], slug=data["slug"], publish_at=moment)


def _profile_context(profile: PhysicianProfile, *, posts=()) -> dict:
    locations = list(profile.locations.all())
    return {
        "practice": profile.practice,
        "profile": profile,
        "locations": locations,
        "posts": posts,
        "bio_html": render_markdown(profile.bio),
        "jsonld": structured_data.physician(profile, profile.practice, locations),
    }


@require_GET
@pagecache.cached_page(lambda: "sitemap")
def sitemap(request):
    now = clock.now()
    profiles = PhysicianProfile.objects.published().order_by("name").only("slug", "updated_at")
    posts = Post.objects.visible(now=now).order_by("-publish_at").only("slug", "updated_at", "publish_at")
    response = render(request, "profiles/sitemap.xml", {"profiles": profiles, "posts": posts},
                      content_type="application/xml")
    return pagecache.expire_at(response, Post.objects.next_scheduled_at(now=now), now=now)


@require_GET
def robots(request):
    return render(request, "profiles/robots.txt", content_type="text/plain")


@require_GET
def photo(request, name, folder="photos"):
    """Uploaded photos and post images (whitenoise serves only static files). Names are content hashes."""
    path = f"{folder}/{name}"
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
    context = {"profile": profile, "practice": profile.practice}
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            try:
                if profile.is_published and "bio" in form.changed_data:
                    # A published profile's new bio goes public with the save: the guard reads it first.
                    post_actions.check_bio(profile, form.cleaned_data["bio"], by=request.user, action="save")
            except post_actions.Held as held:
                form.add_error("bio", "The privacy check holds this bio back: see the findings above.")
                context["marked_parts"], context["findings"] = held.result.marked()
            else:
                actions.save_profile_form(form, by=request.user)
                return redirect("profiles:preview-profile")
    else:
        form = ProfileForm(instance=profile)
    return render(request, "profiles/edit_profile.html", {"form": form, **context})


@login_required
@require_GET
def preview_profile(request):
    """The physician's profile exactly as the public page shows it, published or not."""
    profile = access_own_profile(request)
    return render(request, "profiles/profile_detail.html", _preview_context(profile))


def _preview_context(profile: PhysicianProfile, **extra) -> dict:
    posts = _latest_posts(profile, now=clock.now())
    return _profile_context(profile, posts=posts) | {"preview": True} | extra


@login_required
@require_POST
def publish_profile(request, pk):
    profile = access_own_profile(request, pk)
    try:
        post_actions.check_bio(profile, profile.bio, by=request.user, action="publish")
    except post_actions.Held as held:
        marked_parts, findings = held.result.marked()
        review = profile.privacy_reviews.filter(subject="bio").order_by("-requested_at", "-pk").first()
        context = _preview_context(profile, marked_parts=marked_parts, findings=findings, bio_held=True,
                                   review=review)
        return render(request, "profiles/profile_detail.html", context)
    actions.set_published(profile, True, by=request.user)
    return redirect("profiles:preview-profile")


@login_required
@require_POST
def send_bio_for_review(request, pk):
    profile = access_own_profile(request, pk)
    try:
        post_actions.send_for_review(profile=profile, post=None, by=request.user)
    except post_actions.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your bio was sent to practice staff. You can publish once they approve it.")
    return redirect("profiles:preview-profile")


@login_required
@require_POST
def unpublish_profile(request, pk):
    actions.set_published(access_own_profile(request, pk), False, by=request.user)
    return redirect("profiles:preview-profile")
