"""The main navigation. Each app registers its sections in AppConfig.ready(), with a test that
says who may use the section; the menu shows a user only the sections that pass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse


def _everyone(user) -> bool:
    return True


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 50
    visible: Callable[[object], bool] = field(default=_everyone)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_registry: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _registry[item.url_name] = item


def items_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return sorted(
        (item for item in _registry.values() if item.visible(user)), key=lambda i: i.order
    )
