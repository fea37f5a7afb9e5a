"""The exercise's own nota (drawn up from the cycle page) follows DOMAIN.md ("An optimisation
exercise"): every role item listed there, in the article on that role, each article shown to
the people who hold the role (the college's to the burgemeester and every schepen), and the
principles."""

import pytest

from accounts.constants import Function, OrgaanType, Role
from afsprakennota import services
from afsprakennota import worklist as nota_worklist
from afsprakennota.constants import OPEN_DISCUSSION
from tests.accounts.factories import DienstFactory, MandateFactory

pytestmark = pytest.mark.django_db

# DOMAIN.md's role items, word for word (copied from ../shared/DOMAIN.md, which is not part of
# this repository, so CI cannot read it), with the article (heading, role) that holds each and
# the Dutch words that say it there.
ROLE_ITEMS = {
    "diensthoofd": (
        ("Rol van de diensthoofden", Role.DIENSTHOOFD),
        {
            "formulates advices (adviezen) for optimisations, substantiated as objectively as "
            "possible": "formuleert adviezen voor optimalisaties, zo objectief mogelijk onderbouwd",
            "draws up an implementation plan": "stelt een implementatieplan op",
            "carries out the selected optimisations": "voert de gekozen optimalisaties uit",
        },
    ),
    "manager": (
        ("Rol van de managers", Role.MANAGER),
        {
            "supports and coaches the department heads": "ondersteunt en coacht de diensthoofden",
            "evaluates and steers (returns for rework) their output": "evalueert hun output en "
            "stuurt bij (stuurt een advies terug om te herwerken)",
            "ensures targeted internal communication": "zorgt voor een gerichte interne "
            "communicatie",
            "informs the schepenen in time about the proposed advices": "informeert de "
            "schepenen tijdig over de voorgestelde adviezen",
        },
    ),
    "managementteam": (
        ("Rol van het managementteam", Role.LID_MT),
        {
            "validates the department heads' output": "valideert de output van de diensthoofden",
            "lifts proposals above the level of a single department to the organisation level "
            "(combining them)": "tilt voorstellen boven het niveau van één dienst naar het "
            "niveau van de organisatie, door ze te combineren",
            "bundles and prepares the advices for the college": "bundelt de adviezen en "
            "bereidt ze voor het college voor",
        },
    ),
    "schepenen": (
        ("Rol van de schepenen", Role.SCHEPEN),
        {
            "state their vision clearly (the beleidsnota)": "verwoordt zijn of haar visie "
            "duidelijk, in de beleidsnota",
            "give their own advices throughout the process": "geeft doorheen het hele proces "
            "eigen adviezen",
            "set policy priorities after the administration's advices": "legt na de adviezen "
            "van de administratie de beleidsprioriteiten vast",
        },
    ),
    "college": (
        ("Rol van het college", Role.SCHEPEN),
        {
            "sets the budgetary and policy framework": "legt het budgettaire en beleidsmatige "
            "kader van de oefening vast",
            "decides which optimisations are taken": "beslist welke optimalisaties worden "
            "doorgevoerd",
        },
    ),
}

# DOMAIN.md's principles, clause by clause, and the Dutch words that say each.
PRINCIPLES = {
    "interests can be discussed, but deadlocks and vetoes are avoided (the process must never "
    "get stuck on one person)": [
        "Belangen mogen op tafel komen",
        "impasses en veto's worden vermeden",
        "nooit vastlopen op één persoon",
    ],
    "debates are constructive and their content is confidential unless the group decides "
    "otherwise": ["De debatten zijn constructief", "vertrouwelijk, tenzij de groep"],
    "the college and the MT carry their decisions jointly and speak with one voice outside, "
    "even when a decision was not taken by consensus": [
        "dragen hun beslissingen samen",
        "met één stem",
        "niet bij consensus",
    ],
}


def _plain(text):
    return " ".join(text.split())


@pytest.fixture
def nota(org):
    return services.nota_create_optimisation(title="Oefening 2026", term=org["term"], by=org["ad"])


def test_every_role_item_is_in_its_roles_article(nota):
    articles = {(a.heading, a.role): _plain(a.text) for a in nota.articles.all()}
    missing = [
        f"{role}: {item}"
        for role, (article, items) in ROLE_ITEMS.items()
        for item, dutch in items.items()
        if _plain(dutch) not in articles.get(article, "")
    ]
    assert missing == []


def test_the_four_principles_are_stated(nota):
    [principles] = nota.articles.filter(heading="Principes")
    text = _plain(principles.text)
    assert [p for words in PRINCIPLES.values() for p in words if p not in text] == []
    assert principles.text.count("\n- ") == 4  # four principles, one bullet each


def test_each_participant_reads_their_roles_articles(org, nota):
    services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["ad"])
    manager = MandateFactory(orgaan__type=OrgaanType.MANAGEMENTTEAM, function=Function.MANAGER)
    expected = {
        org["mayor"]: {"Rol van het college", "Rol van de schepenen"},
        **{s: {"Rol van het college", "Rol van de schepenen"} for s in org["schepenen"]},
        org["ad"]: {"Rol van de algemeen directeur", "Rol van het managementteam"},
        org["fd"]: {"Rol van de financieel directeur", "Rol van het managementteam"},
        manager.user: {"Rol van de managers", "Rol van het managementteam"},
        DienstFactory().head: {"Rol van de diensthoofden"},
    }
    for user, headings in expected.items():
        read = {n.article.heading for n in nota_worklist.role_articles(nota, user)}
        assert read == headings, user
