"""Logging in and out, as people do it in the browser."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from accounts.constants import Role
from accounts.management.commands.demo import DEMO_LOGINS, DEMO_PASSWORD, DOMAIN
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = re.compile(r"^\s*Nieuw wachtwoord\s*\*?\s*$")

# The role each demo login must see on its "Mijn werk".
DEMO_ROLE = {
    "burgemeester": Role.BURGEMEESTER,
    "schepen.financien": Role.SCHEPEN,
    "schepen.welzijn": Role.VOORZITTER_BCSD,
    "bcsd.lid1": Role.LID_BCSD,
    "algemeen.directeur": Role.ALGEMEEN_DIRECTEUR,
    "adjunct.directeur": Role.ADJUNCT_ALGEMEEN_DIRECTEUR,
    "financieel.directeur": Role.FINANCIEEL_DIRECTEUR,
    "manager.mens": Role.MANAGER,
    "dh.sociale.dienst": Role.DIENSTHOOFD,
    "beheer": None,
}


def dutch(label):
    with translation.override("nl-be"):
        return capfirst(str(label))


def test_every_demo_role_logs_in_and_sees_its_work_and_the_organisation(new_page):
    call_command("demo", "--force", stdout=io.StringIO())
    assert {login for _label, login in DEMO_LOGINS} == set(DEMO_ROLE)
    for _label, login in DEMO_LOGINS:
        page = new_page()
        page.login(f"{login}@{DOMAIN}", DEMO_PASSWORD)
        expect(page.get_by_role("heading", name="Mijn werk", level=1)).to_be_visible()
        roles = page.get_by_role("table", name="Uw rollen")
        if DEMO_ROLE[login]:
            expect(
                roles.get_by_role("cell", name=dutch(DEMO_ROLE[login].label), exact=True).first
            ).to_be_visible()
        else:
            expect(roles.get_by_role("cell", name="Functioneel beheerder")).to_be_visible()
        page.follow(
            page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Organisatie")
        )
        expect(page.get_by_role("heading", name="Organisatie", level=1)).to_be_visible()
        expect(
            page.get_by_role(
                "table", name="Leden van College van burgemeester en schepenen"
            ).get_by_role("cell", name="Anna Peeters")
        ).to_be_visible()
        expect(
            page.get_by_role("table", name="Schepenen en hun beleidsdomeinen").get_by_role(
                "row", name=re.compile("Greet Mertens.*Welzijn")
            )
        ).to_be_visible()
        page.logout()


def test_a_wrong_password_shows_a_dutch_error_and_keeps_the_email(page):
    UserFactory(email="an@gemeente.example")
    page.login("an@gemeente.example", "niet-het-wachtwoord")
    expect(page.get_by_role("alert")).to_contain_text("horen niet bij elkaar")
    expect(page.get_by_label("E-mailadres")).to_have_value("an@gemeente.example")
    expect(page.get_by_label("Wachtwoord")).to_have_value("")


def test_an_invalid_email_is_reported_at_the_field(page):
    page.login("geen-adres", "iets")
    field = page.get_by_label("E-mailadres")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("geen-adres")
    described = field.get_attribute("aria-describedby")
    expect(page.locator(f"#{described.split()[0]}")).to_contain_text("geldig e-mailadres")


def test_repeated_failures_lock_out_with_a_clear_message(page, settings):
    UserFactory(email="an@gemeente.example")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        page.login("an@gemeente.example", "fout-wachtwoord")
        expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
    page.login("an@gemeente.example", "fout-wachtwoord")
    expect(page.get_by_role("heading", name="Tijdelijk geblokkeerd")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("15 minuten")
    # While locked, even the right password does not get in.
    page.login("an@gemeente.example", PASSWORD)
    expect(page.get_by_role("heading", name="Tijdelijk geblokkeerd")).to_be_visible()


def test_logout_works(page):
    user = UserFactory()
    page.login(user.email, PASSWORD)
    expect(page.get_by_role("heading", name="Mijn werk")).to_be_visible()
    page.logout()
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("U bent afgemeld")
    page.goto("/")
    expect(page.page).to_have_url(re.compile(r"/aanmelden/\?next=/$"))


def test_password_change(page):
    user = UserFactory()
    page.login(user.email, PASSWORD)
    page.open_account_menu()
    page.follow(page.get_by_role("link", name="Wachtwoord wijzigen"))
    page.get_by_label("Oud wachtwoord").fill(PASSWORD)
    page.get_by_label(NEW_PASSWORD).fill("kort")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("kort")
    page.follow(page.get_by_role("button", name="Wachtwoord wijzigen"))
    expect(page.get_by_text("Dit wachtwoord is te kort")).to_be_visible()
    page.get_by_label("Oud wachtwoord").fill(PASSWORD)
    page.get_by_label(NEW_PASSWORD).fill("Lange-nieuwe-zin-2026")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("Lange-nieuwe-zin-2026")
    page.follow(page.get_by_role("button", name="Wachtwoord wijzigen"))
    expect(page.get_by_role("heading", name="Wachtwoord gewijzigd")).to_be_visible()
    user.refresh_from_db()
    assert user.check_password("Lange-nieuwe-zin-2026")


def test_password_reset_by_email(page, mailoutbox):
    user = UserFactory(email="vergeten@gemeente.example")
    page.goto("/aanmelden/")
    page.follow(page.get_by_role("link", name="Wachtwoord vergeten?"))
    page.get_by_label("E-mailadres").fill("vergeten@gemeente.example")
    page.follow(page.get_by_role("button", name="Link versturen"))
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/wachtwoord/herstellen/\S+/", mail.outbox[0].body).group(0)
    page.page.goto(link)
    page.check_a11y()
    page.get_by_label(NEW_PASSWORD).fill("Een-heel-nieuw-wachtwoord")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("Een-heel-nieuw-wachtwoord")
    page.follow(page.get_by_role("button", name="Nieuw wachtwoord opslaan"))
    page.login(user.email, "Een-heel-nieuw-wachtwoord")
    expect(page.get_by_role("heading", name="Mijn werk")).to_be_visible()


def test_the_skip_link_is_the_first_stop_and_visible(page):
    page.goto("/toegankelijkheid/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de hoofdinhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()


def test_the_language_switch_changes_to_english_and_back(page):
    user = UserFactory()
    page.login(user.email, PASSWORD)
    page.get_by_label("Taal").select_option("en")
    page.follow(page.get_by_role("button", name="Wijzigen"))
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    page.get_by_label("Language").select_option("nl-be")
    page.follow(page.get_by_role("button", name="Switch"))
    expect(page.get_by_role("heading", name="Mijn werk")).to_be_visible()
