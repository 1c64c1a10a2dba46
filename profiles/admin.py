"""Staff manage the practice, its locations and every profile here. Revisions are read-only evidence."""

from types import SimpleNamespace

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Case, Value, When
from django.template.response import TemplateResponse

from . import actions, guard, post_actions, privacy_marks
from .forms import StaffProfileForm
from .models import Location, PhysicianProfile, Post, Practice, PrivacyCheck, PrivacyReview, ProfileRevision, Term
from .post_forms import ReviewNoteForm


class LocationInline(admin.StackedInline):
    model = Location
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    inlines = [LocationInline]
    fieldsets = (
        (None, {"fields": ("name", "tagline", "description", "phone", "public_email", "time_zone")}),
        ("Booking and urgent care (quoted in replies to patients)",
         {"fields": ("booking_instructions", "urgent_care_guidance", "emergency_number", "crisis_line")}),
    )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        actions.practice_changed()


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name", "locality", "phone", "position")
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        actions.practice_changed()


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "slug")
    list_filter = ("kind",)
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        actions.practice_changed()  # renaming a tag changes every page that shows it


class RevisionInline(admin.TabularInline):
    model = ProfileRevision
    extra = 0
    fields = ("changed_at", "changed_by", "via", "changes")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PhysicianProfile)
class PhysicianProfileAdmin(admin.ModelAdmin):
    form = StaffProfileForm
    list_display = ("display_name", "slug", "is_published", "accepting_new_patients", "updated_at")
    list_filter = ("is_published", "accepting_new_patients", "terms", "locations")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("account",)
    inlines = [RevisionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("terms", "locations")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        check = self.guard_bio

        class GuardedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                check(request, self)
                return cleaned

        return GuardedForm

    def guard_bio(self, request, form):
        """A bio that goes public with this save passes the privacy guard, as in the portal (staff are no exception).

        It goes public when the profile is (or becomes) published and the bio or the publishing changed. The
        check is recorded (a new profile's only once it exists); a held bio adds its findings to the form.
        """
        data = form.cleaned_data
        if "bio" not in data or not data.get("is_published"):
            return
        if form.instance.pk and not {"bio", "is_published"} & set(form.changed_data):
            return
        if form.instance.pk:
            try:
                post_actions.check_bio(form.instance, data["bio"], by=request.user, action="admin")
            except post_actions.Held as held:
                result = held.result
            else:
                return
        elif data.get("practice"):
            result = guard.check(guard.bio_parts(data["bio"]), practice=data["practice"])
            if result.clear:
                return
        else:
            return
        form.add_error("bio", [
            "The privacy check holds this bio back. Remove what identifies a patient, or leave the profile "
            "unpublished and have the physician send the bio for review.",
            *(f"{n}. “{f.text}”: {f.reason}" for n, f in enumerate(result.findings, 1)),
        ])

    def save_model(self, request, obj, form, change):
        # The "before" picture is taken from the database, since the form already changed ``obj``.
        request._profile_before = actions.snapshot(actions.reload_profile(obj)) if obj.pk else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(request, "_profile_before", {})
        actions.record_revision(form.instance, before=before, by=request.user, via="admin",
                                old_photo=before.get("photo", ""))


@admin.register(ProfileRevision)
class ProfileRevisionAdmin(admin.ModelAdmin):
    list_display = ("profile", "changed_at", "changed_by", "via")
    list_filter = ("via",)
    list_select_related = ("profile", "changed_by")
    search_fields = ("profile__name",)
    readonly_fields = ("profile", "changed_by", "changed_at", "via", "changes")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Posts and the privacy guard's records -----------------------------------------------------------


class ReadOnlyMixin:
    """Evidence and portal-written rows: staff look, never add, edit or delete here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CheckInline(ReadOnlyMixin, admin.TabularInline):
    model = PrivacyCheck
    extra = 0
    fields = ("checked_at", "checked_by", "action", "outcome", "findings_count", "review")
    readonly_fields = fields

    @admin.display(description="findings")
    def findings_count(self, obj):
        return len(obj.findings)


class ReviewInline(ReadOnlyMixin, admin.TabularInline):
    model = PrivacyReview
    extra = 0
    fields = ("requested_at", "requested_by", "decision", "decided_by", "decided_at", "note")
    readonly_fields = fields


class ReviewActionsMixin:
    """Approve or reject held texts from a list, through an intermediate page that requires a note."""

    def has_approve_permission(self, request):
        return request.user.has_perm("profiles.approve_post")

    def pending_reviews(self, queryset):
        raise NotImplementedError

    @admin.action(description="Approve for publishing (with a note)", permissions=["approve"])
    def approve_selected(self, request, queryset):
        return review_decision_page(self, request, queryset, approve=True)

    @admin.action(description="Reject (with a note)", permissions=["approve"])
    def reject_selected(self, request, queryset):
        return review_decision_page(self, request, queryset, approve=False)


def review_decision_page(model_admin, request, queryset, *, approve: bool):
    """The intermediate page: shows each waiting text with its findings; applies the decision with the note."""
    reviews = list(model_admin.pending_reviews(queryset))
    if not reviews:
        model_admin.message_user(request, "None of the selected items is waiting for review.", messages.WARNING)
        return None
    form = ReviewNoteForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        done = 0
        for review in reviews:
            try:
                post_actions.decide_review(review, by=request.user, approve=approve, note=form.cleaned_data["note"])
                done += 1
            except post_actions.ReviewError as error:
                model_admin.message_user(request, f"{review}: {error}", messages.ERROR)
        verb = "Approved" if approve else "Rejected"
        if done:
            model_admin.message_user(request, f"{verb} {done} item(s); the note was recorded.", messages.SUCCESS)
        return None
    items = []
    for review in reviews:
        parts = review.post.guarded_parts() if review.post else guard.bio_parts(review.profile.bio)
        findings = [SimpleNamespace(**f) for f in review.findings]
        marked_parts, numbered = privacy_marks.marked(parts, findings)
        items.append({"review": review, "marked_parts": marked_parts, "findings": numbered})
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Approve for publishing" if approve else "Reject",
        "approve": approve,
        "items": items,
        "form": form,
        "queryset": queryset,
        "action": request.POST.get("action"),
        "opts": model_admin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/profiles/review_decision.html", context)


@admin.register(Post)
class PostAdmin(ReviewActionsMixin, ReadOnlyMixin, admin.ModelAdmin):
    """The review queue: posts waiting for staff first. Posts are written in the portal, never here."""

    list_display = ("title", "author", "status", "publish_at", "updated_at")
    list_filter = ("status",)
    list_select_related = ("author",)
    search_fields = ("title", "author__name", "slug")
    readonly_fields = ("author", "title", "slug", "body", "image", "image_alt", "status", "publish_at",
                       "created_at", "updated_at")
    inlines = [ReviewInline, CheckInline]
    actions = ["approve_selected", "reject_selected"]

    def get_queryset(self, request):
        waiting_first = Case(When(status=Post.Status.IN_REVIEW, then=Value(0)), default=Value(1))
        return super().get_queryset(request).annotate(queue=waiting_first).order_by("queue", "-updated_at")

    def pending_reviews(self, queryset):
        return PrivacyReview.objects.filter(post__in=queryset, decision=PrivacyReview.Decision.PENDING).select_related(
            "post__author", "profile")


@admin.register(PrivacyReview)
class PrivacyReviewAdmin(ReviewActionsMixin, ReadOnlyMixin, admin.ModelAdmin):
    """Every request for review and its decision (posts and bios). Decisions only through the actions."""

    list_display = ("__str__", "subject", "profile", "requested_at", "decision", "decided_by", "decided_at")
    list_filter = ("decision", "subject")
    list_select_related = ("post", "profile", "decided_by")
    search_fields = ("profile__name", "post__title", "note")
    readonly_fields = ("subject", "post", "profile", "text_hash", "findings", "requested_by", "requested_at",
                       "decision", "decided_by", "decided_at", "note")
    actions = ["approve_selected", "reject_selected"]

    def get_queryset(self, request):
        waiting_first = Case(When(decision=PrivacyReview.Decision.PENDING, then=Value(0)), default=Value(1))
        return super().get_queryset(request).annotate(queue=waiting_first).order_by("queue", "-requested_at")

    def pending_reviews(self, queryset):
        return queryset.filter(decision=PrivacyReview.Decision.PENDING).select_related("post__author", "profile")


@admin.register(PrivacyCheck)
class PrivacyCheckAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("checked_at", "subject", "profile", "post", "action", "outcome", "checked_by")
    list_filter = ("outcome", "subject", "action")
    list_select_related = ("profile", "post", "checked_by")
    search_fields = ("profile__name", "post__title")
    readonly_fields = ("subject", "post", "profile", "action", "checked_by", "checked_at", "text_hash", "findings",
                       "outcome", "review")
