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
