"""Staff forms of the review queue (admin intermediate pages). Validation only."""

from django import forms

from consent.state import Channel

from . import replies
from .models import ReplyTemplate
from .triage import Category

# Templates staff may answer with; the consent and keyword texts belong to their own flows.
_NOT_FOR_STAFF_REPLIES = {replies.CONSENT_CONFIRMATION, replies.STOP_CONFIRMATION, replies.HELP_REPLY}


def staff_reply_templates() -> list[tuple[str, str]]:
    keys = sorted(set(ReplyTemplate.objects.values_list("key", flat=True)) - _NOT_FOR_STAFF_REPLIES)
    return [(key, key.replace("_", " ").capitalize()) for key in keys]


class ReclassifyForm(forms.Form):
    category = forms.ChoiceField(choices=Category.choices)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), strip=True,
                           help_text="Required: why this message belongs in another category.")


class ReplyForm(forms.Form):
    template = forms.ChoiceField(choices=())
    channels = forms.MultipleChoiceField(choices=Channel.choices, widget=forms.CheckboxSelectMultiple,
                                         initial=[Channel.EMAIL])
    imperative_reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Texting about care needs a reason why a text is imperative (else the text is blocked). "
                  "The patient also needs active consent on each channel: the gate decides at sending time.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = staff_reply_templates()
