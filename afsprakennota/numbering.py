"""Numbering of articles as the official "Interne nota" layout has it.

Level 1: 1., 2., 3. …   level 2: a., b., c. …   level 3: i., ii., iii. …
Numbers are never stored: they follow from each article's parent and position, so moving,
inserting or deleting an article renumbers everything at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def roman(n: int) -> str:
    if n < 1:
        raise ValueError("Roman numerals start at 1.")
    out = []
    for value, letters in ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def letter(n: int) -> str:
    """1 → a, 26 → z, 27 → aa, 28 → ab … (as spreadsheets count columns)."""
    if n < 1:
        raise ValueError("Letters start at 1.")
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def label(depth: int, position: int) -> str:
    """The number of the article at this depth (0, 1, 2) and 1-based position."""
    return {0: str(position), 1: letter(position), 2: roman(position)}[depth] + "."


BULLET = "•"  # the number of an article whose parent's sub-levels are bullets


@dataclass(frozen=True)
class Numbered:
    article: Any  # an Article, or anything with pk, parent_id and position
    depth: int
    number: str  # as printed: "2.", "b.", "iii." or "•"
    path: str  # for references: "2", "2.b", "2.b.iii"


def numbered(articles) -> list[Numbered]:
    """Articles (with pk, parent_id and position) in reading order, with their numbers."""
    children: dict[int | None, list] = {}
    for article in articles:
        children.setdefault(article.parent_id, []).append(article)
    for siblings in children.values():
        siblings.sort(key=lambda a: (a.position, a.pk or 0))
    result: list[Numbered] = []

    def walk(parent_id, depth, prefix, bullets=False):
        for index, article in enumerate(children.get(parent_id, []), start=1):
            counted = label(min(depth, 2), index)
            number = BULLET if bullets else counted
            path = f"{prefix}.{counted[:-1]}" if prefix else counted[:-1]
            result.append(Numbered(article, depth, number, path))
            style = getattr(article, "children_style", "")
            walk(article.pk, depth + 1, path, style == "bullets")

    walk(None, 0, "")
    return result
