"""CACHE_URL → Django's CACHES (issue 20). Imported by the settings: no models here.

- unset or `locmem://`: memory of each process (development, one process);
- `redis://host:6379/0`, `rediss://…` (TLS), with an optional password `redis://:secret@host`:
  Django's built-in Redis backend against Redis or Valkey, shared by every process and
  server, so what one worker keeps the others find.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

REDIS = "django.core.cache.backends.redis.RedisCache"
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


def caches(url: str, *, key_prefix: str) -> dict:
    scheme = urlsplit(url).scheme if url else "locmem"
    if scheme == "locmem":
        return {"default": {"BACKEND": LOCMEM, "KEY_PREFIX": key_prefix}}
    if scheme in ("redis", "rediss", "valkey", "valkeys"):
        location = url.replace("valkey", "redis", 1) if scheme.startswith("valkey") else url
        return {
            "default": {
                "BACKEND": REDIS,
                "LOCATION": location,
                "KEY_PREFIX": key_prefix,
                # A cache that does not answer within a second is treated as an error (the
                # readiness check reports it) rather than holding the request.
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
    raise ImproperlyConfigured(f"CACHE_URL: unknown scheme {scheme!r} (use redis:// or locmem://).")
