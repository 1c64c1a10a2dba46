"""Staff manage the practice, its locations and every profile here. Revisions are read-only evidence."""

from django.contrib import admin

from . import actions
from .forms import StaffProfileForm
from .models import Location, PhysicianProfile, Practice, ProfileRevision, Term


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
