"""Issue 20: CACHE_URL gives every process and server one cache (Redis or Valkey), tested
against a real redis-server started for the test and stopped by its PID."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches as django_caches
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from core.cache_url import LOCMEM, REDIS, caches
from core.kept import kept
from tests.servers import redis_server

ROOT = Path(__file__).resolve().parent.parent.parent


def test_cache_url_chooses_the_backend():
    assert caches("", key_prefix="an")["default"]["BACKEND"] == LOCMEM
    shared = caches("redis://:geheim@cache.intern:6379/2", key_prefix="heuvelbeke")["default"]
    assert shared["BACKEND"] == REDIS
    assert shared["LOCATION"] == "redis://:geheim@cache.intern:6379/2"
    assert shared["KEY_PREFIX"] == "heuvelbeke"
    assert caches("valkey://cache:6379/0", key_prefix="an")["default"]["LOCATION"] == (
        "redis://cache:6379/0"
    )
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        caches("memcached://cache:11211", key_prefix="an")


@pytest.fixture
def shared_cache(settings):
    with redis_server() as (url, process):
        settings.CACHES = caches(url, key_prefix="proef")
        yield url, process
        django_caches["default"].close()


def read_in_another_process(url, code):
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CACHE_URL": url,
        "CACHE_KEY_PREFIX": "proef",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.django_db
def test_what_one_process_keeps_another_finds(shared_cache):
    url, _process = shared_cache
    computed = []

    def compute():
        computed.append(1)
        return {"besparing": 42_500}

    assert kept(("cycle", 7), ("nl",), compute) == {"besparing": 42_500}
    assert kept(("cycle", 7), ("nl",), compute) == {"besparing": 42_500}
    assert computed == [1]
    # another process (another gunicorn worker or server) reads the same entry
    code = "from django.core.cache import cache\nprint(cache.get('kept:cycle:7:0:nl'))"
    assert read_in_another_process(url, code) == "{'besparing': 42500}"


@pytest.mark.django_db
def test_a_cache_that_is_down_makes_the_process_not_ready(client, shared_cache):
    _url, process = shared_cache
    assert client.get(reverse("health-ready")).status_code == 200
    process.terminate()
    process.wait(timeout=10)
    response = client.get(reverse("health-ready"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True
