"""The public decision list as linked open data (LBLOD): RDFa in the vocabularies of the
Flemish government's application profile "Besluit publicatie" (data.vlaanderen.be), as
Gelinkt Notuleren publishes a besluitenlijst.

What the profile asks of a published decision list, and where it is written here:
- `besluit:Zitting` (a meeting): `besluit:isGehoudenDoor` a `besluit:Bestuursorgaan`,
  `besluit:geplandeStart`, `prov:startedAtTime`, `prov:endedAtTime` (xsd:dateTime) and
  `besluit:behandelt` one or more `besluit:Agendapunt`;
- `besluit:BehandelingVanAgendapunt` (the handling of an item): `dct:subject` its
  Agendapunt, `besluit:openbaar` (xsd:boolean), `besluit:gebeurtNa` the previous handling,
  `prov:generated` one or more `besluit:Besluit`;
- `besluit:Besluit`: `eli:title` (the public text), `eli:description` (the public text and
  the outcome), `eli:language` (a `skos:Concept`);
- `besluit:Agendapunt`: `dct:title`, `besluit:geplandOpenbaar`.

Every resource has a stable address under SITE_URL + /id/ (the kinds' plural names as
lblod mints them); `/id/…` answers with a redirect (303) to the page that describes it. A
body may be given its address in the Flemish register (BodySettings.lblod_uri). The
meetings of the college and the vast bureau are not public: `openbaar` is false.
"""

from __future__ import annotations

import html

from django.conf import settings
from django.utils import timezone

PREFIXES = " ".join(
    f"{prefix}: {uri}"
    for prefix, uri in (
        ("besluit", "http://data.vlaanderen.be/ns/besluit#"),
        ("mandaat", "http://data.vlaanderen.be/ns/mandaat#"),
        ("eli", "http://data.europa.eu/eli/ontology#"),
        ("prov", "http://www.w3.org/ns/prov#"),
        ("dct", "http://purl.org/dc/terms/"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    )
)
DUTCH = "http://publications.europa.eu/resource/authority/language/NLD"
KINDS = (
    "zittingen",
    "agendapunten",
    "behandelingen-van-agendapunten",
    "besluiten",
    "bestuursorganen",
)


def uri(kind: str, pk) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/id/{kind}/{pk}"


def _datetime(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def meeting_head(meeting) -> str:
    """The meeting's own statements (inside its `typeof="besluit:Zitting"` element): when it
    was planned, opened and closed (the planned start when the times were not kept)."""
    started = meeting.opened_at or meeting.starts_at
    ended = meeting.closed_at or started
    return "".join(
        f'<meta property="{prop}" content="{_datetime(value)}" datatype="xsd:dateTime">'
        for prop, value in (
            ("besluit:geplandeStart", meeting.starts_at),
            ("prov:startedAtTime", started),
            ("prov:endedAtTime", ended),
        )
    )


def decision_items(meeting) -> str:
    """The <li>s of the meeting's decisions, numbered as on the agenda, each the handling of
    an agenda item that generated a decision. One string, escaped as html.escape does: a
    page of the list holds about a hundred."""
    zitting = uri("zittingen", meeting.pk)
    parts = []
    previous = None
    for d in meeting.decisions:
        handling = uri("behandelingen-van-agendapunten", d.item)
        item = uri("agendapunten", d.item)
        decision = uri("besluiten", d.pk)
        text, outcome = html.escape(str(d.text)), html.escape(str(d.outcome))
        after = f'<link property="besluit:gebeurtNa" href="{previous}">' if previous else ""
        parts.append(
            f'<li value="{int(d.order)}" id="besluit-{int(d.pk)}" resource="{handling}" '
            f'typeof="besluit:BehandelingVanAgendapunt">'
            f'<link about="{zitting}" property="besluit:behandelt" href="{item}">'
            f'<span property="dct:subject" resource="{item}" typeof="besluit:Agendapunt">'
            f'<meta property="dct:title" content="Agendapunt {int(d.order)}" datatype="xsd:string">'
            f'<meta property="besluit:geplandOpenbaar" content="false" datatype="xsd:boolean">'
            f"</span>{after}"
            f'<meta property="besluit:openbaar" content="false" datatype="xsd:boolean">'
            f'<span property="prov:generated" resource="{decision}" typeof="besluit:Besluit">'
            f'<span property="eli:description" datatype="xsd:string">'
            f'<span property="eli:title" datatype="xsd:string">{text}</span> — '
            f"<strong>{outcome}</strong></span>"
            f'<span property="eli:language" resource="{DUTCH}" typeof="skos:Concept"></span>'
            f"</span></li>"
        )
        previous = handling
    return "".join(parts)
