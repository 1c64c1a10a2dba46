from django.urls import path

from . import views

app_name = "consent"

urlpatterns = [
    path("contact/", views.request_contact, name="request-contact"),
    path("contact/sent/", views.contact_sent, name="contact-sent"),
    path("consent/confirm/<str:token>/", views.confirm_email, name="confirm-email"),
    path("consent/t/<int:patient_id>/<str:code>/", views.confirm_text_link, name="confirm-text-link"),
    path("consent/confirm-text/", views.confirm_text_code, name="confirm-text-code"),
    path("consent/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("consent/preferences/<str:token>/", views.preferences, name="preferences"),
    path("sms/inbound", views.sms_inbound, name="sms-inbound"),
]
