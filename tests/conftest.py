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

_APP_DIRS = ("accounts", "afsprakennota", "core", "optimalisatie", "uitvoering", "vergaderingen")


def _written_by_app_code() -> bool:
    """Whether application code (not a test, a factory, a model's own save, a migration or
    the demo) made the write now being saved."""
    import sys
    from pathlib import Path

    from django.conf import settings

    base = Path(settings.BASE_DIR)
    frame = sys._getframe(2)
    while frame is not None:
        try:
            relative = Path(frame.f_code.co_filename).resolve().relative_to(base)
        except ValueError:
            relative = None
        if relative is not None and relative.parts and relative.parts[0] in _APP_DIRS:
            name = relative.name
            if not (name in ("models.py", "demo.py") or "migrations" in relative.parts):
                return True
        frame = frame.f_back
    return False


@pytest.fixture(autouse=True)
def _counted_writes_are_announced():
    """A write of a counted model by application code must be announced with
    core.figures.figures_changed in the same request or service, or kept figures go stale.
    Fails the test that made such a write without it."""
    from django.db.models.signals import post_delete, post_save

    from core.figures import counted_models, recording

    registry = counted_models()
    written: list[tuple] = []

    def record(sender, instance, **kwargs):
        entry = registry.get(sender)
        if entry is None or not _written_by_app_code():
            return
        key = entry.key(instance)
        if key is not None:
            written.append((sender.__name__, instance.pk, key))

    announced = recording(True)
    for model in registry:
        post_save.connect(record, sender=model, dispatch_uid=f"counted-{model.__name__}")
        post_delete.connect(record, sender=model, dispatch_uid=f"counted-del-{model.__name__}")
    yield
    for model in registry:
        post_save.disconnect(sender=model, dispatch_uid=f"counted-{model.__name__}")
        post_delete.disconnect(sender=model, dispatch_uid=f"counted-del-{model.__name__}")
    recording(False)
    missing = [w for w in written if w[2] not in announced]
    assert not missing, f"writes of counted models without figures_changed(): {missing}"
