"""Settings for the benchmark: the base settings with DEBUG off (so templates are cached, as
in production), on the data set's PostgreSQL database (bench.db sets DATABASE_URL), with one
extra page: the floor view (bench.urls)."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("EMAIL_URL", "memorymail://")
# as in production: exports, mail and sealing wait for the worker (bench.measure times the
# worker's side of the results export apart)
os.environ.setdefault("TASKS_BACKEND", "database")

from config.settings.base import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
# The in-process measurements and gunicorn's workers each hold one connection at a time.
DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 1, "max_size": 4, "timeout": 10}  # noqa: F405
