"""The .docx export of a version re-imports to the same tree (issue 18): afsprakennota.word
writes it, afsprakennota.importing.parse_docx reads it back. Runs once the importer exists."""

import pytest

from afsprakennota import services, word
from afsprakennota.constants import OPEN_DISCUSSION
from afsprakennota.structure import article_insert
from tests.afsprakennota.factories import decree_nota

from .test_word import CONTENT

importing = pytest.importorskip("afsprakennota.importing")


def _plain(text: str) -> str:
    """Text compared without its line breaks and spacing (paragraphs may be joined by one or
    two newlines)."""
    return " ".join((text or "").split())


def _style(value) -> str:
    return "bullets" if value == "bullets" else ""


def tree_of_content(articles: list[dict]) -> list[tuple]:
    """The flat, depth-ordered articles of a version as (heading, text, style, children)."""
    root: list[list] = []
    stack: list[list] = []
    for article in articles:
        node = [
            article.get("heading", ""),
            _plain(article.get("text", "")),
            _style(article.get("children_style")),
            [],
        ]
        depth = article["depth"]
        del stack[depth:]
        (stack[-1][3] if stack else root).append(node)
        stack.append(node)

    def freeze(nodes):  # a style without children is not in the document
        return [(h, t, s if c else "", freeze(c)) for h, t, s, c in nodes]

    return freeze(root)


def tree_of_parsed(articles) -> list[tuple]:
    return [
        (
            a.heading or "",
            _plain(a.text),
            _style(a.children_style) if a.children else "",
            tree_of_parsed(a.children or []),
        )
        for a in articles
    ]


def _header(header: dict) -> dict:
    """Filled fields; the date as the nota stores it (Word shows "5 december 2026")."""
    from afsprakennota.services import parsed_date

    out = {k: v for k, v in header.items() if v and v != "/"}
    if "datum" in out:
        out["datum"] = str(parsed_date(out["datum"]) or out["datum"])
    return out


def assert_round_trip(content: dict) -> None:
    parsed = importing.parse_docx(word.nota_docx(content))
    assert _header(parsed.header) == _header(content["header"])
    assert _plain(parsed.introduction) == _plain(content["introduction"])
    assert tree_of_parsed(parsed.articles) == tree_of_content(content["articles"])


def test_a_version_with_bullets_bold_and_three_levels_comes_back_the_same():
    assert_round_trip(CONTENT)


@pytest.mark.django_db
def test_a_real_version_comes_back_the_same(org):
    nota = decree_nota(org)
    top = nota.articles.order_by("position").first()
    sub = article_insert(nota=nota, parent=top, heading="Overleg", text="Elke **week**.")
    article_insert(nota=nota, parent=sub, text="Met een *agenda*.")
    services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["ad"])
    version = nota.versions.order_by("-number").first()
    assert_round_trip(version.content)
