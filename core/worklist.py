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


@dataclass(frozen=True)
class Notice:
    """Something to know rather than to do, shown above the work items: a person's role
    according to an afsprakennota, or a warning such as a missing nota."""

    title: str
    body: str = ""  # safe HTML
    url: str = ""
    link_label: str = ""
    warning: bool = False


_notice_providers: list[Callable[[object], list[Notice]]] = []


def register_notices(provider: Callable[[object], list[Notice]]) -> None:
    if provider not in _notice_providers:
        _notice_providers.append(provider)


def notices_for(user) -> list[Notice]:
    notices: list[Notice] = []
    for provider in _notice_providers:
        notices.extend(provider(user))
    return sorted(notices, key=lambda n: not n.warning)
