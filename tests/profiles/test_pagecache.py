from django.core.cache import cache

from profiles import pagecache


def _bump_elsewhere(group: str) -> None:
    """What another worker's invalidate() does to the shared cache (it cannot reach our process memory)."""
    key = pagecache._gen_key(group)
    cache.add(key, 1, None)
    cache.incr(key)


def test_another_workers_save_reaches_this_process_within_the_local_ttl(client, physician_factory, monkeypatch):
    from profiles.models import PhysicianProfile

    profile = physician_factory(name="Old Name")
    clock = [1000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: clock[0])
    assert b"Old Name" in client.get(profile.get_absolute_url()).content
    PhysicianProfile.objects.filter(pk=profile.pk).update(name="New Name")
    _bump_elsewhere(pagecache.profile_group(slug=profile.slug))
    clock[0] += pagecache.LOCAL_TTL / 2
    assert b"Old Name" in client.get(profile.get_absolute_url()).content  # this process's copy, still fresh
    clock[0] += pagecache.LOCAL_TTL
    assert b"New Name" in client.get(profile.get_absolute_url()).content


def test_the_shared_cache_serves_a_page_rendered_by_another_worker(client, physician_factory, monkeypatch,
                                                                   django_assert_num_queries):
    profile = physician_factory()
    first = client.get(profile.get_absolute_url()).content
    pagecache.clear_local()  # as if the next request reached another worker
    with django_assert_num_queries(0):
        assert client.get(profile.get_absolute_url()).content == first


def test_junk_query_parameters_share_the_cached_directory(rf):
    request = rf.get("/doctors/?utm_source=x&specialty=cardiology&q=&zz=1&language=spanish")
    expected = "language=spanish&specialty=cardiology"
    assert pagecache.normalized_query(request, ("q", "specialty", "language")) == expected


def test_invalidating_one_profile_leaves_other_profiles_cached(client, physician_factory, django_assert_num_queries):
    a, b = physician_factory(), physician_factory()
    client.get(a.get_absolute_url())
    client.get(b.get_absolute_url())
    pagecache.invalidate(pagecache.profile_group(slug=a.slug))
    with django_assert_num_queries(0):
        client.get(b.get_absolute_url())
    pagecache.clear_local()
    with django_assert_num_queries(0):
        client.get(b.get_absolute_url())
    with django_assert_num_queries(3):
        client.get(a.get_absolute_url())
