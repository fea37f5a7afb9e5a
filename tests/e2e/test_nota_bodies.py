"""Issue 17: the decree's afsprakennota approved as the decree wants it, in the browser on the
demo data. The algemeen directeur draws up a revision (a second one in progress is refused at
the field), cannot delete the required sections nor send the nota for approval while they
hold the template's guidance, writes them and sends it; the college, the vast bureau and the
BCSD each approve that version in a meeting of their own, run through the meeting pages
(agenda, fixed, opened, attendance, decision); nobody signs before the last of them has; then
the signatories sign. axe-core runs on every page."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN
from afsprakennota.models import Afsprakennota, Approval, Signature

pytestmark = pytest.mark.django_db(transaction=True)

SUBJECT = "Afsprakennota 2025–2030, herziening met het BCSD"
REQUIRED = {
    "Samenwerking om de beleidsdoelstellingen te realiseren": (
        "Het managementteam rapporteert elk kwartaal aan het college, het vast bureau en het BCSD."
    ),
    "Omgangsvormen tussen bestuur en administratie": (
        "Schepenen richten hun vragen aan het diensthoofd, met de algemeen directeur in kopie."
    ),
    "Uitoefening van gedelegeerde bevoegdheden": (
        "De algemeen directeur rapporteert twee keer per jaar over de gedelegeerde bevoegdheden."
    ),
}
# body on the planning form -> its chair and three more members (a quorum), by login
BODIES = {
    "College van burgemeester en schepenen": (
        "burgemeester",
        ["schepen.financien", "schepen.ruimte", "schepen.werken"],
    ),
    "Vast bureau": ("burgemeester", ["schepen.financien", "schepen.ruimte", "schepen.werken"]),
    "Bijzonder comité voor de sociale dienst": ("schepen.welzijn", ["bcsd.lid1", "bcsd.lid2"]),
}


def label(text):
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


class People:
    """One browser context per person, logged in once."""

    def __init__(self, new_page):
        self.new_page = new_page
        self.pages = {}

    def __getitem__(self, login):
        if login not in self.pages:
            page = self.new_page()
            page.login(f"{login}@{DOMAIN}", DEMO_PASSWORD)
            self.pages[login] = page
        return self.pages[login]


def plan_meeting(ad, body):
    """The algemeen directeur plans a meeting of the body for later today (a meeting opens on
    its own day)."""
    ad.goto("/vergaderingen/nieuw/")
    ad.get_by_label(re.compile(r"^\s*Orgaan")).select_option(label=body)
    later = min(
        timezone.localtime() + datetime.timedelta(minutes=5),
        timezone.localtime().replace(hour=23, minute=59),
    )
    ad.get_by_label(re.compile(r"^\s*Datum en tijdstip")).fill(f"{later:%Y-%m-%dT%H:%M}")
    ad.get_by_label(re.compile(r"^\s*Plaats")).fill("Raadzaal")
    ad.follow(ad.get_by_role("button", name="Plannen"))
    return ad.page.url.replace(ad.base_url, "")


def approve_in_meeting(people, meeting_url, body):
    """The secretary makes sure the nota is on the agenda, fixes it and opens the meeting;
    the members register; the chair records the body's approval by consensus."""
    ad = people["algemeen.directeur"]
    ad.goto(meeting_url)
    candidate = ad.get_by_role("button", name=re.compile(re.escape(SUBJECT)))
    if candidate.count():  # not put there when it was sent for approval
        ad.follow(candidate)
    expect(ad.get_by_role("link", name=SUBJECT)).to_be_visible()
    ad.follow(ad.get_by_role("button", name="Agenda vastleggen"))
    ad.follow(ad.get_by_role("button", name="De vergadering openen"))
    chair_login, members = BODIES[body]
    for login in [chair_login, *members]:
        member = people[login]
        member.goto(meeting_url)
        member.follow(member.get_by_role("button", name="Ik ben aanwezig"))
    chair = people[chair_login]
    chair.goto(meeting_url)
    item = chair.locator("article.card", has=chair.get_by_role("link", name=SUBJECT))
    item.get_by_text("Beslissen bij consensus").click()
    item.get_by_label("Uitkomst").select_option("goedgekeurd")
    chair.follow(item.get_by_role("button", name="Het besluit vastleggen"))
    expect(
        chair.locator("article.card", has=chair.get_by_role("link", name=SUBJECT))
    ).to_contain_text("Besluit: goedgekeurd")


def approval_line(page, body):
    return page.locator("#goedkeuring li", has_text=body)


def test_the_college_the_vast_bureau_and_the_bcsd_approve_before_the_signatures(new_page):
    call_command("demo", "--force", stdout=io.StringIO())
    previous = Afsprakennota.objects.get(kind="decreet", state="ondertekend")
    people = People(new_page)
    ad = people["algemeen.directeur"]

    # Each body gets a meeting later today.
    meetings = {body: plan_meeting(ad, body) for body in BODIES}

    # 1. The algemeen directeur draws up the revision; a second one is refused at the field.
    ad.goto("/afsprakennota/")
    ad.follow(ad.get_by_role("link", name="Nieuwe afsprakennota"))
    ad.follow(ad.get_by_role("button", name="Verder"))  # from the template: the default
    nota_url = ad.page.url.replace(ad.base_url, "")
    ad.goto("/afsprakennota/nieuw/")
    ad.follow(ad.get_by_role("button", name="Verder"))  # from the template: the default
    term = ad.get_by_label(label("Bestuursperiode"))
    expect(term).to_have_attribute("aria-invalid", "true")
    expect(ad.locator(".invalid-feedback")).to_contain_text("2025–2030")
    assert Afsprakennota.objects.filter(kind="decreet").exclude(state="ondertekend").count() == 1

    ad.goto(nota_url)
    ad.follow(ad.get_by_role("link", name="Hoofding en inleiding bewerken"))
    ad.get_by_label(label("Onderwerp")).fill(SUBJECT)
    ad.follow(ad.get_by_role("button", name="Bewaren"))

    # 2. The required sections have no delete button; the others do.
    for heading in REQUIRED:
        article = ad.locator("article.nota-article", has_text=heading)
        expect(article.get_by_role("link", name=re.compile("^Verwijderen"))).to_have_count(0)
    other = ad.locator("article.nota-article", has_text="Loyaliteit en discretie")
    expect(other.get_by_role("link", name=re.compile("^Verwijderen"))).to_have_count(1)

    # 3. In discussion; sending it for approval is refused while they hold the guidance.
    ad.follow(ad.get_by_role("button", name="In bespreking brengen"))
    ad.follow(ad.get_by_role("button", name="Ter goedkeuring voorleggen"))
    refusal = ad.locator(".messages .alert-danger")
    for number, heading in enumerate(REQUIRED, start=1):
        expect(refusal).to_contain_text(f"{number}. {heading}")
    assert Afsprakennota.objects.get(onderwerp=SUBJECT).state == "in_bespreking"

    # ... the algemeen directeur writes them and sends it: it lands on the planned meetings.
    for heading, text in REQUIRED.items():
        article = ad.locator("article.nota-article", has_text=heading)
        ad.follow(article.get_by_role("link", name=re.compile("^Bewerken")))
        ad.get_by_label(label("Tekst")).fill(text)
        ad.follow(ad.get_by_role("button", name="Bewaren"))
    expect(ad.locator("#verplicht-nog")).to_have_count(0)
    ad.follow(ad.get_by_role("button", name="Ter goedkeuring voorleggen"))
    expect(ad.get_by_role("status")).to_contain_text("Versie 2 ligt ter goedkeuring voor")
    for body in BODIES:
        expect(approval_line(ad, body)).to_be_visible()

    # 4. The college and the vast bureau approve in their meetings: nobody signs yet.
    for body in ("College van burgemeester en schepenen", "Vast bureau"):
        approve_in_meeting(people, meetings[body], body)
    mayor = people["burgemeester"]
    mayor.goto("/")
    expect(mayor.get_by_role("link", name=re.compile("Onderteken de afsprakennota"))).to_have_count(
        0
    )
    mayor.goto(nota_url)
    with translation.override("nl-be"):
        today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    expect(approval_line(mayor, "College van burgemeester en schepenen")).to_contain_text(today)
    expect(approval_line(mayor, "Vast bureau")).to_contain_text(today)
    expect(approval_line(mayor, "Bijzonder comité")).not_to_contain_text(today)
    assert Afsprakennota.objects.get(onderwerp=SUBJECT).state == "ter_goedkeuring"

    # 5. The BCSD approves in its own meeting, chaired by its voorzitter: the nota is approved.
    body = "Bijzonder comité voor de sociale dienst"
    approve_in_meeting(people, meetings[body], body)
    ad.goto(nota_url)
    for body in BODIES:
        expect(approval_line(ad, body)).to_contain_text(today)
    nota = Afsprakennota.objects.get(onderwerp=SUBJECT)
    assert nota.state == "goedgekeurd"

    # 6. The signatories sign; the burgemeester twice (also chair of the vast bureau), the
    # schepen of welzijn as voorzitter of the BCSD.
    for login in ("algemeen.directeur", "burgemeester", "schepen.welzijn"):
        signer = people[login]
        for _i in range(2 if login == "burgemeester" else 1):
            signer.goto("/")
            signer.follow(
                signer.get_by_role("link", name=re.compile("Onderteken de afsprakennota"))
            )
            signer.get_by_label(label("Uw wachtwoord")).fill(DEMO_PASSWORD)
            signer.follow(signer.get_by_role("button", name="Ondertekenen", exact=True))
    ad.goto(nota_url)
    expect(ad.locator("#handtekeningen")).not_to_contain_text("nog niet getekend")
    nota.refresh_from_db()
    assert nota.state == "ondertekend"
    previous.refresh_from_db()
    assert previous.state == "vervangen"
    version = nota.versions.order_by("-number").first()
    approvals = Approval.objects.filter(version=version)
    assert {a.orgaan.type for a in approvals} == {"college", "vast_bureau", "bcsd"}
    assert all(a.decision_id for a in approvals)
    last_approval = max(a.decided_at for a in approvals)
    assert all(s.signed_at >= last_approval for s in Signature.objects.filter(version=version))
