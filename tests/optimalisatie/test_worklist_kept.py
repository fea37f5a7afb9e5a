"""Mijn werk's lists of the open cycle are kept until its advices change (core.kept): a step
taken, a standpoint given or a department that changes hands shows at once."""

import pytest
from django.utils import translation

from core.figures import figures_changed
from optimalisatie import services
from optimalisatie.constants import AdviesState as S
from optimalisatie.forms import StandpuntForm
from optimalisatie.models import Advies
from optimalisatie.worklist import work_items

from .factories import AdviesFactory, CycleFactory

pytestmark = pytest.mark.django_db


def titles(user):
    with translation.override("en"):
        return [item.title for wl in work_items(user) for item in wl.items]


def test_the_list_is_kept_until_a_change_is_announced(world, django_capture_on_commit_callbacks):
    cycle = CycleFactory()
    advies = AdviesFactory(dienst=world.dienst, cycle=cycle, submitted=True, title="Eén loket")
    assert titles(world.manager) == ["Review: “Eén loket” (Sociale dienst)"]
    # changed behind the kept list's back (no service, nothing announced): still the kept list
    Advies.objects.filter(pk=advies.pk).update(title="Twee loketten")
    assert titles(world.manager) == ["Review: “Eén loket” (Sociale dienst)"]
    with django_capture_on_commit_callbacks(execute=True):
        figures_changed(advies)
    assert titles(world.manager) == ["Review: “Twee loketten” (Sociale dienst)"]


def test_a_step_taken_leaves_the_list_at_once(world, django_capture_on_commit_callbacks):
    cycle = CycleFactory()
    advies = AdviesFactory(dienst=world.dienst, cycle=cycle, submitted=True, title="Eén loket")
    assert "Review: “Eén loket” (Sociale dienst)" in titles(world.manager)
    # renamed behind the kept list's back (nothing announced): the kept list, not a new one
    Advies.objects.filter(pk=advies.pk).update(title="Eén groot loket")
    assert "Review: “Eén loket” (Sociale dienst)" in titles(world.manager)  # kept
    assert not any("loket" in t for t in titles(world.mt_member))
    with django_capture_on_commit_callbacks(execute=True):
        services.advies_transition(advies=advies, action="forward", by=world.manager)
    assert not any(t.startswith("Review:") for t in titles(world.manager))
    assert "Validate in the MT: “Eén groot loket” (Sociale dienst)" in titles(world.mt_member)


def test_a_standpoint_given_leaves_the_schepens_list(world, django_capture_on_commit_callbacks):
    cycle = CycleFactory()
    advies = AdviesFactory(dienst=world.dienst, cycle=cycle, state=S.WITH_MT, title="Zwembad")
    assert any("Zwembad" in t for t in titles(world.schepen))
    form = StandpuntForm(data={"text": "Akkoord, met oog voor de gebruikers."})
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        services.standpunt_save(form=form, advies=advies, by=world.schepen)
    assert not any("Zwembad" in t for t in titles(world.schepen))


def test_a_new_head_sees_the_departments_drafts_at_once(world):
    """Heading a department is an organisation change, which raises no stamp: the list's key
    holds the departments the person heads."""
    cycle = CycleFactory()
    AdviesFactory(dienst=world.other_dienst, cycle=cycle, state=S.DRAFT, title="Leesclub")
    person = world.diensthoofd
    assert not any("Leesclub" in t for t in titles(person))
    world.other_dienst.head = person
    world.other_dienst.save(update_fields=["head"])
    assert any("Leesclub" in t for t in titles(person))
