import pytest
from django.core.exceptions import ValidationError

from afsprakennota.models import Afsprakennota, Article, NotaVersion
from afsprakennota.numbering import letter, numbered, roman
from afsprakennota.structure import article_delete, article_insert, article_move
from afsprakennota.versions import compare, content_of, freeze
from tests.accounts.factories import UserFactory
from tests.optimalisatie.factories import TermFactory


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "i"), (2, "ii"), (4, "iv"), (9, "ix"), (14, "xiv"), (40, "xl"), (1994, "mcmxciv")],
)
def test_roman_numerals(n, expected):
    assert roman(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"), [(1, "a"), (2, "b"), (26, "z"), (27, "aa"), (52, "az"), (53, "ba")]
)
def test_letters(n, expected):
    assert letter(n) == expected


@pytest.fixture
def nota(db):
    return Afsprakennota.objects.create(
        kind="decreet",
        term=TermFactory(),
        onderwerp="Afsprakennota 2025-2030",
        created_by=UserFactory(),
    )


def numbers(nota):
    return [
        (n.path, n.number, n.article.heading)
        for n in numbered(list(Article.objects.filter(nota=nota)))
    ]


def test_three_levels_are_numbered_1_a_i(nota):
    first = article_insert(nota=nota, heading="Principes")
    second = article_insert(nota=nota, heading="Rollen")
    sub = article_insert(nota=nota, parent=second, heading="College")
    article_insert(nota=nota, parent=second, heading="MT")
    article_insert(nota=nota, parent=sub, heading="Beslist")
    article_insert(nota=nota, parent=sub, heading="Draagt")
    assert numbers(nota) == [
        ("1", "1.", "Principes"),
        ("2", "2.", "Rollen"),
        ("2.a", "a.", "College"),
        ("2.a.i", "i.", "Beslist"),
        ("2.a.ii", "ii.", "Draagt"),
        ("2.b", "b.", "MT"),
    ]
    assert first.position == 1


def test_a_fourth_level_is_refused(nota):
    top = article_insert(nota=nota, heading="1")
    sub = article_insert(nota=nota, parent=top, heading="a")
    item = article_insert(nota=nota, parent=sub, heading="i")
    with pytest.raises(ValidationError):
        article_insert(nota=nota, parent=item, heading="te diep")


def test_inserting_moving_and_deleting_renumber_everything(nota):
    a = article_insert(nota=nota, heading="A")
    b = article_insert(nota=nota, heading="B")
    article_insert(nota=nota, heading="C")
    article_insert(nota=nota, after=a, heading="A2")  # inserted between A and B
    assert [h for _p, _n, h in numbers(nota)] == ["A", "A2", "B", "C"]
    article_move(article=b, up=True)
    assert [(p, h) for p, _n, h in numbers(nota)] == [
        ("1", "A"),
        ("2", "B"),
        ("3", "A2"),
        ("4", "C"),
    ]
    sub = article_insert(nota=nota, parent=b, heading="B-a")
    article_insert(nota=nota, parent=b, heading="B-b")
    article_move(article=sub, up=False)
    assert [(p, h) for p, _n, h in numbers(nota) if "." in p] == [("2.a", "B-b"), ("2.b", "B-a")]
    article_delete(article=a)  # the first article goes: everything moves up one number
    assert [(p, h) for p, _n, h in numbers(nota)] == [
        ("1", "B"),
        ("1.a", "B-b"),
        ("1.b", "B-a"),
        ("2", "A2"),
        ("3", "C"),
    ]
    article_move(article=Article.objects.get(heading="C"), up=False)  # already last: no-op
    assert numbers(nota)[-1][0] == "3"


def test_deleting_an_article_deletes_what_is_under_it(nota):
    top = article_insert(nota=nota, heading="Top")
    article_insert(nota=nota, parent=top, heading="Onder")
    article_delete(article=top)
    assert not Article.objects.filter(nota=nota).exists()


def test_a_version_freezes_the_numbered_content_with_a_stable_hash(nota):
    by = UserFactory()
    top = article_insert(nota=nota, heading="Principes", text="Wij werken samen.")
    article_insert(nota=nota, parent=top, text="Met respect.")
    first = freeze(nota, by=by)
    assert first.number == 1
    assert [a["number"] for a in first.content["articles"]] == ["1", "1.a"]
    assert first.content_hash == NotaVersion.hash_of(content_of(nota))
    top.text = "Wij werken loyaal samen."
    top.save()
    second = freeze(nota, by=by)
    assert second.number == 2 and second.content_hash != first.content_hash


def test_comparing_versions_article_by_article(nota):
    by = UserFactory()
    keep = article_insert(nota=nota, heading="Blijft", text="Zelfde tekst.")
    change = article_insert(nota=nota, heading="Wijzigt", text="Oude afspraak.")
    gone = article_insert(nota=nota, heading="Verdwijnt", text="Weg.")
    old = freeze(nota, by=by).content
    change.text = "Nieuwe afspraak."
    change.save()
    article_delete(article=gone)
    article_insert(nota=nota, heading="Nieuw", text="Erbij.")
    article_move(article=keep, up=False)  # "Blijft" becomes article 2
    new = freeze(nota, by=by).content
    result = {c.heading: c for c in compare(old, new)}
    assert result["Blijft"].status == "moved" and result["Blijft"].number == "2"
    assert result["Wijzigt"].status == "changed"
    assert "<del>" in result["Wijzigt"].diff and "Oude" in result["Wijzigt"].diff
    assert "<ins>" in result["Wijzigt"].diff and "Nieuwe" in result["Wijzigt"].diff
    assert result["Nieuw"].status == "added" and result["Verdwijnt"].status == "removed"
    assert [c.status for c in compare(new, new)] == ["same"] * 3
