"""A college meeting in the browser: one browser context per member, as in the room."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN
from optimalisatie.models import Advies
from tests.vergaderingen.conftest import college  # noqa: F401 (a college and its secretary)

pytestmark = pytest.mark.django_db(transaction=True)

ITEM = "Zwerfvuilacties met vrijwilligers"  # the demo's advice the MT marked ready


def as_user(new_page, login):
    page = new_page()
    page.login(f"{login}@{DOMAIN}", DEMO_PASSWORD)
    return page


def confirm(page, question):
    """What cannot be undone asks first, on a page of its own: the main action comes first."""
    expect(page.get_by_role("main")).to_contain_text(question)
    page.follow(page.get_by_role("main").get_by_role("button").first)


def test_a_college_meeting_decides_an_advice(new_page):
    call_command("demo", "--force", stdout=io.StringIO())

    # 1. The algemeen directeur plans the meeting and builds the agenda from what is ready.
    ad = as_user(new_page, "algemeen.directeur")
    ad.follow(
        ad.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Vergaderingen")
    )
    ad.follow(ad.get_by_role("link", name="Een vergadering plannen"))
    ad.get_by_label(re.compile(r"^\s*Orgaan")).select_option(
        label="College van burgemeester en schepenen"
    )
    # today, later on: a meeting opens on its own day
    when = timezone.localtime() + datetime.timedelta(minutes=30)
    ad.get_by_label(re.compile(r"^\s*Datum en tijdstip")).fill(
        f"{timezone.localdate().isoformat()}T{min(when, when.replace(hour=23, minute=59)):%H:%M}"
    )
    ad.get_by_label(re.compile(r"^\s*Plaats")).fill("Schepenzaal")
    ad.follow(ad.get_by_role("button", name="Plannen"))
    ad.follow(ad.get_by_role("button", name=f"„{ITEM}” op de agenda zetten"))
    ad.get_by_label("Titel van het agendapunt").fill("Benoeming van een diensthoofd")
    ad.get_by_label(re.compile("Betreft een persoon")).check()
    ad.follow(ad.get_by_role("button", name="Het agendapunt toevoegen"))
    ad.follow(ad.get_by_role("button", name="Agenda vastleggen"))
    ad.follow(ad.get_by_role("button", name="De vergadering openen"))
    meeting_url = ad.page.url

    # 2. Members register their presence from their own sessions.
    logins = [
        "burgemeester",
        "schepen.financien",
        "schepen.ruimte",
        "schepen.werken",
        "schepen.onderwijs",
    ]
    members = {}
    for login in logins:
        page = as_user(new_page, login)
        page.page.goto(meeting_url)
        page.check_a11y()
        page.follow(page.get_by_role("button", name="Ik ben aanwezig"))
        members[login] = page

    # 3. One schepen declares a conflict of interest on the advice (item 2: item 1 approves
    #    the minutes of the previous meeting).
    werken = members["schepen.werken"]
    werken.follow(werken.get_by_role("button", name="Een belangenconflict melden bij agendapunt 2"))
    confirm(werken, ITEM)
    expect(werken.get_by_text("U meldde een belangenconflict")).to_be_visible()

    # 4. The chair opens the vote; the others vote; the chair sees the tally live, closes it.
    chair = members["burgemeester"]
    chair.page.reload()
    chair.follow(chair.get_by_role("button", name="Een stemming openen over agendapunt 2"))
    for login, choice in [
        ("schepen.financien", "Ja"),
        ("schepen.ruimte", "Ja"),
        ("schepen.onderwijs", "Nee"),
    ]:
        page = members[login]
        page.page.reload()
        page.check_a11y()
        page.get_by_role("group", name=re.compile("Uw stem over agendapunt 2")).get_by_label(
            choice, exact=True
        ).check()
        page.follow(page.get_by_role("button", name="Stemmen"))
        expect(page.get_by_role("status")).to_contain_text("Uw stem is geregistreerd")
    werken.page.reload()
    expect(werken.get_by_role("group", name=re.compile("Uw stem over agendapunt 2"))).to_have_count(
        0
    )
    expect(chair.locator(".tally").first).to_contain_text(
        "ja 2, nee 1, onthouding 0", timeout=10_000
    )  # htmx polling, no reload
    chair.get_by_role("group", name=re.compile("Uw stem over agendapunt 2")).get_by_label(
        "Ja", exact=True
    ).check()
    chair.follow(chair.get_by_role("button", name="Stemmen"))
    chair.follow(chair.get_by_role("button", name="De stemming over agendapunt 2 sluiten"))
    confirm(chair, "4")  # the turnout: all 4 members who may vote have voted
    chair.follow(
        chair.get_by_role("button", name=re.compile("uitslag van de stemming over agendapunt 2"))
    )
    expect(chair.get_by_text(re.compile("Besluit: goedgekeurd"))).to_be_visible()

    # 5. The decision moved the advice to goedgekeurd.
    assert Advies.objects.get(title=ITEM).state == "goedgekeurd"
    dh = as_user(new_page, "dh.milieu")
    dh.goto("/meldingen/")
    expect(
        dh.get_by_role("link", name=re.compile("Het college heeft beslist over"))
    ).to_be_visible()


def pdf_text(page, url):
    from pypdf import PdfReader

    response = page.page.request.get(page.base_url + url)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)


def test_minutes_are_approved_and_signed_and_the_decision_list_published(new_page, client):
    from vergaderingen.models import Meeting

    call_command("demo", "--force", stdout=io.StringIO())
    recent = Meeting.objects.get(state="gesloten")  # minutes drafted, not approved yet
    planned = Meeting.objects.get(state="gepland")  # its minutes item approves `recent`

    # 6. The algemeen directeur reviews and saves the drafted minutes.
    ad = as_user(new_page, "algemeen.directeur")
    ad.goto(f"/vergaderingen/{recent.pk}/notulen/")
    text = ad.get_by_label(re.compile("Tekst van de notulen"))
    expect(text).to_contain_text("Aanpassing parkeerreglement centrum")
    text.fill(text.input_value() + "\nDe vergadering werd gesloten om 11 uur.")
    ad.follow(ad.get_by_role("button", name="De notulen bewaren"))
    expect(ad.get_by_role("status")).to_contain_text("De notulen zijn bewaard")

    # 7. At the next meeting the minutes are approved, then signed by chair and secretary.
    ad.goto(f"/vergaderingen/{planned.pk}/")
    ad.follow(ad.get_by_role("button", name="Agenda vastleggen"))
    ad.follow(ad.get_by_role("button", name="De vergadering openen"))
    chair = as_user(new_page, "burgemeester")
    for login in ["schepen.financien", "schepen.ruimte", "schepen.werken"]:
        member = as_user(new_page, login)
        member.goto(f"/vergaderingen/{planned.pk}/")
        member.follow(member.get_by_role("button", name="Ik ben aanwezig"))
    chair.goto(f"/vergaderingen/{planned.pk}/")
    chair.follow(chair.get_by_role("button", name="Ik ben aanwezig"))
    chair.get_by_text("Beslissen bij consensus").first.click()
    chair.get_by_label("Uitkomst").first.select_option("goedgekeurd")
    chair.follow(chair.get_by_role("button", name="Het besluit vastleggen").first)
    expect(chair.get_by_text(re.compile("Besluit: goedgekeurd"))).to_be_visible()
    for signer in (chair, ad):
        signer.goto(f"/vergaderingen/{recent.pk}/notulen/")
        signer.get_by_label("Uw wachtwoord, om te ondertekenen").fill("fout-wachtwoord")
        signer.follow(signer.get_by_role("button", name="De notulen ondertekenen"))
        expect(signer.get_by_text("Dit wachtwoord is niet juist")).to_be_visible()
        signer.get_by_label("Uw wachtwoord, om te ondertekenen").fill(DEMO_PASSWORD)
        signer.follow(signer.get_by_role("button", name="De notulen ondertekenen"))
    expect(ad.get_by_text(re.compile("ondertekend door Anna Peeters"))).to_be_visible()
    expect(ad.get_by_text(re.compile("ondertekend door Jan De Smet"))).to_be_visible()

    # 8. The planned meeting is closed; its decision list appears on the public page.
    ad.goto(f"/vergaderingen/{planned.pk}/")
    ad.follow(ad.get_by_role("button", name="De vergadering sluiten"))
    confirm(ad, "")
    ad.follow(ad.get_by_role("link", name="Notulen en besluitenlijst"))
    ad.get_by_label(re.compile("Publieke tekst voor agendapunt 1")).fill(
        "Goedkeuring van de notulen van de vorige vergadering."
    )
    ad.follow(ad.get_by_role("button", name="De teksten bewaren"))  # the secretary prepares
    expect(ad.get_by_role("button", name="De besluitenlijst publiceren")).to_have_count(0)
    chair.goto(f"/vergaderingen/{planned.pk}/notulen/")  # the burgemeester publishes
    chair.follow(chair.get_by_role("button", name="De besluitenlijst publiceren"))
    expect(chair.get_by_text(re.compile("Gepubliceerd op .* door Anna Peeters"))).to_be_visible()
    public = new_page()  # nobody logged in
    public.goto("/besluitenlijst/")
    expect(public.get_by_role("heading", name=re.compile("Besluitenlijst"))).to_be_visible()
    expect(
        public.get_by_text("Goedkeuring van de notulen van de vorige vergadering.").first
    ).to_be_visible()
    expect(public.get_by_text("Anna Peeters")).to_have_count(0)

    # 9. The PDFs hold the decisions.
    minutes_text = pdf_text(ad, f"/vergaderingen/{recent.pk}/notulen.pdf")
    assert "Aanpassing parkeerreglement centrum" in minutes_text
    assert "De vergadering werd gesloten om 11 uur." in minutes_text
    assert "Anna Peeters" in minutes_text and "pagina 1/" in minutes_text
    list_text = pdf_text(public, f"/besluitenlijst/{planned.pk}.pdf")
    assert "Goedkeuring van de notulen van de vorige vergadering." in list_text


# --- the live tally ------------------------------------------------------------------------------


def tally_requests(page):
    """The tally's requests and answers seen by a page, as they come."""
    seen = []
    page.page.on("response", lambda r: seen.append(r.status) if "/telling/" in r.url else None)
    return seen


def test_the_live_tally_stops_asking_once_the_vote_is_closed(new_page, college):  # noqa: F811
    """A member follows the meeting of the day from Mijn werk and watches the tally; the
    page's clock runs fast (Playwright's clock), so a minute of polling takes no minute."""
    from tests.accounts.factories import PASSWORD
    from tests.vergaderingen.conftest import attend
    from tests.vergaderingen.factories import AgendaItemFactory, MeetingFactory
    from vergaderingen import services

    meeting = MeetingFactory(
        orgaan=college["orgaan"], secretary=college["secretary"], starts_at=timezone.now()
    )
    item = AgendaItemFactory(meeting=meeting, order=1, title="Nieuwe speeltuin")
    attend(meeting, college["members"])
    vote = services.vote_open(item=item, by=college["chair"])
    meeting_url = f"/vergaderingen/{meeting.pk}/"

    member = new_page()
    member.page.clock.install()
    member.login(college["schepenen"][0].email, PASSWORD)  # lands on Mijn werk
    member.follow(member.locator(f'main a[href="{meeting_url}"]'))  # the meeting of the day
    # this test watches the tally's own polls: the page's reload when the meeting changes
    # (static/js/meeting-live.js, tested below) is taken out of the way
    member.page.evaluate("document.querySelector('[data-live-url]').remove()")
    answers = tally_requests(member)
    tally = member.locator(".tally")
    expect(tally).to_contain_text("ja 0, nee 0, onthouding 0")

    other = college["schepenen"][1]
    services.ballot_cast(vote=vote, member=other, choice="ja", by=other)
    with member.page.expect_response(lambda r: "/telling/" in r.url):
        member.page.clock.run_for(2_100)
    expect(tally).to_contain_text("ja 1, nee 0, onthouding 0")  # no reload

    chair = new_page()
    chair.login(college["chair"].email, PASSWORD)
    chair.goto(meeting_url)
    chair.follow(chair.get_by_role("button", name="De stemming over agendapunt 1 sluiten"))
    confirm(chair, "1")
    # the longest wait between two questions (a slow machine may have asked already, as the
    # page's clock also runs on its own while the chair closes the vote)
    member.page.clock.run_for(16_100)
    expect(tally).to_contain_text("Uitslag")
    assert answers[-1] == 286  # htmx: stop polling
    # htmx announces every request it is about to make (htmx:beforeRequest), at once when
    # the clock fires the poll: count them while ten minutes pass
    member.page.evaluate(
        "window.asked = 0;"
        "document.body.addEventListener('htmx:beforeRequest', () => window.asked++)"
    )
    member.page.clock.run_for(10 * 60_000)
    assert member.page.evaluate("window.asked") == 0, "the page kept asking after the close"
    expect(member.locator("[hx-trigger]")).to_have_count(0)
    member.check_a11y()


def hide(page, hidden=True):
    """The page goes to a background tab (or comes back): what the browser then tells it."""
    page.page.evaluate(
        """hidden => {
            for (const [name, value] of [["hidden", hidden],
                                         ["visibilityState", hidden ? "hidden" : "visible"]]) {
                Object.defineProperty(document, name, {value, configurable: true});
            }
            document.dispatchEvent(new Event("visibilitychange"));
        }""",
        hidden,
    )


def test_a_hidden_page_does_not_ask_and_asks_at_once_when_shown(new_page, college):  # noqa: F811
    """static/js/app.js holds back the polls of a page in a background tab."""
    from tests.accounts.factories import PASSWORD
    from tests.vergaderingen.conftest import attend
    from tests.vergaderingen.factories import AgendaItemFactory, MeetingFactory
    from vergaderingen import services

    meeting = MeetingFactory(orgaan=college["orgaan"], secretary=college["secretary"])
    item = AgendaItemFactory(meeting=meeting, order=1, title="Nieuwe speeltuin")
    attend(meeting, college["members"])
    vote = services.vote_open(item=item, by=college["chair"])
    member = new_page()
    member.page.clock.install()
    member.login(college["schepenen"][0].email, PASSWORD)
    member.goto(f"/vergaderingen/{meeting.pk}/")
    member.page.evaluate(
        "window.sent = 0; document.body.addEventListener('htmx:beforeSend', () => window.sent++)"
    )
    hide(member)
    member.page.clock.run_for(10 * 60_000)
    assert member.page.evaluate("window.sent") == 0
    other = college["schepenen"][1]
    services.ballot_cast(vote=vote, member=other, choice="nee", by=other)
    with member.page.expect_response(lambda r: "/telling/" in r.url):
        hide(member, hidden=False)  # shown again: it asks at once
    expect(member.locator(".tally")).to_contain_text("ja 0, nee 1, onthouding 0")
