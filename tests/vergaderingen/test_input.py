"""Bad input on the meeting pages gives a Dutch message and keeps what was typed, never a 500
and never half a change: a meeting dated outside 2000–2100, a year or page number probed in
the public list's address, texts longer than the forms allow."""

import pytest
from django.urls import reverse

from accounts.constants import Function, OrgaanType
from tests.accounts.factories import MandateFactory, OrgaanFactory
from vergaderingen import services
from vergaderingen.constants import (
    MINUTES_MAX_LENGTH,
    MOTIVATION_MAX_LENGTH,
    PUBLIC_TEXT_MAX_LENGTH,
    DecisionOutcome,
)
from vergaderingen.models import Decision, Meeting, Minutes

from .conftest import attend
from .factories import MeetingFactory
from .test_decision_list import published, sections

pytestmark = pytest.mark.django_db

WINDOW = "Kies een datum tussen 2000 en 2100."


@pytest.fixture
def algemeen_directeur(college):
    return MandateFactory(
        orgaan=OrgaanFactory(type=OrgaanType.MANAGEMENTTEAM), function=Function.ALGEMEEN_DIRECTEUR
    ).user


@pytest.mark.parametrize(
    "starts_at", ["0001-01-01T00:00", "9999-12-31T23:59", "1999-12-31T23:59", "01/01/0001 10:00"]
)
def test_a_meeting_outside_2000_to_2100_is_refused_at_the_field_and_not_stored(
    client, college, algemeen_directeur, starts_at
):
    client.force_login(algemeen_directeur)
    response = client.post(
        reverse("vergaderingen:meeting-create"),
        {
            "orgaan": college["orgaan"].pk,
            "starts_at": starts_at,
            "place": "Schepenzaal",
            "secretary": algemeen_directeur.pk,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert WINDOW in page and 'value="Schepenzaal"' in page  # the input stays
    assert 'min="2000-01-01T00:00"' in page and 'max="2100-12-31T23:59"' in page
    assert not Meeting.objects.exists()
    assert client.get(reverse("vergaderingen:meeting-list")).status_code == 200


def test_a_meeting_in_the_window_is_planned(client, college, algemeen_directeur):
    client.force_login(algemeen_directeur)
    response = client.post(
        reverse("vergaderingen:meeting-create"),
        {
            "orgaan": college["orgaan"].pk,
            "starts_at": "2100-12-31T09:00",
            "place": "Schepenzaal",
            "secretary": algemeen_directeur.pk,
        },
    )
    assert response.status_code == 302
    assert Meeting.objects.get().starts_at.year == 2100


@pytest.mark.parametrize(
    "query",
    [
        {"jaar": "²⁰²⁴"},  # digits to str.isdigit, not to int()
        {"jaar": "١٢٣٤"},
        {"jaar": "0001"},
        {"jaar": "2024" * 1000},
        {"jaar": "-202"},
        {"pagina": "9223372036854775807"},
        {"pagina": "-1"},
        {"pagina": "²"},
        {"jaar": "2024", "pagina": "99999999999999999999"},
    ],
)
def test_a_probed_year_or_page_gives_the_list_not_an_error(client, college, query):
    meetings = [published(college, (2024, 1, day)) for day in range(1, 8)]
    response = client.get(reverse("decision-list"), query)
    assert response.status_code == 200
    shown = sections(response.content.decode())
    newest_first = [m.pk for m in reversed(meetings)]
    assert shown in (newest_first[:5], newest_first[5:])  # the first or the last page


def test_minutes_longer_than_allowed_are_refused_with_the_text_kept(client, college):
    meeting = MeetingFactory(closed=True, orgaan=college["orgaan"], secretary=college["secretary"])
    client.force_login(college["secretary"])
    page = client.get(reverse("vergaderingen:minutes", args=[meeting.pk])).content.decode()
    assert f'maxlength="{MINUTES_MAX_LENGTH}"' in page
    text = "Notulen. " + "x" * MINUTES_MAX_LENGTH
    response = client.post(reverse("vergaderingen:minutes-save", args=[meeting.pk]), {"text": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page and text in page
    assert not Minutes.objects.exists()


def test_a_public_text_longer_than_allowed_publishes_nothing_and_keeps_the_texts(client, college):
    meeting = published(college, (2025, 3, 3), is_published=False)
    first, second = Decision.objects.filter(item__meeting=meeting).order_by("item__order")
    client.force_login(college["chair"])
    page = client.get(reverse("vergaderingen:minutes", args=[meeting.pk])).content.decode()
    assert page.count(f'maxlength="{PUBLIC_TEXT_MAX_LENGTH}"') == 2
    response = client.post(
        reverse("vergaderingen:decision-list-publish", args=[meeting.pk]),
        {f"publiek-{first.pk}": "Korte tekst", f"publiek-{second.pk}": "y" * 2001},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Korte tekst" in page and "y" * 2001 in page  # both texts stay in the form
    meeting.refresh_from_db()
    first.refresh_from_db()
    assert meeting.published_at is None and first.public_text != "Korte tekst"


def test_a_motivation_longer_than_allowed_records_no_decision(client, college, meeting, item):
    attend(meeting, college["members"])
    client.force_login(college["chair"])
    page = client.get(reverse("vergaderingen:meeting-detail", args=[meeting.pk])).content.decode()
    assert f'maxlength="{MOTIVATION_MAX_LENGTH}"' in page
    response = client.post(
        reverse("vergaderingen:decision", args=[meeting.pk, item.pk]),
        {"outcome": DecisionOutcome.APPROVED, "motivation": "m" * (MOTIVATION_MAX_LENGTH + 1)},
        follow=True,
    )
    assert response.status_code == 200
    assert not Decision.objects.filter(item=item).exists()
    assert "5000" in response.content.decode()  # the message names the limit


def test_the_services_refuse_too_long_texts_too(college, meeting, item):
    from django.core.exceptions import ValidationError

    attend(meeting, college["members"])
    with pytest.raises(ValidationError):
        services.decision_record(
            item=item,
            by=college["chair"],
            outcome=DecisionOutcome.APPROVED,
            public_text="p" * (PUBLIC_TEXT_MAX_LENGTH + 1),
        )
    assert not Decision.objects.exists()
