"""Word-level comparison of two texts, shared by advices and afsprakennota's."""

import difflib

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


def word_diff(old: str, new: str):
    """Words removed and added between two texts, as HTML with <del> and <ins>; screen readers
    hear "verwijderd:" and "toegevoegd:" before each change."""
    removed, added = escape(_("removed:")), escape(_("added:"))
    a, b = (old or "").split(), (new or "").split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            parts.append(
                f'<del><span class="visually-hidden">{removed} </span>'
                f"{escape(' '.join(a[i1:i2]))}</del>"
            )
        if op in ("insert", "replace"):
            parts.append(
                f'<ins><span class="visually-hidden">{added} </span>'
                f"{escape(' '.join(b[j1:j2]))}</ins>"
            )
    return mark_safe(" ".join(parts))  # noqa: S308 - every piece escaped above
