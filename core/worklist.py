"""What awaits a person, for the "Mijn werk" page. Apps register a provider in ready():
a function taking the user and returning WorkItems and WorkLists. Providers must use a fixed
number of queries whatever the data size, and show no list longer than LIST_LIMIT: a list that
can grow with the data is a WorkList, its first items with how many there are in all and the
page that shows them all (`bounded` reads both in one query)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Subquery, Window


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    due: datetime.date | None = None


LIST_LIMIT = 10


@dataclass(frozen=True)
class WorkList:
    """The first LIST_LIMIT items of a list that can grow with the data, how many there are
    in all, and the page that shows them all. `label` names what the list holds, in the
    plural and in lower case ("advices to validate in the MT")."""

    items: list[WorkItem]
    total: int
    label: str
    url: str

    @property
    def is_partial(self) -> bool:
        return self.total > len(self.items)


@dataclass(frozen=True)
class Work:
    items: list[WorkItem]  # by due date, undated last
    partial: list[WorkList]  # the lists of which the page shows only the first items


class _Count(Subquery):
    """How many rows a queryset has, as a scalar subquery (evaluated once: it refers to
    nothing outside)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def bounded(queryset, limit: int = LIST_LIMIT, *, count_apart: bool = False) -> tuple[list, int]:
    """The first `limit` rows of a queryset, and how many rows it has in all, in one query.

    The total is a window count by default: the database reads every row once, as the
    ordering needs anyway. When an index gives the rows in order (`count_apart=True`), it is a
    subquery of its own, so that the list stops after `limit` rows and the count reads no
    joined tables."""
    total = _Count(queryset.order_by().values("pk")) if count_apart else Window(Count("pk"))
    rows = list(queryset.annotate(_total=total)[:limit])
    if not rows:
        return rows, 0
    if isinstance(rows[0], dict):  # .values()
        return rows, [row.pop("_total") for row in rows][0]
    return rows, rows[0]._total


def work_list(queryset, item, *, label: str, url: str, count_apart: bool = False) -> WorkList:
    """A WorkList of a queryset's first rows (`bounded`), each made a WorkItem by `item`."""
    rows, total = bounded(queryset, count_apart=count_apart)
    return WorkList(items=[item(row) for row in rows], total=total, label=label, url=url)


_providers: list[Callable[[object], list[WorkItem | WorkList]]] = []


def register(provider: Callable[[object], list[WorkItem | WorkList]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def work_page(user) -> Work:
    items: list[WorkItem] = []
    partial: list[WorkList] = []
    for provider in _providers:
        for entry in provider(user):
            if isinstance(entry, WorkList):
                items.extend(entry.items)
                if entry.is_partial:
                    partial.append(entry)
            else:
                items.append(entry)
    items.sort(key=lambda i: (i.due is None, i.due or datetime.date.max, i.title))
    return Work(items=items, partial=partial)


def work_for(user) -> list[WorkItem]:
    return work_page(user).items


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
