"""The dashboard's summary table (optimalisatie.summary): the services keep it up to date in
the same transaction, and what a person reads from it (their departments' rows plus what they
see as an author) equals counting the advices they may see."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from optimalisatie import summary
from optimalisatie.access import beside_departments_q, by_department_q
from optimalisatie.constants import AdviesState as S
from optimalisatie.models import Advies, AdviesSummary
from optimalisatie.services import advies_transition
from tests.accounts.factories import DienstFactory, UserFactory

from .factories import AdviesFactory, BundleFactory, CycleFactory

VIEWERS = [
    "algemeen_directeur",
    "mt_member",
    "manager",
    "diensthoofd",
    "other_diensthoofd",
    "schepen",
    "staff",
    "author",
]


def _mixed(world):
    cycle = CycleFactory()
    bundle = BundleFactory(cycle=cycle, ready_for_college=True, created_by=world.mt_member)
    author = UserFactory(full_name="Anna Auteur")
    world.author = author
    elsewhere = DienstFactory(domain=world.dienst.domain)
    for dienst, state, extra in [
        (world.dienst, S.DRAFT, {}),
        (world.dienst, S.SUBMITTED, {}),
        (world.dienst, S.WITH_MT, {"forwarded_at": None}),
        (world.dienst, S.VALIDATED, {}),
        (world.dienst, S.NOT_RETAINED, {}),
        (world.dienst, S.WITHDRAWN, {}),
        (world.other_dienst, S.READY_FOR_COLLEGE, {}),
        (world.other_dienst, S.DRAFT, {"author": author}),
        (elsewhere, S.SUBMITTED, {"author": author}),
        (elsewhere, S.IN_BUNDLE, {"bundle": bundle}),
        (elsewhere, S.APPROVED, {}),
    ]:
        AdviesFactory(
            cycle=cycle,
            dienst=dienst,
            state=state,
            savings_recurring=Decimal("1000") * (1 + Advies.objects.count()),
            **extra,
        )
    return cycle


def _counted(user, cycle):
    """What the dashboard counted before the summary: the visible advices, grouped."""
    aggregates = summary.aggregates(rows=False)
    rows = (
        Advies.objects.visible_to(user)
        .filter(cycle=cycle)
        .values_list("dienst")
        .annotate(**{f"c{i}": a for i, a in enumerate(aggregates.values())})
        .order_by()
    )
    return sorted(tuple(row) for row in rows)


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", VIEWERS)
def test_what_a_person_reads_equals_counting_what_they_may_see(world, viewer):
    cycle = _mixed(world)
    person = getattr(world, viewer)
    read = sorted(tuple(row) for row in summary.per_department(person, cycle))
    assert read == _counted(person, cycle)
    visible = set(Advies.objects.visible_to(person).filter(cycle=cycle).values_list("pk"))
    parts = set(
        Advies.objects.filter(cycle=cycle)
        .filter(by_department_q(person) | (beside_departments_q(person)))
        .filter(pk__in=Advies.objects.visible_to(person).values("pk"))
        .values_list("pk")
    )
    assert parts == visible
    assert (
        set(Advies.objects.filter(cycle=cycle).filter(by_department_q(person)).values_list("pk"))
        <= visible
    )


@pytest.mark.django_db
def test_a_transition_and_a_bundle_change_the_rows_at_once(world):
    cycle = _mixed(world)
    before = summary.per_department(world.algemeen_directeur, cycle)
    advies = Advies.objects.get(cycle=cycle, state=S.SUBMITTED, dienst=world.dienst)
    advies_transition(advies=advies, action="forward", by=world.manager, reason="")
    after = summary.per_department(world.algemeen_directeur, cycle)
    assert after != before
    assert sorted(tuple(r) for r in after) == _counted(world.algemeen_directeur, cycle)


@pytest.mark.django_db
def test_a_rebuild_writes_what_the_services_kept(world):
    cycle = _mixed(world)
    kept = sorted(AdviesSummary.objects.values_list("dienst", "state", "advices", "recurring"))
    AdviesSummary.objects.all().delete()
    summary.rebuild([cycle])
    assert kept == sorted(
        AdviesSummary.objects.values_list("dienst", "state", "advices", "recurring")
    )


@pytest.mark.django_db(transaction=True)
def test_two_changes_in_one_department_at_once_are_both_counted(world):
    """Real concurrency (two threads, two connections): two people move two advices of the
    same department at the same moment; the second refresh waits for the first (PostgreSQL:
    the department's lock; SQLite: one writer at a time) and counts its change."""
    cycle = CycleFactory()
    first, second = (
        AdviesFactory(cycle=cycle, dienst=world.dienst, state=S.SUBMITTED) for _ in range(2)
    )
    barrier = threading.Barrier(2)
    errors = []

    def act(advies):
        try:
            mine = Advies.objects.get(pk=advies.pk)
            barrier.wait(timeout=10)
            advies_transition(advies=mine, action="forward", by=world.manager, reason="")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(a,)) for a in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    rows = AdviesSummary.objects.filter(cycle=cycle, dienst=world.dienst)
    assert dict(rows.values_list("state", "advices")) == {S.WITH_MT: 2}
