"""The protocol through which a meeting decides any subject, without knowing its app.

An app registers each model it puts on agendas (in AppConfig.ready):

    subjects.register(Advies, title=lambda a: a.title,
                      decide=lambda advies, outcome, by: ...,   # move it, audit it
                      url=lambda a: reverse(...))

The meeting stores the subject as a generic reference and calls
`decide(subject, outcome, by, orgaan=..., decision=...)` when the chair records the decision,
inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SubjectType:
    title: Callable[[object], str]
    decide: Callable[..., None]
    url: Callable[[object], str] | None = None
    candidates: Callable[[object], list] | None = None  # orgaan -> subjects ready for it
    rapporteur: Callable[[object], object] | None = None  # subject -> the schepen who reports
    # subject -> fields for the new agenda item (kind, concerns_person, is_minutes_item)
    item_defaults: Callable[[object], dict] | None = None
    added: Callable[..., None] | None = None  # (subject, item, by): it went on an agenda
    # subject -> the sections of its draft decision (vergaderingen.draft.Draft); None: only
    # the title and a general article
    draft: Callable[[object], object] | None = None
    # False: the subject exists only through this app's meetings (minutes, proposals,
    # postponed free items) and is never decided in the official decision system
    elsewhere: bool = True
    # (subject, decision): a decision by reference got another date; what the app dated by it
    # follows
    redated: Callable[..., None] | None = None


_registry: dict[type, SubjectType] = {}


def register(
    model,
    *,
    title,
    decide,
    url=None,
    candidates=None,
    rapporteur=None,
    item_defaults=None,
    added=None,
    draft=None,
    elsewhere=True,
    redated=None,
) -> None:
    _registry[model] = SubjectType(
        title=title,
        decide=decide,
        url=url,
        candidates=candidates,
        rapporteur=rapporteur,
        item_defaults=item_defaults,
        added=added,
        draft=draft,
        elsewhere=elsewhere,
        redated=redated,
    )


def candidates_for(orgaan) -> list:
    """Every registered subject that is ready for this body's agenda."""
    found = []
    for kind in _registry.values():
        if kind.candidates:
            found.extend(kind.candidates(orgaan))
    return found


def candidates_elsewhere(orgaan) -> list:
    """The subjects ready for a body that decides in the official decision system."""
    found = []
    for kind in _registry.values():
        if kind.candidates and kind.elsewhere:
            found.extend(kind.candidates(orgaan))
    return found


def kind_of_model(model) -> SubjectType | None:
    return _registry.get(model)


def subject_type(obj) -> SubjectType | None:
    return _registry.get(type(obj))


def load_for(items) -> dict:
    """The subjects of many agenda items: one query per kind of subject, keyed by item id.

    (Django's generic prefetch does not match a text subject_id to integer primary keys.)
    """
    from django.contrib.contenttypes.models import ContentType

    by_type: dict[int, list] = {}
    for item in items:
        if item.subject_type_id and item.subject_id:
            by_type.setdefault(item.subject_type_id, []).append(item)
    found = {}
    for type_id, typed in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        keys = {item.pk: model._meta.pk.to_python(item.subject_id) for item in typed}
        objects = model._default_manager.in_bulk(set(keys.values()))
        found.update({item_pk: objects.get(key) for item_pk, key in keys.items()})
    return found
