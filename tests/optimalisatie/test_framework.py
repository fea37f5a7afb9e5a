"""The budgetary and policy framework is set by the college (issue 17, item 11): the algemeen
directeur drafts it and submits it; it is a candidate for the college's agenda; it is in force
once the college approves it in a meeting (date and meeting recorded); changed afterwards it is
a draft again (audited); the cycle moves past preparation only with a framework in force."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.constants import Function, OrgaanType
from core.audit import audit_trail
from optimalisatie import services
from optimalisatie.constants import FrameworkState as F
from optimalisatie.constants import Phase
from optimalisatie.models import Cycle
from tests.accounts.factories import MandateFactory, OrgaanFactory
from tests.vergaderingen.factories import AgendaItemFactory, DecisionFactory, MeetingFactory
from vergaderingen import services as meetings
from vergaderingen import subjects
from vergaderingen.constants import DecisionOutcome as D
from vergaderingen.models import AgendaItem, Attendance, Meeting

from .factories import CycleFactory
from .test_cycles import _form_data

pytestmark = pytest.mark.django_db


def _page(client, person, cycle):
    client.force_login(person)
    return client.get(reverse("optimalisatie:cycle-detail", args=[cycle.pk])).content.decode()


def _submit_url(cycle):
    return reverse("optimalisatie:cycle-framework-submit", args=[cycle.pk])


def _decided(
    cycle, outcome, *, motivation="", day=datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
):
    """The college's decision on the framework, as a meeting records it (the protocol's call,
    with a decision of an item put on the agenda after the framework was submitted)."""
    item = AgendaItemFactory(meeting=MeetingFactory(starts_at=day, opened=True), subject=cycle)
    decision = DecisionFactory(item=item, outcome=outcome, motivation=motivation)
    subjects.subject_type(cycle).decide(
        cycle, outcome, decision.decided_by, orgaan=item.meeting.orgaan, decision=decision
    )
    cycle.refresh_from_db()
    return decision


# --- the cycle page ------------------------------------------------------------------------------


def _close(cycle):
    Cycle.objects.filter(pk=cycle.pk).update(phase=Phase.CLOSED, is_open_marker=None)


def test_the_page_says_the_framework_is_a_draft(client, world):
    draft = CycleFactory(draft_framework=True)
    page = _page(client, world.schepen, draft)
    assert "Draft – not set yet" in page or "Ontwerp – nog niet vastgesteld" in page
    assert _submit_url(draft) not in page  # only the algemeen directeur submits
    assert _submit_url(draft) in _page(client, world.algemeen_directeur, draft)
    services.framework_submit(cycle=draft, by=world.algemeen_directeur)
    page = _page(client, world.algemeen_directeur, draft)
    assert "submitted to the college" in page or "voorgelegd aan het college" in page
    assert _submit_url(draft) not in page


def test_the_page_says_when_and_in_which_meeting_the_college_set_it(client, world):
    cycle = CycleFactory(submitted_framework=True)
    decision = _decided(cycle, D.APPROVED)
    page = _page(client, world.schepen, cycle)
    assert "2 maart 2026" in page
    assert "Set by the college on" in page or "Vastgesteld door het college op" in page
    assert reverse("vergaderingen:meeting-detail", args=[decision.item.meeting_id]) in page
    assert _submit_url(cycle) not in _page(client, world.algemeen_directeur, cycle)


# --- submitting: the algemeen directeur -----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("algemeen_directeur", 302),
        ("mt_member", 403),
        ("manager", 403),
        ("diensthoofd", 403),
        ("schepen", 403),
        ("staff", 404),
    ],
)
def test_only_the_algemeen_directeur_submits_the_framework(client, world, role, status):
    cycle = CycleFactory(draft_framework=True)
    client.force_login(getattr(world, role))
    assert client.post(_submit_url(cycle)).status_code == status
    cycle.refresh_from_db()
    assert cycle.framework_state == (F.SUBMITTED if status == 302 else F.DRAFT)
    if status == 302:
        entry = audit_trail(cycle).get(action="cycle.framework-submit")
        assert (entry.actor, entry.from_state, entry.to_state) == (
            world.algemeen_directeur,
            F.DRAFT,
            F.SUBMITTED,
        )


def test_submitting_twice_changes_nothing(client, world):
    cycle = CycleFactory(submitted_framework=True)
    client.force_login(world.algemeen_directeur)
    assert client.get(_submit_url(cycle)).status_code == 405
    response = client.post(_submit_url(cycle), follow=True)
    assert response.status_code == 200
    assert not audit_trail(cycle).filter(action="cycle.framework-submit").exists()


# --- the college's agenda and decision ------------------------------------------------------------


def test_a_submitted_framework_is_a_candidate_for_the_college_only(world):
    draft = CycleFactory(draft_framework=True)
    _close(draft)
    submitted = CycleFactory(submitted_framework=True)
    college = OrgaanFactory(type=OrgaanType.COLLEGE)
    mt = OrgaanFactory(type=OrgaanType.MANAGEMENTTEAM)
    assert submitted in subjects.candidates_for(college)
    assert draft not in subjects.candidates_for(college)
    assert submitted not in subjects.candidates_for(mt)
    assert submitted.title in subjects.subject_type(submitted).title(submitted)


def test_approved_the_framework_is_in_force_from_the_meetings_date(world):
    cycle = CycleFactory(submitted_framework=True)
    decision = _decided(cycle, D.APPROVED, motivation="Kader zoals voorgesteld.")
    assert cycle.framework_state == F.APPROVED and cycle.framework_in_force
    assert cycle.framework_decision == decision
    assert cycle.framework_decided_on == datetime.date(2026, 3, 2)
    entry = audit_trail(cycle).get(action="cycle.framework-approved")
    assert (entry.from_state, entry.to_state) == (F.SUBMITTED, F.APPROVED)
    assert entry.reason == "Kader zoals voorgesteld."
    assert entry.data["decision"] == decision.pk
    assert entry.data["meeting"] == decision.item.meeting_id
    assert cycle not in subjects.candidates_for(decision.item.meeting.orgaan)


def test_rejected_the_framework_is_a_draft_again(world):
    cycle = CycleFactory(submitted_framework=True)
    _decided(cycle, D.REJECTED, motivation="Doelstelling te hoog.")
    assert cycle.framework_state == F.DRAFT and cycle.framework_decision is None
    entry = audit_trail(cycle).get(action="cycle.framework-rejected")
    assert (entry.to_state, entry.reason) == (F.DRAFT, "Doelstelling te hoog.")


def test_postponed_the_framework_waits_for_a_next_agenda(world):
    cycle = CycleFactory(submitted_framework=True)
    decision = _decided(cycle, D.POSTPONED)
    assert cycle.framework_state == F.SUBMITTED and not cycle.framework_in_force
    assert audit_trail(cycle).filter(action="cycle.framework-postponed").exists()
    assert cycle in subjects.candidates_for(decision.item.meeting.orgaan)


def test_a_framework_changed_after_it_went_on_the_agenda_is_not_decided_there(world):
    cycle = CycleFactory(draft_framework=True)
    services.framework_submit(cycle=cycle, by=world.algemeen_directeur)
    item = AgendaItemFactory(meeting=MeetingFactory(opened=True), subject=cycle)
    AgendaItem.objects.filter(pk=item.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    # changed (a draft again) and submitted anew after the item was made
    Cycle.objects.filter(pk=cycle.pk).update(framework_state=F.DRAFT)
    cycle.refresh_from_db()
    services.framework_submit(cycle=cycle, by=world.algemeen_directeur)
    item.refresh_from_db()
    decision = DecisionFactory(item=item, outcome=D.APPROVED)
    with pytest.raises(ValidationError):
        services.framework_decision(cycle, D.APPROVED, world.schepen, decision=decision)
    cycle.refresh_from_db()
    assert cycle.framework_state == F.SUBMITTED
    services.framework_decision(cycle, D.POSTPONED, world.schepen, decision=decision)


def test_the_college_approves_the_framework_in_its_meeting(world):
    """Through the meeting's own services: on the agenda, decided by the chair."""
    college = OrgaanFactory(type=OrgaanType.COLLEGE)
    mayor = MandateFactory(orgaan=college, function=Function.BURGEMEESTER).user
    schepenen = [MandateFactory(orgaan=college, function=Function.SCHEPEN).user for _ in range(4)]
    cycle = CycleFactory(draft_framework=True)
    services.framework_submit(cycle=cycle, by=world.algemeen_directeur)
    meeting = Meeting.objects.create(
        orgaan=college,
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        place="Schepenzaal",
        secretary=world.algemeen_directeur,
    )
    assert cycle in subjects.candidates_for(meeting.orgaan)
    item = meetings.agenda_add(meeting=meeting, by=world.algemeen_directeur, subject=cycle)
    assert cycle.title in item.title
    with pytest.raises(ValidationError):  # on one agenda at a time
        meetings.agenda_add(meeting=meeting, by=world.algemeen_directeur, subject=cycle)
    Meeting.objects.filter(pk=meeting.pk).update(state="geopend")
    for member in [mayor, *schepenen]:
        Attendance.objects.create(meeting=meeting, member=member, presence="aanwezig")
    meetings.decision_record(item=item, by=mayor, outcome=D.APPROVED)
    cycle.refresh_from_db()
    assert cycle.framework_in_force
    assert cycle.framework_decision.item == item
    assert cycle.framework_decided_on == timezone.localdate(meeting.starts_at)


# --- the phases, and changing a framework in force -----------------------------------------------


def _edit(client, world, cycle, **changes):
    client.force_login(world.algemeen_directeur)
    url = reverse("optimalisatie:cycle-edit", args=[cycle.pk])
    response = client.post(url, {**_form_data(client, url), **changes})
    cycle.refresh_from_db()
    return response


def test_the_cycle_moves_past_preparation_only_with_a_framework_in_force(client, world):
    cycle = CycleFactory(draft_framework=True)
    refused = _edit(client, world, cycle, phase=Phase.ADVICES_OPEN)
    assert refused.status_code == 200 and refused.context["form"].errors["phase"]
    assert cycle.phase == Phase.PREPARATION
    # saving in the same phase and closing stay possible
    assert _edit(client, world, cycle, title="Andere titel").status_code == 302
    assert cycle.title == "Andere titel"
    Cycle.objects.filter(pk=cycle.pk).update(framework_state=F.APPROVED)
    assert _edit(client, world, cycle, phase=Phase.ADVICES_OPEN).status_code == 302
    assert cycle.phase == Phase.ADVICES_OPEN


def test_saving_an_unchanged_framework_keeps_it_in_force(client, world):
    cycle = CycleFactory()
    assert _edit(client, world, cycle, title="Nieuwe titel").status_code == 302
    assert cycle.framework_in_force
    assert not audit_trail(cycle).filter(action="cycle.framework-reopen").exists()


def test_changing_a_framework_in_force_makes_it_a_draft_again(client, world):
    cycle = CycleFactory()
    assert _edit(client, world, cycle, target_recurring="600000").status_code == 302
    assert cycle.framework_state == F.DRAFT and cycle.phase == Phase.ADVICES_OPEN
    entry = audit_trail(cycle).get(action="cycle.framework-reopen")
    assert (entry.actor, entry.from_state, entry.to_state) == (
        world.algemeen_directeur,
        F.APPROVED,
        F.DRAFT,
    )
    assert entry.data["fields"] == ["target_recurring"]
    # it stays in its phase, but moves no further until the college sets it again
    refused = _edit(client, world, cycle, phase=Phase.MANAGER_REVIEW)
    assert refused.status_code == 200 and refused.context["form"].errors["phase"]
    assert _edit(client, world, cycle, phase=Phase.CLOSED).status_code == 302


def test_changing_the_framework_and_moving_on_at_once_is_refused(client, world):
    cycle = CycleFactory()
    refused = _edit(
        client, world, cycle, boundaries="Geen naakte ontslagen.", phase=Phase.MT_VALIDATION
    )
    assert refused.status_code == 200 and refused.context["form"].errors["phase"]
    assert 'value="Geen naakte ontslagen."' in refused.content.decode() or (
        "Geen naakte ontslagen." in refused.content.decode()
    )
    assert (cycle.framework_state, cycle.phase, cycle.boundaries) == (
        F.APPROVED,
        Phase.ADVICES_OPEN,
        "",
    )
