"""Staff UI for consent: patients with each channel's state and full history, the read-only ledger,
disclosure versions, staff entries by phone or in person, and the consent proof export."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from . import actions, api
from .forms import StaffEntryForm
from .models import ConsentEvent, Disclosure, Patient
from .proof import proof_csv
from .state import Channel


def export_proof_response(patient: Patient) -> HttpResponse:
    events = list(ConsentEvent.objects.filter(patient=patient).order_by("seq"))
    ids = {e.disclosure_id for e in events if e.disclosure_id}
    disclosures = dict(Disclosure.objects.filter(pk__in=ids).values_list("pk", "text"))
    response = HttpResponse(proof_csv(events, disclosures), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="consent-proof-patient-{patient.pk}.csv"'
    return response


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ("__str__", "email", "phone", "email_consent", "sms_consent", "created_at")
    search_fields = ("name", "email", "phone")
    readonly_fields = ("created_at", "consent_state_panel", "consent_history", "staff_tools")
    fields = ("name", "email", "phone", "created_at", "staff_tools", "consent_state_panel", "consent_history")
    actions = ["export_consent_proof"]

    def has_delete_permission(self, request, obj=None):
        return False  # patients carry consent evidence; the ledger protects them anyway

    @admin.display(description="E-mail consent")
    def email_consent(self, obj):
        return api.current_state(obj.pk, Channel.EMAIL).status

    @admin.display(description="Text consent")
    def sms_consent(self, obj):
        return api.current_state(obj.pk, Channel.SMS).status

    @admin.display(description="Current state per channel")
    def consent_state_panel(self, obj):
        if not obj.pk:
            return "-"
        rows = []
        for channel in Channel:
            s = api.current_state(obj.pk, channel)
            rows.append((channel.label, s.status, s.address or "-", s.disclosure_version or "-",
                         s.since.strftime("%Y-%m-%d %H:%M %Z") if s.since else "-", s.imperative_reason or "-"))
        body = format_html_join("", "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                                    "<td>{}</td></tr>", rows)
        return format_html("<table><thead><tr><th>Channel</th><th>Status</th><th>Address</th><th>Disclosure</th>"
                           "<th>Since</th><th>Reason for texting about care</th></tr></thead><tbody>{}</tbody>"
                           "</table>", body)

    @admin.display(description="Full consent history")
    def consent_history(self, obj):
        if not obj.pk:
            return "-"
        events = ConsentEvent.objects.filter(patient=obj).order_by("seq")
        rows = [(e.seq, e.created_at.strftime("%Y-%m-%d %H:%M:%S %Z"), e.get_channel_display(),
                 e.get_action_display(), e.get_method_display(), e.address or "-",
                 e.actor_label or e.get_actor_kind_display(), e.ip or "-", e.disclosure_version or "-",
                 ("FLAGGED: " if e.needs_review else "") + (e.note or "")) for e in events]
        if not rows:
            return "No consent events."
        body = format_html_join("", "<tr>" + "<td>{}</td>" * 10 + "</tr>", rows)
        return format_html("<table><thead><tr><th>#</th><th>Time</th><th>Channel</th><th>Action</th><th>Method</th>"
                           "<th>Address</th><th>Actor</th><th>IP</th><th>Disclosure</th><th>Note</th></tr></thead>"
                           "<tbody>{}</tbody></table>", body)

    @admin.display(description="Staff tools")
    def staff_tools(self, obj):
        if not obj.pk:
            return "-"
        return format_html('<a class="button" href="{}">Record consent given by phone or in person</a> '
                           '<a class="button" href="{}">Export consent proof (CSV)</a>',
                           reverse("admin:consent_patient_record", args=[obj.pk]),
                           reverse("admin:consent_patient_export", args=[obj.pk]))

    def get_urls(self):
        return [
            path("<int:patient_id>/record-consent/", self.admin_site.admin_view(self.record_view),
                 name="consent_patient_record"),
            path("<int:patient_id>/export-proof/", self.admin_site.admin_view(self.export_view),
                 name="consent_patient_export"),
        ] + super().get_urls()

    def export_view(self, request, patient_id: int):
        if not request.user.has_perm("consent.export_consent_proof"):
            raise PermissionDenied
        return export_proof_response(get_object_or_404(Patient, pk=patient_id))

    @admin.action(description="Export consent proof (CSV) of one patient", permissions=["export_proof"])
    def export_consent_proof(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one patient to export.", messages.WARNING)
            return None
        return export_proof_response(queryset.get())

    def has_export_proof_permission(self, request):
        return request.user.has_perm("consent.export_consent_proof")

    def record_view(self, request, patient_id: int):
        """A patient told staff (by phone or in person) to withdraw or grant consent, or staff record a reason."""
        if not request.user.has_perm("consent.record_consent_by_staff"):
            raise PermissionDenied
        patient = get_object_or_404(Patient, pk=patient_id)
        form = StaffEntryForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data, facts = form.cleaned_data, actions.RequestFacts(staff_user=request.user)
            channel = Channel(data["channel"])
            if data["action"] == "withdraw":
                event = actions.withdraw_consent(patient, channel, method=data["method"], facts=facts,
                                                 note=data["note"], force=True)
            elif data["action"] == "grant":
                address = patient.email if channel == Channel.EMAIL else patient.phone
                if not address:
                    form.add_error("channel", "This patient has no address for this channel.")
                    return self._record_page(request, patient, form)
                event = actions.grant_consent(patient, channel, address=address, method=data["method"],
                                              disclosure=Disclosure.latest(), facts=facts, note=data["note"])
            else:
                event = actions.record_texting_reason(patient, reason=data["note"], staff_user=request.user,
                                                      method=data["method"])
            self.message_user(request, f"Recorded: {event}" if event else "Nothing to record: already in that state.",
                              messages.SUCCESS if event else messages.INFO)
            return redirect("admin:consent_patient_change", patient.pk)
        return self._record_page(request, patient, form)

    def _record_page(self, request, patient, form):
        context = {**self.admin_site.each_context(request), "title": f"Record consent for {patient}",
                   "patient": patient, "form": form, "opts": self.model._meta,
                   "states": [api.current_state(patient.pk, c) for c in Channel]}
        return TemplateResponse(request, "consent/admin/staff_entry.html", context)


@admin.register(ConsentEvent)
class ConsentEventAdmin(admin.ModelAdmin):
    """The ledger, read-only: events are added by actions, never here."""

    list_display = ("seq", "created_at", "patient", "channel", "action", "method", "actor_label", "needs_review")
    list_filter = ("needs_review", "action", "channel", "method")
    search_fields = ("patient__name", "address")
    list_select_related = ("patient",)
    ordering = ("-seq",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    """Publish a new version of the consent text; published versions stay readable and never change."""

    list_display = ("version", "published_at", "published_by", "sha256")
    fields = ("text",)

    def get_readonly_fields(self, request, obj=None):
        return ("version", "text", "sha256", "published_at", "published_by") if obj else ()

    def get_fields(self, request, obj=None):
        return ("version", "text", "sha256", "published_at", "published_by") if obj else ("text",)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return  # published text never changes
        latest = Disclosure.latest()
        obj.version = (latest.version if latest else 0) + 1
        obj.published_by = request.user
        obj.save()
