import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

PERSONAL = {
    "email": "robin.private.mailbox@personal-mail.example",
    "personal_phone": "+1 555 0199 7788",
    "home_address": "77 Hidden Hollow Lane, Privateville",
    "personal_social_accounts": "@robin_offduty_weekends",
    "first_name": "Robinaccountfirst",
    "last_name": "Accountlastname",
}


def _public_urls(profiles):
    urls = ["/", "/doctors/", "/doctors/?q=robin", "/doctors/?specialty=cardiology&language=english",
            "/doctors/?location=lake-street&accepting=1", "/sitemap.xml", "/robots.txt"]
    for profile in profiles:
        urls += [profile.get_absolute_url(), profile.photo_url] if profile.photo else [profile.get_absolute_url()]
    return urls


def test_no_personal_value_of_a_physician_appears_on_any_public_page(client, physician_factory):
    from profiles import demo, images

    profiles = []
    for i in range(2):
        extra = {key: value.replace("robin", f"robin{i}") for key, value in PERSONAL.items()}
        extra["email"] = f"{i}.{PERSONAL['email']}"
        profiles.append(physician_factory(
            name=f"Dana Public{i}", account_extra=extra, bio="Sees adults and children.",
            photo=images.clean_image(demo.demo_photo("DP", i)), board_certifications="Board of Cardiology",
        ))
    unpublished = physician_factory(published=False, account_extra={"personal_phone": "+1 555 0199 0000"})
    secrets = [value for key, value in PERSONAL.items()]
    secrets += [value.replace("robin", f"robin{i}") for i in range(2) for value in PERSONAL.values()]
    secrets += [p.account.email for p in [*profiles, unpublished]] + ["+1 555 0199 0000", "5550199"]
    secrets += [p.account.password for p in profiles]
    for url in [*_public_urls(profiles), unpublished.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        for secret in secrets:
            assert secret.encode() not in body, (url, secret)
            assert secret.lower() not in body.decode("latin-1").lower(), (url, secret)
            assert secret not in headers, (url, secret)
    # The page did render the professional facts, so the check above looked at real pages.
    assert b"Dana Public0, MD" in client.get(profiles[0].get_absolute_url()).content


@pytest.mark.parametrize("path", ["/", "/doctors/", "/doctors/?specialty=cardiology", "PROFILE", "/sitemap.xml",
                                  "/robots.txt"])
def test_public_pages_set_no_cookie_and_do_not_vary_on_cookie(client, physician_factory, path):
    profile = physician_factory()
    path = profile.get_absolute_url() if path == "PROFILE" else path
    for _ in range(2):  # uncached, then cached
        response = client.get(path)
        assert response.status_code == 200
        assert not response.cookies
        assert "Set-Cookie" not in response.headers
        assert "cookie" not in response.headers.get("Vary", "").lower()
        assert b"csrfmiddlewaretoken" not in response.content


def test_a_logged_in_visitor_gets_the_same_public_page_as_everyone(client, physician_factory):
    from django.test import Client

    profile = physician_factory()
    anonymous = Client().get(profile.get_absolute_url()).content
    client.force_login(profile.account)
    response = client.get(profile.get_absolute_url())
    assert response.status_code == 200 and response.content == anonymous
    assert b"Log out" not in response.content and b"csrfmiddlewaretoken" not in response.content


def test_a_profile_page_takes_at_most_three_queries_and_none_once_cached(
    client, physician_factory, django_assert_max_num_queries, django_assert_num_queries
):
    profile = physician_factory(specialties=("cardiology", "pediatrics"), languages=("english", "spanish"),
                                locations=("lake-street", "hill-road"))
    with django_assert_max_num_queries(3):
        first = client.get(profile.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(profile.get_absolute_url())
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert b"Pediatrics" in first.content and b"Hill Road" in first.content and b"Spanish" in first.content


def _count_queries(client, url) -> int:
    from django.core.cache import cache

    from profiles import pagecache

    cache.clear()
    pagecache.clear_local()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/doctors/", "/doctors/?specialty=cardiology&language=english&accepting=1", "/"])
def test_directory_and_home_make_the_same_number_of_queries_for_3_or_30_physicians(client, physician_factory, url):
    for _ in range(3):
        physician_factory()
    few = _count_queries(client, url)
    for i in range(27):
        physician_factory(specialties=("cardiology", "pediatrics"), languages=("english", "spanish"),
                          locations=("lake-street", "hill-road"), accepting=bool(i % 2))
    assert _count_queries(client, url) == few
    assert few <= 8


def test_unpublished_profiles_answer_404_to_the_public(client, physician_factory):
    profile = physician_factory(published=False, name="Hidden Draftname")
    assert client.get(profile.get_absolute_url()).status_code == 404
    for url in ["/doctors/", "/", "/sitemap.xml"]:
        assert b"Hidden Draftname" not in client.get(url).content
        assert profile.slug.encode() not in client.get(url).content


def test_directory_filters_by_specialty_language_location_acceptance_and_name(client, physician_factory):
    a = physician_factory(name="Ana Heart", specialties=("cardiology",), languages=("spanish",))
    b = physician_factory(name="Ben Child", specialties=("pediatrics",), languages=("english",),
                          locations=("hill-road",), accepting=False)

    def names(query):
        content = client.get(f"/doctors/?{query}").content.decode()
        return {p.name for p in (a, b) if p.display_name in content}

    assert names("") == {"Ana Heart", "Ben Child"}
    assert names("specialty=pediatrics") == {"Ben Child"}
    assert names("language=spanish") == {"Ana Heart"}
    assert names("specialty=cardiology&language=english") == set()
    assert names("location=hill-road") == {"Ben Child"}
    assert names("accepting=1") == {"Ana Heart"}
    assert names("q=heart") == {"Ana Heart"}
    assert names("specialty=not-a-real-one") == {"Ana Heart", "Ben Child"}  # an unknown filter is ignored


def test_profile_page_has_title_description_canonical_open_graph_and_contact_link(client, physician_factory):
    profile = physician_factory(name="Cleo Meta")
    html = client.get(profile.get_absolute_url()).content.decode()
    assert "<title>Cleo Meta, MD, Cardiology | Lakeside Clinic</title>" in html
    assert re.search(r'<meta name="description" content="Cleo Meta, MD, Cardiology, at Lakeside Clinic\.', html)
    assert f'<link rel="canonical" href="http://127.0.0.1:8000/doctors/{profile.slug}/">' in html
    assert '<meta property="og:title" content="Cleo Meta, MD">' in html
    assert f'href="/contact/?doctor={profile.slug}"' in html
    assert "+1 555 0100 400" in html  # the practice's phone, the only phone number shown


def _jsonld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_profile_and_home_pages_carry_valid_schema_org_json_ld(client, physician_factory):
    profile = physician_factory(name="Dee </script><b>Jay", specialties=("cardiology", "pediatrics"))
    (physician,) = _jsonld(client.get(profile.get_absolute_url()).content.decode())
    assert physician["@type"] == "Physician"
    assert physician["name"] == "Dee </script><b>Jay, MD"  # escaped inside the script, intact once parsed
    assert physician["medicalSpecialty"] == ["Cardiology", "Pediatrics"]
    assert physician["address"][0]["streetAddress"] == "1 Lake Street"
    assert physician["isAcceptingNewPatients"] is True
    (clinic,) = _jsonld(client.get("/").content.decode())
    assert clinic["@type"] == "MedicalClinic" and clinic["name"] == "Lakeside Clinic"
    (directory_clinic,) = _jsonld(client.get("/doctors/").content.decode())
    assert directory_clinic == clinic
    hours = {place["name"]: place["openingHours"] for place in clinic["department"]}
    assert hours == {"Lakeside Clinic, Lake Street": ["Mo-Fr 08:00-17:00"],
                     "Lakeside Clinic, Hill Road": ["Sa 09:00-12:00"]}


def test_sitemap_lists_published_profiles_and_robots_points_to_it(client, physician_factory):
    published = physician_factory()
    draft = physician_factory(published=False)
    sitemap = client.get("/sitemap.xml")
    assert sitemap["Content-Type"].startswith("application/xml")
    assert f"<loc>http://127.0.0.1:8000/doctors/{published.slug}/</loc>".encode() in sitemap.content
    assert draft.slug.encode() not in sitemap.content
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert b"Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots.content
    assert b"Disallow: /admin/" in robots.content


def test_no_public_page_offers_to_follow_friend_or_message_the_physicians_account(client, physician_factory):
    profile = physician_factory()
    for url in ["/", "/doctors/", profile.get_absolute_url()]:
        html = client.get(url).content.decode().lower()
        for word in ("follow me", "add friend", "friend request", "send a message to dr", "direct message"):
            assert word not in html
        assert "mailto:" not in html


def test_photos_are_served_with_long_cache_headers_and_unknown_names_404(client, physician_factory):
    from profiles import demo, images

    profile = physician_factory(photo=images.clean_image(demo.demo_photo("PH")))
    response = client.get(profile.photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"]
    assert client.get("/media/photos/nothing.jpg").status_code == 404
    assert client.get("/media/photos/..%2f..%2fsettings.py").status_code == 404
