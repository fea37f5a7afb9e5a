"""A college as it really meets: an absent burgemeester and a waarnemend burgemeester, a
stand-in secretary, switched-off accounts, items about persons, recusals recorded in the room,
an agenda that lives (proposals, urgent and postponed items), meetings on their own day,
neutral public texts and a live page for every member (issue 17)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.constants import Function, OrgaanType
from core.models import AuditEntry, Notification
from tests.accounts.factories import MandateFactory, OrgaanFactory, UserFactory
from vergaderingen import selectors, services
from vergaderingen.constants import DecisionOutcome as D
from vergaderingen.constants import ItemKind, MeetingState, Presence, ProposalState, VoteState
from vergaderingen.models import AgendaItem, Ballot, Decision, ItemProposal, Meeting, Substitute

from .conftest import attend, open_on_its_day
from .factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waarnemend(college):
    """Schepen 1 stands in for the burgemeester during the term."""
    substitute = college["schepenen"][0]
    Substitute.objects.create(
        orgaan=college["orgaan"], user=substitute, start=datetime.date(2025, 1, 1)
    )
    return substitute


def present(meeting, users):
    attend(meeting, users)
    return meeting


# --- 1. substitutes -------------------------------------------------------------------------------


def test_the_waarnemend_burgemeester_chairs_when_the_burgemeester_is_absent(
    college, meeting, item, waarnemend
):
    present(meeting, college["schepenen"])  # the burgemeester is absent
    with pytest.raises(PermissionDenied):  # an ordinary schepen does not chair
        services.vote_open(item=item, by=college["schepenen"][1])
    vote = services.vote_open(item=item, by=waarnemend)
    for member in college["schepenen"][:4]:
        services.ballot_cast(vote=vote, member=member, choice="ja", by=member)
    services.vote_close(vote=vote, by=waarnemend)
    decision = services.decision_record(item=item, by=waarnemend)
    assert decision.outcome == D.APPROVED and decision.decided_by == waarnemend
    entry = AuditEntry.objects.get(action="item.decision")
    assert entry.actor == waarnemend and entry.data["capacity"] == "substitute"
    assert Meeting.objects.get(pk=meeting.pk).chaired_by == waarnemend


def test_the_burgemeester_present_leads_and_the_substitute_may_not(
    college, meeting, item, waarnemend
):
    present(meeting, college["members"])
    with pytest.raises(PermissionDenied):
        services.vote_open(item=item, by=waarnemend)
    services.vote_open(item=item, by=college["chair"])
    assert AuditEntry.objects.get(action="vote.open").data["capacity"] == "chair"


def test_a_recused_burgemeester_hands_the_item_to_the_substitute(
    college, meeting, item, waarnemend
):
    present(meeting, college["members"])
    services.recusal_declare(item=item, member=college["chair"], by=college["chair"])
    with pytest.raises(PermissionDenied):
        services.vote_open(item=item, by=college["chair"])
    services.vote_open(item=item, by=waarnemend)


def test_without_burgemeester_nor_substitute_nobody_decides(college, meeting, item):
    present(meeting, college["schepenen"])  # quorum, but nobody may chair
    for person in college["schepenen"]:
        with pytest.raises(PermissionDenied):
            services.decision_record(item=item, by=person, outcome=D.APPROVED)
    assert not Decision.objects.exists()


def test_the_adjunct_stands_in_as_secretary_and_signs_the_minutes(college, meeting, item):
    from accounts.roles import roles_of  # noqa: F401 - the mandates are read through roles

    mt = OrgaanFactory(type=OrgaanType.MANAGEMENTTEAM)
    adjunct = MandateFactory(
        orgaan=mt, function=Function.ADJUNCT_ALGEMEEN_DIRECTEUR, start=datetime.date(2025, 1, 1)
    ).user
    meeting.fix_agenda()
    meeting.save(update_fields=["state"])
    with pytest.raises(PermissionDenied):  # a schepen does not
        services.secretary_stand_in(meeting=meeting, by=college["schepenen"][0])
    services.secretary_stand_in(meeting=meeting, by=adjunct)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.secretary_in_office == adjunct
    entry = AuditEntry.objects.get(action="meeting.secretary-stand-in")
    assert entry.actor == adjunct and entry.to_state == str(adjunct)
    from vergaderingen import access

    assert access.signing_capacity(adjunct, meeting) == "secretaris"
    assert access.signing_capacity(college["secretary"], meeting) is None


# --- 2. quorum on mandates in force ---------------------------------------------------------------


def test_switched_off_accounts_still_count_for_the_quorum(college, meeting, item):
    for schepen in college["schepenen"][4:]:  # two schepenen whose mandates still run
        schepen.is_active = False
        schepen.save(update_fields=["is_active"])
    present(meeting, [college["chair"], *college["schepenen"][:2]])  # 3 of 7
    meeting = Meeting.objects.get(pk=meeting.pk)
    item = AgendaItem.objects.get(pk=item.pk)
    assert len(selectors.members(meeting)) == 7
    assert not selectors.quorum(item)
    assert selectors.quorum_numbers(item) == (3, 7, 4)
    with pytest.raises(ValidationError):
        services.decision_record(item=item, by=college["chair"], outcome=D.APPROVED)


# --- 3. persons are voted on secretly -------------------------------------------------------------


def test_an_item_about_a_person_is_never_decided_by_consensus(college, meeting):
    item = AgendaItemFactory(meeting=meeting, kind=ItemKind.STAFF, concerns_person=True)
    present(meeting, college["members"])
    with pytest.raises(ValidationError, match="geheime stemming|secret vote"):
        services.decision_record(item=item, by=college["chair"], outcome=D.APPROVED)
    vote = services.vote_open(item=item, by=college["chair"], secret=False)
    assert vote.secret
    # postponing is no decision on the person: allowed without a vote on another item
    other = AgendaItemFactory(meeting=meeting, concerns_person=True)
    services.decision_record(item=other, by=college["chair"], outcome=D.POSTPONED)


def test_the_kind_of_item_suggests_the_person_flag_and_it_sticks_once_voted(college, meeting):
    staff = services.agenda_add(
        meeting=meeting, by=college["secretary"], title="Benoeming", kind=ItemKind.STAFF
    )
    assert staff.concerns_person
    with pytest.raises(ValidationError):
        services.item_person_set(item=staff, by=college["secretary"], concerns_person=False)
    general = services.agenda_add(meeting=meeting, by=college["secretary"], title="Iets")
    services.item_person_set(item=general, by=college["secretary"], concerns_person=True)
    services.item_person_set(item=general, by=college["secretary"], concerns_person=False)
    services.item_person_set(item=general, by=college["secretary"], concerns_person=True)
    present(meeting, college["members"])
    services.vote_open(item=general, by=college["chair"])
    with pytest.raises(ValidationError):
        services.item_person_set(item=general, by=college["chair"], concerns_person=False)
    with pytest.raises(PermissionDenied):
        services.item_person_set(item=general, by=college["schepenen"][0], concerns_person=True)


# --- 4. recusal as it happens in the room ---------------------------------------------------------


def test_the_secretary_records_a_recusal_and_it_can_be_withdrawn_until_the_vote(
    college, meeting, item
):
    present(meeting, college["members"])
    member = college["schepenen"][2]
    with pytest.raises(PermissionDenied):  # another member may not
        services.recusal_declare(item=item, member=member, by=college["schepenen"][3])
    services.recusal_declare(item=item, member=member, by=college["secretary"])
    entry = AuditEntry.objects.get(action="item.recusal")
    assert entry.actor == college["secretary"] and entry.data["on_behalf"]
    services.recusal_withdraw(item=item, member=member, by=college["chair"])
    assert not item.recusals.exists()
    assert AuditEntry.objects.filter(action="item.recusal-withdrawn").exists()
    services.recusal_declare(item=item, member=member, by=member)
    services.vote_open(item=item, by=college["chair"])
    with pytest.raises(ValidationError):
        services.recusal_withdraw(item=item, member=member, by=member)


def test_a_recusal_after_voting_takes_the_ballot_out(college, meeting, item):
    present(meeting, college["members"])
    vote = services.vote_open(item=item, by=college["chair"])
    member = college["schepenen"][0]
    services.ballot_cast(vote=vote, member=member, choice="nee", by=member)
    services.recusal_declare(item=item, member=member, by=college["chair"])
    assert not Ballot.objects.filter(vote=vote, member=member).exists()
    assert item.recusals.get().ballot_removed


def test_a_recusal_after_voting_secretly_annuls_the_vote_and_a_new_one_opens(
    college, meeting, item
):
    present(meeting, college["members"])
    vote = services.vote_open(item=item, by=college["chair"], secret=True)
    member = college["schepenen"][0]
    services.ballot_cast(vote=vote, member=member, choice="nee", by=member)
    services.recusal_declare(item=item, member=member, by=member)
    vote.refresh_from_db()
    assert vote.state == VoteState.ANNULLED
    again = services.vote_open(item=item, by=college["chair"], secret=True)
    with pytest.raises(PermissionDenied):
        services.ballot_cast(vote=again, member=member, choice="ja", by=member)


# --- 5. an agenda that lives ----------------------------------------------------------------------


def test_a_schepen_proposes_an_item_the_secretary_puts_on_the_agenda(
    college, meeting, django_capture_on_commit_callbacks
):
    schepen = college["schepenen"][1]
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        services.proposal_create(orgaan=college["orgaan"], by=outsider, title="x")
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_create(
            orgaan=college["orgaan"], by=schepen, title="Nieuwe fietsenstalling"
        )
    assert proposal in selectors.proposal_candidates(college["orgaan"])
    with django_capture_on_commit_callbacks(execute=True):
        item = services.agenda_add(meeting=meeting, by=college["secretary"], subject=proposal)
    assert item.title == "Nieuwe fietsenstalling"
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED
    assert Notification.objects.filter(recipient=schepen).exists()
    assert proposal not in selectors.proposal_candidates(college["orgaan"])


def test_a_refused_proposal_says_why(college, meeting):
    proposal = services.proposal_create(
        orgaan=college["orgaan"], by=college["schepenen"][0], title="Iets"
    )
    with pytest.raises(ValidationError):
        services.proposal_refuse(proposal=proposal, by=college["secretary"], answer="")
    with pytest.raises(PermissionDenied):  # a schepen does not answer proposals
        services.proposal_refuse(proposal=proposal, by=college["schepenen"][1], answer="Nee")
    services.proposal_refuse(proposal=proposal, by=college["secretary"], answer="Geen budget.")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REFUSED and proposal.answer == "Geen budget."
    assert AuditEntry.objects.get(action="proposal.refuse").reason == "Geen budget."


def test_an_urgent_item_is_added_to_the_open_meeting_with_its_reason(college, meeting, item):
    present(meeting, college["members"])
    with pytest.raises(ValidationError):
        services.agenda_add_urgent(
            meeting=meeting, by=college["secretary"], title="Stormschade", urgency=""
        )
    with pytest.raises(PermissionDenied):
        services.agenda_add_urgent(
            meeting=meeting, by=college["schepenen"][0], title="Stormschade", urgency="Nu"
        )
    urgent = services.agenda_add_urgent(
        meeting=meeting,
        by=college["secretary"],
        title="Herstel stormschade sporthal",
        urgency="Het dak lekt; de herstelling kan niet wachten.",
    )
    assert urgent.urgent and urgent.order == 2
    services.decision_record(item=urgent, by=college["chair"], outcome=D.APPROVED)
    assert "Het dak lekt" in selectors.minutes_draft_text(meeting)


def test_a_postponed_free_item_comes_back_for_the_next_meeting(college, meeting, item):
    present(meeting, college["members"])
    services.decision_record(item=item, by=college["chair"], outcome=D.POSTPONED)
    assert item in selectors.postponed_candidates(college["orgaan"])
    later = MeetingFactory(
        orgaan=college["orgaan"],
        secretary=college["secretary"],
        starts_at=meeting.starts_at + datetime.timedelta(days=7),
    )
    carried = services.agenda_add(meeting=later, by=college["secretary"], subject=item)
    assert carried.title == item.title and carried.subject == item
    assert item not in selectors.postponed_candidates(college["orgaan"])


def test_postponed_minutes_come_back_and_are_frozen_while_on_an_agenda(college, meeting):
    meeting.fix_agenda()
    meeting.open()
    meeting.close()
    meeting.save(update_fields=["state"])
    services.minutes_save(meeting=meeting, text="Versie 1", by=college["secretary"])
    assert meeting in selectors.minutes_candidates(college["orgaan"])
    later = MeetingFactory(
        orgaan=college["orgaan"],
        secretary=college["secretary"],
        starts_at=meeting.starts_at + datetime.timedelta(days=7),
    )
    item = services.agenda_add(meeting=later, by=college["secretary"], subject=meeting)
    assert item.is_minutes_item
    services.meeting_step(meeting=later, step="fix_agenda", by=college["secretary"])
    with pytest.raises(ValidationError, match="agenda"):
        services.minutes_save(meeting=meeting, text="Versie 2", by=college["secretary"])
    open_on_its_day(later, college["chair"])
    attend(later, college["members"])
    services.decision_record(item=item, by=college["chair"], outcome=D.POSTPONED)
    services.minutes_save(meeting=meeting, text="Versie 2", by=college["secretary"])
    assert meeting in selectors.minutes_candidates(college["orgaan"])
    third = MeetingFactory(
        orgaan=college["orgaan"],
        secretary=college["secretary"],
        starts_at=meeting.starts_at + datetime.timedelta(days=14),
    )
    again = services.agenda_add(meeting=third, by=college["secretary"], subject=meeting)
    open_on_its_day_after_fixing(third, college)
    attend(third, college["members"])
    services.decision_record(item=again, by=college["chair"], outcome=D.APPROVED)
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.MINUTES_APPROVED


def open_on_its_day_after_fixing(meeting, college):
    services.meeting_step(meeting=meeting, step="fix_agenda", by=college["secretary"])
    open_on_its_day(meeting, college["chair"])


# --- 6. dates -----------------------------------------------------------------------------------


def test_a_meeting_opens_only_on_its_day_or_after_rescheduling(college, meeting, item):
    services.meeting_step(meeting=meeting, step="fix_agenda", by=college["secretary"])
    with pytest.raises(ValidationError, match="2 maart 2026|March 2, 2026"):
        services.meeting_step(meeting=meeting, step="open", by=college["chair"])
    today = datetime.datetime(2026, 2, 27, 14, tzinfo=datetime.UTC)
    with time_machine.travel(today, tick=False):
        with pytest.raises(ValidationError):
            services.meeting_reschedule(
                meeting=meeting, starts_at=today, reason="", by=college["secretary"]
            )
        services.meeting_reschedule(
            meeting=meeting, starts_at=today, reason="Dringend overleg", by=college["secretary"]
        )
        meeting.refresh_from_db()
        services.meeting_step(meeting=meeting, step="open", by=college["chair"])
    entry = AuditEntry.objects.get(action="meeting.reschedule")
    assert entry.from_state.startswith("2026-03-02") and entry.to_state.startswith("2026-02-27")
    assert entry.reason == "Dringend overleg"


def test_a_reschedule_outside_the_sane_window_is_refused_at_the_field(client, college, meeting):
    from tests.accounts.factories import MandateFactory as M

    ad = M(
        orgaan=OrgaanFactory(type=OrgaanType.MANAGEMENTTEAM), function=Function.ALGEMEEN_DIRECTEUR
    ).user
    client.force_login(ad)
    url = reverse("vergaderingen:meeting-reschedule", args=[meeting.pk])
    response = client.post(url, {"starts_at": "0001-01-01T09:00", "reason": "x"})
    assert response.status_code == 400
    assert "Kies een datum tussen 2000 en 2100" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).starts_at == meeting.starts_at


# --- 7. publication -----------------------------------------------------------------------------


def test_the_public_text_starts_neutral_and_names_are_flagged(client, college, meeting):
    item = AgendaItemFactory(meeting=meeting, title="Omgevingsvergunning Greet Peeters")
    UserFactory(full_name="Greet Peeters")
    present(meeting, college["members"])
    decision = services.decision_record(item=item, by=college["chair"], outcome=D.APPROVED)
    suggested = selectors.suggested_public_text(decision)
    assert "Peeters" not in suggested and "agendapunt" in suggested
    meeting.close()
    meeting.save(update_fields=["state"])
    client.force_login(college["chair"])
    url = reverse("vergaderingen:decision-list-publish", args=[meeting.pk])
    response = client.post(url, {f"publiek-{decision.pk}": "Vergunning voor Greet Peeters"})
    assert response.status_code == 302  # a warning, not a refusal
    page = client.get(reverse("vergaderingen:minutes", args=[meeting.pk])).content.decode()
    assert "noemt een persoon" in page and "Greet Peeters" in page
    meeting.refresh_from_db()
    assert meeting.published_by == college["chair"]


# --- 8. a live meeting and invitations ------------------------------------------------------------


def test_the_live_answer_changes_when_the_meeting_does(client, college, meeting, item):
    present(meeting, [college["chair"]])
    client.force_login(college["schepenen"][3])
    live = reverse("vergaderingen:meeting-live", args=[meeting.pk])
    token = client.get(live).content.decode()
    assert client.get(live, {"v": token}).status_code == 204
    present(meeting, college["members"])  # attendance changes
    changed = client.get(live, {"v": token})
    assert changed.status_code == 200 and changed.content.decode() != token
    token = changed.content.decode()
    services.vote_open(item=item, by=college["chair"])
    assert client.get(live, {"v": token}).status_code == 200
    client.force_login(UserFactory())
    assert client.get(live).status_code == 404


def test_the_page_writes_the_live_answer_it_will_be_compared_with(client, college, meeting, item):
    """The meeting page computes its fingerprint from what it loaded (selectors.meeting_page);
    the live answer reads it anew (selectors.live_token). Were they to differ, every page would
    reload at once, for ever."""
    second = AgendaItemFactory(meeting=meeting, title="Tweede punt")
    AgendaItemFactory(meeting=meeting, title="Derde punt")
    client.force_login(college["secretary"])
    page_url = reverse("vergaderingen:meeting-detail", args=[meeting.pk])
    live_url = reverse("vergaderingen:meeting-live", args=[meeting.pk])

    def same():
        page = client.get(page_url).content.decode()
        token = client.get(live_url).content.decode()
        assert f'data-live-token="{token}"' in page
        assert client.get(live_url, {"v": token}).status_code == 204

    same()
    present(meeting, college["members"])
    services.attendance_set(
        meeting=meeting,
        member=college["schepenen"][2],
        presence=Presence.PRESENT,
        by=college["secretary"],
        arrived_before=second,
    )
    same()
    services.recusal_declare(item=item, member=college["schepenen"][1], by=college["secretary"])
    vote = services.vote_open(item=item, by=college["chair"])
    same()
    services.vote_close(vote=vote, by=college["chair"])
    services.decision_record(item=item, by=college["chair"])
    services.vote_open(item=second, by=college["chair"])
    same()


def test_attendance_starts_not_registered(client, college, meeting, item):
    meeting.fix_agenda()
    meeting.save(update_fields=["state"])
    client.force_login(college["secretary"])
    page = client.get(reverse("vergaderingen:meeting-detail", args=[meeting.pk])).content.decode()
    assert '<option value="" selected>niet geregistreerd</option>' in page or (
        '<option value="">niet geregistreerd</option>' in page and "selected" not in page
    )
    url = reverse("vergaderingen:attendance", args=[meeting.pk, college["chair"].pk])
    client.post(url, {"presence": ""})  # a "Bewaren" without a choice records nothing
    assert not meeting.attendance.exists()
    client.post(url, {"presence": Presence.PRESENT})
    assert meeting.attendance.get().presence == Presence.PRESENT


def test_members_are_invited_when_the_agenda_is_fixed(
    college, meeting, item, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_step(meeting=meeting, step="fix_agenda", by=college["secretary"])
    invited = set(Notification.objects.values_list("recipient", flat=True))
    assert invited == {m.pk for m in college["members"]}
    assert any("Uitnodiging" in m.subject or "Invitation" in m.subject for m in mail.outbox)


def test_proposal_pages_per_role(client, college):
    url = reverse("vergaderingen:proposal-list")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    schepen = college["schepenen"][0]
    client.force_login(schepen)
    assert client.get(url).status_code == 200
    response = client.post(url, {"orgaan": college["orgaan"].pk, "title": "", "kind": "algemeen"})
    assert response.status_code == 400 and "Dit veld is verplicht" in response.content.decode()
    client.post(
        url, {"orgaan": college["orgaan"].pk, "title": "Fietsenstalling", "kind": "algemeen"}
    )
    proposal = ItemProposal.objects.get()
    refuse = reverse("vergaderingen:proposal-refuse", args=[proposal.pk])
    assert client.post(refuse, {"answer": "nee"}).status_code == 403  # sees it, may not answer
    client.force_login(college["schepenen"][1])
    assert client.post(refuse, {"answer": "nee"}).status_code == 404  # does not see it


def test_a_substitute_sits_in_the_body_and_one_runs_at_a_time(college, waarnemend):
    from vergaderingen.models import Substitute as S

    outsider = S(orgaan=college["orgaan"], user=UserFactory(), start=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="lid|member"):
        outsider.full_clean()
    second = S(
        orgaan=college["orgaan"], user=college["schepenen"][1], start=datetime.date(2026, 1, 1)
    )
    with pytest.raises(ValidationError):
        second.full_clean()
    current = S.objects.get()
    current.end = datetime.date(2025, 12, 31)
    current.save()
    second.full_clean()  # after the first designation ended


def test_a_proposal_waits_on_the_mijn_werk_of_whoever_prepares_the_agenda(college, meeting):
    from core.worklist import work_for

    services.proposal_create(
        orgaan=college["orgaan"], by=college["schepenen"][0], title="Fietsenstalling"
    )
    titles = [i.title for i in work_for(college["secretary"])]  # of the planned meeting
    assert any("Fietsenstalling" in t for t in titles)
    assert not any("Fietsenstalling" in i.title for i in work_for(college["schepenen"][1]))
