"""Meetings, items, votes, decisions and minutes, with a Trait per state.

A meeting is planned unless a trait says otherwise: MeetingFactory(opened=True),
MeetingFactory(closed=True, published=True), VoteFactory(closed=True), MinutesFactory(
approved=True). The state is given when the object is created (a protected FSMField takes
its first value then), never set afterwards.
"""

import datetime

import factory
from django.utils import timezone

from accounts.constants import OrgaanType
from core.figures import figures_changed
from tests.accounts.factories import OrgaanFactory, UserFactory
from vergaderingen.constants import DecisionOutcome, MeetingState, VoteState
from vergaderingen.models import AgendaItem, Decision, Meeting, Minutes, Vote


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    orgaan = factory.SubFactory(OrgaanFactory, type=OrgaanType.COLLEGE)
    starts_at = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    place = "Raadzaal"
    secretary = factory.SubFactory(UserFactory, full_name="Secretaris")
    state = MeetingState.PLANNED
    published_at = None

    class Params:
        agenda_fixed = factory.Trait(state=MeetingState.AGENDA_FIXED)
        opened = factory.Trait(state=MeetingState.OPEN)
        closed = factory.Trait(state=MeetingState.CLOSED)
        minutes_approved = factory.Trait(state=MeetingState.MINUTES_APPROVED)
        # its decision list published three days after the meeting
        published = factory.Trait(
            published_at=factory.LazyAttribute(lambda m: m.starts_at + datetime.timedelta(days=3))
        )

    @factory.post_generation
    def announce(obj, create, extracted, **kwargs):
        """A published list shows on the public page: raise its stamp as publishing does."""
        if create and obj.published_at:
            figures_changed(obj)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punt {n + 1}")


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    item = factory.SubFactory(AgendaItemFactory, meeting__opened=True)
    secret = False
    state = VoteState.OPEN

    class Params:
        closed = factory.Trait(state=VoteState.CLOSED, closed_at=factory.LazyFunction(timezone.now))


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    item = factory.SubFactory(AgendaItemFactory)
    outcome = DecisionOutcome.APPROVED
    by_consensus = True
    decided_by = factory.SubFactory(UserFactory)


class MinutesFactory(factory.django.DjangoModelFactory):
    """Drafted minutes of a closed meeting; approved=True: approved by the next meeting."""

    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory, closed=True)
    text = "Notulen"
    drafted_by = factory.LazyAttribute(lambda m: m.meeting.secretary)

    class Params:
        approved = factory.Trait(
            meeting=factory.SubFactory(MeetingFactory, minutes_approved=True),
            approved_at=factory.LazyFunction(timezone.now),
        )
