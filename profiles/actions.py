"""Writes to profiles: each records a revision and, after commit, drops exactly the cached pages it changed."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify

from . import pagecache
from .models import PhysicianProfile, Practice, ProfileRevision

# The fields a revision tracks, and how each is shown in the history.
TRACKED = ("name", "credentials", "slug", "board_certifications", "education", "accepting_new_patients",
           "bio", "photo", "is_published")


def snapshot(profile: PhysicianProfile) -> dict:
    """The profile's tracked values as plain JSON values (tags and locations as sorted names)."""
    values = {field: getattr(profile, field) for field in TRACKED}
    values["photo"] = profile.photo.name or ""
    if profile.pk:
        values["specialties"] = sorted(t.name for t in profile.specialties)
        values["languages"] = sorted(t.name for t in profile.languages)
        values["locations"] = sorted(loc.name for loc in profile.locations.all())
    return values


def diff(before: dict, after: dict) -> dict:
    """``{field: [old, new]}`` for every field whose value differs."""
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}


def reload_profile(profile: PhysicianProfile) -> PhysicianProfile:
    # Re-read so that prefetched tags never hide a change just written.
    return PhysicianProfile.objects.prefetch_related("terms", "locations").get(pk=profile.pk)


def _invalidate_after_commit(*slugs: str) -> None:
    groups = [pagecache.profile_group(slug=slug) for slug in slugs if slug]
    transaction.on_commit(lambda: pagecache.invalidate(*groups, "directory", "home", "sitemap"))


def _invalidate_posts_after_commit(profile) -> None:
    # The physician's posts show their name and vanish with the profile: drop those pages too.
    post_slugs = list(profile.posts.values_list("slug", flat=True))
    if post_slugs:
        groups = ["news", "news-feed", *(f"post:{slug}" for slug in post_slugs)]
        transaction.on_commit(lambda: pagecache.invalidate(*groups))


def record_revision(profile, *, before: dict, by, via: str, old_photo: str = "") -> ProfileRevision | None:
    """Store what changed since ``before`` and schedule the cache drop; None when nothing changed."""
    after = snapshot(reload_profile(profile))
    changes = diff(before, after)
    if not changes:
        return None
    revision = ProfileRevision.objects.create(profile=profile, changed_by=by, via=via, changes=changes)
    # A public page exists only while published: changes to a draft touch no public page.
    if before.get("is_published") or after.get("is_published"):
        _invalidate_after_commit(before.get("slug", ""), after["slug"])
        _invalidate_posts_after_commit(profile)
    if "photo" in changes and old_photo:
        transaction.on_commit(lambda: _delete_unused_photo(old_photo))
    return revision


def _delete_unused_photo(name: str) -> None:
    if not PhysicianProfile.objects.filter(photo=name).exists():
        default_storage.delete(name)


def save_profile_form(form, *, by, via: str = "portal") -> PhysicianProfile:
    """Save a bound, valid profile form (its ``instance`` already loaded) and record the revision."""
    with transaction.atomic():
        before = snapshot(reload_profile(form.instance)) if form.instance.pk else {}
        old_photo = before.get("photo", "")
        profile = form.save()
        record_revision(profile, before=before, by=by, via=via, old_photo=old_photo)
    return profile


def set_published(profile: PhysicianProfile, published: bool, *, by, via: str = "portal") -> PhysicianProfile:
    """Publish or unpublish a profile."""
    with transaction.atomic():
        locked = PhysicianProfile.objects.select_for_update().get(pk=profile.pk)
        before = snapshot(reload_profile(locked))
        locked.is_published = published
        locked.save(update_fields=["is_published", "updated_at"])
        record_revision(locked, before=before, by=by, via=via)
    return locked


def unique_slug(name: str, *, exclude_pk=None) -> str:
    base = slugify(name)[:40] or "physician"
    slug, n = base, 2
    while PhysicianProfile.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def start_profile(account) -> PhysicianProfile:
    """A draft profile for a physician who has none yet (unpublished; name from the account)."""
    with transaction.atomic():
        name = account.get_full_name() or "New physician"
        profile = PhysicianProfile.objects.create(
            account=account, practice=Practice.current(), name=name, slug=unique_slug(name)
        )
        ProfileRevision.objects.create(profile=profile, changed_by=account, via="portal",
                                       changes=diff({}, snapshot(profile)))
    return profile


def practice_changed() -> None:
    """The practice or a location changed: every public page shows them, so drop them all after commit."""
    transaction.on_commit(lambda: pagecache.invalidate(pagecache.SITE_GROUP))
