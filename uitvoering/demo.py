"""Demo data for the implementation: plans for the open cycle's approved advices, and a closed
earlier cycle whose advices realised (validated) savings, so the results page and the college's
progress report have something to show. Runs after the optimisation demo, once."""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Dienst, Term, User
from core.audit import audit_record
from core.figures import figures_changed
from optimalisatie.constants import AdviesState as S
from optimalisatie.constants import Category, Phase
from optimalisatie.models import Advies, Cycle

from .constants import ActionStatus as A
from .constants import PlanState, SavingState
from .models import Action, ExpectedSaving, Milestone, Plan, RealisedSaving

EARLIER = "Optimalisatie-oefening 2025"
DOMAIN = "heuvelbeke.example"

# login, name, job title: staff members who own actions
STAFF = {
    "medewerker.financien": ("Sofie Claeys", "Boekhouder, Financiën"),
    "medewerker.secretariaat": ("Tom Vos", "Administratief medewerker, Secretariaat"),
    "medewerker.werken": ("Lotte Maes", "Ploegbaas, Openbare werken"),
}

# The closed cycle: (department, title, state, recurring €, realised per year {year: (€, state)},
# actions [(title, owner login or "head", status, weight)])
EARLIER_ADVIEZEN = [
    (
        "Financiën",
        "Digitale betalingen aan het loket",
        S.REALISED,
        30000,
        {2025: (14000, SavingState.VALIDATED), 2026: (29000, SavingState.VALIDATED)},
        [
            ("Betaalterminals plaatsen", "medewerker.financien", A.DONE, 2),
            ("Kassa's afschaffen", "head", A.DONE, 1),
        ],
    ),
    (
        "Openbare werken",
        "LED-verlichting in de straten",
        S.IN_IMPLEMENTATION,
        45000,
        {2025: (12000, SavingState.VALIDATED), 2026: (21000, SavingState.VALIDATED)},
        [
            ("Fase 1: centrum", "medewerker.werken", A.DONE, 2),
            ("Fase 2: deelgemeenten", "medewerker.werken", A.IN_PROGRESS, 3),
            ("Fase 3: industriezone", "head", A.PLANNED, 1),
        ],
    ),
    (
        "Secretariaat",
        "Eén centrale postdienst",
        S.IN_IMPLEMENTATION,
        18000,
        {2025: (6000, SavingState.VALIDATED), 2026: (9000, SavingState.SUBMITTED)},
        [
            ("Postrondes samenvoegen", "medewerker.secretariaat", A.DONE, 1),
            ("Frankeermachine vervangen", "medewerker.secretariaat", A.BLOCKED, 1),
        ],
    ),
    (
        "Personeel en organisatie",
        "Digitale loonbrieven",
        S.REALISED,
        8000,
        {2025: (7000, SavingState.VALIDATED), 2026: (8000, SavingState.VALIDATED)},
        [("Personeelsportaal openzetten", "head", A.DONE, 1)],
    ),
    (
        "Cultuur en bibliotheek",
        "Zelfuitleenbalie in de bibliotheek",
        S.STOPPED,
        12000,
        {2025: (4000, SavingState.VALIDATED)},
        [("Balie aankopen", "head", A.DONE, 1), ("Tweede balie", "head", A.PLANNED, 1)],
    ),
    (
        "Sport en jeugd",
        "Gedeelde zaalreservatie met de scholen",
        S.IN_IMPLEMENTATION,
        10000,
        {2026: (5000, SavingState.VALIDATED)},
        [
            ("Reservatiesysteem koppelen", "head", A.DONE, 1),
            ("Afspraken met de scholen", "head", A.IN_PROGRESS, 1),
        ],
    ),
]


def user(login):
    return User.objects.get(email=f"{login}@{DOMAIN}")


def staff():
    from accounts.management.commands.demo import DEMO_PASSWORD

    people = {}
    for login, (name, job) in STAFF.items():
        person, created = User.objects.update_or_create(
            email=f"{login}@{DOMAIN}",
            defaults={"full_name": name, "job_title": job, "is_active": True},
        )
        if created:
            person.set_password(DEMO_PASSWORD)
            person.save(update_fields=["password"])
        people[login] = person
    return people


def _plan(advies, state, *, approved_by=None, approved_at=None, ended_at=None, reason=""):
    plan = Plan(
        advies=advies,
        state=state,  # demo data: made in its state, not through the steps
        approved_by=approved_by,
        approved_at=approved_at,
        submitted_at=approved_at,
        ended_at=ended_at,
        end_reason=reason,
    )
    plan.save()
    audit_record(
        actor=None, action="demo.create", target=plan, to_state=state, reason="Demogegevens"
    )
    return plan


def load(stdout=None):
    if Cycle.objects.filter(title=EARLIER).exists():
        return
    people = staff()
    today = timezone.localdate()
    fd = user("financieel.directeur")
    _current_cycle(people, today, fd)
    _earlier_cycle(people, today, fd)
    # the plans' figures, the summary tables and the cycles' kept figures follow what was
    # made (core.figures)
    figures_changed(*Advies.objects.filter(cycle__title=EARLIER))
    figures_changed(*Plan.objects.select_related("advies"))
    if stdout:
        stdout.write(
            f"Demo implementation: plans, and the closed cycle “{EARLIER}” with realised savings."
        )


def _current_cycle(people, today, fd):
    """Plans for the open cycle's advices that the college approved (set by the optimisation
    demo): one being implemented with an overdue action, one realised, one stopped."""
    running = Advies.objects.filter(title="Digitale notulen van het college").first()
    if running is None:
        return
    manager = running.dienst.cluster.manager
    plan = _plan(
        running,
        PlanState.APPROVED,
        approved_by=manager,
        approved_at=timezone.now() - datetime.timedelta(days=30),
    )
    day = datetime.timedelta(days=1)
    Action.objects.bulk_create(
        [
            Action(
                plan=plan,
                title="Sjabloon voor de notulen vastleggen",
                owner=people["medewerker.secretariaat"],
                start=today - 40 * day,
                due=today - 20 * day,
                weight=1,
                status=A.DONE,
                done_on=today - 21 * day,
            ),
            Action(
                plan=plan,
                title="Elektronische handtekening invoeren",
                owner=people["medewerker.secretariaat"],
                start=today - 20 * day,
                due=today - 3 * day,
                weight=2,
                status=A.IN_PROGRESS,
            ),
            Action(
                plan=plan,
                title="Papieren archief afbouwen",
                owner=running.dienst.head,
                start=today,
                due=today + 60 * day,
                weight=2,
            ),
        ]
    )
    Milestone.objects.create(
        plan=plan, title="Eerste digitale collegezitting", date=today + 14 * day
    )
    ExpectedSaving.objects.bulk_create(
        ExpectedSaving(plan=plan, year=y, amount=Decimal(a))
        for y, a in ((2027, 5000), (2028, 7000), (2029, 7000), (2030, 7000))
    )
    realised = Advies.objects.filter(title="Huurwaarborg via het OCMW-fonds").first()
    if realised is not None:
        plan = _plan(
            realised,
            PlanState.APPROVED,
            approved_by=realised.dienst.cluster.manager,
            approved_at=timezone.now() - 60 * day,
            ended_at=timezone.now() - 5 * day,
        )
        Action.objects.create(
            plan=plan,
            title="Afspraken met het OCMW-fonds",
            owner=realised.dienst.head,
            start=today - 60 * day,
            due=today - 10 * day,
            status=A.DONE,
            done_on=today - 10 * day,
        )
        ExpectedSaving.objects.create(plan=plan, year=2026, amount=Decimal("14000"))
        RealisedSaving.objects.create(
            plan=plan,
            year=2026,
            amount=Decimal("3500"),
            note="Vier maanden, volgens de boekhouding.",
            recorded_by=realised.dienst.head,
            decided_by=fd,
            decided_at=timezone.now() - 2 * day,
            state=SavingState.VALIDATED,
        )
    stopped = Advies.objects.filter(title="Zomerscholen samen organiseren").first()
    if stopped is not None:
        _plan(
            stopped,
            PlanState.DRAFT,
            ended_at=timezone.now() - 20 * day,
            reason="De buurgemeente stapt uit de samenwerking.",
        )


def _earlier_cycle(people, today, fd):
    term = Term.objects.get(start=datetime.date(2025, 1, 1))
    cycle = Cycle(
        title=EARLIER,
        term=term,
        phase=Phase.CLOSED,
        preparation_until=datetime.date(2025, 1, 31),
        advices_until=datetime.date(2025, 2, 28),
        manager_review_until=datetime.date(2025, 3, 15),
        mt_validation_until=datetime.date(2025, 3, 31),
        college_decision_until=datetime.date(2025, 4, 30),
        implementation_until=datetime.date(2026, 12, 31),
        target_recurring=Decimal("150000"),
        target_one_off=Decimal("20000"),
        target_fte=Decimal("1"),
        boundaries="Geen naakte ontslagen.",
    )
    cycle.save()
    Cycle.objects.filter(pk=cycle.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=600)
    )
    decided = datetime.datetime(2025, 4, 28, 18, 0, tzinfo=datetime.UTC)
    for name, title, state, recurring, realised, actions in EARLIER_ADVIEZEN:
        dienst = Dienst.objects.select_related("head", "cluster__manager").get(name=name)
        advies = Advies(
            cycle=cycle,
            dienst=dienst,
            author=dienst.head,
            title=title,
            category=Category.OPERATING,
            current_situation="Zo werkten we tot begin 2025.",
            proposal=f"{title}.",
            substantiation="Telling over 2024.",
            savings_recurring=Decimal(recurring),
            start_year=2025,
            submitted_at=decided,
            forwarded_at=decided,
            validated_at=decided,
            state=state,
        )
        advies.save()
        audit_record(
            actor=None, action="demo.create", target=advies, to_state=state, reason="Demogegevens"
        )
        ended = None
        if state in (S.REALISED, S.STOPPED):
            ended = datetime.datetime(2025, 12, 15, 11, 0, tzinfo=datetime.UTC)
        plan = _plan(
            advies,
            PlanState.APPROVED,
            approved_by=dienst.cluster.manager,
            approved_at=decided + datetime.timedelta(days=20),
            ended_at=ended,
            reason="De leverancier ging failliet; de tweede balie komt er niet."
            if state == S.STOPPED
            else "",
        )
        start = datetime.date(2025, 5, 15)
        for i, (action, owner, status, weight) in enumerate(actions):
            Action.objects.create(
                plan=plan,
                title=action,
                owner=dienst.head if owner == "head" else people[owner],
                start=start,
                due=today + datetime.timedelta(days=45 * (i - 1))
                if status != A.DONE
                else datetime.date(2025, 10, 1) + datetime.timedelta(days=60 * i),
                weight=weight,
                status=status,
                blocked_reason="Wacht op de nieuwe raamovereenkomst van de provincie."
                if status == A.BLOCKED
                else "",
                done_on=datetime.date(2025, 10, 1) if status == A.DONE else None,
            )
        ExpectedSaving.objects.bulk_create(
            ExpectedSaving(
                plan=plan,
                year=year,
                amount=Decimal(recurring) * (Decimal("0.5") if year == 2025 else 1),
            )
            for year in (2025, 2026, 2027)
        )
        for year, (amount, saving_state) in realised.items():
            RealisedSaving.objects.create(
                plan=plan,
                year=year,
                amount=Decimal(amount),
                note=f"Volgens de jaarrekening {year}."
                if year < 2026
                else "Volgens de boekhouding tot oktober.",
                recorded_by=dienst.head,
                state=saving_state,
                decided_by=fd if saving_state == SavingState.VALIDATED else None,
                decided_at=timezone.now() if saving_state == SavingState.VALIDATED else None,
            )
