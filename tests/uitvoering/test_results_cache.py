"""The results of a cycle are kept between requests (uitvoering.results_cache on
core.kept), and what is kept is not shown once something changed: every change
raises the cycle's stamp when it commits, the date and the viewer's visible advices are part
of the key, and the names come fresh."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import kept
from optimalisatie.constants import AdviesState
from optimalisatie.models import Advies
from optimalisatie.services import college_decision
from tests.optimalisatie.factories import AdviesFactory
from uitvoering import services
from uitvoering.constants import ActionStatus as S
from uitvoering.constants import SavingState
from uitvoering.models import Action, RealisedSaving

from .conftest import action_form, approved, running

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the new stamp), as a real request's commit would."""
    return django_capture_on_commit_callbacks


def page(client, user, cycle_id, query=""):
    client.force_login(user)
    response = client.get(reverse("uitvoering:results", args=[cycle_id]) + query)
    assert response.status_code == 200
    return response.content.decode()


def figure(text, testid):
    return re.search(rf'data-testid="{testid}">(.*?)</p>', text, re.S).group(1)


def stamp(cycle_id):
    return kept.stamp("cycle", cycle_id)


def test_the_figures_are_kept_until_a_service_changes_them(client, world, commits):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 10), ("B", 3, S.IN_PROGRESS, 10)])
    ad = world.algemeen_directeur
    assert "0&nbsp;%" in figure(page(client, ad, advies.cycle_id), "voortgang")
    with CaptureQueriesContext(connection) as from_cache:
        page(client, ad, advies.cycle_id)
    assert not any("uitvoering_expectedsaving" in q["sql"] for q in from_cache.captured_queries)

    with commits(execute=True):
        services.action_status(
            advies=advies, action=advies.plan.actions.get(title="B"), by=world.staff, status=S.DONE
        )
    with CaptureQueriesContext(connection) as computed:
        text = page(client, ad, advies.cycle_id)
    assert "75&nbsp;%" in figure(text, "voortgang")
    assert any("uitvoering_expectedsaving" in q["sql"] for q in computed.captured_queries)


def test_validated_savings_show_at_once(client, world, commits):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 10)])
    saving = RealisedSaving.objects.create(
        plan=advies.plan, year=2026, amount=Decimal("4321"), note="x", recorded_by=world.diensthoofd
    )
    assert "4.321" not in figure(
        page(client, world.algemeen_directeur, advies.cycle_id), "gerealiseerd"
    )
    with commits(execute=True):
        services.saving_decide(saving=saving, by=world.mt_member, validate=True)
    assert RealisedSaving.objects.get().state == SavingState.VALIDATED
    text = page(client, world.algemeen_directeur, advies.cycle_id)
    assert "€ 4.321,00" in figure(text, "gerealiseerd")


def test_the_college_decision_and_every_implementation_service_raise_the_stamp(world, commits):
    advies = AdviesFactory(dienst=world.dienst, state=AdviesState.READY_FOR_COLLEGE)
    cycle_id = advies.cycle_id
    steps = [
        lambda: college_decision(advies, "goedgekeurd", world.algemeen_directeur),
        lambda: services.plan_get_or_create(advies=advies, by=world.diensthoofd),
        lambda: services.action_save(form=action_form(world), advies=advies, by=world.diensthoofd),
        lambda: services.plan_step(advies=advies, step="indienen", by=world.diensthoofd),
        lambda: services.plan_step(advies=advies, step="goedkeuren", by=world.manager),
        lambda: services.health_override(
            advies=advies, by=world.diensthoofd, health="vertraagd", motivation="Ziekte."
        ),
        lambda: services.advies_stop(advies=advies, by=world.manager, reason="Budget geschrapt."),
    ]
    for step in steps:
        before = stamp(cycle_id)
        with commits(execute=True):
            step()
        advies = Advies.objects.select_related("plan").get(pk=advies.pk)
        assert stamp(cycle_id) > before


def test_a_refused_change_leaves_the_stamp_as_it_was(world, commits):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 10)])
    before = stamp(advies.cycle_id)
    with pytest.raises(PermissionDenied), commits(execute=True):
        services.advies_stop(advies=advies, by=world.staff, reason="Niet van mij.")
    assert stamp(advies.cycle_id) == before


def test_health_follows_the_calendar_without_any_change(client, world):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        advies = running(world, [("A", 1, S.IN_PROGRESS, 2)], title="Digitale facturen")
        text = page(client, world.algemeen_directeur, advies.cycle_id)
        assert "Geen enkel advies loopt risico of vertraging op." in text
    with time_machine.travel(now + datetime.timedelta(days=5), tick=False):
        text = page(client, world.algemeen_directeur, advies.cycle_id)
        risks = text.split('id="risico"')[1].split("</table>")[0]
        assert "Digitale facturen" in risks and "vertraagd" in risks


def test_a_person_sees_what_they_may_see_now(client, world):
    """The key holds the advices the person may see: owning an action of another department's
    plan shows its figures at once, though nothing in the cycle's results changed."""
    from tests.accounts.factories import DienstFactory

    mine = running(world, [("A", 1, S.IN_PROGRESS, 10)])
    elsewhere = running(
        world, [("B", 1, S.DONE, 10)], dienst=DienstFactory(cluster=world.dienst.cluster)
    )
    person = world.other_diensthoofd
    assert person.pk != mine.dienst.head_id
    text = page(client, person, elsewhere.cycle_id)
    assert "0 goedgekeurde adviezen" in text
    Action.objects.filter(plan=elsewhere.plan).update(owner=person)  # as if by the admin
    text = page(client, person, elsewhere.cycle_id)
    assert "1 goedgekeurd advies" in text
    assert "100&nbsp;%" in figure(text, "voortgang")


def test_names_are_read_fresh(client, world):
    advies = approved(world)
    assert "Sociale dienst" in page(client, world.algemeen_directeur, advies.cycle_id)
    world.dienst.name = "Dienst Welzijn"
    world.dienst.save(update_fields=["name"])
    text = page(client, world.algemeen_directeur, advies.cycle_id)
    assert "Dienst Welzijn" in text and "Sociale dienst" not in text
