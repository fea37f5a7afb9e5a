"""Issue 21, item 3: the public decision list as linked open data. The triples are extracted
from the page's RDFa with pyRdfa3 (rdflib) and every property the Flemish application
profile "Besluit publicatie" requires of a published decision list (besluitenlijst) is
checked, with its cardinality and the class of what it points to; the addresses answer 303.

The requirements below are those of the profile's shapes for a decision list, as lblod's
notulen-prepublish-service validates a besluitenlijst, written out here as rules."""

import datetime
import io

from django.urls import reverse
from pyRdfa import pyRdfa
from rdflib import RDF, XSD, Literal, Namespace, URIRef

from accounts.constants import OrgaanType
from tests.accounts.factories import OrgaanFactory
from tests.vergaderingen.test_decision_list import published
from vergaderingen.models import BodySettings

BESLUIT = Namespace("http://data.vlaanderen.be/ns/besluit#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
REGISTER = "http://data.lblod.info/id/bestuursorganen/e5e20af9-college"

# class -> [(property, least, most or None, the class or datatype its values have)]
REQUIRED = {
    BESLUIT.Zitting: [
        (BESLUIT.isGehoudenDoor, 1, 1, BESLUIT.Bestuursorgaan),
        (BESLUIT.geplandeStart, 1, 1, XSD.dateTime),
        (PROV.startedAtTime, 1, 1, XSD.dateTime),
        (PROV.endedAtTime, 1, 1, XSD.dateTime),
        (BESLUIT.behandelt, 1, None, BESLUIT.Agendapunt),
    ],
    BESLUIT.BehandelingVanAgendapunt: [
        (DCT.subject, 1, 1, BESLUIT.Agendapunt),
        (BESLUIT.gebeurtNa, 0, 1, BESLUIT.BehandelingVanAgendapunt),
        (PROV.generated, 1, None, BESLUIT.Besluit),
        (BESLUIT.openbaar, 1, 1, XSD.boolean),
    ],
    BESLUIT.Besluit: [
        (ELI.title, 1, None, XSD.string),
        (ELI.language, 1, 1, SKOS.Concept),
        (ELI.description, 0, 1, XSD.string),
    ],
    BESLUIT.Agendapunt: [
        (DCT.title, 1, 1, XSD.string),
        (BESLUIT.geplandOpenbaar, 1, 1, XSD.boolean),
    ],
}


def triples(html):
    return pyRdfa(base="http://testserver/", media_type="text/html").graph_from_source(
        io.StringIO(html)
    )


def problems(graph) -> list[str]:
    found = []
    for cls, rules in REQUIRED.items():
        subjects = set(graph.subjects(RDF.type, cls))
        if not subjects:
            found.append(f"no {cls}")
        for subject in subjects:
            for prop, least, most, kind in rules:
                values = list(graph.objects(subject, prop))
                if len(values) < least or (most is not None and len(values) > most):
                    found.append(f"{subject} {prop}: {len(values)} values")
                for value in values:
                    if isinstance(value, Literal):
                        datatype = value.datatype or (
                            RDF.langString if value.language else XSD.string
                        )
                        if datatype != kind:
                            found.append(f"{subject} {prop}: {datatype} is not {kind}")
                    elif (value, RDF.type, kind) not in graph:
                        found.append(f"{subject} {prop}: {value} is not a {kind}")
    return found


def test_the_published_list_carries_every_required_property(client, settings, college):
    settings.SITE_URL = "https://besluiten.gemeente.example"
    first = published(college, (2025, 5, 5))
    published(college, (2025, 5, 4), orgaan=OrgaanFactory(type=OrgaanType.VAST_BUREAU))
    BodySettings.objects.create(orgaan=college["orgaan"], lblod_uri=REGISTER)
    graph = triples(client.get(reverse("decision-list")).content.decode())
    assert problems(graph) == []
    zitting = URIRef(f"https://besluiten.gemeente.example/id/zittingen/{first.pk}")
    assert (zitting, RDF.type, BESLUIT.Zitting) in graph
    assert graph.value(zitting, BESLUIT.isGehoudenDoor) == URIRef(REGISTER)
    assert graph.value(zitting, BESLUIT.geplandeStart).toPython() == first.starts_at
    # two handlings, in order, each with its decision; the item's title (a person) is not there
    handlings = sorted(graph.subjects(RDF.type, BESLUIT.BehandelingVanAgendapunt))
    assert len(handlings) == 4
    titles = {str(t) for t in graph.objects(None, ELI.title)}
    assert "Besluit 1 van 05-05-2025" in titles
    assert not any("Jan Jansens" in str(o) for o in graph.objects())
    later = [h for h in handlings if graph.value(h, BESLUIT.gebeurtNa) is not None]
    assert len(later) == 2  # the second item of each meeting follows the first


def test_one_meeting_has_its_page_and_its_addresses_lead_there(client, settings, college):
    settings.SITE_URL = "http://testserver"
    meeting = published(college, (2025, 5, 5))
    decision = meeting.items.order_by("order").first().decision
    page = client.get(reverse("decision-list-meeting", args=[meeting.pk]))
    assert page.status_code == 200
    graph = triples(page.content.decode())
    assert problems(graph) == []
    for kind, pk, target in (
        ("zittingen", meeting.pk, f"/besluitenlijst/{meeting.pk}/"),
        ("besluiten", decision.pk, f"/besluitenlijst/{meeting.pk}/#besluit-{decision.pk}"),
        ("agendapunten", decision.item_id, f"/besluitenlijst/{meeting.pk}/#besluit-{decision.pk}"),
    ):
        answer = client.get(f"/id/{kind}/{pk}")
        assert answer.status_code == 303 and answer["Location"] == target
        subject = URIRef(f"http://testserver/id/{kind}/{pk}")
        assert (subject, RDF.type, None) in graph
    assert client.get("/id/onbekend/1").status_code == 404


def test_unpublished_meetings_have_no_page_nor_address(client, college):
    draft = published(college, (2025, 5, 1), is_published=False)
    assert client.get(reverse("decision-list-meeting", args=[draft.pk])).status_code == 404
    assert client.get(f"/id/zittingen/{draft.pk}").status_code == 404
    decision = draft.items.first().decision
    assert client.get(f"/id/besluiten/{decision.pk}").status_code == 404


def test_the_dates_are_kept_when_a_meeting_opens_and_closes(college):
    """prov:startedAtTime and prov:endedAtTime come from the meeting's own times."""
    from tests.vergaderingen.conftest import attend, open_on_its_day
    from tests.vergaderingen.factories import AgendaItemFactory, MeetingFactory
    from vergaderingen import services

    meeting = MeetingFactory(
        orgaan=college["orgaan"],
        secretary=college["secretary"],
        starts_at=datetime.datetime.now(datetime.UTC),
    )
    AgendaItemFactory(meeting=meeting, order=1)
    services.meeting_step(meeting=meeting, step="fix_agenda", by=college["secretary"])
    open_on_its_day(meeting, college["chair"])
    attend(meeting, college["members"])
    meeting.refresh_from_db()
    assert meeting.opened_at is not None
    services.meeting_step(meeting=meeting, step="close", by=college["chair"])
    meeting.refresh_from_db()
    assert meeting.closed_at is not None and meeting.closed_at >= meeting.opened_at
