"""Property-based tests (hypothesis) of who may decide, over attendance, absences, a
substitute chair, recusals and ballots: a decision is recorded exactly when a quorum of the
mandates in force is present and a legitimate chair acts, and no item about a person is ever
decided without a secret vote."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from vergaderingen import services
from vergaderingen.constants import DecisionOutcome, Presence
from vergaderingen.models import Attendance, Decision, Recusal, Substitute

from .factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=False)

# present more often than not: quorum then comes and goes around its threshold
PRESENCES = st.sampled_from([*[Presence.PRESENT] * 5, Presence.EXCUSED, Presence.ABSENT, None])


def legitimate_chair(college, present, recused, substitute):
    """The oracle, written apart from the code: the burgemeester when there and not recused,
    else the designated waarnemend burgemeester when there and not recused."""
    for person in (college["chair"], substitute):
        if person is not None and person.pk in present and person.pk not in recused:
            return person
    return None


def has_quorum(present, recused, members=7):
    eligible = members - len(recused)
    return eligible > 0 and 2 * len(present - recused) > eligible


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_decision_is_recorded_exactly_when_quorum_and_a_legitimate_chair(college, data):
    members = college["members"]
    presences = data.draw(st.lists(PRESENCES, min_size=7, max_size=7), label="presence")
    designated = data.draw(st.booleans(), label="substitute designated")
    concerns_person = data.draw(st.booleans(), label="about a person")
    by_vote = data.draw(st.booleans(), label="put to the vote")
    secret = data.draw(st.booleans(), label="secret vote asked")
    present = {m.pk for m, p in zip(members, presences, strict=True) if p == Presence.PRESENT}
    recused = {
        m.pk
        for m in members
        if m.pk in present and data.draw(st.integers(0, 5), label=f"recused {m.pk}") == 0
    }
    # the burgemeester and the waarnemend burgemeester act most often, anyone may try
    actor = data.draw(
        st.sampled_from([members[0], members[0], members[0], members[1], members[1], members[2]])
        | st.sampled_from([*members, college["secretary"]]),
        label="actor",
    )

    with transaction.atomic():
        substitute = None
        if designated:
            substitute = college["schepenen"][0]
            Substitute.objects.create(
                orgaan=college["orgaan"], user=substitute, start=datetime.date(2025, 1, 1)
            )
        meeting = MeetingFactory(
            orgaan=college["orgaan"], secretary=college["secretary"], opened=True
        )
        item = AgendaItemFactory(meeting=meeting, concerns_person=concerns_person)
        for member, presence in zip(members, presences, strict=True):
            if presence is not None:
                Attendance.objects.create(meeting=meeting, member=member, presence=presence)
        for pk in recused:
            Recusal.objects.create(item=item, member_id=pk)

        chair = legitimate_chair(college, present, recused, substitute)
        may_decide = has_quorum(present, recused) and chair is not None and actor == chair
        vote = None
        try:
            if by_vote:
                vote = services.vote_open(item=item, by=actor, secret=secret)
                for member in members:
                    if member.pk in present and member.pk not in recused:
                        choice = data.draw(st.sampled_from(["ja", "nee", "onthouding"]))
                        services.ballot_cast(vote=vote, member=member, choice=choice, by=member)
                services.vote_close(vote=vote, by=actor)
                decision = services.decision_record(item=item, by=actor)
            else:
                decision = services.decision_record(
                    item=item, by=actor, outcome=DecisionOutcome.APPROVED
                )
        except (PermissionDenied, ValidationError):
            decision = None

        expected = may_decide and (by_vote or not concerns_person)
        assert (decision is not None) == expected, (present, recused, actor, chair)
        event("decided" if decision is not None else "refused")
        if concerns_person:  # never decided without a secret vote
            for recorded in Decision.objects.filter(item__concerns_person=True):
                assert recorded.vote is not None and recorded.vote.secret
        if vote is not None and concerns_person:
            vote.refresh_from_db()
            assert vote.secret
        transaction.set_rollback(True)
