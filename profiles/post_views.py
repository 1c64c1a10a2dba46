"""
Posts: the public news pages and feed (cached, no session), and the physician's own writing pages.

Every physician page gets its post through ``access_own_post`` (another physician's post is a 404).
Publishing goes through ``post_actions.publish_post``, which runs the privacy guard; when the guard
holds the post, the form comes back with each finding marked in place.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views.decorators.http import require_GET, require_POST

from . import clock, pagecache, post_actions, structured_data
from .markdown import render_markdown
from .models import Post, Practice
from .post_forms import PostForm, PublishForm
from .views import access_own_profile

NEWS_PAGE_SIZE = 10


def summary(post: Post, length: int = 160) -> str:
    """The post's first words as plain text (meta description, cards, feed summary)."""
    # List items and paragraphs end in a period, so "- Wash hands\n- Stay home" reads as two sentences.
    html = re.sub(r"(?<![.!?:])</(li|p|blockquote)>", ".</\\1>", render_markdown(post.body))
    text = " ".join(strip_tags(html).split())
    return Truncator(text).chars(length)


# Public pages ------------------------------------------------------------------------------------


def _visible_posts(now):
    return Post.objects.visible(now=now).select_related("author").order_by("-publish_at", "-pk")


@require_GET
@pagecache.cached_page(lambda: "news", variant_params=("page",))
def news(request):
    now = clock.now()
    practice = Practice.current()
    page = Paginator(_visible_posts(now), NEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"practice": practice, "page": page, "posts": [(p, summary(p)) for p in page.object_list]}
    response = render(request, "profiles/post_news.html", context)
    return pagecache.expire_at(response, Post.objects.next_scheduled_at(now=now), now=now)


@require_GET
@pagecache.cached_page(lambda slug: f"post:{slug}")
def post_detail(request, slug):
    now = clock.now()
    post = get_object_or_404(_visible_posts(now).select_related("author__practice"), slug=slug)
    return render(request, "profiles/post_detail.html", _post_context(post))


def _post_context(post: Post, **extra) -> dict:
    practice = post.author.practice
    return {
        "practice": practice,
        "post": post,
        "author": post.author,
        "body_html": render_markdown(post.body),
        "description": summary(post),
        "jsonld": structured_data.article(post, practice, description=summary(post)),
        **extra,
    }


class NewsFeed(Feed):
    """The practice news as an Atom feed (absolute links from SITE_URL, never from the request's host)."""

    feed_type = Atom1Feed
    limit = 20

    def __init__(self, *, now):
        super().__init__()
        self.now = now
        self.practice = Practice.current()

    def title(self):
        return f"{self.practice.name}: news from our physicians"

    def subtitle(self):
        return self.practice.tagline or f"Articles by the physicians of {self.practice.name}."

    def link(self):
        return settings.SITE_URL + "/news/"

    def feed_url(self):
        return settings.SITE_URL + "/news/feed/"

    def items(self):
        return list(_visible_posts(self.now)[: self.limit])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return render_markdown(item.body)

    def item_link(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def item_guid(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def item_author_name(self, item):
        return item.author.display_name

    def item_author_link(self, item):
        return settings.SITE_URL + item.author.get_absolute_url()

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)


@require_GET
@pagecache.cached_page(lambda: "news-feed")
def news_feed(request):
    now = clock.now()
    response = NewsFeed(now=now)(request)  # one instance per request: it holds the request's clock
    return pagecache.expire_at(response, Post.objects.next_scheduled_at(now=now), now=now)


# The physician's own posts -----------------------------------------------------------------------


def access_own_post(request, pk) -> Post:
    """The one gate to a post for its author's pages: it must belong to the logged-in physician (else 404)."""
    return get_object_or_404(Post.objects.select_related("author__practice"), pk=pk,
                             author__account=request.user)


@login_required
@require_GET
def my_posts(request):
    profile = access_own_profile(request)
    posts = profile.posts.order_by("-created_at")
    return render(request, "profiles/post_list.html", {"profile": profile, "practice": profile.practice,
                                                       "posts": posts, "now": clock.now()})


def _form_page(request, *, form, profile, post=None, held=None, status=200):
    context = {"form": form, "profile": profile, "practice": profile.practice, "post": post}
    if held is not None:
        context["marked_parts"], context["findings"] = held.result.marked()
    return render(request, "profiles/post_form.html", context, status=status)


@login_required
def new_post(request):
    profile = access_own_profile(request)
    form = PostForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        post = post_actions.save_post_form(form, author=profile, by=request.user)
        return redirect("profiles:preview-post", pk=post.pk)
    return _form_page(request, form=form, profile=profile)


@login_required
def edit_post(request, pk):
    post = access_own_post(request, pk)
    form = PostForm(request.POST or None, request.FILES or None, instance=post)
    if request.method == "POST" and form.is_valid():
        try:
            post_actions.save_post_form(form, author=post.author, by=request.user)
        except post_actions.Held as held:
            return _form_page(request, form=form, profile=post.author, post=post, held=held)
        messages.success(request, "Saved.")
        return redirect("profiles:preview-post", pk=post.pk)
    return _form_page(request, form=form, profile=post.author, post=post)


@login_required
@require_GET
def preview_post(request, pk):
    """The post as the public page shows it, with what the privacy guard finds in it now (recorded)."""
    post = access_own_post(request, pk)
    result = post_actions.run_check(post.guarded_parts(), subject=post_actions.Subject.POST, profile=post.author,
                                    post=post, by=request.user, action="preview")
    marked_parts, findings = result.marked()
    review = post.reviews.order_by("-requested_at", "-pk").first()
    context = _post_context(post, preview=True, result=result, marked_parts=marked_parts, findings=findings,
                            review=review, publish_form=PublishForm(), now=clock.now())
    return render(request, "profiles/post_detail.html", context)


@login_required
@require_POST
def publish_post(request, pk):
    post = access_own_post(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please give a valid date and time, or leave it empty to publish now.")
        return redirect("profiles:preview-post", pk=post.pk)
    now = clock.now()
    try:
        post_actions.publish_post(post, by=request.user, now=now, publish_at=form.cleaned_data["publish_at"])
    except post_actions.Held as held:
        return _form_page(request, form=PostForm(instance=post), profile=post.author, post=post, held=held)
    post.refresh_from_db()
    if post.status == Post.Status.SCHEDULED:
        messages.success(request, f"Scheduled: the post goes public on {post.publish_at:%Y-%m-%d at %H:%M %Z}.")
    else:
        messages.success(request, "Published.")
    return redirect("profiles:preview-post", pk=post.pk)


@login_required
@require_POST
def unpublish_post(request, pk):
    post_actions.unpublish_post(access_own_post(request, pk), by=request.user)
    messages.success(request, "The post is no longer on the site.")
    return redirect("profiles:preview-post", pk=pk)


@login_required
@require_POST
def send_post_for_review(request, pk):
    post = access_own_post(request, pk)
    try:
        post_actions.send_for_review(profile=post.author, post=post, by=request.user)
    except post_actions.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Sent to practice staff. You can publish once they approve it.")
    return redirect("profiles:preview-post", pk=pk)

