"""What comes next is said where people look: what is ready for the college is on the
algemeen directeur's Mijn werk with the agenda of the college's next meeting, and a step past
its deadline is marked overdue ("te laat") on the advice, in the list and on the dashboard."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.constants import OrgaanType
from optimalisatie.constants import AdviesState as S
from tests.accounts.factories import OrgaanFactory
from tests.vergaderingen.factories import AgendaItemFactory, MeetingFactory

from .factories import AdviesFactory, BundleFactory, CycleFactory

pytestmark = pytest.mark.django_db


def _work(client):
    return client.get(reverse("core:my-work")).content.decode()


def _meeting(days, **kwargs):
    college = OrgaanFactory(type=OrgaanType.COLLEGE)
    return MeetingFactory(
        orgaan=college, starts_at=timezone.now() + datetime.timedelta(days=days), **kwargs
    )


def test_what_is_ready_for_the_college_links_to_the_next_meetings_agenda(client, world):
    cycle = CycleFactory()
    ready = AdviesFactory(dienst=world.dienst, cycle=cycle, state=S.READY_FOR_COLLEGE)
    postponed = AdviesFactory(dienst=world.dienst, cycle=cycle, state=S.POSTPONED)
    bundle = BundleFactory(cycle=cycle, ready_for_college=True, title="Eén onthaal")
    AdviesFactory(dienst=world.dienst, cycle=cycle, state=S.IN_BUNDLE, bundle=bundle)
    _meeting(-3)  # held: not the next one
    later = _meeting(21)
    meeting = _meeting(7)
    MeetingFactory(
        orgaan=OrgaanFactory(type=OrgaanType.MANAGEMENTTEAM),
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    agenda = reverse("vergaderingen:meeting-detail", args=[meeting.pk]) + "#agenda"

    client.force_login(world.algemeen_directeur)
    page = _work(client)
    for title in (ready.title, postponed.title, "Eén onthaal"):
        assert title in page
    assert page.count(f'href="{agenda}"') == 3
    assert reverse("vergaderingen:meeting-detail", args=[later.pk]) not in page

    # once on the agenda of a meeting still to be held, it is no longer waiting
    AgendaItemFactory(meeting=meeting, subject=ready, title=ready.title)
    assert ready.title not in _work(client)

    client.force_login(world.mt_member)  # not the one who plans the meetings
    assert agenda not in _work(client)


def test_without_a_planned_meeting_the_item_says_to_plan_one(client, world):
    ready = AdviesFactory(dienst=world.dienst, state=S.READY_FOR_COLLEGE)
    client.force_login(world.algemeen_directeur)
    page = _work(client)
    assert f'href="{reverse("vergaderingen:meeting-create")}"' in page
    assert ready.title in page


@time_machine.travel(datetime.datetime(2026, 12, 4, 10, tzinfo=datetime.UTC), tick=False)
def test_an_overdue_step_is_marked_late_wherever_it_is_seen(client, world):
    late_cycle = CycleFactory(
        overdue=True, advices_until=datetime.date(2026, 10, 20), phase="afgesloten"
    )
    late = AdviesFactory(dienst=world.dienst, cycle=late_cycle, title="Te laat advies")
    on_time = AdviesFactory(dienst=world.dienst, title="Op tijd advies")  # deadlines in 2099
    client.force_login(world.diensthoofd)

    detail = client.get(reverse("optimalisatie:advies-detail", args=[late.pk])).content.decode()
    header = detail[: detail.index('id="acties"')]
    assert "20 oktober 2026" in header and "te laat" in header
    other = client.get(reverse("optimalisatie:advies-detail", args=[on_time.pk]))
    assert "te laat" not in other.content.decode()

    listed = client.get(reverse("optimalisatie:advies-list")).content.decode()
    row = listed[listed.index("Te laat advies") :]
    assert "te laat" in row[: row.index("</tr>")]
    row = listed[listed.index("Op tijd advies") :]
    assert "te laat" not in row[: row.index("</tr>")]

    client.force_login(world.manager)
    dashboard = client.get(reverse("optimalisatie:cycle-detail", args=[late_cycle.pk]))
    overdue = dashboard.content.decode().split('id="achterstand"')[1].split("</section>")[0]
    assert "Te laat advies" in overdue and "te laat" in overdue
