"""Counted changes announce themselves in one place: `figures_changed(obj)`.

Pages keep figures between requests (`core.kept`), and some models keep stored figures of
their own (an implementation plan's weights and dates). Whatever writes an object that such
figures count calls `figures_changed` on the object (or its parent) once, after the write and
within the same transaction. It

- refreshes the stored figures that depend on it, at once (the app's `refresh`);
- raises the stamps of the kept figures it counts in, after the commit (`core.kept.changed`);
- records that the write was announced, so that tests can check that no write of a counted
  model commits unannounced (`tests/conftest.py`).

An app declares its counted models in `AppConfig.ready()` with `counted(model, key=...,
stamps=..., refresh=..., announces=...)`; another app that keeps figures of its own from the
same model adds its refresh with `also_refresh(model, refresh)`. Nothing else raises a stamp
or refreshes stored figures: no `save()` override, no fetch helper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models

from .kept import changed

Key = tuple


@dataclass(frozen=True)
class Counted:
    # What a write of one row belongs to, without a query (for the check): ("cycle", 3).
    key: Callable[[models.Model], Key | None]
    # The kept figures it counts in, as core.kept scopes.
    stamps: Callable[[models.Model], Iterable[tuple]] = lambda obj: ()
    # Stored figures to recompute now, within the transaction (in order).
    refresh: tuple[Callable[[models.Model], None], ...] = ()
    # The keys one call covers (default: the object's own key).
    announces: Callable[[models.Model], Iterable[Key]] | None = None


_REGISTRY: dict[type[models.Model], Counted] = {}
# The keys announced while a test records them (`recording`); None otherwise.
_announced: set | None = None


def counted(
    model: type[models.Model],
    *,
    key: Callable[[models.Model], Key | None],
    stamps: Callable[[models.Model], Iterable[tuple]] = lambda obj: (),
    refresh: Callable[[models.Model], None] | None = None,
    announces: Callable[[models.Model], Iterable[Key]] | None = None,
) -> None:
    """Declare that writes of `model` change kept or stored figures."""
    _REGISTRY[model] = Counted(
        key=key, stamps=stamps, refresh=(refresh,) if refresh else (), announces=announces
    )


def also_refresh(model: type[models.Model], refresh: Callable[[models.Model], None]) -> None:
    """Another app keeps stored figures that a write of `model` (already `counted`) changes:
    figures_changed calls `refresh` too, after the model's own."""
    entry = _REGISTRY[model]
    _REGISTRY[model] = Counted(
        key=entry.key,
        stamps=entry.stamps,
        refresh=(*entry.refresh, refresh),
        announces=entry.announces,
    )


def counted_models() -> dict[type[models.Model], Counted]:
    return dict(_REGISTRY)


def is_counted(obj: models.Model) -> bool:
    return type(obj) in _REGISTRY


def figures_changed(*objs: models.Model) -> None:
    """`objs` (or what they belong to) changed in a way that counts: refresh their stored
    figures now and raise their stamps once the transaction commits."""
    for obj in objs:
        entry = _REGISTRY[type(obj)]
        for refresh in entry.refresh:
            refresh(obj)
        for scope in entry.stamps(obj):
            changed(*scope)
        if _announced is not None:
            keys = entry.announces(obj) if entry.announces else [entry.key(obj)]
            _announced.update(k for k in keys if k is not None)


def recording(on: bool) -> set:
    """Start (or stop) recording the announced keys, for the tests' check; returns the set
    that fills up, in any thread (the browser tests' live server runs in another)."""
    global _announced
    _announced = set() if on else None
    return _announced if _announced is not None else set()
