import pytest

from portal.celery import app, ping


@pytest.mark.worker
def test_a_real_worker_on_redis_runs_a_task_it_was_sent(real_worker, settings):
    assert app.conf.task_always_eager is False
    assert app.conf.broker_url.startswith("redis://")
    result = ping.delay()
    assert result.get(timeout=30) == "pong", real_worker()
    assert "portal.celery.ping" in real_worker()
