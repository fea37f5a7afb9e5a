"""The cycle dashboard: its figures, the overdue steps and the departments, at a fixed number of
queries whatever the number of advices and departments."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from optimalisatie import selectors, summary
from optimalisatie.constants import AdviesState as S
from optimalisatie.models import Advies, DomainTarget
from optimalisatie.workflow import is_overdue, overdue_states, step_due
from tests.accounts.factories import DienstFactory

from .factories import AdviesFactory, BundleFactory, CycleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, settings):
    """In English: the text asserted on is the msgid, whatever the Dutch catalogue holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _page(client, cycle, name="optimalisatie:cycle-detail", query=""):
    response = client.get(reverse(name, args=[cycle.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def _section(page, anchor):
    """The HTML of the dashboard section headed by the element with this id."""
    return page.split(f'id="{anchor}"')[1].split("</section>")[0]


def test_overdue_states_follow_the_steps_deadlines():
    cycle = CycleFactory(overdue=True)
    assert overdue_states(cycle, datetime.date(2025, 4, 1)) == [S.DRAFT]
    assert overdue_states(cycle, datetime.date(2025, 5, 1)) == [S.DRAFT, S.SUBMITTED]
    assert overdue_states(cycle, datetime.date(2025, 6, 1)) == [
        S.DRAFT,
        S.SUBMITTED,
        S.WITH_MT,
        S.VALIDATED,
    ]
    assert overdue_states(cycle, datetime.date(2025, 3, 31)) == []  # due today is not late
    assert overdue_states(CycleFactory(phase="afgesloten")) == []  # due in 2099
    # the same test as the one the workflow applies to one advice
    for state in [S.DRAFT, S.SUBMITTED, S.WITH_MT, S.VALIDATED, S.READY_FOR_COLLEGE]:
        advies = AdviesFactory(cycle=cycle, state=state)
        assert is_overdue(advies) == (state in overdue_states(cycle)), state


def test_the_dashboard_lists_overdue_steps_most_overdue_first(client, world):
    cycle = CycleFactory(overdue=True)
    for state, title in [
        (S.VALIDATED, "Wacht op het college"),
        (S.SUBMITTED, "Wacht op de manager"),
        (S.WITH_MT, "Wacht op het MT"),
        (S.DRAFT, "Nog een ontwerp"),
        (S.READY_FOR_COLLEGE, "Klaar"),  # waits for no step with a deadline
        (S.WITHDRAWN, "Ingetrokken"),
    ]:
        AdviesFactory(dienst=world.dienst, cycle=cycle, state=state, title=title)

    client.force_login(world.diensthoofd)  # sees the draft too
    overdue = _section(_page(client, cycle), "achterstand")
    assert "4 steps are overdue" in overdue
    titles = re.findall(r'href="/optimalisatie/adviezen/\d+/">([^<]+)</a>', overdue)
    assert titles[0] == "Nog een ontwerp"  # due 31 March, the earliest deadline
    assert titles[1] == "Wacht op de manager"  # due 30 April
    assert set(titles[2:]) == {"Wacht op het MT", "Wacht op het college"}  # due 31 May
    assert "31 March 2025" in overdue

    # The algemeen directeur, who takes over overdue steps, sees those of submitted advices:
    # a draft is its department's alone.
    client.force_login(world.algemeen_directeur)
    overdue = _section(_page(client, cycle), "achterstand")
    assert "3 steps are overdue" in overdue
    assert "Nog een ontwerp" not in overdue and "Wacht op de manager" in overdue
    step = reverse(
        "optimalisatie:advies-step", args=[_pk(overdue, "Wacht op de manager"), "voorleggen"]
    )
    assert client.post(step).status_code == 302  # the takeover itself: as before


def _pk(html, title):
    return int(re.search(rf'href="/optimalisatie/adviezen/(\d+)/">{title}</a>', html).group(1))


def test_no_overdue_step_before_the_deadlines(client, world):
    cycle = CycleFactory()
    AdviesFactory(dienst=world.dienst, cycle=cycle, state=S.SUBMITTED)
    client.force_login(world.algemeen_directeur)
    assert "No step is overdue." in _section(_page(client, cycle), "achterstand")


def test_the_dashboard_shows_the_first_overdue_steps_and_links_to_all_of_them(client, world):
    cycle = CycleFactory(overdue=True)
    shown = selectors.OVERDUE_SHOWN
    for i in range(shown + 2):
        AdviesFactory(dienst=world.dienst, cycle=cycle, state=S.SUBMITTED, title=f"Laat {i:02}")
    client.force_login(world.manager)
    overdue = _section(_page(client, cycle), "achterstand")
    assert overdue.count('class="list-group-item"') == shown
    assert f"{shown + 2} steps are overdue" in overdue
    assert "Laat 00" in overdue and f"Laat {shown + 1}" not in overdue  # oldest first
    link = reverse("optimalisatie:cycle-overdue", args=[cycle.pk])
    assert f'href="{link}"' in overdue and f"Show all {shown + 2} overdue steps" in overdue

    page = _page(client, cycle, "optimalisatie:cycle-overdue")
    assert all(f"Laat {i:02}" in page for i in range(shown + 2))
    assert "30 April 2025" in page


def test_the_page_of_overdue_steps_is_paged_and_shows_what_the_person_may_see(client, world):
    cycle = CycleFactory(overdue=True)
    for i in range(51):
        AdviesFactory(dienst=world.dienst, cycle=cycle, state=S.WITH_MT, title=f"Laat {i:02}")
    AdviesFactory(dienst=world.dienst, cycle=cycle, state=S.DRAFT, title="Ontwerp")
    client.force_login(world.algemeen_directeur)
    first = _page(client, cycle, "optimalisatie:cycle-overdue")
    assert "51 steps are overdue" in first
    assert "Laat 49" in first and "Laat 50" not in first and "Ontwerp" not in first
    assert "Page 1 of 2" in first
    second = _page(client, cycle, "optimalisatie:cycle-overdue", "?pagina=2")
    assert "Laat 50" in second
    client.force_login(world.staff)
    url = reverse("optimalisatie:cycle-overdue", args=[cycle.pk])
    assert client.get(url).status_code == 404


def test_the_figures_count_and_sum_what_the_person_may_see(world):
    cycle = CycleFactory(target_recurring=Decimal("100000"))
    bundle = BundleFactory(
        cycle=cycle, title="Bundel", ready_for_college=True, created_by=world.mt_member
    )
    same_domain = DienstFactory(name="Sociaal huis", domain=world.dienst.domain)
    euros = Decimal("1000")
    for dienst, state, amount in [
        (world.dienst, S.DRAFT, 1),  # a draft: no figure but the count
        (world.dienst, S.SUBMITTED, 2),
        (world.dienst, S.VALIDATED, 4),
        (world.dienst, S.NOT_RETAINED, 8),  # proposed, never validated
        (world.dienst, S.READY_FOR_COLLEGE, 16),
        (world.dienst, S.WITHDRAWN, 32),  # counted, no savings
        (same_domain, S.VALIDATED, 64),
        (world.other_dienst, S.WITH_MT, 128),
    ]:
        AdviesFactory(dienst=dienst, cycle=cycle, state=state, savings_recurring=amount * euros)
    AdviesFactory(
        dienst=same_domain,
        cycle=cycle,
        state=S.IN_BUNDLE,
        bundle=bundle,
        savings_recurring=256 * euros,
    )
    # withdrawn after it was submitted; refused after a validation was undone
    Advies.objects.filter(state=S.WITHDRAWN).update(submitted_at=timezone.now())
    Advies.objects.filter(state=S.NOT_RETAINED).update(validated_at=timezone.now())
    summary.rebuild([cycle])  # written past the services: the summary table is rebuilt
    DomainTarget.objects.create(cycle=cycle, domain=world.dienst.domain, target_recurring=5 * euros)

    figures = selectors.dashboard(world.algemeen_directeur, cycle)
    states = dict(figures["states"])
    assert states[S.DRAFT] == 0  # not the algemeen directeur's to see
    assert states[S.WITHDRAWN] == 1 and states[S.VALIDATED] == 2
    assert figures["total"] == 8
    assert dict(figures["funnel"]) == {
        "proposed": (2 + 4 + 8 + 16 + 64 + 128 + 256) * euros,
        "validated": (4 + 16 + 64 + 256) * euros,
        "ready": (16 + 256) * euros,
    }
    assert [(r["name"], r["n"], r["recurring"]) for r in figures["per_dienst"]] == [
        ("Sociaal huis", 2, 320 * euros),
        ("Bibliotheek", 1, 128 * euros),
        ("Sociale dienst", 4, 30 * euros),
    ]
    assert [(r["name"], r["n"], r["recurring"], r["target"]) for r in figures["per_domain"]] == [
        ("Welzijn", 6, 350 * euros, 5 * euros),
        ("Cultuur", 1, 128 * euros, None),
    ]
    assert figures["diensten_count"] == 3

    mine = selectors.dashboard(world.diensthoofd, cycle)
    assert dict(mine["states"])[S.DRAFT] == 1 and mine["total"] == 6
    assert [r["name"] for r in mine["per_dienst"]] == ["Sociale dienst"]


def test_the_dashboard_shows_the_largest_departments_and_links_to_all_of_them(client, world):
    cycle = CycleFactory()
    shown = selectors.DIENSTEN_SHOWN
    for i in range(shown + 2):
        AdviesFactory(
            dienst=DienstFactory(name=f"Dienst {i:02}"),
            cycle=cycle,
            state=S.SUBMITTED,
            savings_recurring=Decimal(1000 * (i + 1)),
        )
    client.force_login(world.algemeen_directeur)
    section = _section(_page(client, cycle), "per-dienst")
    assert f"The {shown} departments with the largest recurring savings, of {shown + 2}." in section
    assert f"Dienst {shown + 1}" in section and "Dienst 00" not in section  # largest first
    assert f"Show all {shown + 2} departments" in section

    page = _page(client, cycle, "optimalisatie:cycle-departments")
    names = re.findall(r"<tr><td>(Dienst \d+)</td>", page)
    assert names == [f"Dienst {i:02}" for i in reversed(range(shown + 2))]
    client.force_login(world.staff)
    url = reverse("optimalisatie:cycle-departments", args=[cycle.pk])
    assert client.get(url).status_code == 404


def _queries(client, url):
    cache.clear()  # the figures as computed, not as kept (core.kept)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["diensthoofd", "schepen", "algemeen_directeur"])
def test_the_dashboard_runs_the_same_queries_whatever_the_number_of_advices(
    client, world, role, django_assert_num_queries
):
    cycle = CycleFactory(overdue=True)
    for state in [S.DRAFT, S.SUBMITTED, S.WITH_MT, S.VALIDATED]:
        AdviesFactory(dienst=world.dienst, cycle=cycle, state=state)
    client.force_login(getattr(world, role))
    urls = [
        reverse(name, args=[cycle.pk])
        for name in [
            "optimalisatie:cycle-detail",
            "optimalisatie:cycle-overdue",
            "optimalisatie:cycle-departments",
        ]
    ]
    client.get(urls[0])  # warm: the session
    few = [_queries(client, url) for url in urls]
    for i in range(30):
        dienst = world.dienst if i % 2 else DienstFactory(domain=world.dienst.domain)
        for state in [S.DRAFT, S.SUBMITTED, S.WITH_MT, S.VALIDATED, S.IN_BUNDLE]:
            AdviesFactory(dienst=dienst, cycle=cycle, state=state)
    assert [_queries(client, url) for url in urls] == few
    # the dashboard's own figures: per department (kept: the stamp, and the departments the
    # person heads or manages, for the key; a schepen's portfolio too), their names, the
    # first overdue steps, the targets per domain (the person's roles are read once)
    user = getattr(world, role)
    selectors.dashboard(user, cycle)
    with django_assert_num_queries(6 if role == "schepen" else 5):
        selectors.dashboard(user, cycle)


def test_step_due_reads_the_cycle_deadlines():
    cycle = CycleFactory(overdue=True)
    assert step_due(AdviesFactory(cycle=cycle, state=S.SUBMITTED)) == datetime.date(2025, 4, 30)
    assert step_due(AdviesFactory(cycle=cycle, state=S.IN_BUNDLE)) is None


def test_the_first_overdue_steps_come_from_the_earliest_deadline_whatever_their_number(
    client, world, django_capture_on_commit_callbacks
):
    """The dashboard reads only the states that hold its first ten; a later deadline's steps
    with older numbers must not slip in, nor be missed when the earliest ones are few."""
    cycle = CycleFactory(overdue=True)
    for i in range(3):
        AdviesFactory(dienst=world.dienst, cycle=cycle, state=S.VALIDATED, title=f"MT {i}")
    for i in range(selectors.OVERDUE_SHOWN):
        AdviesFactory(dienst=world.dienst, cycle=cycle, state=S.SUBMITTED, title=f"Manager {i}")
    client.force_login(world.diensthoofd)
    overdue = _section(_page(client, cycle), "achterstand")
    assert overdue.count("Manager ") == selectors.OVERDUE_SHOWN and "MT " not in overdue

    with django_capture_on_commit_callbacks(execute=True):  # as saved by a request
        AdviesFactory(dienst=world.dienst, cycle=cycle, state=S.DRAFT, title="Ontwerp")
    overdue = _section(_page(client, cycle), "achterstand")
    titles = re.findall(r'href="/optimalisatie/adviezen/\d+/">([^<]+)</a>', overdue)
    assert titles == ["Ontwerp"] + [f"Manager {i}" for i in range(selectors.OVERDUE_SHOWN - 1)]

    Advies.objects.filter(state=S.SUBMITTED).delete()
    # no service deletes advices, so nothing rebuilds the summary or raises the stamp for this
    summary.rebuild([cycle])
    cache.clear()
    overdue = _section(_page(client, cycle), "achterstand")
    titles = re.findall(r'href="/optimalisatie/adviezen/\d+/">([^<]+)</a>', overdue)
    assert titles == ["Ontwerp", "MT 0", "MT 1", "MT 2"]


def test_the_figures_are_kept_until_an_advice_changes(
    client, world, django_capture_on_commit_callbacks
):
    from optimalisatie import services

    cycle = CycleFactory()
    advies = AdviesFactory(dienst=world.dienst, cycle=cycle, state=S.SUBMITTED)
    user = world.algemeen_directeur
    assert dict(selectors.dashboard(user, cycle)["states"])[S.WITH_MT] == 0
    with CaptureQueriesContext(connection) as kept:
        selectors.dashboard(user, cycle)
    assert not any("GROUP BY" in q["sql"] for q in kept.captured_queries)

    with django_capture_on_commit_callbacks(execute=True):
        services.advies_transition(advies=advies, action="forward", by=world.manager)
    states = dict(selectors.dashboard(user, cycle)["states"])
    assert states[S.WITH_MT] == 1


def test_who_heads_a_department_sees_its_drafts_at_once(world):
    """The kept figures are per what a person may see: heading another department (an
    organisation change, which raises no stamp) shows its drafts at once."""
    cycle = CycleFactory()
    AdviesFactory(dienst=world.other_dienst, cycle=cycle, state=S.DRAFT)
    person = world.diensthoofd
    assert dict(selectors.dashboard(person, cycle)["states"])[S.DRAFT] == 0
    world.other_dienst.head = person
    world.other_dienst.save(update_fields=["head"])
    assert dict(selectors.dashboard(person, cycle)["states"])[S.DRAFT] == 1
    assert Advies.objects.visibility_key(person) != Advies.objects.visibility_key(world.staff)
