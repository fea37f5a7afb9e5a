"""The check behind tests/conftest.py's `_counted_writes_are_announced`: every write of a
model registered with core.figures.counted, made by application code, is announced with
figures_changed (its key is among the announced keys)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from core.figures import counted_models, recording

APP_DIRS = ("accounts", "afsprakennota", "core", "optimalisatie", "uitvoering", "vergaderingen")


def written_by_app_code(depth: int = 2) -> bool:
    """Whether application code (not a test, a factory, a model's own save, a migration or
    the demo) made the write now being saved."""
    base = Path(settings.BASE_DIR)
    frame = sys._getframe(depth)
    while frame is not None:
        try:
            relative = Path(frame.f_code.co_filename).resolve().relative_to(base)
        except ValueError:
            relative = None
        if (
            relative is not None
            and relative.parts
            and relative.parts[0] in APP_DIRS
            and relative.name not in ("models.py", "demo.py")
            and "migrations" not in relative.parts
        ):
            return True
        frame = frame.f_back
    return False


class CountedWrites:
    """Records the counted writes made by application code and the keys announced while
    it is active (a context manager)."""

    def __init__(self):
        self.registry = counted_models()
        self.written: list[tuple] = []
        self.announced: set = set()

    def _record(self, sender, instance, **kwargs):
        entry = self.registry.get(sender)
        if entry is None or not written_by_app_code(depth=3):
            return
        key = entry.key(instance)
        if key is not None:
            self.written.append((sender.__name__, instance.pk, key))

    def __enter__(self):
        self.announced = recording(True)
        for model in self.registry:
            uid = f"counted-{model._meta.label}"
            post_save.connect(self._record, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(self._record, sender=model, dispatch_uid=uid + "-del", weak=False)
        return self

    def __exit__(self, *exc):
        for model in self.registry:
            uid = f"counted-{model._meta.label}"
            post_save.disconnect(sender=model, dispatch_uid=uid)
            post_delete.disconnect(sender=model, dispatch_uid=uid + "-del")
        recording(False)
        return False

    def unannounced(self) -> list[tuple]:
        return [w for w in self.written if w[2] not in self.announced]
