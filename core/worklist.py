"""What awaits a person, for the "Mijn werk" page. Apps register a provider in ready():
a function taking the user and returning WorkItems. Providers must use a fixed number of
queries whatever the data size."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    due: datetime.date | None = None


_providers: list[Callable[[object], list[WorkItem]]] = []


def register(provider: Callable[[object], list[WorkItem]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def work_for(user) -> list[WorkItem]:
    items: list[WorkItem] = []
    for provider in _providers:
        items.extend(provider(user))
    return sorted(items, key=lambda i: (i.due is None, i.due or datetime.date.max, i.title))
