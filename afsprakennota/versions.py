"""Freezing a nota into a version, and comparing two versions article by article."""

from __future__ import annotations

from dataclasses import dataclass

from core.diff import word_diff

from .models import NotaVersion
from .numbering import numbered

HEADER_FIELDS = ["onderwerp", "datum", "aan", "bijlagen", "referentie", "cc"]


def content_of(nota) -> dict:
    """Everything a signature vouches for: header, introduction, articles with numbers."""
    return {
        "header": {name: str(getattr(nota, name) or "") for name in HEADER_FIELDS},
        "introduction": nota.introduction,
        "articles": [_article_content(n) for n in numbered(list(nota.articles.all()))],
        "parties": [{"name": p.name, "signs_as": p.signatory_role} for p in nota.parties.all()],
    }


def _article_content(n) -> dict:
    article = {
        "id": n.article.pk,
        "number": n.path,
        "depth": n.depth,
        "heading": n.article.heading,
        "text": n.article.text,
        "role": n.article.role,
    }
    # only when bullets, so that the hashes of versions frozen before the style existed hold
    if getattr(n.article, "children_style", "") == "bullets":
        article["children_style"] = "bullets"
    return article


def next_number(nota) -> int:
    """The number the nota's next frozen version gets (ask with the nota locked)."""
    last = nota.versions.order_by("-number").first()
    return (last.number + 1) if last else 1


def freeze(nota, *, by) -> NotaVersion:
    content = content_of(nota)
    return NotaVersion.objects.create(
        nota=nota,
        number=next_number(nota),
        state=nota.state,
        content=content,
        content_hash=NotaVersion.hash_of(content),
        created_by=by,
    )


@dataclass(frozen=True)
class ArticleChange:
    status: str  # "added", "removed", "changed", "moved", "same"
    number: str  # the number in the newer version (or the older one, when removed)
    heading: str
    diff: str  # HTML: words removed in <del>, added in <ins>


def compare(old: dict, new: dict) -> list[ArticleChange]:
    """Article by article, matched by identity (so a moved article is "moved", not
    removed and added), in the newer version's order, removed ones after their old place."""
    before = {a["id"]: a for a in old.get("articles", [])}
    after_ids = {a["id"] for a in new.get("articles", [])}
    changes = []
    for article in new.get("articles", []):
        earlier = before.get(article["id"])
        text = (article["heading"] + "\n" + article["text"]).strip()
        if earlier is None:
            changes.append(
                ArticleChange("added", article["number"], article["heading"], word_diff("", text))
            )
            continue
        earlier_text = (earlier["heading"] + "\n" + earlier["text"]).strip()
        if earlier_text != text:
            status = "changed"
        elif earlier["number"] != article["number"]:
            status = "moved"
        else:
            status = "same"
        changes.append(
            ArticleChange(
                status, article["number"], article["heading"], word_diff(earlier_text, text)
            )
        )
    for article in old.get("articles", []):
        if article["id"] not in after_ids:
            text = (article["heading"] + "\n" + article["text"]).strip()
            changes.append(
                ArticleChange("removed", article["number"], article["heading"], word_diff(text, ""))
            )
    return changes
