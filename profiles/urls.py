from django.urls import path

from . import views

app_name = "profiles"

urlpatterns = [
    path("", views.practice_home, name="practice-home"),
    path("doctors/", views.directory, name="directory"),
    path("doctors/<slug:slug>/", views.profile_detail, name="profile-detail"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
    path("media/photos/<str:name>", views.photo, name="photo"),
    path("account/profile/", views.edit_profile, name="edit-profile"),
    path("account/profile/preview/", views.preview_profile, name="preview-profile"),
    path("account/profile/<int:pk>/publish/", views.publish_profile, name="publish-profile"),
    path("account/profile/<int:pk>/unpublish/", views.unpublish_profile, name="unpublish-profile"),
]
