"""Everyday use as Flemish staff work (issue 16's "done when", the optimisation's part), in the
browser on the demo data, axe on every page: a diensthoofd types amounts as people type them
and reads them back, a refused form keeps its attachment, the manager returns the advice with
a reason and the diensthoofd reads who sent it back and why at the top."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from optimalisatie.models import Advies

from .test_optimalisatie import as_user, fill, label

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Eén poetsploeg voor het sociaal huis"
REASON = "Voeg de planning van de poetsploeg toe."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_amounts_as_typed_an_attachment_kept_and_a_return_that_says_why(new_page, tmp_path):
    call_command("demo", "--force", stdout=io.StringIO())
    scan = tmp_path / "planning-poets.pdf"
    scan.write_bytes(PDF)

    # 1. The diensthoofd writes an advice as people type amounts, and forgets the title.
    dh = as_user(new_page, "dh.sociale.dienst")
    dh.follow(dh.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Adviezen"))
    dh.follow(dh.get_by_role("link", name="Nieuw advies"))
    fill(
        dh,
        {
            "Huidige situatie": "Twee ploegen, twee planningen.",
            "Voorstel": "Eén ploeg met één planning.",
            "Onderbouwing": "Uren 2025: 1.200 uur overlap.",
            "Categorie": "personeel",
            "Recurrente besparingen (€ per jaar)": "42.500",
            "Impact op VTE": "0,5",
            "Bijlagen": str(scan),
        },
    )
    dh.follow(dh.get_by_role("button", name="Bewaren als ontwerp"))

    # 2. Refused: the title is asked for, nothing typed or chosen is lost.
    expect(dh.get_by_text("Dit veld is verplicht.")).to_be_visible()
    expect(dh.get_by_label("Bijlage bewaard: planning-poets.pdf")).to_be_checked()
    expect(dh.get_by_label(label("Recurrente besparingen (€ per jaar)"))).to_have_value("42.500")
    expect(dh.get_by_label(label("Impact op VTE"))).to_have_value("0,5")
    assert not Advies.objects.filter(title=TITLE).exists()

    # 3. Corrected: the advice has the attachment and reads the figures back.
    dh.get_by_label(label("Titel")).fill(TITLE)
    dh.follow(dh.get_by_role("button", name="Bewaren als ontwerp"))
    expect(dh.get_by_role("heading", name=TITLE)).to_be_visible()
    figures = dh.locator("dl.advies-fields")
    expect(figures).to_contain_text("€ 42.500,00 per jaar")
    expect(figures).to_contain_text("0,5 VTE")
    expect(dh.get_by_role("link", name="planning-poets.pdf")).to_be_visible()
    advies = Advies.objects.get(title=TITLE)
    assert (str(advies.savings_recurring), str(advies.fte_impact)) == ("42500.00", "0.50")
    assert advies.attachments.get().content_type == "application/pdf"

    # the form shows them back in the same notation
    dh.follow(dh.get_by_role("link", name="Bewerken"))
    expect(dh.get_by_label(label("Recurrente besparingen (€ per jaar)"))).to_have_value("42.500,00")
    expect(dh.get_by_label(label("Impact op VTE"))).to_have_value("0,5")
    dh.follow(dh.get_by_role("link", name="Annuleren"))

    # the step forward comes first, withdrawing apart and only after a confirmation
    actions = dh.get_by_role("region", name="Wat u kunt doen")
    buttons = actions.get_by_role("button").all_inner_texts()
    assert buttons[0] == "Indienen bij de manager" and buttons[-1] == "Intrekken"
    dh.get_by_label("Reden voor „Intrekken”").fill("Toch niet.")
    dh.follow(dh.get_by_role("button", name="Intrekken"))
    expect(dh.get_by_text("Dit advies intrekken?")).to_be_visible()
    dh.follow(dh.get_by_role("link", name="Annuleren"))
    advies.refresh_from_db()
    assert advies.state == "ontwerp"
    dh.follow(dh.get_by_role("button", name="Indienen bij de manager"))

    # 4. The manager returns it with a reason.
    manager = as_user(new_page, "manager.mens")
    manager.follow(manager.get_by_role("link", name=re.compile(TITLE)).first)  # from Mijn werk
    manager.get_by_label("Reden voor „Terugsturen voor herwerking”").fill(REASON)
    manager.follow(manager.get_by_role("button", name="Terugsturen voor herwerking"))
    expect(manager.get_by_role("status")).to_contain_text("teruggestuurd door de manager")

    # 5. The diensthoofd reads who sent it back and why: in the notification, at the top.
    dh.follow(dh.get_by_role("link", name=re.compile("^Meldingen")))
    notice = dh.get_by_role("link", name=re.compile(f"stuurde „{TITLE}” terug"))
    expect(notice).to_contain_text(REASON)
    dh.follow(notice)
    returned = dh.get_by_role("region", name="Teruggestuurd door de manager")
    expect(returned).to_contain_text(REASON)
    expect(returned).to_contain_text("Marie Hermans")
    assert returned.bounding_box()["y"] < actions.bounding_box()["y"]  # above the actions
    expect(dh.locator("h1 + p .state")).to_have_text("teruggestuurd door de manager")
