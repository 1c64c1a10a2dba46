from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from portal import health

# The admin's login goes through allauth, so its rate limits and staff MFA hold there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Practice administration"
admin.site.site_title = "Practice administration"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("", include("consent.urls")),
    path("", include("messaging.urls")),
    path("", include("profiles.urls")),
]

handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
