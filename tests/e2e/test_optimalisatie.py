"""The whole optimisation story in the browser, on the demo data, role by role."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN
from optimalisatie.models import Advies, Bundle

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Gedeelde poetsploeg voor sociale dienst en bibliotheek"


def label(text):
    """A form label, whatever the required-field asterisk."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def as_user(new_page, login):
    page = new_page()
    page.login(f"{login}@{DOMAIN}", DEMO_PASSWORD)
    return page


def fill(page, fields):
    """Fill a form's fields, found by their labels: a list gets its option, a file input
    its file."""
    for name, value in fields.items():
        field = page.get_by_label(label(name))
        if name == "Categorie":
            field.select_option(value)
        elif name == "Bijlagen":
            field.set_input_files(value)
        else:
            field.fill(value)


def open_advies(page, title=TITLE):
    page.follow(
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Adviezen")
    )
    page.follow(page.get_by_role("link", name=title))


def test_the_story_from_draft_to_the_college(new_page):
    call_command("demo", "--force", stdout=io.StringIO())

    # 1. The diensthoofd drafts and submits.
    dh = as_user(new_page, "dh.sociale.dienst")
    dh.follow(dh.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Adviezen"))
    dh.follow(dh.get_by_role("link", name="Nieuw advies"))
    fill(
        dh,
        {
            "Titel": TITLE,
            "Huidige situatie": "Twee poetsploegen, twee planningen.",
            "Voorstel": "Eén ploeg met één planning.",
            "Onderbouwing": "Uren 2025: 30% overlap.",
            "Categorie": "personeel",
            "Recurrente besparingen (€ per jaar)": "30000",
        },
    )
    dh.follow(dh.get_by_role("button", name="Bewaren als ontwerp"))
    expect(dh.get_by_role("heading", name=TITLE)).to_be_visible()
    dh.follow(dh.get_by_role("button", name="Indienen bij de manager"))
    expect(dh.get_by_role("status")).to_contain_text("ingediend bij de manager")

    # 2. The manager comments on the substantiation and returns it.
    manager = as_user(new_page, "manager.mens")
    manager.follow(manager.get_by_role("link", name=re.compile(TITLE)).first)  # from Mijn werk
    manager.get_by_label("Over").select_option("substantiation")
    manager.get_by_label(label("Reactie")).fill("Hoeveel uren precies? Voeg de **planning** toe.")
    manager.follow(manager.get_by_role("button", name="Reactie plaatsen"))
    expect(manager.locator(".comment-body strong")).to_have_text("planning")
    manager.get_by_label(re.compile("Reden voor")).first.fill("Onderbouwing te mager.")
    manager.follow(manager.get_by_role("button", name="Terugsturen voor herwerking"))
    expect(manager.get_by_role("status")).to_contain_text("teruggestuurd door de manager")

    # 3. The diensthoofd answers in the thread, revises and resubmits.
    dh.page.reload()
    dh.check_a11y()
    dh.get_by_text("Antwoorden in deze draad").first.click()
    dh.get_by_label("Uw antwoord in deze draad").first.fill("De planning zit nu in de tekst.")
    dh.follow(dh.get_by_role("button", name="Antwoord plaatsen").first)
    # a reply to that reply opens its own form under it
    manager.page.reload()
    answer = manager.locator(".comment").filter(has_text="De planning zit nu in de tekst.")
    manager.follow(answer.get_by_role("link", name="Antwoorden"))
    manager.check_a11y()
    manager.get_by_label(re.compile("Uw antwoord aan")).fill("Dank je, duidelijk.")
    manager.follow(manager.get_by_role("button", name="Antwoord plaatsen"))
    expect(manager.locator(".comment.depth-2")).to_contain_text("Dank je, duidelijk.")
    dh.follow(dh.get_by_role("link", name="Bewerken").first)
    dh.get_by_label(label("Onderbouwing")).fill("Uren 2025: 1.200 uur overlap op 4.000 uur.")
    dh.follow(dh.get_by_role("button", name="Bewaren als ontwerp"))
    dh.follow(dh.get_by_role("button", name="Indienen bij de manager"))

    # 4. The manager sees what changed and forwards to the MT.
    manager.page.reload()
    manager.check_a11y()
    changes = manager.get_by_role("table", name="Wijzigingen per veld")
    expect(changes.locator("ins")).to_contain_text("1.200")
    manager.follow(manager.get_by_role("button", name="Voorleggen aan het MT"))

    # 5. The schepen is notified and gives a standpoint.
    schepen = as_user(new_page, "schepen.welzijn")
    schepen.follow(schepen.get_by_role("link", name=re.compile("^Meldingen")))
    schepen.follow(schepen.get_by_role("link", name=re.compile(TITLE)))
    schepen.get_by_label(label("Standpunt")).fill("Akkoord, als de openingsuren blijven.")
    schepen.follow(schepen.get_by_role("button", name="Mijn standpunt bewaren"))
    expect(
        schepen.get_by_role("article").filter(has_text="Akkoord, als de openingsuren blijven.")
    ).to_be_visible()

    # 6. The MT validates two advices of different departments, bundles them, marks it ready.
    ad = as_user(new_page, "algemeen.directeur")
    for title in (TITLE, "Bibliotheek en cultuurcentrum één onthaal"):
        ad.follow(ad.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="MT"))
        ad.follow(ad.get_by_role("link", name=title))
        expect(ad.get_by_text("Akkoord, als de openingsuren blijven.")).to_have_count(
            1 if title == TITLE else 0
        )
        ad.follow(ad.get_by_role("button", name="Valideren"))
    ad.follow(ad.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="MT"))
    ad.follow(ad.get_by_role("link", name="Adviezen combineren in een bundel"))
    ad.get_by_label(label("Titel")).fill("Eén onthaal- en poetsdienst")
    ad.get_by_label(label("Samenvatting")).fill("Onthaal en poets over de diensten heen.")
    ad.get_by_label(label("Verantwoording")).fill("Schaalvoordeel.")
    ad.get_by_label(re.compile(TITLE)).check()
    ad.get_by_label(re.compile("Bibliotheek en cultuurcentrum één onthaal")).check()
    ad.follow(ad.get_by_role("button", name="De bundel vormen"))
    expect(ad.get_by_text("€ 72.000,00")).to_be_visible()  # 30.000 + 42.000, computed
    ad.follow(ad.get_by_role("button", name="Klaar voor het college"))
    assert Bundle.objects.get(title="Eén onthaal- en poetsdienst").state == "klaar_voor_college"

    # 7. The dashboard shows the numbers.
    ad.follow(
        ad.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Optimalisatie")
    )
    funnel = ad.get_by_role("img", name=re.compile("Trechter"))
    expect(funnel).to_contain_text("€ 84.000,00")  # ready: the bundle 72.000 + demo 12.000
    expect(funnel).to_contain_text("€ 250.000,00")  # the target
    # Behind the dashboard's first ten: every overdue step and every department, a page each.
    dashboard = ad.url
    for page in ("achterstand/", "diensten/"):
        ad.goto(dashboard.removeprefix(ad.base_url) + page)
        expect(
            ad.get_by_role("link", name="Optimalisatie-oefening 2026", exact=True)
        ).to_be_visible()
    assert Advies.objects.get(title=TITLE).state == "in_bundel"


def test_a_bad_advice_form_shows_dutch_messages_and_keeps_the_input(new_page, tmp_path):
    call_command("demo", "--force", stdout=io.StringIO())
    dh = as_user(new_page, "dh.sociale.dienst")
    dh.goto("/optimalisatie/adviezen/nieuw/")
    big = tmp_path / "scan.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024 + 10))
    fill(
        dh,
        {
            "Titel": "Te grote bijlage",
            "Huidige situatie": "Situatie",
            "Voorstel": "Voorstel",
            "Onderbouwing": "Cijfers",
            "Categorie": "werking",
            "Recurrente besparingen (€ per jaar)": "-500",
            "Bijlagen": str(big),
        },
    )
    dh.follow(dh.get_by_role("button", name="Bewaren als ontwerp"))
    expect(dh.get_by_text("kunnen niet negatief zijn")).to_be_visible()
    expect(dh.get_by_text("is groter dan 20 MB")).to_be_visible()
    expect(dh.get_by_label(label("Titel"))).to_have_value("Te grote bijlage")
    expect(dh.get_by_label(label("Recurrente besparingen (€ per jaar)"))).to_have_value("-500")
    assert not Advies.objects.filter(title="Te grote bijlage").exists()


def test_the_algemeen_directeur_sets_the_framework_and_a_schepen_the_policy(new_page):
    call_command("demo", "--force", stdout=io.StringIO())
    ad = as_user(new_page, "algemeen.directeur")
    ad.follow(
        ad.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Optimalisatie")
    )
    ad.follow(ad.get_by_role("link", name="Het kader bewerken"))
    ad.get_by_label(label("Doelstelling recurrente besparingen (€ per jaar)")).fill("300000")
    ad.get_by_label(label("Adviezen open tot")).fill("2020-01-01")  # before preparation: wrong
    ad.follow(ad.get_by_role("button", name="Bewaren"))
    expect(ad.get_by_text("valt vóór die van de vorige fase")).to_be_visible()
    expect(
        ad.get_by_label(label("Doelstelling recurrente besparingen (€ per jaar)"))
    ).to_have_value("300000")
    ad.page.go_back()
    ad.page.reload()
    ad.get_by_label(label("Doelstelling recurrente besparingen (€ per jaar)")).fill("300000")
    ad.follow(ad.get_by_role("button", name="Bewaren"))
    expect(ad.get_by_role("img", name=re.compile("Trechter"))).to_contain_text("€ 300.000,00")

    schepen = as_user(new_page, "schepen.cultuur")
    schepen.follow(
        schepen.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Optimalisatie"
        )
    )
    schepen.follow(schepen.get_by_role("link", name=re.compile("beleidsnota")))
    schepen.get_by_label(label("Visie")).fill("Cultuur blijft toegankelijk voor iedereen.")
    schepen.follow(schepen.get_by_role("button", name="Bewaren"))
    expect(schepen.get_by_text("Cultuur blijft toegankelijk voor iedereen.")).to_be_visible()
    schepen.follow(schepen.get_by_role("link", name=re.compile("Zelf een advies geven")))
    schepen.get_by_label(label("Titel")).fill("Cultuurpas samen met de buurgemeenten")
    schepen.get_by_label(label("Advies")).fill("Eén pas, gedeelde kosten.")
    schepen.follow(schepen.get_by_role("button", name="Bewaren"))

    ad.goto("/meldingen/")
    expect(
        ad.get_by_role("link", name=re.compile("Cultuurpas samen met de buurgemeenten"))
    ).to_be_visible()
    ad.follow(ad.get_by_role("link", name=re.compile("Cultuurpas")))
    expect(ad.get_by_text("Eén pas, gedeelde kosten.")).to_be_visible()


def test_a_comment_is_edited_resolved_and_mail_preference_chosen(new_page):
    call_command("demo", "--force", stdout=io.StringIO())
    manager = as_user(new_page, "manager.mens")
    open_advies(manager, "Gedeelde schoolbus voor twee scholen")
    manager.get_by_label(label("Reactie")).fill("Eerste versie van mijn vraag")
    manager.follow(manager.get_by_role("button", name="Reactie plaatsen"))
    comment = manager.locator(".comment").filter(has_text="Eerste versie van mijn vraag")
    manager.follow(comment.get_by_role("link", name="Bewerken"))
    manager.get_by_label(label("Reactie")).fill("Verbeterde vraag")
    manager.follow(manager.get_by_role("button", name="Bewaren"))
    edited = manager.locator(".comment").filter(has_text="Verbeterde vraag")
    expect(edited).to_contain_text("bewerkt")
    manager.follow(manager.get_by_role("button", name="Markeren als afgehandeld").first)
    expect(manager.get_by_role("heading", name=re.compile("afgehandeld")).first).to_be_visible()
    manager.goto("/meldingen/")
    manager.get_by_label(re.compile("keer per dag")).check()
    manager.follow(manager.get_by_role("button", name=re.compile("keuze")))
    expect(manager.get_by_label(re.compile("keer per dag"))).to_be_checked()


def test_the_advice_list_filters_searches_and_exports(new_page):
    from openpyxl import load_workbook

    call_command("demo", "--force", stdout=io.StringIO())
    ad = as_user(new_page, "algemeen.directeur")
    ad.follow(ad.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Adviezen"))
    ad.get_by_label("Dienst").select_option(label="Sport en jeugd")
    ad.get_by_label("Categorie").select_option("investeringen")
    ad.get_by_label("Zoeken").fill("verlichting")
    ad.follow(ad.get_by_role("button", name="Filteren"))
    table = ad.get_by_role("table", name="Adviezen")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Energiezuinige verlichting sporthal")
    expect(table).to_contain_text("hoog (Frank Jacobs)")  # the MT sees the priorities
    expect(ad.get_by_role("status")).to_have_text("1 advies")
    expect(ad.get_by_label("Dienst").locator("option:checked")).to_have_text("Sport en jeugd")
    with ad.expect_download() as download:
        ad.get_by_role("button", name="Exporteren naar Excel").click()
    assert re.fullmatch(r"adviezen-[\d-]+\.xlsx", download.value.suggested_filename)
    with open(download.value.path(), "rb") as workbook:
        sheet = load_workbook(workbook).active
        rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Energiezuinige verlichting sporthal"]
    assert rows[1][-1] == "Frank Jacobs: hoog"


def test_no_optimisation_page_scrolls_sideways_on_a_phone(new_page):
    """WCAG 1.4.10: at 320 px wide every page of the optimisation reflows (wide tables scroll
    in their own box); axe on each."""
    from optimalisatie.models import Cycle

    call_command("demo", "--force", stdout=io.StringIO())
    cycle = Cycle.objects.open().get()
    longest = max(Advies.objects.all(), key=lambda a: len(a.title))
    pages = {
        "algemeen.directeur": [
            f"/optimalisatie/cycli/{cycle.pk}/",
            f"/optimalisatie/cycli/{cycle.pk}/kader/",
            f"/optimalisatie/cycli/{cycle.pk}/achterstand/",
            f"/optimalisatie/cycli/{cycle.pk}/diensten/",
            "/optimalisatie/adviezen/",
            "/optimalisatie/adviezen/?pagina=2",
            f"/optimalisatie/adviezen/{longest.pk}/",
            "/optimalisatie/mt/",
            "/optimalisatie/bundels/nieuw/",
            *[f"/optimalisatie/bundels/{b.pk}/" for b in Bundle.objects.all()[:1]],
        ],
        "dh.sociale.dienst": [
            "/optimalisatie/adviezen/nieuw/",
            *[
                f"/optimalisatie/adviezen/{a.pk}/bewerken/"
                for a in Advies.objects.filter(
                    state="ontwerp", dienst__head__email__startswith="dh.sociale.dienst"
                )[:1]
            ],
        ],
        "schepen.welzijn": [f"/optimalisatie/cycli/{cycle.pk}/beleidsnota/"],
    }
    for login, paths in pages.items():
        page = as_user(new_page, login)
        page.set_viewport_size({"width": 320, "height": 800})
        for path in paths:
            assert page.page.goto(page.base_url + path).ok, path
            page.check_a11y()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{path} is {width} px wide for {login}"
