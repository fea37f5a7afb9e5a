"""The draft decision (ontwerpbesluit) of an advice, a bundle and a cycle's framework, for a
college that decides in the official decision system (vergaderingen.draft writes the .docx).

The texts are Dutch: they go into the municipality's own decision system as they are.
"""

from __future__ import annotations

from core.templatetags.formatting import datum, euro
from vergaderingen.draft import Draft

LEGAL_GROUNDS = [
    "Het Decreet over het lokaal bestuur, artikelen 254 en volgende, over de beleids- en "
    "beheerscyclus, en het besluit van de Vlaamse Regering van 30 maart 2018 over de "
    "beleids- en beheerscyclus van de lokale besturen.",
    "Het Decreet over het lokaal bestuur, artikel 171 §2, over de afsprakennota tussen het "
    "college en het managementteam.",
]
FINANCIAL_DIRECTOR = (
    "Advies van de financieel directeur over de financiële gevolgen: (aan te vullen, of te "
    "vragen in het besluitvormingssysteem)."
)


def _figures(advies) -> str:
    return (
        f"{advies.title}: eenmalige besparing {euro(advies.savings_one_off)}, "
        f"recurrente besparing {euro(advies.savings_recurring)} per jaar vanaf "
        f"{advies.start_year}, investering of eenmalige kost {euro(advies.investment_cost)}, "
        f"impact op het personeel {advies.fte_impact} VTE."
    )


def _advice_lines(advies) -> list[str]:
    """The advice as the decision cites it: the department and the MT's validation. Not
    the author's name nor the schepenen's own standpoints and priorities: those were the
    college's confidential deliberation; the secretary adds what the decision must say."""
    lines = [f"Het advies “{advies.title}” van de dienst {advies.dienst}."]
    if advies.validated_at:
        lines.append(
            f"Het managementteam heeft het advies gevalideerd op {datum(advies.validated_at)}."
        )
    return lines


def advies(advies) -> Draft:
    return Draft(
        subject=f"Optimalisatie: {advies.title}",
        context=[
            f"In het kader van de optimalisatie-oefening “{advies.cycle}” stelt de dienst "
            f"{advies.dienst} een optimalisatie voor.",
            f"Huidige situatie: {advies.current_situation}",
        ],
        legal_grounds=LEGAL_GROUNDS,
        advice=_advice_lines(advies) + [FINANCIAL_DIRECTOR],
        reasoning=[
            f"Voorstel: {advies.proposal}",
            f"Onderbouwing: {advies.substantiation}",
            *(
                f"{label}: {text}"
                for label, text in (
                    ("Impact op de burger en de dienstverlening", advies.impact_citizens),
                    ("Impact op het personeel", advies.impact_staff),
                    ("Impact op andere diensten", advies.impact_other_departments),
                    ("Risico's", advies.risks),
                )
                if text
            ),
            f"De maatregel is {'' if advies.reversible else 'niet '}omkeerbaar.",
        ],
        financial=[_figures(advies)],
        articles=[
            f"Het college keurt het optimalisatievoorstel “{advies.title}” van de dienst "
            f"{advies.dienst} goed.",
            f"Het college belast de dienst {advies.dienst} met de uitvoering en vraagt de "
            "opvolging van de gerealiseerde besparingen via het managementteam.",
        ],
    )


def bundle(bundle) -> Draft:
    adviezen = list(bundle.adviezen.select_related("dienst", "cycle"))
    one_off = sum((a.savings_one_off for a in adviezen), 0)
    recurring = sum((a.savings_recurring for a in adviezen), 0)
    advice = []
    for item in adviezen:
        advice.extend(_advice_lines(item))
    return Draft(
        subject=f"Optimalisatie: {bundle.title}",
        context=[
            f"In het kader van de optimalisatie-oefening “{bundle.cycle}” bundelt het "
            f"managementteam {len(adviezen)} optimalisatievoorstellen.",
            bundle.summary,
        ],
        legal_grounds=LEGAL_GROUNDS,
        advice=advice + [FINANCIAL_DIRECTOR],
        reasoning=[bundle.rationale] + [f"{a.title}: {a.proposal}" for a in adviezen],
        financial=[_figures(a) for a in adviezen]
        + [
            f"Samen: eenmalige besparing {euro(one_off)}, recurrente besparing "
            f"{euro(recurring)} per jaar."
        ],
        articles=[
            f"Het college keurt de bundel optimalisatievoorstellen “{bundle.title}” goed, "
            "met de volgende voorstellen: " + "; ".join(f"“{a.title}”" for a in adviezen) + ".",
            "Het college belast de betrokken diensten met de uitvoering en vraagt de opvolging "
            "van de gerealiseerde besparingen via het managementteam.",
        ],
    )


def framework(cycle) -> Draft:
    return Draft(
        subject=f"Budgettair en beleidsmatig kader van de optimalisatie-oefening “{cycle}”",
        context=[
            f"De algemeen directeur legt het kader van de optimalisatie-oefening “{cycle}” voor."
        ],
        legal_grounds=LEGAL_GROUNDS,
        reasoning=[cycle.boundaries],
        financial=[
            f"Doelstelling: recurrente besparing {euro(cycle.target_recurring)} per jaar, "
            f"eenmalige besparing {euro(cycle.target_one_off)}, {cycle.target_fte} VTE."
        ],
        articles=[
            f"Het college stelt het budgettair en beleidsmatig kader van de "
            f"optimalisatie-oefening “{cycle}” vast."
        ],
    )
