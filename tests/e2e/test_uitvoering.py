"""Issue 6 in the browser, on the demo data: the college approves an advice in its meeting, the
diensthoofd makes the plan, the manager approves it, an action becomes overdue (frozen time)
and its owner sees the reminder, savings are recorded and validated by the financieel
directeur, and the results page and the college's report show them."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN
from optimalisatie.models import Advies
from uitvoering.models import RealisedSaving
from vergaderingen.models import Meeting

pytestmark = pytest.mark.django_db(transaction=True)

ITEM = "Zwerfvuilacties met vrijwilligers"  # the demo's advice the MT marked ready
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
MEMBERS = ["schepen.financien", "schepen.ruimte", "schepen.werken"]


def as_user(new_page, login):
    page = new_page()
    page.login(f"{login}@{DOMAIN}", DEMO_PASSWORD)
    return page


def label(text):
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def college_approves(new_page):
    meeting = Meeting.objects.filter(orgaan__type="college", state="gepland").get()
    url = f"/vergaderingen/{meeting.pk}/"
    ad = as_user(new_page, "algemeen.directeur")
    ad.goto(url)
    ad.follow(ad.get_by_role("button", name=f"„{ITEM}” op de agenda zetten"))
    ad.follow(ad.get_by_role("button", name="Agenda vastleggen"))
    ad.follow(ad.get_by_role("button", name="De vergadering openen"))
    for login in MEMBERS:
        member = as_user(new_page, login)
        member.goto(url)
        member.follow(member.get_by_role("button", name="Ik ben aanwezig"))
        member.page.close()
    chair = as_user(new_page, "burgemeester")
    chair.goto(url)
    chair.follow(chair.get_by_role("button", name="Ik ben aanwezig"))
    item = chair.locator("article.card", has=chair.get_by_role("link", name=ITEM))
    item.get_by_text("Beslissen bij consensus").click()
    item.get_by_label("Uitkomst").select_option("goedgekeurd")
    chair.follow(item.get_by_role("button", name="Het besluit vastleggen"))
    expect(chair.locator("article.card", has=chair.get_by_role("link", name=ITEM))).to_contain_text(
        "Besluit: goedgekeurd"
    )
    chair.page.close()
    # Away from the meeting page: its live refresh would keep polling under the frozen clock
    # below, where this session has long expired, and so log the algemeen directeur out.
    ad.goto("/")
    return ad


def test_from_approved_advice_to_validated_savings(new_page):
    call_command("demo", "--force", stdout=io.StringIO())
    today = timezone.localdate()
    day = datetime.timedelta(days=1)

    # 1. the college approves the advice in its meeting
    ad = college_approves(new_page)
    assert Advies.objects.get(title=ITEM).state == "goedgekeurd"

    # 2. the diensthoofd makes the plan, from Mijn werk
    dh = as_user(new_page, "dh.milieu")
    dh.follow(dh.get_by_role("link", name=f"Het uitvoeringsplan opmaken: „{ITEM}”"))
    dh.follow(dh.get_by_role("button", name="Het plan starten"))
    dh.follow(dh.get_by_role("link", name="Een actie toevoegen"))
    dh.get_by_label(label("Actie")).fill("Vrijwilligers werven")
    dh.get_by_label(label("Eigenaar")).select_option(
        label="Lotte Maes (Ploegbaas, Openbare werken)"
    )
    dh.get_by_label(label("Startdatum")).fill(today.isoformat())
    dh.get_by_label(label("Einddatum")).fill((today - day).isoformat())
    dh.get_by_label(label("Gewicht")).fill("2")
    dh.follow(dh.get_by_role("button", name="Bewaren"))
    expect(dh.get_by_text("De einddatum kan niet voor de startdatum liggen.")).to_be_visible()
    expect(dh.get_by_label(label("Actie"))).to_have_value("Vrijwilligers werven")
    dh.get_by_label(label("Einddatum")).fill((today + 3 * day).isoformat())
    dh.follow(dh.get_by_role("button", name="Bewaren"))
    dh.follow(dh.get_by_role("link", name="Een actie toevoegen"))
    dh.get_by_label(label("Actie")).fill("Eerste zwerfvuilactie")
    dh.get_by_label(label("Eigenaar")).select_option(label="Xandra Coppens (Diensthoofd Milieu)")
    dh.get_by_label(label("Startdatum")).fill(today.isoformat())
    dh.get_by_label(label("Einddatum")).fill((today + 40 * day).isoformat())
    dh.follow(dh.get_by_role("button", name="Bewaren"))
    dh.get_by_label(label("Mijlpaal")).fill("Honderd vrijwilligers")
    dh.get_by_label(label("Datum")).fill((today + 30 * day).isoformat())
    dh.follow(dh.get_by_role("button", name="De mijlpaal toevoegen"))
    dh.follow(dh.get_by_role("button", name="Indienen bij de manager"))
    expect(
        dh.get_by_text("Gedaan: het plan is nu „wacht op goedkeuring door de manager”.")
    ).to_be_visible()
    plan_url = dh.page.url

    # 3. the manager approves it
    manager = as_user(new_page, "manager.ruimte")
    manager.follow(
        manager.get_by_role(
            "link", name=f"Het uitvoeringsplan van „{ITEM}” goedkeuren of terugsturen"
        )
    )
    manager.follow(manager.get_by_role("button", name="Het plan goedkeuren"))
    expect(manager.get_by_text("uitvoering", exact=False).first).to_be_visible()
    assert Advies.objects.get(title=ITEM).state == "in_uitvoering"

    # 4. five days later the first action is overdue: its owner gets the reminder
    with time_machine.travel(timezone.now() + 5 * day, tick=True):
        call_command("send_reminders", stdout=io.StringIO())
        owner = as_user(new_page, "medewerker.werken")
        reminder = f"Actie te laat: „Vrijwilligers werven” ({ITEM})"
        expect(owner.get_by_role("link", name=reminder)).to_be_visible()
        owner.goto("/meldingen/")
        expect(owner.get_by_text(reminder)).to_be_visible()
        owner.goto(plan_url.replace(owner.base_url, ""))
        expect(owner.get_by_test_id("gezondheid")).to_contain_text("vertraagd")
        status = owner.locator("form.action-status")
        status.get_by_label(label("Stand")).select_option("klaar")
        owner.follow(status.get_by_role("button", name=re.compile("Status bewaren")))
        expect(
            owner.get_by_text("De status van „Vrijwilligers werven” is bewaard.")
        ).to_be_visible()

    # 5. the diensthoofd records savings as she writes them ("4.250"), first without evidence
    dh.goto(plan_url.replace(dh.base_url, ""))
    dh.follow(dh.get_by_role("link", name="Gerealiseerde besparingen registreren"))
    dh.get_by_label(label("Jaar")).fill(str(today.year + 1))
    dh.get_by_label(label("Gerealiseerde besparingen (€)")).fill("4.250")
    dh.follow(dh.get_by_role("button", name="Ter validatie indienen"))
    expect(dh.get_by_text("Voeg bewijs toe")).to_be_visible()
    expect(dh.get_by_label(label("Gerealiseerde besparingen (€)"))).to_have_value("4.250")
    # then with a file, but an amount that reads two ways: the file is kept
    dh.get_by_label(label("Bewijs (bestand)")).set_input_files(
        {"name": "facturen.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    dh.get_by_label(label("Gerealiseerde besparingen (€)")).fill("4,250")
    dh.follow(dh.get_by_role("button", name="Ter validatie indienen"))
    expect(dh.get_by_text("kan op twee manieren gelezen worden")).to_be_visible()
    expect(dh.get_by_label("Bijlage bewaard: facturen.pdf")).to_be_checked()
    dh.get_by_label(label("Gerealiseerde besparingen (€)")).fill("4.250")
    dh.get_by_label(label("Bewijs")).fill("Minder ophaalrondes volgens de facturen van de ophaler.")
    dh.follow(dh.get_by_role("button", name="Ter validatie indienen"))
    expect(dh.get_by_role("link", name="Bewijs: facturen.pdf")).to_be_visible()
    saving = RealisedSaving.objects.get(plan__advies__title=ITEM)
    assert (saving.amount, saving.evidence_name) == (4250, "facturen.pdf")

    # 6. the financieel directeur validates them
    fd = as_user(new_page, "financieel.directeur")
    fd.follow(
        fd.get_by_role(
            "link", name=f"De gerealiseerde besparingen van {today.year + 1} van „{ITEM}” valideren"
        )
    )
    fd.follow(fd.get_by_role("button", name=f"{today.year + 1} valideren"))
    expect(fd.get_by_text("De besparingen zijn gevalideerd.")).to_be_visible()
    assert RealisedSaving.objects.get(plan__advies__title=ITEM).state == "gevalideerd"

    # 7. the results page and the college's report show them
    cycle = Advies.objects.get(title=ITEM).cycle
    ad.goto(f"/uitvoering/cycli/{cycle.pk}/resultaten/")
    year = ad.locator(
        "#per-jaar tbody tr", has=ad.get_by_role("rowheader", name=str(today.year + 1))
    )
    expect(year).to_contain_text("€ 4.250,00")
    ad.follow(
        ad.get_by_role("button", name="Het voortgangsrapport op de agenda van het college zetten")
    )
    expect(
        ad.get_by_text(re.compile("Het voortgangsrapport (staat op de agenda|is klaar)"))
    ).to_be_visible()
    response = ad.page.request.get(
        ad.base_url + f"/uitvoering/cycli/{cycle.pk}/voortgangsrapport.pdf"
    )
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Voortgangsrapport" in text and "€ 4.250,00" in text


NARROW = 320


def fits(page):
    """At 320 px the page does not scroll sideways (WCAG 1.4.10)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW, f"{page.url} is {width} px wide at {NARROW} px"


def test_on_a_phone_no_page_scrolls_sideways_and_what_cannot_be_undone_asks_first(new_page):
    """The diensthoofd revises a running plan on a phone (every page of the implementation at
    320 px, axe on each); removing an action asks first; the manager sends the plan back, after
    a confirmation, and the diensthoofd reads why at the top of the plan."""
    call_command("demo", "--force", stdout=io.StringIO())
    title = "LED-verlichting in de straten"
    advies = Advies.objects.get(title=title)
    plan_path = f"/uitvoering/adviezen/{advies.pk}/"

    dh = new_page()
    dh.set_viewport_size({"width": NARROW, "height": 800})
    dh.login(f"dh.werken@{DOMAIN}", DEMO_PASSWORD)
    for path in ("/uitvoering/", plan_path, f"/uitvoering/cycli/{advies.cycle_id}/resultaten/"):
        dh.goto(path)
        fits(dh)
    dh.goto(plan_path)
    dh.follow(dh.get_by_role("link", name="Gerealiseerde besparingen registreren"))
    fits(dh)
    dh.goto(plan_path)
    # stopping sits apart, below the plan, and asks first
    stop = dh.locator("section#stopzetten, section[aria-labelledby=stopzetten]")
    stop.locator("textarea").fill("Geen budget meer.")
    dh.follow(stop.get_by_role("button", name="Het advies stopzetten"))
    fits(dh)
    dh.follow(dh.get_by_role("link", name="Annuleren"))
    assert Advies.objects.get(pk=advies.pk).state == "in_uitvoering"

    # the diensthoofd revises the plan: a draft again, to edit
    dh.locator("textarea[name=revise-reason]").fill("Een extra fase voor de industriezone.")
    dh.follow(dh.get_by_role("button", name="Het plan herzien"))
    dh.follow(dh.get_by_role("link", name="Een actie toevoegen"))
    fits(dh)
    dh.get_by_label(label("Gewicht")).fill("2,5")
    dh.follow(dh.get_by_role("button", name="Bewaren"))
    expect(dh.get_by_text("Het gewicht is een geheel getal van 1 tot 100.")).to_be_visible()
    fits(dh)
    dh.follow(dh.get_by_role("link", name="Annuleren"))
    dh.follow(dh.get_by_role("link", name="De verwachte besparingen wijzigen"))
    fits(dh)
    expect(dh.locator("input[name=jaar-0-amount]")).to_have_value(
        re.compile(r"^\d{1,3}(\.\d{3})*,\d\d$")
    )
    dh.follow(dh.get_by_role("link", name="Annuleren"))
    first = advies.plan.actions.order_by("due").first()
    dh.follow(dh.get_by_role("button", name=f"Verwijderen {first.title}"))
    fits(dh)
    dh.follow(dh.locator("main form").get_by_role("button"))
    assert not advies.plan.actions.filter(pk=first.pk).exists()
    dh.follow(dh.get_by_role("button", name="Indienen bij de manager"))

    # the manager sends it back, after a confirmation
    manager = new_page()
    manager.set_viewport_size({"width": NARROW, "height": 800})
    manager.login(f"manager.ruimte@{DOMAIN}", DEMO_PASSWORD)
    manager.goto(plan_path)
    fits(manager)
    reason = "Wie neemt de fase industriezone op?"
    manager.locator("textarea[name=send-back-reason]").fill(reason)
    manager.follow(manager.get_by_role("button", name="Terugsturen"))
    fits(manager)
    assert advies.plan.__class__.objects.get(pk=advies.plan.pk).state == "ingediend"
    manager.follow(manager.locator("main form").get_by_role("button"))

    # the diensthoofd reads why, at the top of the plan
    dh.goto(plan_path)
    fits(dh)
    returned = dh.get_by_test_id("plan-returned")
    expect(returned).to_contain_text(reason)
    box = returned.bounding_box()
    assert box["y"] < dh.locator("#wat-kan-je").bounding_box()["y"]
