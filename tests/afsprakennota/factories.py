"""Factories for the afsprakennota, with a Trait per state of the nota.

`AfsprakennotaFactory(in_discussion=True)` is a nota in that state, without running its steps
(the state is given when the row is made: the FSM field is protected afterwards). From
discussion on, a nota has the version its last step froze (`frozen=False` leaves it out);
`with_parties=True` gives it the decree's parties and their signing roles.
"""

import factory

from afsprakennota.constants import NotaKind, NotaState
from afsprakennota.models import Afsprakennota, Article, Party
from afsprakennota.services import DECREE_PARTIES, nota_create_decree
from afsprakennota.versions import freeze
from tests.accounts.factories import UserFactory
from tests.optimalisatie.factories import TermFactory


class AfsprakennotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Afsprakennota
        skip_postgeneration_save = True

    kind = NotaKind.DECREE
    term = factory.SubFactory(TermFactory)
    state = NotaState.DRAFT
    onderwerp = factory.Sequence(lambda n: f"Afsprakennota {n}")
    created_by = factory.SubFactory(UserFactory)

    class Params:
        draft = factory.Trait(state=NotaState.DRAFT)
        in_discussion = factory.Trait(state=NotaState.IN_DISCUSSION)
        for_approval = factory.Trait(state=NotaState.FOR_APPROVAL)
        approved = factory.Trait(state=NotaState.APPROVED)
        signed = factory.Trait(state=NotaState.SIGNED)
        replaced = factory.Trait(state=NotaState.REPLACED)
        optimisation = factory.Trait(kind=NotaKind.OPTIMISATION)

    @factory.post_generation
    def with_parties(obj, create, extracted, **kwargs):
        if create and extracted:
            for position, (name, role) in enumerate(DECREE_PARTIES, start=1):
                Party.objects.create(
                    nota=obj, position=position, name=name, signatory_role=role or ""
                )

    @factory.post_generation
    def frozen(obj, create, extracted, **kwargs):
        """The version frozen by the nota's last step (none for a draft)."""
        if create and extracted is not False and obj.state != NotaState.DRAFT:
            freeze(obj, by=obj.created_by)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    nota = factory.SubFactory(AfsprakennotaFactory)
    position = factory.Sequence(lambda n: n + 1)
    heading = factory.Sequence(lambda n: f"Artikel {n}")
    text = "Tekst van het artikel."


REQUIRED_TEXT = "Afspraken die bestuur en administratie samen maakten."


def write_required(nota) -> None:
    """The decree's required sections written (the template holds only their guidance)."""
    Article.objects.filter(nota=nota, required=True).update(text=REQUIRED_TEXT)


def decree_nota(org, term=None):
    """The decree's nota from the template, by the algemeen directeur, its required sections
    written so that it can go for approval."""
    nota = nota_create_decree(term=term or org["term"], by=org["ad"])
    write_required(nota)
    return nota
