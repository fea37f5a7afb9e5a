"""optimalisatie.access: one table says who sees an advice, and the advices' filter, the cache
key of what a person sees and the audience of its notifications all follow it; the bundle's and
the cycle's access functions answer 404 and 403."""

import pytest
from django.urls import reverse

from optimalisatie import access
from optimalisatie.constants import AdviesState as S
from optimalisatie.models import Advies

from .factories import AdviesFactory, BundleFactory, CycleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", S.values)
def test_the_audience_is_who_the_filter_lets_see_the_advice(world, state):
    advies = AdviesFactory(dienst=world.dienst, state=state)
    seeing = {
        role
        for role, person in world.roles().items()
        if Advies.objects.visible_to(person).filter(pk=advies.pk).exists()
    }
    fresh = Advies.objects.with_relations().get(pk=advies.pk)
    told = {role for role, person in world.roles().items() if person in access.audience(fresh)}
    assert told == seeing


def test_nobody_outside_the_department_reads_a_draft(world):
    advies = AdviesFactory(dienst=world.dienst, draft=True)
    Advies.objects.filter(pk=advies.pk).update(submitted_at=advies.created_at)  # sent back
    fresh = Advies.objects.with_relations().get(pk=advies.pk)
    assert set(access.audience(fresh)) == {world.diensthoofd, world.manager}


def test_bundles_are_for_the_mt_and_the_college(client, world):
    bundle = BundleFactory(cycle=CycleFactory(), created_by=world.mt_member)
    detail = reverse("optimalisatie:bundle-detail", args=[bundle.pk])
    ready = reverse("optimalisatie:bundle-ready", args=[bundle.pk])
    for role, status in [("mt_member", 200), ("schepen", 200), ("diensthoofd", 404)]:
        client.force_login(world.roles()[role])
        assert client.get(detail).status_code == status, role
    client.force_login(world.diensthoofd)
    assert client.post(ready).status_code == 404
    client.force_login(world.schepen)  # sees it, may not mark it ready
    assert client.post(ready).status_code == 403
    client.force_login(world.mt_member)
    assert client.post(ready).status_code == 302
    bundle.refresh_from_db()
    assert bundle.state == "klaar_voor_college"


def test_the_cycle_pages_answer_404_then_403(client, world):
    cycle = CycleFactory()
    edit = reverse("optimalisatie:cycle-edit", args=[cycle.pk])
    client.force_login(world.staff)  # takes no part in the optimisation
    assert client.get(edit).status_code == 404
    client.force_login(world.manager)  # takes part, may not set the framework
    assert client.get(edit).status_code == 403
    client.force_login(world.algemeen_directeur)
    assert client.get(edit).status_code == 200
    missing = reverse("optimalisatie:cycle-detail", args=[cycle.pk + 1000])
    assert client.get(missing).status_code == 404
