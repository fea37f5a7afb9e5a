"""Demo data for the optimisation cycle: one open cycle with advices in every state, threads,
standpoints, priorities, a bundle and the aldermen's policy notes. Runs after `manage.py demo`
(through accounts.signals.demo_loaded) and only once: a second run changes nothing."""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Dienst, Term, User
from core.audit import audit_record
from core.figures import figures_changed
from core.models import Comment, Thread

from .constants import AdviesState as S
from .constants import BundleState, Category, FrameworkState, Phase
from .models import Advies, AdviesVersion, Beleidsnota, Bundle, Cycle, Priority, Standpunt
from .services import cycle_nota_create, snapshot

TITLE = "Optimalisatie-oefening 2026"
DOMAIN = "heuvelbeke.example"

# (department, title, state, recurring €, one-off €, FTE, category)
ADVIEZEN = [
    (
        "Sociale dienst",
        "Digitaal afsprakenloket voor de sociale dienst",
        S.DRAFT,
        18000,
        0,
        "0.3",
        Category.ORGANISATION,
    ),
    (
        "Onderwijs",
        "Gedeelde schoolbus voor twee scholen",
        S.SUBMITTED,
        24000,
        0,
        "0",
        Category.OPERATING,
    ),
    (
        "Cultuur en bibliotheek",
        "Bibliotheek en cultuurcentrum één onthaal",
        S.WITH_MT,
        42000,
        5000,
        "0.8",
        Category.ORGANISATION,
    ),
    (
        "Sport en jeugd",
        "Energiezuinige verlichting sporthal",
        S.VALIDATED,
        15000,
        0,
        "0",
        Category.INVESTMENT,
    ),
    (
        "Ruimtelijke ordening",
        "Digitale omgevingsvergunning zonder papier",
        S.NOT_RETAINED,
        6000,
        0,
        "0",
        Category.OPERATING,
    ),
    (
        "Openbare werken",
        "Gezamenlijke aankoop strooizout met buurgemeenten",
        S.IN_BUNDLE,
        30000,
        0,
        "0",
        Category.OPERATING,
    ),
    (
        "Mobiliteit",
        "Eén wagenpark voor alle diensten",
        S.IN_BUNDLE,
        55000,
        20000,
        "1",
        Category.OPERATING,
    ),
    (
        "Milieu",
        "Zwerfvuilacties met vrijwilligers",
        S.READY_FOR_COLLEGE,
        12000,
        0,
        "0.2",
        Category.PERSONNEL,
    ),
    (
        "Financiën",
        "Elektronische facturatie",
        S.APPROVED,
        40000,
        8000,
        "0.5",
        Category.ORGANISATION,
    ),
    (
        "Personeel en organisatie",
        "Centrale opleidingsaankoop",
        S.REJECTED,
        9000,
        0,
        "0",
        Category.OPERATING,
    ),
    (
        "ICT",
        "Minder printers, meer multifunctionals",
        S.POSTPONED,
        11000,
        3000,
        "0",
        Category.OPERATING,
    ),
    (
        "Secretariaat",
        "Digitale notulen van het college",
        S.IN_IMPLEMENTATION,
        7000,
        0,
        "0.3",
        Category.ORGANISATION,
    ),
    (
        "Sociale dienst",
        "Huurwaarborg via het OCMW-fonds",
        S.REALISED,
        14000,
        0,
        "0",
        Category.REVENUE,
    ),
    ("Onderwijs", "Zomerscholen samen organiseren", S.STOPPED, 5000, 0, "0", Category.OPERATING),
    (
        "Cultuur en bibliotheek",
        "Uitleenpunt in het gemeentehuis",
        S.WITHDRAWN,
        3000,
        0,
        "0",
        Category.ORGANISATION,
    ),
]

REACHED = {  # which moments an advice in each state has passed
    S.DRAFT: 0,
    S.WITHDRAWN: 1,
    S.SUBMITTED: 1,
    S.WITH_MT: 2,
    S.NOT_RETAINED: 2,
}


def user(login):
    return User.objects.get(email=f"{login}@{DOMAIN}")


def load(stdout=None):
    if Cycle.objects.filter(title=TITLE).exists():
        return
    today = timezone.localdate()
    cycle = Cycle.objects.create(
        title=TITLE,
        term=Term.objects.get(start=datetime.date(2025, 1, 1)),
        phase=Phase.MT_VALIDATION,
        preparation_until=today - datetime.timedelta(days=90),
        advices_until=today - datetime.timedelta(days=45),
        manager_review_until=today - datetime.timedelta(days=10),
        mt_validation_until=today + datetime.timedelta(days=20),
        college_decision_until=today + datetime.timedelta(days=60),
        implementation_until=today + datetime.timedelta(days=400),
        target_recurring=Decimal("250000"),
        target_one_off=Decimal("50000"),
        target_fte=Decimal("3"),
        boundaries="Geen naakte ontslagen. De dienstverlening aan "
        "kwetsbare inwoners blijft minstens op het huidige niveau.",
        # the college set the framework before the advices opened (no meeting of the demo's)
        framework_state=FrameworkState.APPROVED,
        framework_decided_on=today - datetime.timedelta(days=100),
    )
    audit_record(
        actor=None,
        action="cycle.framework-approved",
        target=cycle,
        from_state=FrameworkState.SUBMITTED,
        to_state=FrameworkState.APPROVED,
        reason="Demogegevens",
    )
    Beleidsnota.objects.create(
        cycle=cycle,
        schepen=user("schepen.financien"),
        text=(
            "We willen structureel besparen zonder de belastingen te verhogen. Elke euro die we "
            "besparen op de werking, gaat naar de dienstverlening aan de inwoners."
        ),
    )
    Beleidsnota.objects.create(
        cycle=cycle,
        schepen=user("schepen.welzijn"),
        text=(
            "De toegang tot de sociale dienst blijft laagdrempelig. Digitaal waar het kan, "
            "persoonlijk waar het moet."
        ),
    )
    now = timezone.now()
    made = {}
    for name, title, state, recurring, one_off, fte, category in ADVIEZEN:
        dienst = Dienst.objects.select_related("head").get(name=name)
        advies = Advies(
            cycle=cycle,
            dienst=dienst,
            author=dienst.head,
            state=state,  # demo data: created in its state (the field is protected)
            title=title,
            category=category,
            current_situation=f"De dienst {name.lower()} werkt vandaag nog grotendeels "
            "op papier en apart van de andere diensten.",
            proposal=f"{title}. We bundelen het werk en schaffen dubbel werk af.",
            substantiation="Telling over 2025 en offertes van twee leveranciers (in bijlage "
            "bij te voegen).",
            savings_recurring=Decimal(recurring),
            savings_one_off=Decimal(one_off),
            fte_impact=Decimal(fte),
            start_year=2027,
            risks="Overgangsperiode van zes maanden.",
        )
        reached = REACHED.get(state, 3)
        advies.submitted_at = now if reached >= 1 and state != S.WITHDRAWN else None
        advies.forwarded_at = now if reached >= 2 else None
        advies.validated_at = now if reached >= 3 else None
        advies.save()
        audit_record(
            actor=None, action="demo.create", target=advies, to_state=state, reason="Demogegevens"
        )
        if advies.submitted_at:
            AdviesVersion.objects.create(
                advies=advies, number=1, data=snapshot(advies), created_by=dienst.head
            )
        made[title] = advies
    bundle = Bundle.objects.create(
        cycle=cycle,
        title="Samen aankopen en één wagenpark",
        summary="Strooizout en voertuigen worden voor alle diensten samen beheerd.",
        rationale="Schaalvoordeel en minder beheerwerk over de diensten heen.",
        created_by=user("algemeen.directeur"),
        state=BundleState.FORMED,
    )
    Advies.objects.filter(state=S.IN_BUNDLE, cycle=cycle).update(bundle=bundle)
    coached = made["Gedeelde schoolbus voor twee scholen"]
    thread = Thread.objects.create(
        content_type_id=_ct(),
        object_id=str(coached.pk),
        anchor="substantiation",
        created_by=user("manager.mens"),
        confidential=True,  # coaching: within the administration (access.py)
    )
    first = Comment.objects.create(
        thread=thread,
        author=user("manager.mens"),
        body=(
            "Kun je de **leerlingenaantallen** per school toevoegen? Dan is de onderbouwing "
            "sterker."
        ),
    )
    Comment.objects.create(
        thread=thread,
        parent=first,
        author=user("dh.onderwijs"),
        body="Doe ik, ik vraag ze op bij de directies.",
    )
    reviewed = made["Bibliotheek en cultuurcentrum één onthaal"]
    standpunt = Standpunt.objects.create(
        advies=reviewed,
        schepen=user("schepen.cultuur"),
        text=("Ik steun dit, op voorwaarde dat de openingsuren van de bibliotheek niet dalen."),
    )
    priority = Priority.objects.create(
        advies=made["Energiezuinige verlichting sporthal"],
        schepen=user("schepen.cultuur"),
        level="hoog",
        motivation="Past in het klimaatplan en verdient zich snel terug.",
    )
    figures_changed(standpunt, priority)  # the schepenen's Mijn werk (core.kept)
    # the advices and the bundle were written here, not by the services: the figures that
    # count them (the dashboard's summary table, the cycle's stamp) follow from them
    figures_changed(cycle, bundle, *Advies.objects.filter(cycle=cycle))
    # The exercise's own afsprakennota, in discussion: everyone reads their role in it.
    from afsprakennota.constants import OPEN_DISCUSSION
    from afsprakennota.services import nota_step

    director = user("algemeen.directeur")
    nota = cycle_nota_create(cycle=cycle, by=director)
    nota_step(nota=nota, step=OPEN_DISCUSSION, by=director, reason="Demogegevens")
    if stdout:
        stdout.write(f"Demo cycle “{TITLE}” with {len(made)} advices in every state.")


def _ct():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Advies).pk
