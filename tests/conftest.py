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
