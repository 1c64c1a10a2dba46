"""
Writes to posts and the privacy guard's records. Each runs in one transaction, records what the guard
found (``PrivacyCheck``) or what staff decided (``PrivacyReview``), and drops the public pages it
changed after commit.

The rule: text with findings never goes public on the physician's say-so. It goes public only when the
guard finds nothing, or when practice staff approved that exact text (same SHA-256) with a note.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from . import guard, pagecache
from .models import PhysicianProfile, Post, PrivacyCheck, PrivacyReview

Subject = PrivacyCheck.Subject
Outcome = PrivacyCheck.Outcome
Decision = PrivacyReview.Decision


class Held(Exception):
    """The guard found something and no staff approval covers this text: nothing was published."""

    def __init__(self, result: guard.Result):
        super().__init__(f"{len(result.findings)} privacy finding(s)")
        self.result = result


class ReviewError(ValueError):
    """A review request or decision that does not apply (no findings, not waiting, no note)."""


def post_groups(post: Post) -> list[str]:
    return ["news", "news-feed", "sitemap", f"post:{post.slug}", pagecache.profile_group(slug=post.author.slug)]


def _invalidate_after_commit(post: Post) -> None:
    groups = post_groups(post)
    transaction.on_commit(lambda: pagecache.invalidate(*groups))


def unique_post_slug(title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:60].strip("-") or "post"
    slug, n = base, 2
    while Post.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _approval(*, subject: str, profile, post, text_hash: str) -> PrivacyReview | None:
    """The staff approval of exactly this text, if there is one."""
    reviews = PrivacyReview.objects.filter(subject=subject, profile=profile, post=post, text_hash=text_hash,
                                           decision=Decision.APPROVED)
    return reviews.order_by("-decided_at").first()


def run_check(parts, *, subject: str, profile: PhysicianProfile, post: Post | None, by, action: str) -> guard.Result:
    """Run the guard and record the check: clear, held, or overridden by a staff approval of this exact text.

    The result's ``held`` says whether publishing must stop. Callers raise ``Held`` only after their
    transaction commits, so that the record of a refused attempt is kept.
    """
    result = guard.check(parts, practice=profile.practice)
    review = None
    if result.clear:
        outcome = Outcome.CLEAR
    else:
        review = _approval(subject=subject, profile=profile, post=post, text_hash=result.text_hash)
        outcome = Outcome.OVERRIDDEN if review else Outcome.HELD
    PrivacyCheck.objects.create(subject=subject, post=post, profile=profile, action=action, checked_by=by,
                                text_hash=result.text_hash, findings=result.findings_json(), outcome=outcome,
                                review=review)
    return result.with_outcome(held=outcome == Outcome.HELD)


def _withdraw_pending(post: Post) -> None:
    post.reviews.filter(decision=Decision.PENDING).update(decision=Decision.WITHDRAWN, decided_at=timezone.now())


def save_post_form(form, *, author: PhysicianProfile, by) -> Post:
    """Save a valid post form. A live post is checked first (Held: nothing saved); a changed text leaves review."""
    post = form.instance
    creating = post.pk is None
    changed = creating or bool({"title", "body", "image", "image_alt"} & set(form.changed_data))
    if post.is_live and changed:
        # A published post's new text is checked before it replaces the old one (the check is kept either way).
        result = run_check(post.guarded_parts(), subject=Subject.POST, profile=author, post=post, by=by,
                           action="save")
        if result.held:
            raise Held(result)
    with transaction.atomic():
        if creating:
            post.author = author
            post.slug = unique_post_slug(form.cleaned_data["title"])
        if not creating and changed and post.status in (Post.Status.IN_REVIEW, Post.Status.APPROVED):
            post.status = Post.Status.DRAFT  # staff looked at another text
        post = form.save()
        if not creating and changed:
            _withdraw_pending(post)
        if post.is_live:
            _invalidate_after_commit(post)
    return post


def publish_post(post: Post, *, by, now, publish_at=None) -> guard.Result:
    """Publish now, or schedule for ``publish_at``, once the guard (or a staff approval) lets the text through."""
    with transaction.atomic():
        post = Post.objects.select_for_update(of=("self",)).select_related("author__practice").get(pk=post.pk)
        scheduled = publish_at is not None and publish_at > now
        result = run_check(post.guarded_parts(), subject=Subject.POST, profile=post.author, post=post, by=by,
                           action="schedule" if scheduled else "publish")
        if not result.held:
            if scheduled:
                post.status, post.publish_at = Post.Status.SCHEDULED, publish_at
            elif not post.is_visible(now=now):  # publishing a post that is already up keeps its date
                post.status, post.publish_at = Post.Status.PUBLISHED, now
            post.save(update_fields=["status", "publish_at", "updated_at"])
            _withdraw_pending(post)
            _invalidate_after_commit(post)
    if result.held:
        raise Held(result)
    return result


def unpublish_post(post: Post, *, by) -> Post:
    """Take a published or scheduled post off the site."""
    with transaction.atomic():
        post = Post.objects.select_for_update(of=("self",)).select_related("author").get(pk=post.pk)
        if post.is_live:
            post.status = Post.Status.UNPUBLISHED
            post.save(update_fields=["status", "updated_at"])
            _invalidate_after_commit(post)
    return post


def send_for_review(*, profile: PhysicianProfile, post: Post | None, by) -> PrivacyReview:
    """Ask practice staff to look at the findings in a post (or in the bio when ``post`` is None)."""
    with transaction.atomic():
        if post is not None:
            post = Post.objects.select_for_update().get(pk=post.pk)
            parts, subject = post.guarded_parts(), Subject.POST
        else:
            parts, subject = guard.bio_parts(profile.bio), Subject.BIO
        result = run_check(parts, subject=subject, profile=profile, post=post, by=by, action="review")
        if not result.held:
            review = None
        else:
            review = _open_review(subject=subject, profile=profile, post=post, by=by, result=result)
    if review is None:
        raise ReviewError("The privacy check finds nothing to hold back: you can publish it yourself.")
    return review


def _open_review(*, subject, profile, post, by, result) -> PrivacyReview:
    PrivacyReview.objects.filter(subject=subject, profile=profile, post=post,
                                 decision=Decision.PENDING).update(decision=Decision.WITHDRAWN)
    review = PrivacyReview.objects.create(subject=subject, profile=profile, post=post, requested_by=by,
                                          text_hash=result.text_hash, findings=result.findings_json())
    if post is not None:
        post.status = Post.Status.IN_REVIEW
        post.save(update_fields=["status", "updated_at"])
    return review


def decide_review(review: PrivacyReview, *, by, approve: bool, note: str) -> PrivacyReview:
    """Staff approve or reject a waiting review, with a required note. The decision covers that exact text."""
    if not note.strip():
        raise ReviewError("A note is required: say why this text may, or may not, be published.")
    with transaction.atomic():
        reviews = PrivacyReview.objects.select_for_update(of=("self",))  # the post join is an outer one
        review = reviews.select_related("post", "profile").get(pk=review.pk)
        if review.decision != Decision.PENDING:
            raise ReviewError(f"This review is no longer waiting ({review.get_decision_display().lower()}).")
        post = review.post
        current = post.guarded_parts() if post else guard.bio_parts(review.profile.bio)
        if guard.text_hash(guard.privacy_marks.combined_text(current)) != review.text_hash:
            review.decision, review.decided_at = Decision.WITHDRAWN, timezone.now()
            review.save(update_fields=["decision", "decided_at"])
            raise ReviewError("The text changed since it was sent for review; the physician must send it again.")
        review.decision = Decision.APPROVED if approve else Decision.REJECTED
        review.decided_by, review.decided_at, review.note = by, timezone.now(), note.strip()
        review.save(update_fields=["decision", "decided_by", "decided_at", "note"])
        if post is not None and post.status == Post.Status.IN_REVIEW:
            post.status = Post.Status.APPROVED if approve else Post.Status.DRAFT
            post.save(update_fields=["status", "updated_at"])
    return review


def check_bio(profile: PhysicianProfile, bio: str, *, by, action: str = "bio") -> guard.Result:
    """The guard on a bio about to be public (publishing the profile, or saving a published one); Held if held."""
    result = run_check(guard.bio_parts(bio), subject=Subject.BIO, profile=profile, post=None, by=by, action=action)
    if result.held:
        raise Held(result)
    return result
