import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.constants import Function, OrgaanType
from tests.accounts.factories import MandateFactory, OrgaanFactory, UserFactory
from vergaderingen import services
from vergaderingen.models import AgendaItem

from .conftest import attend, open_on_its_day

pytestmark = pytest.mark.django_db


def url(name, meeting, *args):
    return reverse(f"vergaderingen:{name}", args=[meeting.pk, *args])


def open_meeting(meeting, college, items=1):
    for i in range(items):
        AgendaItem.objects.get_or_create(
            meeting=meeting, order=i + 1, defaults={"title": f"Punt {i + 1}"}
        )
    services.meeting_step(meeting=meeting, step="fix_agenda", by=college["secretary"])
    open_on_its_day(meeting, college["chair"])
    attend(meeting, college["members"])


def test_a_member_of_another_body_cannot_see_the_meeting(client, college, meeting):
    mt_member = MandateFactory(
        orgaan=OrgaanFactory(type=OrgaanType.MANAGEMENTTEAM), function=Function.LID
    ).user
    for user, status in [
        (college["schepenen"][0], 200),
        (college["secretary"], 200),
        (mt_member, 404),
        (UserFactory(), 404),
    ]:
        client.force_login(user)
        assert client.get(url("meeting-detail", meeting)).status_code == status


def test_a_non_member_cannot_vote_and_only_the_chair_opens_and_closes(
    client, college, meeting, item
):
    open_meeting(meeting, college)
    schepen = college["schepenen"][0]
    client.force_login(schepen)
    assert client.post(url("vote-open", meeting, item.pk)).status_code == 403
    client.force_login(college["chair"])
    assert client.post(url("vote-open", meeting, item.pk)).status_code == 302
    client.force_login(college["secretary"])  # sees the meeting, is no member: may not vote
    assert client.post(url("ballot", meeting, item.pk), {"choice": "ja"}).status_code == 403
    client.force_login(schepen)
    assert client.post(url("ballot", meeting, item.pk), {"choice": "ja"}).status_code == 302
    assert client.post(url("vote-close", meeting, item.pk)).status_code == 403
    client.force_login(college["chair"])
    closing = url("vote-close", meeting, item.pk)
    assert client.post(closing).status_code == 200  # asks first
    assert client.post(closing, {"bevestigd": "1"}).status_code == 302
    assert item.votes.get().ja == 1


def test_the_tally_is_hidden_from_the_recused_and_until_closing_if_set(
    client, college, meeting, item
):
    meeting.results_after_closing = True
    meeting.save(update_fields=["results_after_closing"])
    open_meeting(meeting, college)
    recused = college["schepenen"][5]
    services.recusal_declare(item=item, member=recused, by=recused)
    services.vote_open(item=item, by=college["chair"])
    client.force_login(college["chair"])
    assert client.get(url("tally", meeting, item.pk)).status_code == 200
    client.force_login(college["schepenen"][0])
    assert client.get(url("tally", meeting, item.pk)).status_code == 403
    client.force_login(recused)
    assert client.get(url("tally", meeting, item.pk)).status_code == 403
    page = client.get(url("meeting-detail", meeting)).content.decode()
    assert "belangenconflict" in page
    assert "(belangenconflict): Schepen 6</p>" in page


def _count(client, address):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(address).status_code == 200
    return len(ctx.captured_queries)


def test_meeting_page_and_tally_use_fixed_queries(client, college, meeting):
    open_meeting(meeting, college, items=2)
    item = meeting.items.first()
    services.vote_open(item=item, by=college["chair"])
    client.force_login(college["chair"])
    _count(client, url("meeting-detail", meeting))
    small = (
        _count(client, url("meeting-detail", meeting)),
        _count(client, url("tally", meeting, item.pk)),
    )
    for member in college["schepenen"]:
        services.ballot_cast(vote=item.votes.get(), member=member, choice="ja", by=member)
    for i in range(3, 12):
        AgendaItem.objects.create(meeting=meeting, order=i, title=f"Punt {i}")
    large = (
        _count(client, url("meeting-detail", meeting)),
        _count(client, url("tally", meeting, item.pk)),
    )
    assert small == large


def test_meeting_page_queries_do_not_grow_with_the_votes_on_the_agenda(
    client, college, meeting, django_assert_num_queries
):
    """Each vote's tally comes from the ballots loaded once for the page: it took one query
    per open (not secret) vote, so the count followed how many items were put to the vote."""
    open_meeting(meeting, college, items=6)
    items = list(meeting.items.order_by("order"))
    chair = college["chair"]

    def vote_on(item, *, secret=False, close=True, yes=3):
        vote = services.vote_open(item=item, by=chair, secret=secret)
        for member in college["schepenen"][:yes]:
            services.ballot_cast(vote=vote, member=member, choice="ja", by=member)
        if close:
            services.vote_close(vote=vote, by=chair)

    vote_on(items[0], close=False, yes=1)
    viewers = (chair, college["schepenen"][5], college["secretary"])
    before = {}
    for viewer in viewers:
        client.force_login(viewer)
        _count(client, url("meeting-detail", meeting))
        before[viewer.pk] = _count(client, url("meeting-detail", meeting))
    vote_on(items[1], yes=2)
    vote_on(items[2], secret=True)
    vote_on(items[3])
    vote_on(items[4], close=False, yes=4)
    for viewer in viewers:
        client.force_login(viewer)
        assert _count(client, url("meeting-detail", meeting)) == before[viewer.pk]
    with django_assert_num_queries(21):  # the same with one vote as with five
        assert client.get(url("meeting-detail", meeting)).status_code == 200
    page = client.get(url("meeting-detail", meeting)).content.decode()
    assert "ja 1, nee 0, onthouding 0" in page  # the open vote so far
    assert "ja 2, nee 0, onthouding 0" in page and "ja 4, nee 0, onthouding 0" in page
    assert page.count("ja 3, nee 0, onthouding 0") == 2  # a closed open vote, a closed secret one


def test_meeting_page_queries_stay_fixed_with_advices_on_the_agenda(client, college, meeting):
    from optimalisatie.constants import AdviesState
    from tests.optimalisatie.factories import AdviesFactory

    def add_advice_items(n):
        start = meeting.items.count()
        for i in range(n):
            advies = AdviesFactory(state=AdviesState.READY_FOR_COLLEGE)
            item = AgendaItem(meeting=meeting, order=start + i + 1, title=advies.title)
            item.subject = advies
            item.save()

    add_advice_items(2)
    open_meeting(meeting, college)
    client.force_login(college["chair"])
    _count(client, url("meeting-detail", meeting))
    small = _count(client, url("meeting-detail", meeting))
    add_advice_items(6)
    assert _count(client, url("meeting-detail", meeting)) == small


def test_the_chairs_forms_on_each_item_post_to_that_items_actions(client, college, meeting):
    """The item URLs are built from one reverse() per action: they are each item's own."""
    open_meeting(meeting, college, items=3)
    first, second, third = meeting.items.order_by("order")
    third.rapporteur = college["schepenen"][1]
    third.save(update_fields=["rapporteur"])
    services.vote_open(item=second, by=college["chair"])
    client.force_login(college["chair"])
    page = client.get(url("meeting-detail", meeting)).content.decode()
    for item in (first, third):
        assert f'action="{url("vote-open", meeting, item.pk)}"' in page
        assert f'action="{url("decision", meeting, item.pk)}"' in page
        assert f'action="{url("recusal", meeting, item.pk)}"' in page
    assert f'action="{url("vote-close", meeting, second.pk)}"' in page
    assert f'action="{url("ballot", meeting, second.pk)}"' in page
    assert f'hx-get="{url("tally", meeting, second.pk)}?gezien=' in page
    assert f'action="{url("vote-open", meeting, second.pk)}"' not in page
    assert "verslaggever: Schepen 2" in page
    assert '<option value="goedgekeurd">Goedgekeurd</option>' in page


def test_the_attendance_table_shows_what_the_secretary_recorded(client, college, meeting):
    open_meeting(meeting, college, items=3)
    first, second, third = meeting.items.order_by("order")
    late, early = college["schepenen"][0], college["schepenen"][1]
    by = college["secretary"]
    services.attendance_set(
        meeting=meeting, member=late, presence="aanwezig", by=by, arrived_before=second
    )
    services.attendance_set(
        meeting=meeting, member=early, presence="aanwezig", by=by, left_after=third
    )
    services.attendance_set(
        meeting=meeting, member=college["schepenen"][2], presence="verontschuldigd", by=by
    )
    client.force_login(by)
    page = client.get(url("meeting-detail", meeting)).content.decode()

    ids = {"presence": "aanwezig", "arrived_before": "aankomst", "left_after": "vertrek"}

    def select(name, member):
        start = page.index(f'name="{name}" id="{ids[name]}-{member.pk}"')
        return page[start : page.index("</select>", start)]

    arrival = select("arrived_before", late)
    assert f'<option value="{second.pk}" selected>kwam aan bij agendapunt 2</option>' in arrival
    assert arrival.count("<option") == 4 and arrival.count("selected") == 1
    assert " selected" not in select("arrived_before", early)
    leaving = select("left_after", early)
    assert f'<option value="{third.pk}" selected>vertrok na agendapunt 3</option>' in leaving
    assert '<option value="verontschuldigd" selected>' in select(
        "presence", college["schepenen"][2]
    )
    assert '<option value="aanwezig" selected>' in select("presence", late)
