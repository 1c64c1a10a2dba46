"""The portal's URL surface: every pattern from the resolver, and a concrete address for each one."""

import re

from django.urls import URLPattern, URLResolver, get_resolver, reverse

ADMIN_OBJECT = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/<path:object_id>/")


def url_patterns() -> list[tuple[str, str, str | None]]:
    """(key, route, name) for every pattern, walking nested resolvers. The key is the namespaced name,
    or the full route for unnamed patterns (the admin's redirects and catch-all)."""
    found = []

    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = ":".join(filter(None, [namespace, pattern.namespace])) or None
                walk(pattern, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                found.append((name or route, route, name))

    walk(get_resolver(), "", None)
    return found


def _special(world) -> dict:
    """Arguments for the patterns that take more than an admin object id."""
    a, draft = world.profile_a, world.draft_a
    return {
        "admin:view_on_site": {"content_type_id": world.profile_content_type, "object_id": a.pk},
        "admin:app_list": {"app_label": "messaging"},
        "admin:auth_user_password_change": {"id": world.users["physician_b"].pk},
        "admin:consent_patient_record": {"patient_id": world.patient.pk},
        "admin:consent_patient_export": {"patient_id": world.patient.pk},
        "account_confirm_email": {"key": world.email_confirm_key},
        "account_reset_password_from_key": {"uidb36": world.reset_uidb36, "key": world.reset_key},
        "consent:confirm-email": {"token": world.confirm_token},
        "consent:confirm-text-link": {"patient_id": world.pending.pk, "code": world.sms_code},
        "consent:unsubscribe": {"token": world.unsubscribe_token},
        "consent:preferences": {"token": world.preferences_token},
        "profiles:profile-detail": {"slug": a.slug},
        "profiles:post-detail": {"slug": world.post_a.slug},
        "profiles:photo": {"name": world.photo_name},
        "profiles:post-image": {"name": world.photo_name},
        "profiles:publish-profile": {"pk": a.pk},
        "profiles:unpublish-profile": {"pk": a.pk},
        "profiles:send-bio-for-review": {"pk": a.pk},
        "profiles:preview-post": {"pk": draft.pk},
        "profiles:edit-post": {"pk": draft.pk},
        "profiles:publish-post": {"pk": draft.pk},
        "profiles:unpublish-post": {"pk": world.post_a.pk},
        "profiles:send-post-for-review": {"pk": draft.pk},
    }


def concrete_url(key: str, route: str, name: str | None, world) -> str:
    """A real address for the pattern, built on the world's objects (physician A's, the patient's)."""
    special = _special(world)
    if key in special:
        return reverse(name, kwargs=special[key])
    if name is None:
        if route == "admin/(?P<url>.*)$":
            return "/admin/no-such-page/"
        match = ADMIN_OBJECT.match(route)
        assert match, f"no address rule for the unnamed pattern {route!r}"
        return "/" + route.replace("<path:object_id>", str(world.admin_objects[f"{match['app']}.{match['model']}"]))
    if "<path:object_id>" in route:
        match = ADMIN_OBJECT.match(route)
        return reverse(name, kwargs={"object_id": world.admin_objects[f"{match['app']}.{match['model']}"]})
    return reverse(name)
