import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from tests.accounts.factories import PASSWORD
from vergaderingen import selectors, services
from vergaderingen.constants import DecisionOutcome as D
from vergaderingen.constants import MeetingState
from vergaderingen.forms import MeetingForm
from vergaderingen.models import AgendaItem, Meeting, MinutesSignature

from .conftest import attend, open_on_its_day

pytestmark = pytest.mark.django_db


def held_meeting(college, meeting):
    """A closed meeting: one item decided by vote, one secret item about a person."""
    AgendaItem.objects.create(meeting=meeting, order=1, title="Nieuwe speeltuin")
    AgendaItem.objects.create(
        meeting=meeting, order=2, title="Benoeming van Jan Jansens", concerns_person=True
    )
    services.meeting_step(meeting=meeting, step="fix_agenda", by=college["secretary"])
    open_on_its_day(meeting, college["chair"])
    attend(meeting, college["members"])
    first, second = meeting.items.order_by("order")
    services.recusal_declare(item=first, member=college["schepenen"][5], by=college["schepenen"][5])
    vote = services.vote_open(item=first, by=college["chair"])
    for member in college["members"][:5]:
        services.ballot_cast(vote=vote, member=member, choice="ja", by=member)
    services.vote_close(vote=vote, by=college["chair"])
    services.decision_record(item=first, by=college["chair"], motivation="Veel vraag van ouders.")
    secret = services.vote_open(item=second, by=college["chair"])
    for member in college["members"][:4]:
        services.ballot_cast(vote=secret, member=member, choice="ja", by=member)
    services.vote_close(vote=secret, by=college["chair"])
    services.decision_record(item=second, by=college["chair"])
    services.meeting_step(meeting=meeting, step="close", by=college["chair"])
    meeting.refresh_from_db()
    return meeting


def next_meeting(college, meeting):
    form = MeetingForm(
        data={
            "orgaan": college["orgaan"].pk,
            "starts_at": "2026-03-09T09:00",
            "place": "Raadzaal",
            "secretary": college["secretary"].pk,
        },
        secretaries=type(college["secretary"]).objects,
    )
    assert form.is_valid(), form.errors
    return services.meeting_create(form=form, by=college["secretary"])


def test_the_draft_is_prefilled_with_attendance_recusals_and_results(college, meeting):
    held_meeting(college, meeting)
    text = selectors.minutes_draft_text(meeting)
    assert "Aanwezig" in text and "Burgemeester" in text
    assert "Schepen 6 verliet de vergadering voor dit agendapunt" in text
    assert "ja 5, nee 0, onthouding 0" in text and "Veel vraag van ouders." in text
    assert "geheime stemming: ja 4, nee 0, onthouding 0" in text


def test_minutes_are_approved_by_the_next_meeting_then_signed_by_both(client, college, meeting):
    held_meeting(college, meeting)
    services.minutes_save(meeting=meeting, text="De notulen.", by=college["secretary"])
    later = next_meeting(college, meeting)
    minutes_item = later.items.get(is_minutes_item=True)
    assert minutes_item.subject == meeting
    services.meeting_step(meeting=later, step="fix_agenda", by=college["secretary"])
    open_on_its_day(later, college["chair"])
    attend(later, college["members"])
    services.decision_record(item=minutes_item, by=college["chair"], outcome=D.APPROVED)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.MINUTES_APPROVED

    url = reverse("vergaderingen:minutes-sign", args=[meeting.pk])
    client.force_login(college["schepenen"][0])  # sees it, may not sign: cannot be delegated
    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 403
    client.force_login(college["chair"])
    response = client.post(url, {"password": "fout"})
    assert response.status_code == 400 and "niet juist" in response.content.decode()
    assert client.post(url, {"password": PASSWORD}).status_code == 302
    client.force_login(college["secretary"])
    assert client.post(url, {"password": PASSWORD}).status_code == 302
    assert set(MinutesSignature.objects.values_list("capacity", flat=True)) == {
        "voorzitter",
        "secretaris",
    }

    pdf = client.get(reverse("vergaderingen:minutes-pdf", args=[meeting.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "De notulen." in text and "Burgemeester" in text and "pagina 1/1" in text


def test_unapproved_minutes_cannot_be_signed(college, meeting):
    held_meeting(college, meeting)
    services.minutes_save(meeting=meeting, text="Ontwerp", by=college["secretary"])
    with pytest.raises(ValidationError):
        services.minutes_sign(meeting=meeting, by=college["chair"], password=PASSWORD)


def test_the_public_decision_list_leaves_out_personal_data(client, college, meeting):
    held_meeting(college, meeting)
    url = reverse("vergaderingen:decision-list-publish", args=[meeting.pk])
    client.force_login(college["schepenen"][0])  # a member: may not publish
    assert client.post(url).status_code == 403
    client.force_login(college["secretary"])  # prepares the texts, does not publish
    assert client.post(url).status_code == 403
    client.force_login(college["chair"])  # the burgemeester publishes
    decision = meeting.items.get(order=1).decision
    person = meeting.items.get(order=2).decision
    first_try = {f"publiek-{decision.pk}": "Aanleg van een speeltuin in de Dorpsstraat"}
    response = client.post(url, first_try, follow=True)
    assert "Schrijf een publieke tekst voor elk besluit" in response.content.decode()
    assert not Meeting.objects.get(pk=meeting.pk).published_at
    second_try = {**first_try, f"publiek-{person.pk}": "Benoeming in een functie van diensthoofd."}
    assert client.post(url, second_try).status_code == 302
    published = Meeting.objects.get(pk=meeting.pk)
    assert published.published_by == college["chair"] and published.published_at
    client.logout()
    page = client.get(reverse("decision-list")).content.decode()
    assert "Aanleg van een speeltuin in de Dorpsstraat" in page
    assert "Jan Jansens" not in page and "Benoeming in een functie van diensthoofd." in page
    pdf = client.get(reverse("decision-list-pdf", args=[meeting.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Aanleg van een speeltuin" in text and "Jan Jansens" not in text


def test_an_unpublished_list_is_not_public(client, college, meeting):
    held_meeting(college, meeting)
    assert client.get(reverse("decision-list-pdf", args=[meeting.pk])).status_code == 404
    assert "Speeltuin" not in client.get(reverse("decision-list")).content.decode()


def test_an_overdue_decision_list_shows_on_the_burgemeesters_mijn_werk(client, college, meeting):
    held_meeting(college, meeting)
    client.force_login(college["chair"])
    with time_machine.travel(datetime.datetime(2026, 3, 20, tzinfo=datetime.UTC)):
        page = client.get(reverse("core:my-work")).content.decode()
    assert "Te laat: publiceer de besluitenlijst" in page
    # the item leads to where the list is published, and the list is indeed not published
    assert f'href="{reverse("vergaderingen:minutes", args=[meeting.pk])}"' in page
    assert Meeting.objects.get(pk=meeting.pk).published_at is None


def test_signing_blocks_after_repeated_wrong_passwords(college, meeting):
    from django.core.cache import cache

    from core.signing import SIGN_FAILURE_LIMIT

    cache.clear()
    held_meeting(college, meeting)
    services.minutes_save(meeting=meeting, text="Tekst", by=college["secretary"])
    minutes = meeting.minutes
    minutes.approved_at = minutes.drafted_at
    minutes.save()
    for _attempt in range(SIGN_FAILURE_LIMIT):
        with pytest.raises(ValidationError):
            services.minutes_sign(meeting=meeting, by=college["chair"], password="fout")
    with pytest.raises(ValidationError, match="geblokkeerd|blocked"):
        services.minutes_sign(meeting=meeting, by=college["chair"], password=PASSWORD)
    assert not MinutesSignature.objects.exists()
    cache.clear()


def test_after_a_single_sign_on_the_minutes_are_signed_with_a_fresh_login(
    client, college, meeting, settings
):
    """A session that began with a single sign-on (accounts.oidc marks it) signs with a
    fresh login at the provider, not a password; the audit keeps which and when."""
    import time

    from accounts.oidc import SESSION_FRESH, SESSION_SSO
    from core.models import AuditEntry

    settings.PASSWORD_LOGIN = False
    held_meeting(college, meeting)
    services.minutes_save(meeting=meeting, text="De notulen.", by=college["secretary"])
    later = next_meeting(college, meeting)
    services.meeting_step(meeting=later, step="fix_agenda", by=college["secretary"])
    open_on_its_day(later, college["chair"])
    attend(later, college["members"])
    item = later.items.get(is_minutes_item=True)
    services.decision_record(item=item, by=college["chair"], outcome=D.APPROVED)

    url = reverse("vergaderingen:minutes-sign", args=[meeting.pk])
    client.force_login(college["chair"])
    session = client.session
    session[SESSION_SSO] = True
    session.save()
    page = client.get(reverse("vergaderingen:minutes", args=[meeting.pk])).content.decode()
    assert "Opnieuw aanmelden om te ondertekenen" in page and 'name="password"' not in page
    refused = client.post(url, {"password": PASSWORD})  # a password does not count here
    assert refused.status_code == 400 and "opnieuw aan" in refused.content.decode()
    session = client.session
    session[SESSION_FRESH] = int(time.time())
    session.save()
    assert client.post(url).status_code == 302
    entry = AuditEntry.objects.get(action="minutes.sign")
    assert entry.data["authentication"] == "sso"
    assert SESSION_FRESH not in client.session  # one fresh login, one signature
