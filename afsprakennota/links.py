"""The subjects that use a nota, named by the apps that hold them.

A nota does not know what uses it: an optimisation exercise points at its nota, not the other
way round. An app that points at notas registers a function in its `AppConfig.ready()`:

    links.register(lambda nota: [(cycle.title, cycle_url) for cycle in ...])

`fn(nota)` returns the (title, url) pairs of its subjects that use the nota; the nota page
lists them all (`subject_links`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Link = tuple[str, str]

_PROVIDERS: list[Callable[..., Iterable[Link]]] = []


def register(fn: Callable[..., Iterable[Link]]) -> Callable[..., Iterable[Link]]:
    """Add a provider of subject links (once, however often ready() runs)."""
    if fn not in _PROVIDERS:
        _PROVIDERS.append(fn)
    return fn


def subject_links(nota) -> list[Link]:
    """(title, url) of every subject that uses this nota, in the order the apps registered."""
    return [(str(title), str(url)) for fn in _PROVIDERS for title, url in fn(nota) or ()]
