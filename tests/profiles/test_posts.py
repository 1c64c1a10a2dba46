"""Physicians' posts end to end: own posts only, the privacy guard holding a post, staff review with a
required note, scheduling with a clock we control, the public pages, the feed and the records."""

import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from profiles.models import Post, PrivacyCheck, PrivacyReview

from .conftest import upload

ATOM = "{http://www.w3.org/2005/Atom}"
BENIGN = "Flu season is here. Wash your hands, stay home when you are ill, and ask us about the vaccine."
NAMING = "Maria López's recovery after her knee surgery shows why physiotherapy matters."


@pytest.fixture
def maria(db):
    from consent import actions

    return actions.find_or_create_patient(name="Maria Lopez", email="maria.lopez@example.com")


@pytest.fixture
def post_factory(physician_factory):
    """A post by ``author`` (a new physician unless given), saved directly (draft unless told)."""
    from profiles.post_actions import unique_post_slug

    def make(author=None, *, title="Flu season tips", body=BENIGN, status=Post.Status.DRAFT, publish_at=None,
             **fields):
        author = author or physician_factory()
        return Post.objects.create(author=author, title=title, slug=unique_post_slug(title), body=body,
                                   status=status, publish_at=publish_at, **fields)

    return make


@pytest.fixture
def frozen_now(monkeypatch):
    """The posts pages' clock, set by the test."""
    from django.utils import timezone

    from profiles import clock

    state = {"now": timezone.now()}
    monkeypatch.setattr(clock, "now", lambda: state["now"])
    return state


def _published(post_factory, author=None, **fields):
    from django.utils import timezone

    return post_factory(author, status=Post.Status.PUBLISHED, publish_at=timezone.now() - dt.timedelta(hours=1),
                        **fields)


def _values(post):
    post = Post.objects.get(pk=post.pk)
    return {f.name: getattr(post, f.name) for f in Post._meta.concrete_fields}


# Own posts only ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "suffix"), [
    ("get", ""), ("get", "edit/"), ("post", "edit/"), ("post", "publish/"), ("post", "unpublish/"),
    ("post", "send-for-review/"),
])
def test_a_physician_cannot_see_or_change_another_physicians_post(client, post_factory, physician_factory,
                                                                  method, suffix):
    post = post_factory(body=NAMING.replace("Maria López", "the patient"))
    before = _values(post)
    intruder = physician_factory()
    client.force_login(intruder.account)
    data = {"title": "Hijacked", "body": "Hijacked", "image_alt": ""} if method == "post" else None
    response = getattr(client, method)(f"/account/posts/{post.pk}/{suffix}", data)
    assert response.status_code == 404
    assert _values(post) == before
    assert not PrivacyCheck.objects.exists() and not PrivacyReview.objects.exists()


def test_the_post_list_shows_only_ones_own_posts(client, post_factory, physician_factory):
    mine = post_factory(title="My own article")
    post_factory(title="Someone else's article")
    client.force_login(mine.author.account)
    response = client.get("/account/posts/")
    assert b"My own article" in response.content and b"Someone else" not in response.content


def test_anonymous_visitors_and_staff_without_a_profile_get_no_post_pages(client, post_factory, staff_user):
    post = post_factory()
    assert client.get("/account/posts/").status_code == 302
    assert client.get(f"/account/posts/{post.pk}/").status_code == 302
    client.force_login(staff_user)
    assert client.get("/account/posts/").status_code == 404
    assert client.get(f"/account/posts/{post.pk}/").status_code == 404


# Writing and publishing --------------------------------------------------------------------------


def test_a_physician_writes_previews_and_publishes_a_clear_post(client, physician_factory,
                                                                django_capture_on_commit_callbacks):
    profile = physician_factory()
    client.force_login(profile.account)
    response = client.post("/account/posts/new/", {"title": "Flu season tips", "body": BENIGN, "image_alt": ""})
    post = Post.objects.get(author=profile)
    assert response.status_code == 302 and response["Location"] == f"/account/posts/{post.pk}/"
    assert (post.status, post.slug) == (Post.Status.DRAFT, "flu-season-tips")
    preview = client.get(f"/account/posts/{post.pk}/")
    assert b"finds nothing that could identify a patient" in preview.content
    assert Client().get(post.get_absolute_url()).status_code == 404  # a draft is not public
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/account/posts/{post.pk}/publish/", {"publish_at": ""}).status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and post.publish_at is not None
    assert Client().get(post.get_absolute_url()).status_code == 200
    outcomes = list(PrivacyCheck.objects.filter(post=post).order_by("pk").values_list("action", "outcome"))
    assert outcomes == [("preview", "clear"), ("publish", "clear")]
    assert PrivacyCheck.objects.filter(post=post).last().checked_by == profile.account


def test_publishing_a_post_that_names_a_registered_patient_is_refused_with_the_findings_in_place(
    client, post_factory, maria
):
    post = post_factory(title="A good month", body=NAMING)
    client.force_login(post.author.account)
    response = client.post(f"/account/posts/{post.pk}/publish/", {"publish_at": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Held back by the privacy check" in html
    assert re.search(r'<mark id="finding-1" class="privacy-mark"><span class="visually-hidden">Finding 1: </span>'
                     r"Maria López<sup aria-hidden=\"true\">\[1\]</sup></mark>", html)
    assert "patient" in html.split('id="finding-reason-1"')[1].split("</li>")[0].lower()  # the reason, in words
    assert 'name="title"' in html and "csrfmiddlewaretoken" in html  # the form is there to edit it away
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT and post.publish_at is None
    assert Client().get(post.get_absolute_url()).status_code == 404
    check = PrivacyCheck.objects.get(post=post)
    assert (check.action, check.outcome, check.checked_by) == ("publish", "held", post.author.account)
    assert check.findings[0]["kind"] == "patient_name" and check.findings[0]["text"] == "Maria López"


def test_the_guard_reads_the_title_and_the_image_description_too(client, post_factory, maria):
    post = post_factory(title="Maria Lopez is cancer free", body=BENIGN, image_alt="Photo of Maria Lopez")
    client.force_login(post.author.account)
    response = client.post(f"/account/posts/{post.pk}/publish/", {"publish_at": ""})
    html = response.content.decode()
    assert html.count('class="privacy-mark"') == 2
    assert "(title)" in html and "(image description)" in html
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT


def test_editing_the_finding_away_lets_the_post_publish(client, post_factory, maria):
    post = post_factory(body=NAMING)
    client.force_login(post.author.account)
    client.post(f"/account/posts/{post.pk}/publish/", {"publish_at": ""})
    client.post(f"/account/posts/{post.pk}/edit/",
                {"title": post.title, "body": "Physiotherapy after knee surgery matters.", "image_alt": ""})
    client.post(f"/account/posts/{post.pk}/publish/", {"publish_at": ""})
    assert Post.objects.get(pk=post.pk).status == Post.Status.PUBLISHED
    assert list(PrivacyCheck.objects.filter(post=post, action="publish").order_by("pk")
                .values_list("outcome", flat=True)) == ["held", "clear"]


def test_the_practices_own_phone_and_address_are_not_findings(client, post_factory, practice):
    body = f"Call us on {practice.phone} or visit us at 1 Lake Street to book your flu shot."
    post = post_factory(body=body)
    client.force_login(post.author.account)
    client.post(f"/account/posts/{post.pk}/publish/", {"publish_at": ""})
    assert Post.objects.get(pk=post.pk).status == Post.Status.PUBLISHED


def test_a_live_post_edited_to_name_a_patient_is_refused_and_stays_as_it_was(client, post_factory, maria):
    post = _published(post_factory)
    before = _values(post)
    client.force_login(post.author.account)
    response = client.post(f"/account/posts/{post.pk}/edit/", {"title": post.title, "body": NAMING, "image_alt": ""})
    assert response.status_code == 200 and b'class="privacy-mark"' in response.content
    assert _values(post) == before
    assert PrivacyCheck.objects.get(post=post).outcome == "held"
    assert NAMING.encode() not in Client().get(post.get_absolute_url()).content


def test_unpublishing_takes_the_post_off_every_public_page(client, post_factory,
                                                           django_capture_on_commit_callbacks):
    post = _published(post_factory, title="Going away soon")
    public = Client()
    for url in ["/news/", post.get_absolute_url(), post.author.get_absolute_url(), "/news/feed/"]:
        assert b"Going away soon" in public.get(url).content  # and now cached
    client.force_login(post.author.account)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/account/posts/{post.pk}/unpublish/")
    assert Post.objects.get(pk=post.pk).status == Post.Status.UNPUBLISHED
    assert public.get(post.get_absolute_url()).status_code == 404
    for url in ["/news/", post.author.get_absolute_url(), "/news/feed/", "/sitemap.xml"]:
        assert b"Going away soon" not in public.get(url).content, url
        assert post.slug.encode() not in public.get(url).content, url


def test_publishing_needs_a_post_request(client, post_factory):
    post = post_factory()
    client.force_login(post.author.account)
    assert client.get(f"/account/posts/{post.pk}/publish/").status_code == 405
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT


# Review by practice staff ------------------------------------------------------------------------


def _admin_action(client, url, action, pks, **extra):
    return client.post(url, {"action": action, "_selected_action": [str(pk) for pk in pks], **extra})


def test_a_held_post_goes_to_staff_who_approve_it_with_a_required_note_and_then_it_publishes(
    client, post_factory, staff_user, maria, django_capture_on_commit_callbacks
):
    post = post_factory(body=NAMING)
    physician = post.author.account
    client.force_login(physician)
    client.post(f"/account/posts/{post.pk}/publish/", {"publish_at": ""})
    assert client.post(f"/account/posts/{post.pk}/send-for-review/").status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.IN_REVIEW
    review = PrivacyReview.objects.get(post=post)
    assert (review.decision, review.requested_by, review.findings[0]["text"]) == ("pending", physician, "Maria López")
    # Still refused while waiting.
    client.post(f"/account/posts/{post.pk}/publish/", {"publish_at": ""})
    assert Post.objects.get(pk=post.pk).status == Post.Status.IN_REVIEW

    staff = Client()
    staff.force_login(staff_user)
    queue = staff.get("/admin/profiles/post/")
    assert queue.status_code == 200 and post.title.encode() in queue.content
    page = _admin_action(staff, "/admin/profiles/post/", "approve_selected", [post.pk])
    assert page.status_code == 200 and b"Maria L\xc3\xb3pez" in page.content and b'name="note"' in page.content
    no_note = _admin_action(staff, "/admin/profiles/post/", "approve_selected", [post.pk], apply="1", note="  ")
    assert no_note.status_code == 200 and b"This field is required" in no_note.content
    assert PrivacyReview.objects.get(pk=review.pk).decision == "pending"
    done = _admin_action(staff, "/admin/profiles/post/", "approve_selected", [post.pk], apply="1",
                         note="Ms. Lopez asked us in writing to share her story; consent form on file.")
    assert done.status_code == 302
    review.refresh_from_db()
    assert (review.decision, review.decided_by) == ("approved", staff_user)
    assert review.note.startswith("Ms. Lopez asked us") and review.decided_at is not None
    assert Post.objects.get(pk=post.pk).status == Post.Status.APPROVED

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/account/posts/{post.pk}/publish/", {"publish_at": ""})
    assert Post.objects.get(pk=post.pk).status == Post.Status.PUBLISHED
    assert Client().get(post.get_absolute_url()).status_code == 200
    checks = list(PrivacyCheck.objects.filter(post=post).order_by("pk").values_list("action", "outcome", "review"))
    assert checks == [("publish", "held", None), ("review", "held", None), ("publish", "held", None),
                      ("publish", "overridden", review.pk)]


def test_an_approval_covers_only_the_text_staff_saw(client, post_factory, staff_user, maria):
    from profiles import post_actions

    post = post_factory(body=NAMING)
    review = post_actions.send_for_review(profile=post.author, post=post, by=post.author.account)
    post_actions.decide_review(review, by=staff_user, approve=True, note="Consent on file.")
    client.force_login(post.author.account)
    client.post(f"/account/posts/{post.pk}/edit/",
                {"title": post.title, "body": NAMING + " Maria Lopez says thanks.", "image_alt": ""})
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT
    client.post(f"/account/posts/{post.pk}/publish/", {"publish_at": ""})
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT
    assert PrivacyCheck.objects.filter(post=post).last().outcome == "held"


def test_staff_reject_with_a_note_and_the_physician_sees_it(client, post_factory, staff_user, maria):
    from profiles import post_actions

    post = post_factory(body=NAMING)
    post_actions.send_for_review(profile=post.author, post=post, by=post.author.account)
    staff = Client()
    staff.force_login(staff_user)
    response = _admin_action(staff, "/admin/profiles/post/", "reject_selected", [post.pk], apply="1",
                             note="Please remove the patient's name.")
    assert response.status_code == 302
    assert PrivacyReview.objects.get(post=post).decision == "rejected"
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT
    client.force_login(post.author.account)
    assert b"Please remove the patient&#x27;s name." in client.get(f"/account/posts/{post.pk}/").content


def test_a_decision_without_a_note_is_refused_by_the_action_too(post_factory, staff_user, maria):
    from profiles import post_actions

    post = post_factory(body=NAMING)
    review = post_actions.send_for_review(profile=post.author, post=post, by=post.author.account)
    with pytest.raises(post_actions.ReviewError):
        post_actions.decide_review(review, by=staff_user, approve=True, note="")
    assert PrivacyReview.objects.get(pk=review.pk).decision == "pending"


def test_a_clear_post_cannot_be_sent_for_review(client, post_factory):
    post = post_factory()
    client.force_login(post.author.account)
    client.post(f"/account/posts/{post.pk}/send-for-review/")
    assert not PrivacyReview.objects.exists()
    assert PrivacyCheck.objects.get(post=post).outcome == "clear"  # the check itself is still recorded


def test_physicians_cannot_approve_and_the_records_are_read_only_for_staff(client, post_factory, staff_user, maria):
    from profiles import post_actions

    post = post_factory(body=NAMING)
    review = post_actions.send_for_review(profile=post.author, post=post, by=post.author.account)
    client.force_login(post.author.account)
    response = _admin_action(client, "/admin/profiles/post/", "approve_selected", [post.pk], apply="1", note="ok")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert PrivacyReview.objects.get(pk=review.pk).decision == "pending"
    client.force_login(staff_user)
    check = PrivacyCheck.objects.first()
    assert client.get(f"/admin/profiles/privacycheck/{check.pk}/change/").status_code == 200
    assert client.post(f"/admin/profiles/privacycheck/{check.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/profiles/privacyreview/{review.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/profiles/post/add/").status_code == 403
    assert PrivacyCheck.objects.filter(pk=check.pk).exists()


def test_the_review_queue_lists_waiting_posts_first(client, post_factory, staff_user, maria):
    from profiles import post_actions

    physician_posts = [post_factory(title=f"Ordinary post {i}") for i in range(3)]
    waiting = post_factory(physician_posts[0].author, title="Waiting post", body=NAMING)
    post_actions.send_for_review(profile=waiting.author, post=waiting, by=waiting.author.account)
    client.force_login(staff_user)
    html = client.get("/admin/profiles/post/").content.decode()
    assert html.index("Waiting post") < min(html.index(f"Ordinary post {i}") for i in range(3))


def test_the_groups_hold_the_post_permissions(db):
    from django.contrib.auth.models import Group

    from accounts import roles

    def codenames(name):
        return set(Group.objects.get(name=name).permissions.filter(content_type__app_label="profiles")
                   .values_list("codename", flat=True))

    assert {"add_post", "change_post", "view_post"} <= codenames(roles.PHYSICIANS)
    assert "approve_post" not in codenames(roles.PHYSICIANS)
    assert {"view_post", "approve_post", "view_privacycheck", "view_privacyreview"} <= codenames(roles.PRACTICE_STAFF)


# Scheduling ----------------------------------------------------------------------------------------


def test_a_scheduled_post_is_hidden_before_its_time_and_shown_after(client, post_factory, frozen_now):
    from profiles import pagecache

    post = post_factory(title="Scheduled for later")
    client.force_login(post.author.account)
    later = frozen_now["now"] + dt.timedelta(days=2)
    local = later.astimezone(dt.timezone(dt.timedelta(hours=-5)))  # any offset: the form takes local time
    client.post(f"/account/posts/{post.pk}/publish/",
                {"publish_at": local.strftime("%Y-%m-%dT%H:%M")})
    post.refresh_from_db()
    assert post.status == Post.Status.SCHEDULED and post.publish_at > frozen_now["now"]
    public = Client()
    urls = ["/news/", "/news/feed/", post.author.get_absolute_url(), "/sitemap.xml"]
    assert public.get(post.get_absolute_url()).status_code == 404
    for url in urls:
        assert b"Scheduled for later" not in public.get(url).content and post.slug.encode() not in \
            public.get(url).content, url
    frozen_now["now"] = post.publish_at + dt.timedelta(seconds=1)
    from django.core.cache import cache

    cache.clear()  # the cached copies expire at publish_at (see the next test); here we look at the queries
    pagecache.clear_local()
    assert public.get(post.get_absolute_url()).status_code == 200
    assert b"Scheduled for later" in public.get("/news/").content
    assert b"Scheduled for later" in public.get(post.author.get_absolute_url()).content
    assert b"Scheduled for later" in public.get("/news/feed/").content
    assert post.slug.encode() in public.get("/sitemap.xml").content


@pytest.mark.parametrize("url", ["/news/", "/news/feed/", "PROFILE", "/sitemap.xml"])
def test_cached_pages_expire_when_the_next_scheduled_post_is_due(client, post_factory, frozen_now, monkeypatch,
                                                                 url):
    from profiles import pagecache

    author = _published(post_factory).author
    post_factory(author, title="Later", status=Post.Status.SCHEDULED,
                 publish_at=frozen_now["now"] + dt.timedelta(minutes=10))
    stored = []
    real_set = pagecache.cache.set
    monkeypatch.setattr(pagecache.cache, "set",
                        lambda key, value, timeout=None: (stored.append((key, timeout)), real_set(key, value, timeout)))
    response = client.get(author.get_absolute_url() if url == "PROFILE" else url)
    assert response.status_code == 200
    assert [timeout for key, timeout in stored if key.startswith("page:")] == [601]
    assert response["Cache-Control"] == "public, max-age=60"


def test_pages_without_a_scheduled_post_keep_the_usual_cache_time(client, post_factory, monkeypatch):
    from profiles import pagecache

    _published(post_factory)
    stored = []
    monkeypatch.setattr(pagecache.cache, "set", lambda key, value, timeout=None: stored.append(timeout))
    client.get("/news/")
    assert stored == [pagecache.PAGE_TIMEOUT]


# Public pages ------------------------------------------------------------------------------------


def test_the_post_page_carries_title_description_canonical_open_graph_and_blogposting(client, post_factory):
    from django.conf import settings

    from profiles.post_forms import POST_IMAGE_SIZE

    post = _published(post_factory, title="Flu season tips", image_alt="A vaccine vial")
    post.image.save("x.jpg", __import__("profiles.images", fromlist=["clean_image"]).clean_image(
        upload(_jpeg_with_gps()), size=POST_IMAGE_SIZE))
    html = client.get(post.get_absolute_url()).content.decode()
    url = settings.SITE_URL + post.get_absolute_url()
    assert "<title>Flu season tips | Lakeside Clinic</title>" in html
    assert re.search(r'<meta name="description" content="Flu season is here\. Wash your hands', html)
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<meta property="og:image" content="{settings.SITE_URL}{post.image.url}">' in html
    assert '<meta property="og:title" content="Flu season tips">' in html
    assert 'property="article:published_time"' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "BlogPosting" and data["headline"] == "Flu season tips"
    assert data["author"] == {"@type": "Physician", "name": post.author.display_name,
                              "url": settings.SITE_URL + post.author.get_absolute_url()}
    assert data["image"] == settings.SITE_URL + post.image.url and data["url"] == url
    assert dt.datetime.fromisoformat(data["datePublished"]) == post.publish_at
    assert 'alt="A vaccine vial"' in html


def test_a_post_page_offers_only_the_practice_contact_form(client, post_factory):
    post = _published(post_factory, body=BENIGN + " [Our site](https://example.org)")
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'href="/contact/?doctor={post.author.slug}"' in html
    text = re.sub(r"<[^>]+>", " ", html).lower()  # what a visitor reads (not class names or rel values)
    for word in ("comment", "like", "likes", "share on", "follow", "reply", "message the physician"):
        assert not re.search(rf"\b{re.escape(word)}\b", text), word
    for markup in ("mailto:", "<form", "<textarea", post.author.account.email):
        assert markup not in html.lower(), markup


def test_public_post_pages_set_no_cookie_and_are_the_same_for_a_logged_in_visitor(client, post_factory):
    post = _published(post_factory)
    for url in ["/news/", post.get_absolute_url(), "/news/feed/"]:
        anonymous = Client().get(url)
        assert anonymous.status_code == 200 and not anonymous.cookies and "Set-Cookie" not in anonymous.headers
        assert b"csrfmiddlewaretoken" not in anonymous.content
        assert "cookie" not in anonymous.headers.get("Vary", "").lower()
        client.force_login(post.author.account)
        assert client.get(url).content == anonymous.content


def test_the_news_page_lists_visible_posts_newest_first_in_pages(client, post_factory, physician_factory):
    from django.utils import timezone

    author = physician_factory()
    now = timezone.now()
    for i in range(12):
        post_factory(author, title=f"Article number {i:02d}", status=Post.Status.PUBLISHED,
                     publish_at=now - dt.timedelta(days=i))
    post_factory(author, title="Draft article")
    first = client.get("/news/").content.decode()
    assert first.index("Article number 00") < first.index("Article number 09")
    assert "Article number 10" not in first and "Draft article" not in first and "Page 1 of 2" in first
    second = client.get("/news/?page=2").content.decode()
    assert "Article number 10" in second and "Article number 11" in second
    assert 'rel="alternate" type="application/atom+xml"' in first


def test_posts_of_an_unpublished_physician_are_not_public(client, post_factory, physician_factory):
    post = _published(post_factory, physician_factory(published=False), title="Hidden author post")
    assert client.get(post.get_absolute_url()).status_code == 404
    assert b"Hidden author post" not in client.get("/news/").content


def test_the_feed_is_valid_atom_with_the_post(client, post_factory):
    from django.conf import settings

    post = _published(post_factory, title="Feed me")
    response = client.get("/news/feed/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, just rendered
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text.startswith("Lakeside Clinic")
    assert root.find(f"{ATOM}id").text and root.find(f"{ATOM}updated").text
    [entry] = root.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Feed me"
    assert entry.find(f"{ATOM}link").get("href") == settings.SITE_URL + post.get_absolute_url()
    assert entry.find(f"{ATOM}author/{ATOM}name").text == post.author.display_name
    assert entry.find(f"{ATOM}id").text == settings.SITE_URL + post.get_absolute_url()
    assert dt.datetime.fromisoformat(entry.find(f"{ATOM}published").text) == post.publish_at
    assert "Wash your hands" in entry.find(f"{ATOM}summary").text


def test_the_profile_page_lists_the_latest_posts_in_three_queries(client, post_factory, physician_factory,
                                                                  django_assert_max_num_queries):
    author = physician_factory()
    posts = [_published(post_factory, author, title=f"Post {i}") for i in range(5)]
    with django_assert_max_num_queries(3):
        html = client.get(author.get_absolute_url()).content.decode()
    assert "Articles by" in html
    newest = sorted(posts, key=lambda p: (p.publish_at, p.pk), reverse=True)[:3]
    assert [post.title in html for post in posts].count(True) == 3
    assert all(post.title in html and post.get_absolute_url() in html for post in newest)
    for post in newest:
        assert f'datetime="{timezone.localtime(post.publish_at).isoformat()}"' in html


def test_the_sitemap_lists_visible_posts(client, post_factory):
    post = _published(post_factory)
    draft = post_factory(title="Not yet")
    body = client.get("/sitemap.xml").content.decode()
    assert post.get_absolute_url() in body and draft.get_absolute_url() not in body


# Images ------------------------------------------------------------------------------------------


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (1600, 1000), (20, 120, 160))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (40.0, 26.0, 46.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes(), comment=b"taken at the patient's home")
    return buffer.getvalue()


def test_a_post_image_is_re_encoded_to_a_wide_card_without_metadata(client, physician_factory):
    from django.core.files.storage import default_storage

    profile = physician_factory()
    client.force_login(profile.account)
    response = client.post("/account/posts/new/", {"title": "With a picture", "body": BENIGN,
                                                   "image_alt": "A clinic waiting room",
                                                   "image": upload(_jpeg_with_gps())})
    assert response.status_code == 302
    post = Post.objects.get(author=profile)
    data = default_storage.open(post.image.name).read()
    assert b"SecretCam" not in data and b"patient's home" not in data
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.size == (1200, 630) and not stored.getexif() and "comment" not in stored.info
    assert client.get(post.image.url).status_code == 200


def test_an_image_needs_a_description_and_a_bad_file_gets_a_form_error(client, physician_factory):
    profile = physician_factory()
    client.force_login(profile.account)
    no_alt = client.post("/account/posts/new/", {"title": "t", "body": "b", "image_alt": "",
                                                 "image": upload(_jpeg_with_gps())})
    assert no_alt.status_code == 200 and b"Describe the image" in no_alt.content
    bad = client.post("/account/posts/new/", {"title": "t", "body": "b", "image_alt": "x",
                                              "image": upload(b"<svg onload=alert(1)>", name="x.jpg")})
    assert bad.status_code == 200 and b"JPEG, PNG or WebP" in bad.content
    assert not Post.objects.exists()


# The bio -----------------------------------------------------------------------------------------


def test_publishing_a_profile_whose_bio_names_a_patient_is_refused_then_staff_approve_it(
    client, physician_factory, staff_user, maria, django_capture_on_commit_callbacks
):
    profile = physician_factory(published=False, bio="I was proud to help Maria Lopez walk again after her stroke.")
    client.force_login(profile.account)
    response = client.post(f"/account/profile/{profile.pk}/publish/")
    assert response.status_code == 200
    assert b'class="privacy-mark"' in response.content and b"Your bio was not published" in response.content
    profile.refresh_from_db()
    assert not profile.is_published
    check = PrivacyCheck.objects.get(profile=profile)
    assert (check.subject, check.outcome, check.post) == ("bio", "held", None)

    client.post(f"/account/profile/{profile.pk}/send-for-review/")
    review = PrivacyReview.objects.get(profile=profile, subject="bio")
    staff = Client()
    staff.force_login(staff_user)
    assert _admin_action(staff, "/admin/profiles/privacyreview/", "approve_selected", [review.pk],
                         apply="1", note="").status_code == 200
    assert _admin_action(staff, "/admin/profiles/privacyreview/", "approve_selected", [review.pk],
                         apply="1", note="Patient's written permission on file.").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/account/profile/{profile.pk}/publish/")
    assert Client().get(profile.get_absolute_url()).status_code == 200
    outcomes = list(PrivacyCheck.objects.filter(profile=profile).order_by("pk").values_list("outcome", flat=True))
    assert outcomes == ["held", "held", "overridden"]


def test_saving_a_published_profile_with_a_bio_naming_a_patient_is_refused(client, physician_factory, maria):
    from .test_editing import _form_data

    profile = physician_factory(bio="Cares for families.")
    client.force_login(profile.account)
    response = client.post("/account/profile/", _form_data(profile, bio="Maria Lopez's diabetes is under control."))
    assert response.status_code == 200 and b'class="privacy-mark"' in response.content
    profile.refresh_from_db()
    assert profile.bio == "Cares for families."
    assert PrivacyCheck.objects.get(profile=profile).outcome == "held"


# Demo --------------------------------------------------------------------------------------------


def test_the_demo_seeds_published_posts_through_the_guard(user_factory):
    from accounts import roles
    from profiles import demo

    physicians = [user_factory(group=roles.PHYSICIANS) for _ in demo.PROFILES]
    demo.seed({"physicians": physicians})
    demo.seed({"physicians": physicians})  # idempotent
    posts = Post.objects.all()
    assert posts.count() == len(demo.POSTS) >= 1
    assert posts.exclude(image="").count() == 1  # a card image, cleaned like an upload
    assert all(p.status == Post.Status.PUBLISHED for p in posts)
    assert PrivacyCheck.objects.filter(outcome="clear").count() == len(demo.POSTS)
