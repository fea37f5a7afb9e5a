"""Changing the article tree: insert, move, delete. Positions stay 1..n among siblings, so
numbering (numbering.py) follows at once. Every change runs in one transaction on a locked
nota, so two editors cannot interleave their renumbering."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.transitions import StaleObject

from .constants import MAX_DEPTH
from .models import Afsprakennota, Article


def _editable(nota_id):
    nota = Afsprakennota.objects.select_for_update().get(pk=nota_id)
    if not nota.editable:
        raise ValidationError(
            _("This nota can no longer be changed: send it back to discussion first.")
        )
    return nota


GONE = gettext_lazy("This article no longer exists: someone deleted it in the meantime.")


def _fresh(article):
    """The article as it is now, after the nota is locked; gone when someone deleted it."""
    if article is None:
        return None
    found = Article.objects.filter(pk=article.pk).first()
    if found is None:
        raise StaleObject(str(GONE))
    return found


def _depth(article) -> int:
    depth = 0
    while article.parent_id is not None:
        article = article.parent
        depth += 1
    return depth


def _siblings(nota, parent_id):
    return list(Article.objects.filter(nota=nota, parent_id=parent_id).order_by("position", "pk"))


def _renumber(siblings):
    for position, article in enumerate(siblings, start=1):
        if article.position != position:
            article.position = position
            article.save(update_fields=["position"])


@transaction.atomic
def article_insert(
    *,
    nota,
    parent=None,
    after=None,
    heading="",
    text="",
    role="",
    required=False,
    guidance="",
    children_style="numbered",
) -> Article:
    """A new article under `parent` (None: at the top level), after `after` or at the end;
    `required` and `guidance` only from a template (a section the decree requires)."""
    _editable(nota.pk)
    parent, after = _fresh(parent), _fresh(after)
    if parent is not None and _depth(parent) + 1 >= MAX_DEPTH:
        raise ValidationError(
            _("Articles nest at most three levels deep: article, sub-article, item.")
        )
    siblings = _siblings(nota, parent.pk if parent else None)
    index = (
        len(siblings)
        if after is None
        else next(i + 1 for i, s in enumerate(siblings) if s.pk == after.pk)
    )
    article = Article.objects.create(
        nota=nota,
        parent=parent,
        position=index + 1,
        heading=heading,
        text=text,
        role=role,
        required=required,
        guidance=guidance,
        children_style=children_style,
    )
    siblings.insert(index, article)
    _renumber(siblings)
    return article


@transaction.atomic
def article_move(*, article, up: bool) -> None:
    """One place up or down among its siblings."""
    _editable(article.nota_id)
    article = _fresh(article)
    siblings = _siblings(article.nota_id, article.parent_id)
    index = next(i for i, s in enumerate(siblings) if s.pk == article.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        _renumber(siblings)


@transaction.atomic
def article_delete(*, article) -> None:
    """Delete the article with everything under it; the others renumber."""
    _editable(article.nota_id)
    nota_id, parent_id = article.nota_id, article.parent_id
    article.delete()
    _renumber(_siblings(nota_id, parent_id))
