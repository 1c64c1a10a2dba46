"""
The public sphere: the practice, its locations, and physicians' professional profiles.

Nothing personal lives here. A profile points at its login account only so that the physician
can edit it; public pages never follow that link (see ``PhysicianProfile.objects.public()``).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from . import hours


class Practice(models.Model):
    """The practice: contact details, booking, and the guidance the messaging replies quote."""

    name = models.CharField(max_length=120)
    tagline = models.CharField(max_length=200, blank=True, help_text="One sentence shown under the name.")
    description = models.TextField(blank=True, help_text="A short paragraph for the home page (Markdown subset).")
    phone = models.CharField(max_length=32, help_text="The practice's main number, shown on every page.")
    public_email = models.EmailField(blank=True, help_text="A shared practice address, if any. Never a personal one.")
    booking_instructions = models.TextField(blank=True, help_text="How patients book an appointment.")
    time_zone = models.CharField(max_length=64, default="America/New_York")
    emergency_number = models.CharField(max_length=16, default="911")
    crisis_line = models.CharField(max_length=16, default="988")
    urgent_care_guidance = models.TextField(
        blank=True,
        help_text="What to do for an urgent but not life-threatening problem (quoted in replies to patients).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "practice"

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> "Practice":
        """The practice this portal serves (there is one); created with defaults on first use."""
        practice = cls.objects.order_by("pk").first()
        if practice is None:
            practice = cls.objects.create(name="Our practice", phone="")
        return practice


class Location(models.Model):
    """A place where the practice sees patients."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)
    street_address = models.CharField(max_length=200)
    locality = models.CharField("city", max_length=100)
    region = models.CharField("state", max_length=50)
    postal_code = models.CharField(max_length=20)
    country = models.CharField(max_length=2, default="US")
    phone = models.CharField(max_length=32, blank=True, help_text="Leave empty to use the practice's number.")
    opening_hours = models.TextField(
        blank=True,
        validators=[hours.validate_opening_hours],
        help_text="One line per period, e.g. 'Mo-Fr 08:00-17:00' or 'Sa 09:00-12:00'.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("position", "name")

    def __str__(self) -> str:
        return self.name

    @property
    def hours(self) -> list[hours.Period]:
        return hours.parse_opening_hours(self.opening_hours)


class Term(models.Model):
    """A specialty or a language, as used by the directory's filters.

    One table for both keeps a profile page at one query for all of its tags.
    """

    class Kind(models.TextChoices):
        SPECIALTY = "specialty", "Specialty"
        LANGUAGE = "language", "Language"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=80)
    slug = models.SlugField()

    class Meta:
        ordering = ("kind", "name")
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="term_unique_kind_slug")]

    def __str__(self) -> str:
        return self.name


class ProfileQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def public(self):
        """Published profiles with what a public page shows, and never the account."""
        return self.published().prefetch_related("terms", "locations")


class PhysicianProfile(models.Model):
    """A physician's professional profile: only what a patient should see, published by choice."""

    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="physician_profile",
        help_text="The login account that may edit this profile. Never shown publicly.",
    )
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="physicians")
    slug = models.SlugField(unique=True, help_text="The address of the public page: /doctors/<slug>/.")
    name = models.CharField(max_length=120, help_text="As patients should see it, e.g. 'Avery Chen'.")
    credentials = models.CharField(max_length=60, blank=True, help_text="e.g. 'MD, FACP'.")
    terms = models.ManyToManyField(Term, blank=True, related_name="profiles")
    board_certifications = models.TextField(blank=True, help_text="One per line.")
    education = models.TextField("education and training", blank=True, help_text="One per line.")
    locations = models.ManyToManyField(Location, blank=True, related_name="physicians")
    accepting_new_patients = models.BooleanField(default=True)
    bio = models.TextField("short bio", blank=True, max_length=3000,
                           help_text="A short professional bio (Markdown subset).")
    photo = models.FileField(upload_to="photos/", blank=True)
    is_published = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ("name",)
        verbose_name = "physician profile"

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("profiles:profile-detail", kwargs={"slug": self.slug})

    @property
    def photo_url(self) -> str:
        return self.photo.url if self.photo else ""

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    # The two tag lists read from the prefetched ``terms`` so a page costs no extra query.
    @property
    def specialties(self) -> list[Term]:
        return [t for t in self.terms.all() if t.kind == Term.Kind.SPECIALTY]

    @property
    def languages(self) -> list[Term]:
        return [t for t in self.terms.all() if t.kind == Term.Kind.LANGUAGE]

    @property
    def board_certification_list(self) -> list[str]:
        return [line.strip() for line in self.board_certifications.splitlines() if line.strip()]

    @property
    def education_list(self) -> list[str]:
        return [line.strip() for line in self.education.splitlines() if line.strip()]


class ProfileRevision(models.Model):
    """One saved change to a profile: who, when, how, and each changed field's old and new value."""

    profile = models.ForeignKey(PhysicianProfile, on_delete=models.CASCADE, related_name="revisions")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    via = models.CharField(max_length=16, help_text="portal, admin or seed")
    changes = models.JSONField(default=dict, help_text="{field: [old, new]}")

    class Meta:
        ordering = ("-changed_at", "-pk")

    def __str__(self) -> str:
        return f"{self.profile} changed {timezone.localtime(self.changed_at):%Y-%m-%d %H:%M}"


# Posts and the privacy guard's records ------------------------------------------------------------


class PostQuerySet(models.QuerySet):
    def visible(self, *, now):
        """What the public sees at ``now``: published or scheduled posts whose time has come."""
        return self.filter(status__in=Post.LIVE, publish_at__lte=now, author__is_published=True)

    def next_scheduled_subquery(self, *, now):
        """The same answer as a subquery (filter this queryset on ``OuterRef`` first)."""
        waiting = self.filter(status=Post.Status.SCHEDULED, publish_at__gt=now).order_by("publish_at")
        return models.Subquery(waiting.values("publish_at")[:1])

    def next_scheduled_at(self, *, now):
        """When the next scheduled post of this queryset goes public (None if none is waiting)."""
        return (self.filter(status=Post.Status.SCHEDULED, publish_at__gt=now, author__is_published=True)
                .aggregate(at=models.Min("publish_at"))["at"])


class Post(models.Model):
    """A physician's article for the public. It goes public only after the privacy guard (or staff) let it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "Waiting for practice staff"
        APPROVED = "approved", "Approved by practice staff"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        UNPUBLISHED = "unpublished", "Unpublished"

    LIVE = (Status.PUBLISHED, Status.SCHEDULED)

    author = models.ForeignKey(PhysicianProfile, on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(max_length=140)
    slug = models.SlugField(max_length=80, unique=True, help_text="The address of the post: /news/<slug>/.")
    body = models.TextField(max_length=20_000, help_text="Markdown subset, as in the bio.")
    image = models.FileField(upload_to="posts/", blank=True)
    image_alt = models.CharField("image description", max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    publish_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ("-publish_at", "-created_at")
        permissions = [("approve_post", "Can approve a post or bio held by the privacy guard")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("profiles:post-detail", kwargs={"slug": self.slug})

    @property
    def is_live(self) -> bool:
        """Published or scheduled (a scheduled post shows once ``publish_at`` passes)."""
        return self.status in self.LIVE

    def is_visible(self, *, now) -> bool:
        return self.is_live and self.publish_at is not None and self.publish_at <= now

    @property
    def image_url(self) -> str:
        return self.image.url if self.image else ""

    def guarded_parts(self) -> list[tuple[str, str]]:
        """The texts the privacy guard reads, as (label, text): the title, the body, the image description."""
        return [("Title", self.title), ("Body", self.body), ("Image description", self.image_alt)]


class PrivacyCheck(models.Model):
    """One run of the privacy guard on a post or a bio before it went (or tried to go) public. Append-only."""

    class Subject(models.TextChoices):
        POST = "post", "Post"
        BIO = "bio", "Bio"

    class Outcome(models.TextChoices):
        CLEAR = "clear", "Clear: nothing found"
        HELD = "held", "Held: findings block publishing"
        OVERRIDDEN = "overridden", "Findings approved by practice staff"

    subject = models.CharField(max_length=8, choices=Subject.choices)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="checks")
    profile = models.ForeignKey(PhysicianProfile, on_delete=models.CASCADE, related_name="privacy_checks")
    action = models.CharField(max_length=16, help_text="publish, schedule, save, review, preview or bio")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(auto_now_add=True, db_index=True)
    text_hash = models.CharField(max_length=64, help_text="SHA-256 of the checked text.")
    findings = models.JSONField(default=list, help_text="[{kind, start, end, text, reason}]")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    review = models.ForeignKey("PrivacyReview", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               help_text="The staff approval that let the findings through, if any.")

    class Meta:
        ordering = ("-checked_at", "-pk")

    def __str__(self) -> str:
        checked = timezone.localtime(self.checked_at)
        return f"{self.get_subject_display()} check {checked:%Y-%m-%d %H:%M}: {self.outcome}"


class PrivacyReview(models.Model):
    """A physician's request that practice staff look at findings, and the staff decision with its note."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Waiting"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn (the text changed)"

    subject = models.CharField(max_length=8, choices=PrivacyCheck.Subject.choices)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews")
    profile = models.ForeignKey(PhysicianProfile, on_delete=models.CASCADE, related_name="privacy_reviews")
    text_hash = models.CharField(max_length=64, help_text="The exact text the decision covers.")
    findings = models.JSONField(default=list)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    decision = models.CharField(max_length=12, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="Required with every decision: why it may (not) be published.")

    class Meta:
        ordering = ("-requested_at", "-pk")

    def __str__(self) -> str:
        return f"Review of {self.post or 'bio'} ({self.get_decision_display()})"
