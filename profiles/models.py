"""
The public sphere: the practice, its locations, and physicians' professional profiles.

Nothing personal lives here. A profile points at its login account only so that the physician
can edit it; public pages never follow that link (see ``PhysicianProfile.objects.public()``).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

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
        return f"{self.profile} changed {self.changed_at:%Y-%m-%d %H:%M}"
