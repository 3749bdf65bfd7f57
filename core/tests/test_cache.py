"""The cache is shared between processes when HEARD_CACHE_URL names one, and the deploy check says
when it is not."""

import os
import subprocess
import sys
import uuid

import pytest
from django.test import override_settings

from core.checks import shared_cache

REDIS_URL = os.environ.get("HEARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def _in_a_new_process(code: str, cache_url: str) -> subprocess.CompletedProcess:
    """Run `code` in another Python process with Django set up, as another web process would be."""
    setup = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup(); "
    env = {**os.environ, "HEARD_CACHE_URL": cache_url}
    command = [sys.executable, "-c", setup + code]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)  # noqa: S603 (this interpreter, this code)


def _settings_in_a_new_process(cache_url: str) -> subprocess.CompletedProcess:
    return _in_a_new_process(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])", cache_url
    )


def test_a_redis_address_gives_a_redis_cache():
    done = _settings_in_a_new_process("redis://cache.internal:6379/0")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


def test_local_keeps_the_cache_in_the_process():
    done = _settings_in_a_new_process("local")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


def test_an_address_of_another_kind_is_refused_by_name():
    done = _settings_in_a_new_process("memcached://cache.internal:11211")
    assert done.returncode != 0
    assert "HEARD_CACHE_URL must be a redis://" in done.stderr


@pytest.mark.parametrize(
    ("caches_setting", "cache_url", "warned"),
    [
        (LOCAL, "", True),
        (LOCAL, "local", False),
        (
            {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}},
            REDIS_URL,
            False,
        ),
    ],
)
def test_the_deploy_check_asks_for_a_shared_cache(caches_setting, cache_url, warned):
    with override_settings(CACHES=caches_setting, HEARD_CACHE_URL=cache_url):
        found = shared_cache()
    assert [w.id for w in found] == (["heard.W001"] if warned else [])


def test_a_file_claimed_for_import_in_one_process_is_refused_in_another():
    """Two web processes share the guard that stops one file being imported twice at once."""
    shared = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "heard",
        }
    }
    token = uuid.uuid4().hex
    other_process = (
        f"from feedback.imports.storage import job_claim; print(job_claim(organisation_id=7, token={token!r}))"
    )
    with override_settings(CACHES=shared):
        from feedback.imports.storage import job_claim, job_release

        try:
            assert job_claim(organisation_id=7, token=token) is True
            done = _in_a_new_process(other_process, REDIS_URL)
            assert done.returncode == 0, done.stderr
            assert done.stdout.strip() == "False"
            job_release(organisation_id=7, token=token)
            done = _in_a_new_process(other_process, REDIS_URL)
            assert done.stdout.strip() == "True"
        finally:
            job_release(organisation_id=7, token=token)
