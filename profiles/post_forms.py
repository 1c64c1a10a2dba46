"""Forms for posts: what a physician writes, when to publish it, and a staff decision's note. Input only."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

from . import images
from .models import Post

# A wide card, the size social networks show for a shared link (Open Graph / summary_large_image).
POST_IMAGE_SIZE = (1200, 630)


class PostForm(forms.ModelForm):
    image = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="Optional. JPEG, PNG or WebP, up to 5 MB. It is cropped to 1200×630 and its metadata "
                  "(camera, place, date) removed.",
    )

    class Meta:
        model = Post
        fields = ("title", "body", "image", "image_alt")
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "body": "Plain text with a little Markdown: *italic*, **bold**, lists, links. No HTML. "
                    "Never name or describe a patient in a way that could identify them.",
            "image_alt": "What the image shows, for people who cannot see it. Required with an image.",
        }

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            return images.clean_image(image, size=POST_IMAGE_SIZE)
        return image  # the current image, False to clear it, or None

    def clean(self):
        cleaned = super().clean()
        has_image = bool(cleaned.get("image")) or (cleaned.get("image") is None and bool(self.instance.image))
        if has_image and not cleaned.get("image_alt", "").strip():
            self.add_error("image_alt", "Describe the image in a few words for people who cannot see it.")
        return cleaned


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label="Publish at (optional)", required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"),
        help_text="Leave empty to publish now, or pick a later date and time to schedule the post.",
    )


class ReviewNoteForm(forms.Form):
    """The note staff must give with an approval or a rejection."""

    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required. Why this text may (or may not) be published despite the findings.",
    )
