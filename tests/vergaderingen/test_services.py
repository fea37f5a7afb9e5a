import threading

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from tests.accounts.factories import UserFactory
from vergaderingen import selectors, services
from vergaderingen.constants import DecisionOutcome as D
from vergaderingen.constants import VoteState
from vergaderingen.models import Ballot, BodySettings, Decision, SecretBallotMark, Vote

from .conftest import attend

pytestmark = pytest.mark.django_db


def vote_all(vote, voters, choices):
    for member, choice in zip(voters, choices, strict=True):
        services.ballot_cast(vote=vote, member=member, choice=choice, by=member)


def test_a_decision_is_impossible_without_a_quorum(college, meeting, item):
    attend(meeting, college["members"][:3])  # 3 of 7
    with pytest.raises(ValidationError):
        services.vote_open(item=item, by=college["chair"])
    with pytest.raises(ValidationError):
        services.decision_record(item=item, by=college["chair"], outcome=D.APPROVED)
    assert not Decision.objects.exists()
    attend(meeting, college["members"][3:4])  # 4 of 7
    services.decision_record(item=item, by=college["chair"], outcome=D.APPROVED)
    assert Decision.objects.get().by_consensus


def test_a_recused_member_neither_counts_for_quorum_nor_votes(college, meeting, item):
    attend(meeting, college["members"][:4])  # exactly a quorum of 7
    recused = college["schepenen"][0]
    services.recusal_declare(item=item, member=recused, by=recused)
    assert not selectors.quorum(item)  # 3 of the 6 who may take part
    attend(meeting, college["members"][4:5])
    assert selectors.quorum(item)
    vote = services.vote_open(item=item, by=college["chair"])
    with pytest.raises(PermissionDenied):
        services.ballot_cast(vote=vote, member=recused, choice="ja", by=recused)


def test_only_present_members_vote_and_nobody_for_another(college, meeting, item):
    attend(meeting, college["members"][:5])
    vote = services.vote_open(item=item, by=college["chair"])
    absent = college["members"][6]
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        services.ballot_cast(vote=vote, member=absent, choice="ja", by=absent)
    with pytest.raises(PermissionDenied):
        services.ballot_cast(vote=vote, member=outsider, choice="ja", by=outsider)
    member = college["schepenen"][0]
    with pytest.raises(PermissionDenied):
        services.ballot_cast(vote=vote, member=member, choice="ja", by=college["chair"])


def test_only_the_chair_opens_and_closes_a_vote(college, meeting, item):
    attend(meeting, college["members"])
    schepen = college["schepenen"][0]
    with pytest.raises(PermissionDenied):
        services.vote_open(item=item, by=schepen)
    with pytest.raises(PermissionDenied):
        services.vote_open(item=item, by=college["secretary"])
    vote = services.vote_open(item=item, by=college["chair"])
    with pytest.raises(PermissionDenied):
        services.vote_close(vote=vote, by=schepen)


def test_a_ballot_can_change_until_the_vote_closes_then_is_refused(college, meeting, item):
    attend(meeting, college["members"])
    vote = services.vote_open(item=item, by=college["chair"])
    member = college["schepenen"][0]
    services.ballot_cast(vote=vote, member=member, choice="nee", by=member)
    services.ballot_cast(vote=vote, member=member, choice="ja", by=member)
    assert list(Ballot.objects.values_list("choice", flat=True)) == ["ja"]
    services.vote_close(vote=vote, by=college["chair"])
    with pytest.raises(ValidationError):
        services.ballot_cast(vote=vote, member=member, choice="nee", by=member)
    vote.refresh_from_db()
    assert (vote.state, vote.ja, vote.nee) == (VoteState.CLOSED, 1, 0)


@pytest.mark.parametrize(("tie_rejects", "expected"), [(True, D.REJECTED), (False, D.APPROVED)])
def test_the_tie_setting_decides_a_tie(college, meeting, item, tie_rejects, expected):
    BodySettings.objects.create(orgaan=college["orgaan"], tie_rejects=tie_rejects)
    attend(meeting, college["members"])
    vote = services.vote_open(item=item, by=college["chair"])
    vote_all(vote, college["members"], ["ja", "ja", "ja", "nee", "nee", "nee", "onthouding"])
    services.vote_close(vote=vote, by=college["chair"])
    decision = services.decision_record(item=item, by=college["chair"])
    assert decision.outcome == expected


def test_a_secret_vote_stores_who_voted_and_the_counts_never_who_voted_what(college, meeting, item):
    """Inspect every table: no row ties a member to a choice in a secret vote."""
    item.concerns_person = True
    item.save()
    attend(meeting, college["members"])
    vote = services.vote_open(item=item, by=college["chair"])
    assert vote.secret
    voters = college["members"][:5]
    vote_all(vote, voters, ["ja", "nee", "ja", "onthouding", "ja"])
    with pytest.raises(ValidationError):  # no second ballot
        services.ballot_cast(vote=vote, member=voters[0], choice="nee", by=voters[0])
    services.vote_close(vote=vote, by=college["chair"])
    vote.refresh_from_db()
    assert (vote.ja, vote.nee, vote.onthouding) == (3, 1, 1)
    assert not Ballot.objects.filter(vote=vote).exists()
    assert set(SecretBallotMark.objects.values_list("member_id", flat=True)) == {
        v.pk for v in voters
    }
    choices = {"ja", "nee", "onthouding"}
    voter_ids = {v.pk for v in voters}
    for model in apps.get_models():
        for row in model.objects.all().values():
            values = set()
            for v in row.values():  # the values, also inside JSON details (not their keys)
                values |= {str(x) for x in v.values()} if isinstance(v, dict) else {str(v)}
            mentions_voter = any(
                (k.endswith("_id") or k in ("member", "actor", "recipient")) and v in voter_ids
                for k, v in row.items()
            )
            if mentions_voter:
                assert not (values & choices), (model.__name__, row)


def test_a_decision_tells_its_subject(college, meeting):
    from optimalisatie.constants import AdviesState
    from tests.optimalisatie.factories import AdviesFactory
    from vergaderingen.models import AgendaItem

    advies = AdviesFactory(state=AdviesState.READY_FOR_COLLEGE)
    item = AgendaItem.objects.create(meeting=meeting, order=1, title=advies.title, subject=advies)
    attend(meeting, college["members"])
    services.decision_record(item=item, by=college["chair"], outcome=D.APPROVED)
    advies.refresh_from_db()
    assert advies.state == AdviesState.APPROVED


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_many_simultaneous_ballots_of_one_member_count_once(college, meeting, item):
    item.concerns_person = True
    item.save()
    attend(meeting, college["members"])
    vote = services.vote_open(item=item, by=college["chair"])
    member = college["schepenen"][0]
    barrier = threading.Barrier(8)
    results = []

    def cast():
        try:
            barrier.wait(timeout=10)
            services.ballot_cast(vote=vote, member=member, choice="ja", by=member)
            results.append("counted")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=cast) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    vote.refresh_from_db()
    assert results.count("counted") == 1 and vote.ja == 1
    assert SecretBallotMark.objects.filter(vote=vote, member=member).count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_ballots_racing_the_close_are_refused_after_it(college, meeting, item):
    attend(meeting, college["members"])
    vote = services.vote_open(item=item, by=college["chair"])
    voters = college["schepenen"]
    barrier = threading.Barrier(len(voters) + 1)
    outcome = {}

    def cast(member):
        try:
            barrier.wait(timeout=10)
            services.ballot_cast(vote=vote, member=member, choice="ja", by=member)
            outcome[member.pk] = "counted"
        except ValidationError:
            outcome[member.pk] = "refused"
        finally:
            connection.close()

    def close():
        try:
            barrier.wait(timeout=10)
            services.vote_close(vote=vote, by=college["chair"])
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(m,)) for m in voters]
    threads.append(threading.Thread(target=close))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    vote = Vote.objects.get(pk=vote.pk)
    counted = sum(1 for v in outcome.values() if v == "counted")
    # whatever the order, the closed tally holds exactly the ballots accepted before closing
    assert vote.ja == counted == Ballot.objects.filter(vote=vote).count()


def test_late_arrival_and_early_leaving_count_per_item(college, meeting):
    from vergaderingen.constants import Presence
    from vergaderingen.models import AgendaItem

    first = AgendaItem.objects.create(meeting=meeting, order=1, title="Eén")
    second = AgendaItem.objects.create(meeting=meeting, order=2, title="Twee")
    third = AgendaItem.objects.create(meeting=meeting, order=3, title="Drie")
    attend(meeting, college["members"][:3])
    late, early = college["members"][3], college["members"][4]
    services.attendance_set(
        meeting=meeting,
        member=late,
        presence=Presence.PRESENT,
        by=college["secretary"],
        arrived_before=second,
    )
    services.attendance_set(
        meeting=meeting,
        member=early,
        presence=Presence.PRESENT,
        by=college["secretary"],
        left_after=second,
    )
    assert late.pk not in selectors.present_for(first) and early.pk in selectors.present_for(first)
    assert {late.pk, early.pk} <= selectors.present_for(second)
    assert late.pk in selectors.present_for(third) and early.pk not in selectors.present_for(third)
    assert selectors.quorum(first) and selectors.quorum(second) and selectors.quorum(third)
    text = selectors.minutes_draft_text(meeting)
    assert f"{late.full_name} kwam aan bij agendapunt 2." in text
    assert f"{early.full_name} vertrok na agendapunt 2." in text


def test_only_the_secretary_or_chair_records_someone_elses_attendance(college, meeting):
    from vergaderingen.constants import Presence

    schepen, other = college["schepenen"][0], college["schepenen"][1]
    attend(meeting, [])  # the meeting is open
    with pytest.raises(PermissionDenied):
        services.attendance_set(meeting=meeting, member=other, presence=Presence.ABSENT, by=schepen)
    services.attendance_set(
        meeting=meeting, member=schepen, presence=Presence.PRESENT, by=schepen
    )  # a member registers their own presence


def test_the_chair_cannot_overrule_a_vote(college, meeting, item):
    attend(meeting, college["members"])
    vote = services.vote_open(item=item, by=college["chair"])
    vote_all(vote, college["members"][1:], ["nee"] * 6)
    services.vote_close(vote=vote, by=college["chair"])
    decision = services.decision_record(item=item, by=college["chair"], outcome=D.APPROVED)
    assert (decision.outcome, decision.by_consensus, decision.vote_id) == (
        D.REJECTED,
        False,
        vote.pk,
    )


def test_nothing_is_voted_or_decided_outside_the_open_meeting(college, meeting, item):
    with pytest.raises(ValidationError):  # planned
        services.decision_record(item=item, by=college["chair"], outcome=D.APPROVED)
    attend(meeting, college["members"])
    vote = services.vote_open(item=item, by=college["chair"])
    with pytest.raises(ValidationError):  # a vote is open: the meeting cannot close
        services.meeting_step(meeting=meeting, step="close", by=college["chair"])
    services.vote_close(vote=vote, by=college["chair"])
    with pytest.raises(ValidationError):  # one vote per item
        services.vote_open(item=item, by=college["chair"])
    member = college["schepenen"][0]
    with pytest.raises(ValidationError):  # too late to declare a conflict
        services.recusal_declare(item=item, member=member, by=member)
    services.meeting_step(meeting=meeting, step="close", by=college["chair"])
    meeting.refresh_from_db()
    with pytest.raises(ValidationError):  # closed
        services.decision_record(item=item, by=college["chair"])


def test_a_recused_or_absent_chair_does_not_lead_the_item(college, meeting, item):
    attend(meeting, college["members"][1:])  # the chair is not registered
    with pytest.raises(ValidationError):
        services.vote_open(item=item, by=college["chair"])
    attend(meeting, [college["chair"]])
    services.recusal_declare(item=item, member=college["chair"], by=college["chair"])
    with pytest.raises(PermissionDenied):
        services.vote_open(item=item, by=college["chair"])


def test_the_live_tally_of_a_secret_vote_shows_only_how_many_voted(client, college, meeting, item):
    from django.urls import reverse

    item.concerns_person = True
    item.save()
    attend(meeting, college["members"])
    vote = services.vote_open(item=item, by=college["chair"])
    member = college["schepenen"][0]
    services.ballot_cast(vote=vote, member=member, choice="nee", by=member)
    client.force_login(college["chair"])
    page = client.get(reverse("vergaderingen:tally", args=[meeting.pk, item.pk])).content
    assert "1 lid heeft gestemd" in page.decode() and "nee 1" not in page.decode()


def test_a_tampered_agenda_subject_is_refused_without_error(client, college, meeting):
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse

    client.force_login(college["secretary"])
    college["secretary"].user_permissions.clear()
    ct = ContentType.objects.get_for_model(meeting).pk
    from accounts.constants import Function, OrgaanType
    from tests.accounts.factories import MandateFactory, OrgaanFactory

    MandateFactory(
        user=college["secretary"],
        function=Function.ALGEMEEN_DIRECTEUR,
        orgaan=OrgaanFactory(type=OrgaanType.MANAGEMENTTEAM),
    )
    for value in [f"{ct}:{meeting.pk}", "x:y", "999999:1", f"{ct}:999999"]:
        response = client.post(
            reverse("vergaderingen:agenda-add", args=[meeting.pk]), {"subject": value}
        )
        assert response.status_code == 302, value
    assert not meeting.items.exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_agenda_add_is_its_own_transaction(college, meeting):
    """Called outside any transaction (as from a view), its row locks still hold: on
    PostgreSQL, select_for_update outside a transaction is an error."""
    item = services.agenda_add(meeting=meeting, by=college["secretary"], title="Rondvraag")
    assert item.title == "Rondvraag"
