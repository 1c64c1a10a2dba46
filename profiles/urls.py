from django.urls import path

from . import post_views, views

app_name = "profiles"

urlpatterns = [
    path("", views.practice_home, name="practice-home"),
    path("doctors/", views.directory, name="directory"),
    path("doctors/<slug:slug>/", views.profile_detail, name="profile-detail"),
    path("news/", post_views.news, name="news"),
    path("news/feed/", post_views.news_feed, name="news-feed"),
    path("news/<slug:slug>/", post_views.post_detail, name="post-detail"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
    path("media/photos/<str:name>", views.photo, name="photo"),
    path("media/posts/<str:name>", views.photo, {"folder": "posts"}, name="post-image"),
    path("account/profile/", views.edit_profile, name="edit-profile"),
    path("account/profile/preview/", views.preview_profile, name="preview-profile"),
    path("account/profile/<int:pk>/publish/", views.publish_profile, name="publish-profile"),
    path("account/profile/<int:pk>/unpublish/", views.unpublish_profile, name="unpublish-profile"),
    path("account/profile/<int:pk>/send-for-review/", views.send_bio_for_review, name="send-bio-for-review"),
    path("account/posts/", post_views.my_posts, name="my-posts"),
    path("account/posts/new/", post_views.new_post, name="new-post"),
    path("account/posts/<int:pk>/", post_views.preview_post, name="preview-post"),
    path("account/posts/<int:pk>/edit/", post_views.edit_post, name="edit-post"),
    path("account/posts/<int:pk>/publish/", post_views.publish_post, name="publish-post"),
    path("account/posts/<int:pk>/unpublish/", post_views.unpublish_post, name="unpublish-post"),
    path("account/posts/<int:pk>/send-for-review/", post_views.send_post_for_review, name="send-post-for-review"),
]
