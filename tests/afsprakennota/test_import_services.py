"""Starting the decree's nota blank, as a copy, or from a pasted memo (issue 18): the same
term rules as from the template, one audit row, nothing saved on refusal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from afsprakennota import services
from afsprakennota.importing import parse_text
from afsprakennota.models import Afsprakennota
from afsprakennota.numbering import numbered
from core.models import AuditEntry

from .test_importing import PASTED

pytestmark = pytest.mark.django_db


def test_a_pasted_memo_becomes_a_nota_with_its_tree(org):
    nota = services.nota_create_decree_imported(
        term=org["term"], by=org["ad"], parsed=parse_text(PASTED)
    )
    assert nota.datum == datetime.date(2026, 12, 5)
    assert nota.onderwerp == "Samenwerking bestuur en administratie"
    assert nota.aan == "College van burgemeester en schepenen"
    numbers = [n.number for n in numbered(list(nota.articles.all()))]
    assert numbers == ["1.", "a.", "i.", "ii.", "b.", "2.", "•", "•", "3."]
    assert nota.parties.count() == 7
    assert AuditEntry.objects.filter(action="nota.create", object_id=str(nota.pk)).count() == 1


def test_the_term_rule_and_the_role_hold_for_every_start(org):
    services.nota_create_decree_blank(term=org["term"], by=org["ad"])
    count = Afsprakennota.objects.count()
    with pytest.raises(ValidationError):
        services.nota_create_decree_imported(
            term=org["term"], by=org["ad"], parsed=parse_text(PASTED)
        )
    with pytest.raises(PermissionDenied):
        services.nota_create_decree_blank(term=org["term"], by=org["mayor"])
    assert Afsprakennota.objects.count() == count


def test_a_copy_of_a_previous_nota_keeps_its_articles_and_parties(org):
    source = services.nota_create_decree_imported(
        term=org["term"], by=org["ad"], parsed=parse_text(PASTED)
    )
    Afsprakennota.objects.filter(pk=source.pk).update(state="ondertekend")
    copy = services.nota_create_decree_copy(term=org["term"], by=org["ad"], source=source)
    shape = lambda n: [(a.number, a.article.text) for a in numbered(list(n.articles.all()))]  # noqa: E731
    assert shape(copy) == shape(source)
    assert copy.state == "concept"
