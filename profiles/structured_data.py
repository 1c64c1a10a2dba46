"""
schema.org JSON-LD for the public pages: the practice as a ``MedicalClinic``, a physician as a
``Physician`` working there. Built from profiles rows only, already loaded by the view.
"""

import json

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

# The characters that could end a <script> element or start markup inside it.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _address(location) -> dict:
    return {
        "@type": "PostalAddress",
        "streetAddress": location.street_address,
        "addressLocality": location.locality,
        "addressRegion": location.region,
        "postalCode": location.postal_code,
        "addressCountry": location.country,
    }


def _place(practice, location) -> dict:
    return {
        "@type": "MedicalClinic",
        "name": f"{practice.name}, {location.name}",
        "address": _address(location),
        "telephone": location.phone or practice.phone,
        "openingHours": [period.schema for period in location.hours],
    }


def _script(data: dict) -> SafeString:
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308 - escaped above


def clinic(practice, locations) -> SafeString:
    """The practice and its locations."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "name": practice.name,
        "url": settings.SITE_URL + "/",
        "telephone": practice.phone,
        "department": [_place(practice, location) for location in locations],
    }
    if practice.tagline:
        data["description"] = practice.tagline
    return _script(data)


def physician(profile, practice, locations) -> SafeString:
    """A physician's professional facts (no personal contact: the practice's phone and addresses)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Physician",
        "name": profile.display_name,
        "url": settings.SITE_URL + profile.get_absolute_url(),
        "medicalSpecialty": [term.name for term in profile.specialties],
        "knowsLanguage": [term.name for term in profile.languages],
        "isAcceptingNewPatients": profile.accepting_new_patients,
        "telephone": practice.phone,
        "parentOrganization": {"@type": "MedicalClinic", "name": practice.name, "url": settings.SITE_URL + "/"},
    }
    if locations:
        data["address"] = [_address(location) for location in locations]
    if profile.photo:
        data["image"] = settings.SITE_URL + profile.photo.url
    return _script(data)


def article(post, practice, *, description: str) -> SafeString:
    """A physician's post as a ``BlogPosting`` by that physician, published by the practice."""
    url = settings.SITE_URL + post.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "description": description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": post.publish_at.isoformat() if post.publish_at else None,
        "dateModified": max(post.updated_at, post.publish_at or post.updated_at).isoformat(),
        "author": {"@type": "Physician", "name": post.author.display_name,
                   "url": settings.SITE_URL + post.author.get_absolute_url()},
        "publisher": {"@type": "MedicalClinic", "name": practice.name, "url": settings.SITE_URL + "/"},
    }
    if post.image:
        data["image"] = settings.SITE_URL + post.image.url
    return _script({key: value for key, value in data.items() if value is not None})
