"""The public decision list: a page of meetings at a time, newest first, a year filter, the
same queries whatever the number of meetings, and never personal data."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from accounts.constants import OrgaanType
from tests.accounts.factories import OrgaanFactory
from vergaderingen.constants import DecisionOutcome
from vergaderingen.models import Decision, Meeting
from vergaderingen.views import PUBLIC_MEETINGS_PER_PAGE

from .factories import DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db

LIST = reverse("decision-list")


def published(college, day, *, orgaan=None, decisions=2, is_published=True):
    """A meeting on `day` (y, m, d) with its decisions: the first with a public text, the
    second about a person and without one. The items' titles name a person."""
    starts_at = datetime.datetime(*day, 9, tzinfo=datetime.UTC)
    meeting = MeetingFactory(
        closed=True,
        published=is_published,
        orgaan=orgaan or college["orgaan"],
        starts_at=starts_at,
        secretary=college["secretary"],
    )
    for order in range(1, decisions + 1):
        DecisionFactory(
            item__meeting=meeting,
            item__order=order,
            item__title=f"Dossier van Jan Jansens ({order})",
            item__concerns_person=order == 2,
            outcome=DecisionOutcome.APPROVED if order != 2 else DecisionOutcome.REJECTED,
            public_text=f"Besluit {order} van {starts_at:%d-%m-%Y}" if order != 2 else "",
            decided_by=college["chair"],
        )
    return meeting


def sections(page):
    """The meetings on a page, as their section ids, in order."""
    return [
        int(pk) for pk in re.findall(r'<section class="mb-4" aria-labelledby="zitting-(\d+)"', page)
    ]


def status(page):
    return re.search(r'<p role="status">(.*?)</p>', page, re.S).group(1)


def test_the_list_shows_a_page_of_meetings_newest_first_with_the_count(client, college):
    meetings = [published(college, (2025, 1, day)) for day in range(1, 8)]  # 7 meetings
    newest_first = [m.pk for m in reversed(meetings)]
    first = client.get(LIST).content.decode()
    assert PUBLIC_MEETINGS_PER_PAGE == 5
    assert sections(first) == newest_first[:5]
    assert status(first).strip() == "Vergaderingen 1 tot 5 van 7, de recentste eerst."
    assert 'href="?pagina=2"' in first and 'aria-current="page"' in first
    second = client.get(LIST, {"pagina": 2}).content.decode()
    assert sections(second) == newest_first[5:]
    assert re.findall(r"\d+", status(second)) == ["6", "7", "7"]
    assert 'href="?pagina=1"' in second and "?pagina=3" not in second
    assert sections(client.get(LIST, {"pagina": "99"}).content.decode()) == newest_first[5:]


def test_the_year_filter_shows_only_that_years_meetings_and_keeps_it_in_the_pages(client, college):
    in_2024 = [published(college, (2024, 3, day)) for day in range(1, 7)]  # 6: two pages
    in_2025 = published(college, (2025, 2, 1))
    page = client.get(LIST, {"jaar": "2024"}).content.decode()
    assert sections(page) == [m.pk for m in reversed(in_2024)][:5]
    assert re.findall(r"\d+", status(page)) == ["1", "5", "6", "2024"]
    assert '<option value="2024" selected>2024</option>' in page
    assert '<option value="2025">2025</option>' in page
    assert 'href="?jaar=2024&amp;pagina=2"' in page
    page = client.get(LIST, {"jaar": "2024", "pagina": "2"}).content.decode()
    assert sections(page) == [in_2024[0].pk]
    for ignored in ("1999", "twintig", "20245"):  # a year without meetings, or no year: all
        page = client.get(LIST, {"jaar": ignored}).content.decode()
        assert sections(page)[0] == in_2025.pk
        assert re.findall(r"\d+", status(page)) == ["1", "5", "7"]


def test_the_list_shows_only_public_texts_of_published_college_and_vast_bureau_meetings(
    client, college
):
    shown = published(college, (2025, 5, 5))
    bureau = published(college, (2025, 5, 4), orgaan=OrgaanFactory(type=OrgaanType.VAST_BUREAU))
    empty = published(college, (2025, 5, 3), decisions=0)
    mt = published(college, (2025, 5, 2), orgaan=OrgaanFactory(type=OrgaanType.MANAGEMENTTEAM))
    draft = published(college, (2025, 5, 1), is_published=False)
    page = client.get(LIST).content.decode()
    assert sections(page) == [shown.pk, bureau.pk, empty.pk]
    assert "Jan Jansens" not in page
    words = re.sub(r"<[^>]+>", "", page)  # the linked-data markup aside (lblod.py)
    assert '<li value="1"' in page and "Besluit 1 van 05-05-2025 — goedgekeurd" in words
    assert (
        '<li value="2"' in page
        and "Besluit over een individuele personeelsaangelegenheid. — afgewezen" in words
    )
    assert "<li>Geen besluiten.</li>" in page
    for hidden in (mt, draft):
        assert client.get(reverse("decision-list-pdf", args=[hidden.pk])).status_code == 404
    pdf = client.get(reverse("decision-list-pdf", args=[shown.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Besluit 1 van 05-05-2025" in text and "personeelsaangelegenheid" in text
    assert "Jan Jansens" not in text


def test_the_list_uses_three_queries_whatever_the_number_of_meetings(
    client, college, django_assert_num_queries
):
    published(college, (2024, 1, 1))
    client.get(LIST)
    with django_assert_num_queries(2):  # kept (core.kept): the organisation, the stamp
        assert client.get(LIST).status_code == 200
    for day in range(1, 13):
        published(college, (2025, 1, day), decisions=4)
    for query in ({}, {"pagina": "3"}, {"jaar": "2025", "pagina": "2"}):
        cache.clear()
        # as computed: the organisation, the stamp, the counts, the page's meetings, the
        # bodies deciding in the official system (a pointer to their lists)
        with django_assert_num_queries(5):
            assert client.get(LIST, query).status_code == 200


def test_a_published_list_shows_at_once(client, college, django_capture_on_commit_callbacks):
    from vergaderingen.services import decision_list_publish

    meeting = published(college, (2025, 6, 2), is_published=False)  # a closed meeting
    assert "Besluit 1 van 02-06-2025" not in client.get(LIST).content.decode()
    meeting = Meeting.objects.select_related("orgaan").get(pk=meeting.pk)
    with django_capture_on_commit_callbacks(execute=True):
        decision_list_publish(
            meeting=meeting,
            by=college["chair"],
            public_texts={d.pk: "Openbaar besluit" for d in Decision.objects.all()},
        )
    assert "Openbaar besluit" in client.get(LIST).content.decode()
