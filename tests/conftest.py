import pytest
from django.db import connection


def pytest_collection_modifyitems(config, items):
    """Tests that need PostgreSQL itself skip on SQLite only, and say why."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL (row locks or full-text search); this run uses SQLite"
    )
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the kept results of a cycle (uitvoering.
    results_cache) are keyed by primary keys, which SQLite hands out again after a rollback."""
    from django.core.cache import cache

    cache.clear()
    yield


# --- counted writes announce themselves (core.figures) -------------------------------------------


@pytest.fixture(autouse=True)
def _counted_writes_are_announced():
    """A write of a counted model by application code must be announced with
    core.figures.figures_changed, or kept figures go stale (tests/figures_check.py).
    Fails the test that made such a write without it."""
    from tests.figures_check import CountedWrites

    with CountedWrites() as check:
        yield
    assert not check.unannounced(), (
        f"writes of counted models without figures_changed(): {check.unannounced()}"
    )


# --- object storage (issue 20) -------------------------------------------------------------------


@pytest.fixture(scope="session")
def s3_endpoint():
    """One S3 emulator (moto's server) for the session, started and stopped by its PID."""
    from tests.servers import s3_server

    with s3_server() as (endpoint, _process):
        yield endpoint


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    """The default storage in a fresh bucket of the emulator, as production's settings make it
    from AWS_STORAGE_BUCKET_NAME and AWS_S3_ENDPOINT_URL."""
    import uuid

    import boto3

    bucket = f"test-{uuid.uuid4().hex[:12]}"
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
    boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1", **credentials
    ).create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "file_overwrite": False,
                "default_acl": None,
                "querystring_auth": True,
            },
        },
    }
    return bucket
