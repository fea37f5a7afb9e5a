"""The protocol through which a meeting decides any subject, without knowing its app.

An app registers each model it puts on agendas (in AppConfig.ready):

    subjects.register(Advies, title=lambda a: a.title,
                      decide=lambda advies, outcome, by: ...,   # move it, audit it
                      url=lambda a: reverse(...))

The meeting stores the subject as a generic reference and calls `decide` when the chair
records the decision, inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SubjectType:
    title: Callable[[object], str]
    decide: Callable[..., None]
    url: Callable[[object], str] | None = None


_registry: dict[type, SubjectType] = {}


def register(model, *, title, decide, url=None) -> None:
    _registry[model] = SubjectType(title=title, decide=decide, url=url)


def subject_type(obj) -> SubjectType | None:
    return _registry.get(type(obj))


def registered_models():
    return list(_registry)
