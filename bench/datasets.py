"""The benchmark's data sets (issue 7), built with bulk inserts into the current database.

    .venv/bin/python -m bench.datasets gemeente|centrumstad|klein [--force]

builds the set in its own PostgreSQL database (bench.db: `afsprakennota_bench_<name>` on
the server of BENCH_DATABASE_URL), never in the developer's database. `build()` holds the
generation itself; the smoke test (tests/bench/) runs it on the tiny set in the test database.

The sets follow what a Flemish municipality and a large city look like: one open exercise in
its college phase and closed ones of earlier years, advices spread unevenly over departments
(some departments write many, most a few), in every state with the share each state has in
practice, coaching threads, the college's and the MT's meetings with decisions and votes,
afsprakennota's of two terms, and implementation plans with actions and realised savings.
A few objects are the same at both scales on purpose, so that a page measures the same thing:
the advice with exactly 200 comments, the meeting with 40 items, the open meeting with a vote.
Everything is deterministic (one seeded random generator).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import random
import sys
import time
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

BATCH = 5000
HOT_COMMENTS = 200  # the advice detail page is measured with exactly this many comments
BIG_MEETING_ITEMS = 40  # the meeting page, the live tally and the minutes PDF
PASSWORD = "Bench-Heuvelstad-2026"


@dataclass(frozen=True)
class Scale:
    name: str
    departments: int
    staff: int
    cycles: int
    advices_per_cycle: int
    comments: int
    meetings: int
    notas: int


SCALES = {
    "klein": Scale("klein", 6, 60, 2, 40, 400, 8, 2),  # the smoke test's size
    "gemeente": Scale("gemeente", 40, 400, 5, 400, 20_000, 100, 4),
    "centrumstad": Scale("centrumstad", 300, 8000, 6, 10_000, 300_000, 1000, 6),
}

FIRST_NAMES = [
    "An", "Bart", "Carine", "Dirk", "Els", "Filip", "Greet", "Hans", "Ilse", "Jan", "Katrien",
    "Luc", "Marleen", "Nico", "Olivia", "Pieter", "Quinten", "Rita", "Stijn", "Tine", "Ugo",
    "Veerle", "Wim", "Xavier", "Yasmine", "Zeno", "Ahmed", "Fatima", "Lotte", "Jonas",
]  # fmt: skip
LAST_NAMES = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Hermans", "Aerts", "Vermeulen", "Van den Broeck",
    "Lambrechts", "De Backer", "Pauwels", "Martens", "Vandamme", "El Amrani", "Cools",
]  # fmt: skip
DOMAINS = [
    "Burgerzaken", "Cultuur", "Financiën", "Jeugd", "Mobiliteit", "Omgeving", "Onderwijs",
    "Personeel", "Sport", "Welzijn", "Economie", "Milieu", "Wonen", "ICT", "Veiligheid",
    "Toerisme", "Patrimonium", "Communicatie", "Senioren", "Klimaat",
]  # fmt: skip
SERVICES = [
    "Bibliotheek", "Sporthal", "Kinderopvang", "Groendienst", "Wegendienst", "Loket",
    "Archief", "Aankoopdienst", "Boekhouding", "Jeugdhuis", "Academie", "Zwembad",
    "Begraafplaatsen", "Schoonmaak", "Feestzaal", "Woonzorgcentrum", "Thuiszorg",
    "Preventie", "Evenementen", "Vergunningen", "Ruimtelijke ordening", "Huisvesting",
]  # fmt: skip
TOPICS = [
    "Energiezuinige verlichting", "Gedeelde aankoop van papier", "Digitaal loket",
    "Minder drukwerk", "Samenvoegen van onthaalbalies", "Kortere openingsuren in de zomer",
    "Elektrische dienstwagens", "Herschikking van de poetsroosters", "Eén contract voor onderhoud",
    "Verhuur van de zaal aan verenigingen", "Zonnepanelen op het dak", "Online afspraken",
    "Afbouw van een huurcontract", "Gezamenlijke opleidingen", "Minder externe consultancy",
    "Heraanleg van bermen als bloemweide", "Centraal wagenpark", "Licenties herzien",
]  # fmt: skip
SENTENCES = [
    "De dienst werkt vandaag met een verouderd systeem dat veel manueel werk vraagt.",
    "We stellen voor om de werking te bundelen met de buurdienst.",
    "De besparing volgt uit de offertes van vorig jaar en de verbruikscijfers van 2024.",
    "Voor de inwoners verandert er weinig: het loket blijft op afspraak open.",
    "Twee medewerkers krijgen een andere opdracht binnen de dienst; niemand verliest zijn job.",
    "Het risico is een tijdelijke daling van de dienstverlening tijdens de overgang.",
    "Kan je de berekening van de terugkerende besparing nog eens nakijken?",
    "Akkoord, ik pas de cijfers aan met de nieuwe offerte.",
    "Is er afgestemd met de dienst financiën over de afschrijving?",
    "Goed voorstel, maar vermeld ook de impact op de andere diensten.",
    "De schepen vroeg om de timing af te stemmen op het nieuwe schooljaar.",
    "Dit sluit aan bij het klimaatplan van het bestuur.",
]  # fmt: skip

# The share of each state, from what municipalities report about their exercises.
OPEN_CYCLE_STATES = {
    "ontwerp": 8, "ingediend": 8, "voorgelegd_mt": 10, "gevalideerd": 12, "in_bundel": 10,
    "klaar_voor_college": 12, "niet_weerhouden": 10, "ingetrokken": 3, "goedgekeurd": 14,
    "afgewezen": 5, "uitgesteld": 3, "in_uitvoering": 5,
}  # fmt: skip
CLOSED_CYCLE_STATES = {
    "ontwerp": 3, "ingetrokken": 6, "niet_weerhouden": 20, "afgewezen": 12, "uitgesteld": 3,
    "goedgekeurd": 3, "in_uitvoering": 18, "gerealiseerd": 30, "stopgezet": 5,
}  # fmt: skip
SUBMITTED = set(OPEN_CYCLE_STATES) | set(CLOSED_CYCLE_STATES) - {"ontwerp"}
FORWARDED = SUBMITTED - {"ingediend", "ingetrokken"}
VALIDATED = FORWARDED - {"voorgelegd_mt", "niet_weerhouden"}
IMPLEMENTED = {"goedgekeurd", "in_uitvoering", "gerealiseerd", "stopgezet"}
DECIDED = IMPLEMENTED | {"afgewezen", "uitgesteld"}
# The steps that led to each state, as audit rows record them.
PATHS = {
    "ontwerp": [],
    "ingediend": ["indienen"],
    "ingetrokken": ["indienen", "intrekken"],
    "voorgelegd_mt": ["indienen", "voorleggen"],
    "niet_weerhouden": ["indienen", "voorleggen", "niet-weerhouden"],
    "gevalideerd": ["indienen", "voorleggen", "valideren"],
    "in_bundel": ["indienen", "voorleggen", "valideren", "bundelen"],
    "klaar_voor_college": ["indienen", "voorleggen", "valideren", "klaar"],
    "goedgekeurd": ["indienen", "voorleggen", "valideren", "klaar", "college"],
    "afgewezen": ["indienen", "voorleggen", "valideren", "klaar", "college"],
    "uitgesteld": ["indienen", "voorleggen", "valideren", "klaar", "college"],
    "in_uitvoering": ["indienen", "voorleggen", "valideren", "klaar", "college", "uitvoering"],
    "gerealiseerd": [
        "indienen", "voorleggen", "valideren", "klaar", "college", "uitvoering", "gerealiseerd",
    ],
    "stopgezet": ["indienen", "voorleggen", "valideren", "klaar", "college", "stopgezet"],
}  # fmt: skip


@dataclass
class Fixture:
    """What the benchmark measures, found again by primary key."""

    scale: str
    users: dict  # role -> user pk
    open_cycle: int
    results_cycle: int
    hot_advice: int
    meeting: int  # the open college meeting with 40 items and a vote under way
    tally_item: int
    minutes_meeting: int  # a closed college meeting with 40 items and its minutes
    nota: int  # a draft nota of about ten pages
    search: str  # a word the advice list is searched for
    counts: dict
    seconds: float


def _bulk(model, rows, using="default"):
    """Insert the rows and give them their primary keys: on PostgreSQL with COPY (keys drawn
    from the table's sequence first), elsewhere with bulk_create in batches. COPY skips
    building a statement with a parameter per value, which is most of bulk_create's time."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql" or not rows:
        created = []
        for start in range(0, len(rows), BATCH):
            created += model.objects.using(using).bulk_create(rows[start : start + BATCH])
        return created
    from django.db.models import FileField, JSONField
    from psycopg import sql
    from psycopg.types.json import Jsonb

    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    json_at = [i for i, f in enumerate(fields) if isinstance(f, JSONField)]
    file_at = [i for i, f in enumerate(fields) if isinstance(f, FileField)]
    attnames = [f.attname for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            "select nextval(pg_get_serial_sequence(%s, %s)) from generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        keys = [row[0] for row in cursor.fetchall()]
        statement = sql.SQL("copy {} ({}) from stdin").format(
            sql.Identifier(meta.db_table),
            sql.SQL(", ").join(sql.Identifier(f.column) for f in [meta.pk, *fields]),
        )
        with cursor.cursor.copy(statement) as copy:
            for obj, key in zip(rows, keys, strict=True):
                obj.pk = key
                for f in stamped:
                    f.pre_save(obj, add=True)
                values = [getattr(obj, name) for name in attnames]
                for i in json_at:
                    values[i] = Jsonb(values[i])
                for i in file_at:
                    values[i] = values[i].name or ""
                copy.write_row([key, *values])
    for obj in rows:
        obj._state.adding = False
        obj._state.db = using
    return rows


@contextlib.contextmanager
def _own_timestamps(*models):
    """bulk_create fills auto_now(_add) fields with "now": switch that off, so the data sets
    carry the dates of the years they describe."""
    fields = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


class _Builder:
    def __init__(self, scale: Scale, today: datetime.date, seed: int):
        from django.utils import timezone

        self.s = scale
        self.today = today
        self.rng = random.Random(seed)
        self.tz = timezone.get_current_timezone()
        self.counts: dict[str, int] = {}

    # --- helpers ------------------------------------------------------------------------------

    def at(self, day: datetime.date, hour: int = 10) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, self.rng.randrange(60)), self.tz)

    def text(self, n: int = 2) -> str:
        return " ".join(self.rng.choice(SENTENCES) for _ in range(n))

    def name(self, i: int) -> str:
        first = FIRST_NAMES[i % len(FIRST_NAMES)]
        last = LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)]
        return f"{first} {last}" + (f" {i // 660 + 1}" if i >= 660 else "")

    def count(self, label: str, rows) -> list:
        self.counts[label] = self.counts.get(label, 0) + len(rows)
        return rows

    # --- the organisation ---------------------------------------------------------------------

    def organisation(self):
        from django.contrib.auth.hashers import make_password

        from accounts.constants import Function, OrgaanType
        from accounts.models import (
            Beleidsdomein,
            Bestuur,
            Cluster,
            Dienst,
            Mandate,
            Orgaan,
            Term,
            User,
        )

        s = self.s
        Bestuur.objects.update_or_create(
            pk=1,
            defaults={
                "name": "Stad en OCMW Heuvelstad",
                "gemeente_name": "Stad Heuvelstad",
                "ocmw_name": "OCMW Heuvelstad",
                "email": "info@heuvelstad.example",
            },
        )
        self.term_old = Term.objects.create(
            start=datetime.date(2019, 1, 1), end=datetime.date(2024, 12, 31)
        )
        self.term = Term.objects.create(
            start=datetime.date(2025, 1, 1), end=datetime.date(2030, 12, 31)
        )
        self.bodies = {t: Orgaan.objects.of_type(t) for t in OrgaanType.values}

        n_domains = max(3, min(len(DOMAINS), s.departments // 5))
        self.domains = self.count(
            "beleidsdomeinen",
            _bulk(Beleidsdomein, [Beleidsdomein(name=DOMAINS[i]) for i in range(n_domains)]),
        )
        n_schepenen = 6 if s.departments <= 50 else 9
        n_clusters = max(2, s.departments // 8)
        n_council = 25 if s.departments <= 50 else 45
        password = make_password(PASSWORD)  # hashed once: every bench user shares it
        domain = f"{s.name}.example"
        people = []

        def person(login, title):
            people.append(
                User(
                    email=f"{login}@{domain}",
                    full_name=self.name(len(people)),
                    job_title=title,
                    password=password,
                    date_joined=self.at(datetime.date(2019, 1, 2)),
                )
            )
            return len(people) - 1

        ad = person("algemeen.directeur", "Algemeen directeur")
        adjunct = person("adjunct.directeur", "Adjunct-algemeen directeur")
        fd = person("financieel.directeur", "Financieel directeur")
        burgemeester = person("burgemeester", "Burgemeester")
        schepenen = [person(f"schepen.{i + 1}", "Schepen") for i in range(n_schepenen)]
        managers = [person(f"manager.{i + 1}", "Manager") for i in range(n_clusters)]
        heads = [person(f"diensthoofd.{i + 1}", "Diensthoofd") for i in range(s.departments)]
        council = [person(f"raadslid.{i + 1}", "Gemeenteraadslid") for i in range(n_council)]
        staff_count = max(s.staff - len(people), s.departments)
        staff = [person(f"medewerker.{i + 1}", "Medewerker") for i in range(staff_count)]
        users = self.count("personen", _bulk(User, people))
        self.ad, self.adjunct, self.fd = users[ad], users[adjunct], users[fd]
        self.burgemeester = users[burgemeester]
        self.schepenen = [users[i] for i in schepenen]
        self.managers = [users[i] for i in managers]
        self.heads = [users[i] for i in heads]
        self.council = [users[i] for i in council]
        self.staff = [users[i] for i in staff]

        start = datetime.date(2019, 1, 1)
        mandates = []

        def seat(user, body, function):
            mandates.append(
                Mandate(user=user, orgaan=self.bodies[body], function=function, start=start)
            )

        college = [self.burgemeester, *self.schepenen]
        seat(self.burgemeester, OrgaanType.COLLEGE, Function.BURGEMEESTER)
        for u in self.schepenen:
            seat(u, OrgaanType.COLLEGE, Function.SCHEPEN)
        seat(self.burgemeester, OrgaanType.VAST_BUREAU, Function.VOORZITTER)
        for u in self.schepenen:
            seat(u, OrgaanType.VAST_BUREAU, Function.LID)
        seat(self.schepenen[-1], OrgaanType.BCSD, Function.VOORZITTER)
        for u in self.council[:8]:
            seat(u, OrgaanType.BCSD, Function.LID)
        seat(self.ad, OrgaanType.MANAGEMENTTEAM, Function.ALGEMEEN_DIRECTEUR)
        seat(self.adjunct, OrgaanType.MANAGEMENTTEAM, Function.ADJUNCT_ALGEMEEN_DIRECTEUR)
        seat(self.fd, OrgaanType.MANAGEMENTTEAM, Function.FINANCIEEL_DIRECTEUR)
        for u in self.managers:
            seat(u, OrgaanType.MANAGEMENTTEAM, Function.MANAGER)
        seat(self.council[0], OrgaanType.GEMEENTERAAD, Function.VOORZITTER)
        seat(self.council[0], OrgaanType.RAAD_MAATSCHAPPELIJK_WELZIJN, Function.VOORZITTER)
        for u in [*self.council[1:], *college]:
            seat(u, OrgaanType.GEMEENTERAAD, Function.LID)
            seat(u, OrgaanType.RAAD_MAATSCHAPPELIJK_WELZIJN, Function.LID)
        mandates = self.count("mandaten", _bulk(Mandate, mandates))
        # Portfolios: the domains go round the college, the burgemeester first.
        through = Mandate.domains.through
        college_seats = [m for m in mandates if m.orgaan.type == OrgaanType.COLLEGE]
        self.portfolio = {}  # domain pk -> college member
        links = []
        for i, d in enumerate(self.domains):
            m = college_seats[i % len(college_seats)]
            links.append(through(mandate_id=m.pk, beleidsdomein_id=d.pk))
            self.portfolio[d.pk] = m.user
        _bulk(through, links)
        self.college = college

        clusters = _bulk(
            Cluster,
            [
                Cluster(name=f"Cluster {DOMAINS[i % len(DOMAINS)]} {i + 1}", manager=m)
                for i, m in enumerate(self.managers)
            ],
        )
        self.diensten = self.count(
            "diensten",
            _bulk(
                Dienst,
                [
                    Dienst(
                        name=f"{SERVICES[i % len(SERVICES)]} {i + 1}",
                        cluster=clusters[i % len(clusters)],
                        domain=self.domains[i % len(self.domains)],
                        head=self.heads[i],
                    )
                    for i in range(s.departments)
                ],
            ),
        )
        self.manager_of = {d.pk: d.cluster.manager for d in self.diensten}
        # Staff belong to a department (for authorship and action ownership), in turn.
        self.staff_of = {d.pk: [] for d in self.diensten}
        for i, u in enumerate(self.staff):
            self.staff_of[self.diensten[i % len(self.diensten)].pk].append(u)

    # --- the optimisation cycles --------------------------------------------------------------

    def cycles(self):
        from optimalisatie.models import Beleidsnota, Cycle, DomainTarget

        s = self.s
        year = self.today.year
        self.cycle_list = []
        for k in range(s.cycles):  # k = 0: this year's open exercise; then a year back each
            y = year - k
            is_open = k == 0
            if is_open:  # started mid-year, in its college phase now
                base = datetime.date(y, 6, 1)
                deadlines = [base, datetime.date(y, 8, 31), datetime.date(y, 9, 30)]
                deadlines += [datetime.date(y, 10, 31), datetime.date(y, 12, 15)]
            else:
                deadlines = [datetime.date(y, m, 28) for m in (2, 3, 4, 5, 6)]
            self.cycle_list.append(
                Cycle(
                    title=f"Optimalisatie-oefening {y}",
                    term=self.term if y >= 2025 else self.term_old,
                    phase="collegebesluit" if is_open else "afgesloten",
                    preparation_until=deadlines[0],
                    advices_until=deadlines[1],
                    manager_review_until=deadlines[2],
                    mt_validation_until=deadlines[3],
                    college_decision_until=deadlines[4],
                    implementation_until=datetime.date(y + 2, 12, 31),
                    target_recurring=Decimal(s.advices_per_cycle * 6000),
                    target_one_off=Decimal(s.advices_per_cycle * 2500),
                    target_fte=Decimal(s.advices_per_cycle) / 40,
                    boundaries="Geen naakte ontslagen. De dienstverlening aan kwetsbare "
                    "inwoners blijft behouden.",
                    created_at=self.at(deadlines[0] - datetime.timedelta(days=30)),
                    is_open_marker=True if is_open else None,
                )
            )
        with _own_timestamps(Cycle):
            self.cycle_list = self.count("cycli", _bulk(Cycle, self.cycle_list))
        _bulk(
            DomainTarget,
            [
                DomainTarget(cycle=c, domain=d, target_recurring=Decimal(s.advices_per_cycle * 400))
                for c in self.cycle_list
                for d in self.domains
            ],
        )
        with _own_timestamps(Beleidsnota):
            _bulk(
                Beleidsnota,
                [
                    Beleidsnota(
                        cycle=c,
                        schepen=u,
                        text=self.text(4),
                        updated_at=self.at(c.preparation_until),
                    )
                    for c in self.cycle_list
                    for u in self.college
                ],
            )

    def advices(self):
        from django.contrib.contenttypes.models import ContentType

        from core.models import AuditEntry
        from optimalisatie.constants import VERSIONED_FIELDS
        from optimalisatie.models import Advies, AdviesVersion, Bundle, Priority, Standpunt

        s, rng = self.s, self.rng
        # Some departments write many advices, most a few.
        weights = [rng.lognormvariate(0, 0.9) for _ in self.diensten]
        rows = []
        for cycle in self.cycle_list:
            is_open = cycle.is_open_marker
            table = OPEN_CYCLE_STATES if is_open else CLOSED_CYCLE_STATES
            states = rng.choices(list(table), weights=list(table.values()), k=s.advices_per_cycle)
            diensten = rng.choices(self.diensten, weights=weights, k=s.advices_per_cycle)
            y = cycle.advices_until.year
            if is_open:  # the advice measured with 200 comments: with the MT, first department
                states[0], diensten[0] = "voorgelegd_mt", self.diensten[0]
            for i, (state, dienst) in enumerate(zip(states, diensten, strict=True)):
                created = cycle.preparation_until + datetime.timedelta(days=rng.randrange(60))
                colleagues = self.staff_of[dienst.pk]
                author = (
                    dienst.head
                    if rng.random() < 0.5 or not colleagues or not i
                    else (rng.choice(colleagues))
                )
                topic = TOPICS[i % len(TOPICS)]
                submitted = state in SUBMITTED
                rows.append(
                    Advies(
                        cycle=cycle,
                        dienst=dienst,
                        author=author,
                        state=state,
                        title=f"{topic} – {dienst.name} ({i + 1})",
                        current_situation=self.text(3),
                        proposal=self.text(3),
                        substantiation=self.text(2),
                        category=rng.choice(
                            ["personeel", "werking", "investeringen", "ontvangsten", "organisatie"]
                        ),
                        savings_one_off=Decimal(rng.randrange(0, 40) * 500),
                        savings_recurring=Decimal(rng.randrange(1, 60) * 250),
                        fte_impact=Decimal(rng.choice(["0", "0", "0.5", "1", "-0.2"])),
                        investment_cost=Decimal(rng.randrange(0, 10) * 1000),
                        start_year=y + 1,
                        risks=self.text(1),
                        created_at=self.at(created),
                        updated_at=self.at(created + datetime.timedelta(days=rng.randrange(90))),
                        submitted_at=self.at(created + datetime.timedelta(days=5))
                        if submitted
                        else None,
                        forwarded_at=self.at(created + datetime.timedelta(days=20))
                        if state in FORWARDED
                        else None,
                        validated_at=self.at(created + datetime.timedelta(days=40))
                        if state in VALIDATED
                        else None,
                    )
                )
        rows[0].title = "Eén contract voor het onderhoud van alle gebouwen"
        # Bundles: the open exercise's bundled advices, six to a bundle.
        bundles, members = [], []
        bundled = [a for a in rows if a.state == "in_bundel"]
        for start in range(0, len(bundled), 6):
            group = bundled[start : start + 6]
            bundles.append(
                Bundle(
                    cycle=group[0].cycle,
                    title=f"Bundel {start // 6 + 1}: {TOPICS[start % len(TOPICS)].lower()}",
                    summary=self.text(2),
                    rationale=self.text(2),
                    state="klaar_voor_college" if start % 12 else "gevormd",
                    created_by=self.ad,
                )
            )
            members.append(group)
        bundles = self.count("bundels", _bulk(Bundle, bundles))
        for bundle, group in zip(bundles, members, strict=True):
            for advies in group:
                advies.bundle = bundle
        with _own_timestamps(Advies):
            self.advies_list = self.count("adviezen", _bulk(Advies, rows))
        self.hot = self.advies_list[0]

        content_type = ContentType.objects.get_for_model(Advies)
        versions, audit, priorities, standpunten = [], [], [], []
        actors = {
            "indienen": None,
            "voorleggen": "manager",
            "valideren": self.ad,
            "niet-weerhouden": self.ad,
            "bundelen": self.ad,
            "klaar": self.ad,
            "college": self.ad,
            "intrekken": None,
            "uitvoering": "manager",
            "gerealiseerd": None,
            "stopgezet": None,
        }
        for a in self.advies_list:
            manager = self.manager_of[a.dienst_id]
            day = a.created_at
            for n, step in enumerate(PATHS[a.state]):
                actor = actors[step]
                actor = a.author if actor is None else manager if actor == "manager" else actor
                audit.append(
                    AuditEntry(
                        at=day + datetime.timedelta(days=7 * (n + 1)),
                        actor=actor,
                        actor_name=actor.full_name,
                        action=f"advies.{step}",
                        content_type=content_type,
                        object_id=str(a.pk),
                        object_repr=a.title[:200],
                        to_state=a.state if n == len(PATHS[a.state]) - 1 else "",
                    )
                )
            if a.state in SUBMITTED:
                data = {f: str(getattr(a, f)) for f in VERSIONED_FIELDS}
                for number in range(1, 3 if self.rng.random() < 0.2 else 2):
                    versions.append(
                        AdviesVersion(
                            advies=a,
                            number=number,
                            data=data,
                            created_at=a.submitted_at,
                            created_by=a.author,
                        )
                    )
            if a.state in VALIDATED and self.rng.random() < 0.5:
                priorities.append(
                    Priority(
                        advies=a,
                        schepen=self.portfolio[a.dienst.domain_id],
                        level=self.rng.choice(["hoog", "midden", "laag"]),
                        motivation=self.text(1),
                    )
                )
            if a.state in FORWARDED and self.rng.random() < 0.1:
                standpunten.append(
                    Standpunt(
                        advies=a, schepen=self.portfolio[a.dienst.domain_id], text=self.text(2)
                    )
                )
        self.count("auditregels", _bulk(AuditEntry, audit))
        self.count("adviesversies", _bulk(AdviesVersion, versions))
        self.count("prioriteiten", _bulk(Priority, priorities))
        self.count("standpunten", _bulk(Standpunt, standpunten))

    def comments(self):
        from django.contrib.contenttypes.models import ContentType

        from core.models import Comment, Thread
        from optimalisatie.models import Advies

        rng = self.rng
        content_type = ContentType.objects.get_for_model(Advies)
        anchors = ["", "", "", "proposal", "savings_recurring", "substantiation", "risks"]
        plan = [(self.hot, 5)] * (HOT_COMMENTS // 5)  # (advice, comments in the thread)
        left = self.s.comments - HOT_COMMENTS
        others = [a for a in self.advies_list if a.pk != self.hot.pk]
        while left > 0:
            size = min(left, rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 8]))
            plan.append((rng.choice(others), size))
            left -= size
        threads = []
        for advies, _size in plan:
            starter = self.manager_of[advies.dienst_id]
            resolved = rng.random() < 0.4
            threads.append(
                Thread(
                    content_type=content_type,
                    object_id=str(advies.pk),
                    anchor=rng.choice(anchors),
                    created_by=starter,
                    created_at=advies.created_at + datetime.timedelta(days=10),
                    resolved_at=advies.created_at + datetime.timedelta(days=20)
                    if resolved
                    else None,
                    resolved_by=starter if resolved else None,
                )
            )
        threads = self.count("draden", _bulk(Thread, threads))
        firsts = []
        for thread, (_advies, _size) in zip(threads, plan, strict=True):
            firsts.append(
                Comment(
                    thread=thread,
                    author=thread.created_by,
                    body=self.text(2),
                    created_at=thread.created_at,
                )
            )
        firsts = _bulk(Comment, firsts)
        replies = []
        for first, (advies, size) in zip(firsts, plan, strict=True):
            for n in range(1, size):
                replies.append(
                    Comment(
                        thread_id=first.thread_id,
                        parent=first,
                        author=advies.author if n % 2 else first.author,
                        body=self.text(1),
                        created_at=first.created_at + datetime.timedelta(hours=n * 5),
                        edited_at=None,
                        withdrawn_at=first.created_at if rng.random() < 0.02 else None,
                    )
                )
        self.count("reacties", firsts + _bulk(Comment, replies))

    def notifications(self):
        from core.models import Notification

        rng = self.rng
        rows = []
        readers = [*self.heads, *self.managers, *self.college, self.ad, self.fd]
        for u in readers:
            for n in range(rng.randrange(5, 40)):
                when = self.at(self.today - datetime.timedelta(days=n * 3))
                rows.append(
                    Notification(
                        recipient=u,
                        text="Een advies van je dienst veranderde van stand.",
                        url="/optimalisatie/adviezen/",
                        created_at=when,
                        read_at=when if n > 3 else None,
                        emailed_at=when,
                    )
                )
        self.count("meldingen", _bulk(Notification, rows))

    # --- implementation -----------------------------------------------------------------------

    def implementation(self):
        from uitvoering.models import Action, ExpectedSaving, Milestone, Plan, RealisedSaving
        from uitvoering.progress import refresh_figures

        rng, today = self.rng, self.today
        plans, meta = [], []
        for a in self.advies_list:
            if a.state not in IMPLEMENTED:
                continue
            if a.state == "goedgekeurd":
                roll = rng.random()
                if roll < 0.4:
                    continue
                state = "concept" if roll < 0.7 else "ingediend"
            else:
                state = "goedgekeurd"
            manager = self.manager_of[a.dienst_id]
            start = a.created_at + datetime.timedelta(days=120)
            ended = a.state in ("gerealiseerd", "stopgezet")
            plans.append(
                Plan(
                    advies=a,
                    state=state,
                    submitted_at=start if state != "concept" else None,
                    approved_at=start + datetime.timedelta(days=7)
                    if state == "goedgekeurd"
                    else None,
                    approved_by=manager if state == "goedgekeurd" else None,
                    ended_at=start + datetime.timedelta(days=400) if ended else None,
                    end_reason="De leverancier ging failliet." if a.state == "stopgezet" else "",
                    created_at=start,
                    **(
                        {
                            "health_override": "vertraagd",
                            "health_motivation": "Wacht op de aanbesteding.",
                        }
                        if rng.random() < 0.03
                        else {}
                    ),
                )
            )
            meta.append(a)
        plans = self.count("plannen", _bulk(Plan, plans))
        actions, milestones, expected, realised = [], [], [], []
        for plan, a in zip(plans, meta, strict=True):
            begin = plan.created_at.date()
            staff = self.staff_of[a.dienst.pk] or [a.dienst.head]
            for n in range(rng.randrange(3, 7)):
                start = begin + datetime.timedelta(days=30 * n)
                due = start + datetime.timedelta(days=rng.randrange(20, 200))
                if a.state == "gerealiseerd" or due < today - datetime.timedelta(days=60):
                    status = "klaar" if rng.random() < 0.9 or a.state == "gerealiseerd" else "bezig"
                elif start > today:
                    status = "gepland"
                else:
                    status = rng.choice(["bezig", "bezig", "klaar", "gepland", "geblokkeerd"])
                actions.append(
                    Action(
                        plan=plan,
                        title=f"Stap {n + 1}: {TOPICS[(n + a.pk) % len(TOPICS)].lower()}",
                        owner=rng.choice(staff),
                        start=start,
                        due=due,
                        weight=rng.choice([10, 20, 25, 30, 50]),
                        status=status,
                        blocked_reason="Wacht op advies van de juridische dienst."
                        if status == "geblokkeerd"
                        else "",
                        done_on=due if status == "klaar" else None,
                    )
                )
            for n in range(2):
                date = begin + datetime.timedelta(days=120 * (n + 1))
                milestones.append(
                    Milestone(
                        plan=plan,
                        title=["Contract getekend", "Nieuwe werking gestart"][n],
                        date=date,
                        reached_on=date if date < today and rng.random() < 0.8 else None,
                    )
                )
            first = a.start_year
            for year in range(first, first + 3):
                expected.append(ExpectedSaving(plan=plan, year=year, amount=a.savings_recurring))
                if plan.state == "goedgekeurd" and year <= today.year:
                    roll = rng.random()
                    realised.append(
                        RealisedSaving(
                            plan=plan,
                            year=year,
                            amount=(a.savings_recurring * Decimal(rng.choice([6, 8, 9, 10]))) / 10,
                            note="Volgens de facturen en de boekhouding van het jaar.",
                            state="gevalideerd"
                            if roll < 0.8
                            else "ingediend"
                            if roll < 0.95
                            else "teruggestuurd",
                            recorded_by=a.dienst.head,
                            recorded_at=self.at(datetime.date(year + 1, 1, 20)),
                            decided_by=self.fd if roll < 0.8 or roll >= 0.95 else None,
                            decided_at=self.at(datetime.date(year + 1, 2, 10))
                            if roll < 0.8 or roll >= 0.95
                            else None,
                            return_reason="Voeg de facturen toe." if roll >= 0.95 else "",
                        )
                    )
        self.count("acties", _bulk(Action, actions))
        self.count("mijlpalen", _bulk(Milestone, milestones))
        refresh_figures(Plan.objects.all())  # as the services keep them
        self.count("verwachte besparingen", _bulk(ExpectedSaving, expected))
        self.count("gerealiseerde besparingen", _bulk(RealisedSaving, realised))

    # --- meetings -----------------------------------------------------------------------------

    def meetings(self):
        from django.contrib.contenttypes.models import ContentType

        from accounts.constants import OrgaanType
        from optimalisatie.models import Advies
        from vergaderingen.models import (
            AgendaItem,
            Attendance,
            Ballot,
            Decision,
            Meeting,
            Minutes,
            MinutesSignature,
            Vote,
        )

        rng, today = self.rng, self.today
        n = self.s.meetings
        # College weekly, MT weekly, the vast bureau and the councils monthly.
        kinds = rng.choices(
            [OrgaanType.COLLEGE, OrgaanType.MANAGEMENTTEAM, OrgaanType.VAST_BUREAU,
             OrgaanType.GEMEENTERAAD],
            weights=[45, 30, 15, 10],
            k=n - 2,
        )  # fmt: skip
        members = {
            OrgaanType.COLLEGE: self.college,
            OrgaanType.VAST_BUREAU: self.college,
            OrgaanType.MANAGEMENTTEAM: [self.ad, self.adjunct, self.fd, *self.managers],
            OrgaanType.GEMEENTERAAD: [*self.council, *self.college],
        }
        span = (today - datetime.date(2021, 1, 4)).days
        plan = []  # (body, day, state, items)
        for i, kind in enumerate(kinds):
            day = today - datetime.timedelta(days=7 + (span * i) // max(1, n - 2))
            state = "gesloten" if i < 3 else "notulen_goedgekeurd"
            plan.append((kind, day, state, rng.randrange(4, 20)))
        for i in range(max(1, n // 50)):  # a few planned ahead
            plan.append((OrgaanType.COLLEGE, today + datetime.timedelta(days=7 * (i + 1)),
                         "gepland", rng.randrange(3, 10)))  # fmt: skip
        # The two measured meetings: one closed with minutes, one open now with a vote.
        plan.append((OrgaanType.COLLEGE, today - datetime.timedelta(days=7), "notulen_goedgekeurd",
                     BIG_MEETING_ITEMS))  # fmt: skip
        plan.append((OrgaanType.COLLEGE, today, "geopend", BIG_MEETING_ITEMS))
        meetings = self.count(
            "vergaderingen",
            _bulk(
                Meeting,
                [
                    Meeting(
                        orgaan=self.bodies[kind],
                        starts_at=self.at(day, 9 if kind != OrgaanType.GEMEENTERAAD else 20),
                        place="Raadzaal, Markt 1",
                        secretary=self.ad,
                        state=state,
                        created_at=self.at(day - datetime.timedelta(days=14)),
                        published_at=self.at(day + datetime.timedelta(days=3))
                        if state == "notulen_goedgekeurd"
                        and kind in (OrgaanType.COLLEGE, OrgaanType.VAST_BUREAU)
                        else None,
                    )
                    for kind, day, state, _items in plan
                ],
            ),
        )
        advies_ct = ContentType.objects.get_for_model(Advies)
        decided = [a for a in self.advies_list if a.state in DECIDED]
        rng.shuffle(decided)
        items = []
        for meeting, (kind, _day, _state, count) in zip(meetings, plan, strict=True):
            for order in range(1, count + 1):
                subject = decided.pop() if kind == OrgaanType.COLLEGE and decided else None
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        order=order,
                        title=subject.title
                        if subject
                        else f"{TOPICS[order % len(TOPICS)]}: bespreking en besluit",
                        rapporteur=rng.choice(members[kind]),
                        concerns_person=rng.random() < 0.05,
                        created_at=meeting.created_at,
                        subject_type=advies_ct if subject else None,
                        subject_id=str(subject.pk) if subject else "",
                    )
                )
        items = self.count("agendapunten", _bulk(AgendaItem, items))
        by_meeting = {}
        for item in items:
            by_meeting.setdefault(item.meeting_id, []).append(item)

        attendance, votes, decisions_for, minutes = [], [], [], []
        live, open_item = meetings[-1], None
        for meeting, (kind, _day, state, _count) in zip(meetings, plan, strict=True):
            people = members[kind]
            if state == "gepland":
                continue
            for u in people:
                attendance.append(
                    Attendance(
                        meeting=meeting,
                        member=u,
                        presence=rng.choices(
                            ["aanwezig", "verontschuldigd", "afwezig"], weights=[90, 8, 2]
                        )[0],
                    )
                )
            meeting_items = by_meeting[meeting.pk]
            decided_items = meeting_items if meeting.pk != live.pk else meeting_items[:15]
            for item in decided_items:
                if kind in (OrgaanType.COLLEGE, OrgaanType.VAST_BUREAU) and rng.random() < 0.3:
                    votes.append(
                        (
                            Vote(
                                item=item,
                                secret=item.concerns_person,
                                state="gesloten",
                                opened_at=meeting.starts_at,
                                closed_at=meeting.starts_at,
                            ),
                            people,
                        )
                    )
                decisions_for.append(item)
            if meeting.pk == live.pk:
                open_item = meeting_items[15]
                votes.append((Vote(item=open_item, opened_at=meeting.starts_at), people))
            if state == "notulen_goedgekeurd":
                minutes.append(
                    Minutes(
                        meeting=meeting,
                        text=self.text(6),
                        drafted_by=self.ad,
                        drafted_at=meeting.starts_at + datetime.timedelta(days=1),
                        approved_at=meeting.starts_at + datetime.timedelta(days=8),
                    )
                )
        self.count("aanwezigheden", _bulk(Attendance, attendance))
        cast = []  # per vote: (member, choice); a secret vote keeps its counts only
        for vote, people in votes:
            if vote.secret:
                vote.ja, vote.nee = len(people) - 1, 1
                cast.append([])
                continue
            voters = people if vote.state == "gesloten" else people[: len(people) // 2]
            choices = [
                ("ja" if k % 5 else "onthouding" if k % 2 else "nee") for k in range(len(voters))
            ]
            for choice in choices:
                setattr(vote, choice, getattr(vote, choice) + 1)
            cast.append(list(zip(voters, choices, strict=True)))
        vote_rows = self.count("stemmingen", _bulk(Vote, [v for v, _people in votes]))
        vote_of = {vote.item_id: vote for vote in vote_rows}
        ballots = [
            Ballot(vote=vote, member=member, choice=choice, cast_at=vote.opened_at)
            for vote, pairs in zip(vote_rows, cast, strict=True)
            for member, choice in pairs
        ]
        self.count("stembriefjes", _bulk(Ballot, ballots))
        decision_rows = []
        for item in decisions_for:
            vote = vote_of.get(item.pk)
            outcome = rng.choices(["goedgekeurd", "afgewezen", "uitgesteld"], weights=[85, 8, 7])
            decision_rows.append(
                Decision(
                    item=item,
                    outcome=outcome[0],
                    by_consensus=vote is None,
                    vote=vote,
                    motivation=self.text(1),
                    public_text=f"Het college besliste over: {item.title}"[:300],
                    decided_at=item.created_at + datetime.timedelta(days=14),
                    decided_by=self.ad,
                )
            )
        self.count("besluiten", _bulk(Decision, decision_rows))
        # The measured minutes are what the secretary starts from: every item and decision.
        from vergaderingen.selectors import minutes_draft_text

        self.minutes_meeting = meetings[-2]
        for m in minutes:
            if m.meeting is self.minutes_meeting:
                m.text = minutes_draft_text(self.minutes_meeting)
        minutes = self.count("notulen", _bulk(Minutes, minutes))
        chair_of = {m.pk: members[k][0] for m, (k, *_rest) in zip(meetings, plan, strict=True)}
        signatures = []
        for m in minutes:
            signatures.append(
                MinutesSignature(minutes=m, signer=chair_of[m.meeting_id], capacity="voorzitter")
            )
            signatures.append(MinutesSignature(minutes=m, signer=self.ad, capacity="secretaris"))
        _bulk(MinutesSignature, signatures)
        self.live, self.open_item = live, open_item

    # --- afsprakennota's ----------------------------------------------------------------------

    def notas(self):
        from afsprakennota.models import Afsprakennota, Article, Signature
        from afsprakennota.services import nota_create_decree
        from afsprakennota.versions import freeze
        from bench.nota_pdf import _item_text, _sub_text, _top_text
        from optimalisatie.services import cycle_nota_create

        made = []
        for k in range(self.s.notas):
            if k < 2:  # the decree's nota of each term, signed
                nota = nota_create_decree(term=[self.term, self.term_old][k], by=self.ad)
                state = "ondertekend"
            else:  # the exercises' notas, the open one's still under discussion
                nota = cycle_nota_create(cycle=self.cycle_list[k - 2], by=self.ad)
                state = "in_bespreking" if k == 2 else "ondertekend"
            made.append((nota, state))
        # Each nota is about ten pages: sub-articles with items under every article.
        for nota, state in made:
            rows = []
            tops = list(nota.articles.filter(parent=None).order_by("position"))
            for n, top in enumerate(tops):
                Article.objects.filter(pk=top.pk).update(text=_top_text(n))
            for n in range(18):
                rows.append(
                    Article(
                        nota=nota,
                        parent=tops[n % len(tops)],
                        position=100 + n,
                        heading=f"Afspraak {n + 1}",
                        text=_sub_text(n),
                    )
                )
            subs = _bulk(Article, rows)
            _bulk(
                Article,
                [
                    Article(nota=nota, parent=sub, position=m + 1, text=_item_text(n + m))
                    for n, sub in enumerate(subs)
                    for m in range(2)
                ],
            )
            Afsprakennota.objects.filter(pk=nota.pk).update(state=state)
            nota.refresh_from_db()
            version = freeze(nota, by=self.ad)
            if state == "ondertekend":
                _bulk(
                    Signature,
                    [
                        Signature(
                            version=version,
                            signer=self.burgemeester,
                            role="burgemeester",
                            content_hash=version.content_hash,
                        ),
                        Signature(
                            version=version,
                            signer=self.ad,
                            role="algemeen_directeur",
                            content_hash=version.content_hash,
                        ),
                    ],
                )
        self.count("afsprakennota's", made)
        open_nota = next((n for n, state in made if state == "in_bespreking"), made[0][0])
        self.nota = open_nota


def _summaries():
    """The summary tables of the dashboard and the results, as the services keep them."""
    from optimalisatie import summary as advice_summary
    from uitvoering import summary as result_summary

    advice_summary.rebuild()
    result_summary.rebuild()


def build(scale: Scale, *, today: datetime.date | None = None, seed: int = 7, log=print):
    """Build the data set in the current database (empty but migrated): its Fixture."""
    from django.db import transaction
    from django.utils import timezone

    started = time.perf_counter()
    builder = _Builder(scale, today or timezone.localdate(), seed)
    steps = [
        ("organisatie", builder.organisation),
        ("cycli", builder.cycles),
        ("adviezen", builder.advices),
        ("reacties", builder.comments),
        ("meldingen", builder.notifications),
        ("uitvoering", builder.implementation),
        ("vergaderingen", builder.meetings),
        ("afsprakennota's", builder.notas),
        ("samenvattingen", _summaries),
    ]
    with transaction.atomic():
        for label, step in steps:
            t = time.perf_counter()
            step()
            log(f"  {label}: {time.perf_counter() - t:.1f} s")
    b = builder
    return Fixture(
        scale=scale.name,
        users={
            "burgemeester": b.burgemeester.pk,
            # a schepen with a portfolio who is not the burgemeester (the first domain is hers)
            "schepen": next(u for u in b.portfolio.values() if u != b.burgemeester).pk,
            "algemeen_directeur": b.ad.pk,
            "financieel_directeur": b.fd.pk,
            "manager": b.diensten[0].cluster.manager_id,
            "diensthoofd": b.diensten[0].head_id,
        },
        open_cycle=b.cycle_list[0].pk,
        results_cycle=b.cycle_list[1].pk,
        hot_advice=b.hot.pk,
        meeting=b.live.pk,
        tally_item=b.open_item.pk,
        minutes_meeting=b.minutes_meeting.pk,
        nota=b.nota.pk,
        search="contract",
        counts=b.counts,
        seconds=round(time.perf_counter() - started, 1),
    )


FIXTURE_DIR = Path(__file__).resolve().parent.parent / ".bench"


def fixture_path(name: str) -> Path:
    return FIXTURE_DIR / f"{name}.json"


def load_fixture(name: str) -> Fixture | None:
    path = fixture_path(name)
    if not path.exists():
        return None
    return Fixture(**json.loads(path.read_text()))


def generate(name: str, *, force: bool = False, log=print) -> Fixture:
    """Make sure the data set exists in its own database: build it when missing (or forced)."""
    from bench import db

    url = db.require_server()
    fixture = load_fixture(name)
    if fixture and not force and db.exists(name):
        log(f"Data set {name}: already in {db.database_name(name)} (--force rebuilds it).")
        return fixture
    log(f"Data set {name}: building in {db.database_name(name)} on {db.describe(url)} …")
    db.recreate(name)
    db.setup_django(name)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    fixture = build(SCALES[name], log=log)
    from django.db import connection

    # Vacuumed and analysed, as autovacuum would soon leave it. Vacuum also moves the advices
    # COPY put in the GIN index's pending list (the advice search, optimalisatie 0004) into
    # the index proper: without it, every search reads that list through, and the planner,
    # which counts it, scans the whole table instead (100 ms per search at gemeente).
    with connection.cursor() as cursor:
        cursor.execute("vacuum analyze")
    FIXTURE_DIR.mkdir(exist_ok=True)
    fixture_path(name).write_text(json.dumps(asdict(fixture), indent=2))
    log(f"Data set {name}: built in {fixture.seconds} s ({_summary(fixture.counts)}).")
    return fixture


def _summary(counts: dict) -> str:
    from bench.report import number

    return ", ".join(f"{number(v)} {k}" for k, v in counts.items())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scale", choices=list(SCALES))
    parser.add_argument("--force", action="store_true", help="rebuild even when it exists")
    args = parser.parse_args(argv)
    generate(args.scale, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
