from django import forms
from django.core.files.uploadedfile import UploadedFile

from . import images
from .models import Location, PhysicianProfile, Term


class ProfileForm(forms.ModelForm):
    """What a physician edits on their own profile. Validates input only; layout is in the template."""

    specialties = forms.ModelMultipleChoiceField(
        queryset=Term.objects.filter(kind=Term.Kind.SPECIALTY), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.ModelMultipleChoiceField(
        queryset=Term.objects.filter(kind=Term.Kind.LANGUAGE), required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Languages you see patients in.",
    )
    locations = forms.ModelMultipleChoiceField(
        queryset=Location.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
    )
    photo = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="JPEG, PNG or WebP, up to 5 MB. It is cropped to a portrait and its metadata removed.",
    )

    class Meta:
        model = PhysicianProfile
        fields = ("name", "credentials", "specialties", "board_certifications", "education", "languages",
                  "locations", "accepting_new_patients", "bio", "photo")
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 6}),
            "board_certifications": forms.Textarea(attrs={"rows": 3}),
            "education": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"bio": "Plain text with a little Markdown: *italic*, **bold**, lists, links. No HTML."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["specialties"].initial = [t.pk for t in self.instance.specialties]
            self.fields["languages"].initial = [t.pk for t in self.instance.languages]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            return images.clean_image(photo)
        return photo  # the current photo, False to clear it, or None

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.terms.set([*self.cleaned_data["specialties"], *self.cleaned_data["languages"]])


class StaffProfileForm(ProfileForm):
    """The admin's form: also who owns the profile, its address and whether it is published."""

    class Meta(ProfileForm.Meta):
        fields = ("account", "practice", "slug", "is_published", *ProfileForm.Meta.fields)


class DirectoryFilterForm(forms.Form):
    """The directory's GET filters. Choices come from rows the view already loaded (no extra query)."""

    q = forms.CharField(label="Name", required=False, max_length=80)
    specialty = forms.ChoiceField(required=False)
    language = forms.ChoiceField(required=False)
    location = forms.ChoiceField(required=False)
    accepting = forms.BooleanField(label="Accepting new patients", required=False)

    def __init__(self, data, *, terms, locations):
        super().__init__(data)
        self.fields["specialty"].choices = [("", "Any specialty")] + [
            (t.slug, t.name) for t in terms if t.kind == Term.Kind.SPECIALTY
        ]
        self.fields["language"].choices = [("", "Any language")] + [
            (t.slug, t.name) for t in terms if t.kind == Term.Kind.LANGUAGE
        ]
        self.fields["location"].choices = [("", "Any location")] + [(loc.slug, loc.name) for loc in locations]
