"""Forms: the contact form (with its per-channel consent checkboxes), the text code, staff entries."""

from django import forms

from .models import ConsentEvent
from .phone import InvalidNumber, to_e164
from .state import Channel


def _describe_errors(form: forms.Form) -> None:
    # Link each invalid input to its error text (crispy renders it as error_1_<auto_id>).
    for name in form.errors:
        if name in form.fields:
            field = form[name]
            ids = [f"error_{i}_{field.auto_id}" for i in range(1, len(form.errors[name]) + 1)]
            if form.fields[name].help_text:
                ids.append(f"{field.auto_id}_helptext")
            form.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


class AccessibleForm(forms.Form):
    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            _describe_errors(self)


def clean_mobile(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return to_e164(value)
    except InvalidNumber as exc:
        raise forms.ValidationError(str(exc)) from exc


class ContactForm(AccessibleForm):
    name = forms.CharField(label="Your name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label="E-mail address", required=False, max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label="Mobile number", required=False, max_length=32,
                            help_text="Optional. For example 202-555-0123.",
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    message = forms.CharField(label="Your message", max_length=5000,
                              help_text="Please do not include private medical details. Not for emergencies.",
                              widget=forms.Textarea(attrs={"rows": 6}))
    consent_email = forms.BooleanField(label="I agree to be contacted by e-mail", required=False)
    consent_sms = forms.BooleanField(label="I agree to be contacted by text message", required=False)
    doctor = forms.SlugField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people (and screen readers) by the template; bots fill it in.
    website = forms.CharField(required=False, label="Leave this field empty")

    def clean_phone(self):
        return clean_mobile(self.cleaned_data.get("phone"))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("This form could not be sent. Please leave the last field empty.")
        return ""

    def clean(self):
        data = super().clean()
        email, phone = data.get("email"), data.get("phone")
        if not email and not phone and "email" not in self.errors and "phone" not in self.errors:
            self.add_error("email", "Please give an e-mail address or a mobile number, so that we can answer you.")
        if data.get("consent_email") and not email and "email" not in self.errors:
            self.add_error("email", "To be contacted by e-mail, please give your e-mail address.")
        if data.get("consent_sms") and not phone and "phone" not in self.errors:
            self.add_error("phone", "To be contacted by text message, please give your mobile number.")
        return data

    def channels(self) -> list[str]:
        return [c for c, key in ((Channel.EMAIL, "consent_email"), (Channel.SMS, "consent_sms"))
                if self.cleaned_data.get(key)]


class TextCodeForm(AccessibleForm):
    phone = forms.CharField(label="Mobile number", max_length=32,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    code = forms.RegexField(label="6-digit code", regex=r"^\s*\d{6}\s*$", max_length=12,
                            error_messages={"invalid": "Enter the 6 digits from the text message."},
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))

    def clean_phone(self):
        return clean_mobile(self.cleaned_data.get("phone"))

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class PreferencesForm(forms.Form):
    channel = forms.ChoiceField(choices=Channel.choices)
    action = forms.ChoiceField(choices=[("withdraw", "Withdraw"), ("request", "Ask again")])


STAFF_METHODS = [(ConsentEvent.Method.STAFF_PHONE, "By phone"), (ConsentEvent.Method.STAFF_IN_PERSON, "In person")]


class StaffEntryForm(forms.Form):
    """A consent request, withdrawal or texting reason that a patient gave staff by phone or in person."""

    ACTIONS = [("withdraw", "Withdraw consent (effective at once)"),
               ("grant", "Grant consent (a confirmation request is sent; active only once confirmed)"),
               ("texting_reason", "Record why texting this patient about care is imperative")]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.RadioSelect)
    channel = forms.ChoiceField(choices=Channel.choices)
    method = forms.ChoiceField(choices=STAFF_METHODS, label="How the patient told us")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="For a texting reason: the reason (required). Otherwise optional.")

    def clean(self):
        data = super().clean()
        if data.get("action") == "texting_reason":
            if data.get("channel") != Channel.SMS:
                self.add_error("channel", "A texting reason applies to text messages.")
            if not (data.get("note") or "").strip():
                self.add_error("note", "Please write the reason.")
        return data
