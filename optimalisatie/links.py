"""Pages about an advice or a cycle that the apps built on the optimisation offer (the
implementation plan, the results), linked from the advice's and the cycle's page without this
app knowing those apps: dependencies point one way (docs/architecture.md).

An app registers, in its AppConfig.ready(), a function that names its pages about an advice or
a cycle as (label, url) pairs:

    links.register_advies(lambda advies: [(_("Implementation"), url)] if ... else [])
    links.register_cycle(lambda cycle: [(_("Results"), url)])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Link = tuple[str, str]

_ADVIES: list[Callable[..., Iterable[Link]]] = []
_CYCLE: list[Callable[..., Iterable[Link]]] = []


def _add(providers, fn):
    if fn not in providers:  # once, however often ready() runs
        providers.append(fn)
    return fn


def register_advies(fn: Callable[..., Iterable[Link]]) -> Callable[..., Iterable[Link]]:
    """`fn(advies)` names the registering app's pages about the advice."""
    return _add(_ADVIES, fn)


def register_cycle(fn: Callable[..., Iterable[Link]]) -> Callable[..., Iterable[Link]]:
    """`fn(cycle)` names the registering app's pages about the cycle."""
    return _add(_CYCLE, fn)


def advies_links(advies) -> list[Link]:
    return [(str(label), str(url)) for fn in _ADVIES for label, url in fn(advies) or ()]


def cycle_links(cycle) -> list[Link]:
    return [(str(label), str(url)) for fn in _CYCLE for label, url in fn(cycle) or ()]
