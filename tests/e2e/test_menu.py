"""The top menu (WCAG 1.4.10, reflow): on one line at 1366 px for the roles with the most
items; on a phone collapsed behind "Menu", opened by click or keyboard, every link reachable
with Tab; the account menu in the header offers the password change and logging out."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN

pytestmark = pytest.mark.django_db(transaction=True)

# The demo logins with the longest menus.
WIDEST = ["algemeen.directeur", "beheer"]

TOPS = """() => [...document.querySelectorAll(
    'header .navbar-nav > .nav-item > .nav-link, header .navbar-nav > .nav-item summary'
  )].filter(link => link.offsetParent !== null)
   .map(link => [link.textContent.trim(), Math.round(link.getBoundingClientRect().top)])"""


@pytest.fixture
def demo(db):
    call_command("demo", "--force", stdout=io.StringIO())


def logged_in(new_page, login, width, height=800):
    page = new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.login(f"{login}@{DOMAIN}", DEMO_PASSWORD)
    return page


def main_menu(page):
    return page.get_by_role("navigation", name="Hoofdmenu")


@pytest.mark.parametrize("login", WIDEST)
def test_the_menu_fits_one_line_at_1366_px(new_page, demo, login):
    page = logged_in(new_page, login, 1366)
    tops = page.evaluate(TOPS)
    assert len(tops) >= 4, tops  # the menu items, Meldingen and the account menu
    assert len({top for _name, top in tops}) == 1, f"the menu wraps: {tops}"
    expect(page.locator("header .navbar-toggler")).to_be_hidden()
    header = page.locator("header").bounding_box()
    assert header["height"] < 80, f"the header is {header['height']} px high"


@pytest.mark.parametrize("login", WIDEST)
def test_on_a_phone_the_menu_opens_behind_its_button_and_by_keyboard(new_page, demo, login):
    page = logged_in(new_page, login, 375)
    toggler = page.get_by_role("button", name="Menu")
    first = main_menu(page).get_by_role("link", name="Mijn werk")
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(first).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(first).to_be_visible()
    page.check_a11y()  # the opened menu too
    toggler.click()
    expect(first).to_be_hidden()

    # by keyboard: Enter opens it, Tab walks through every link of the menu
    toggler.focus()
    page.keyboard.press("Enter")
    expect(first).to_be_visible()
    names = page.evaluate(
        "[...document.querySelectorAll('#hoofdmenu a.nav-link')]"
        ".filter(link => link.offsetParent !== null && !link.closest('details:not([open])'))"
        ".map(link => link.textContent.replace(/\\s+/g, ' ').trim())"
    )
    reached = []
    for _stop in range(len(names)):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "document.activeElement.closest('#hoofdmenu') && "
                "document.activeElement.textContent.replace(/\\s+/g, ' ').trim()"
            )
        )
    assert reached == names, "Tab does not reach every link of the menu in order"
    page.keyboard.press("Enter")  # on a menu item: it leads there
    page.wait_for_load_state()
    page.check_a11y()


@pytest.mark.parametrize("width", [1366, 375])
def test_the_account_menu_offers_the_password_change_and_logging_out(new_page, demo, width):
    page = logged_in(new_page, "algemeen.directeur", width)
    account = page.locator("header .user-menu details")
    expect(account).not_to_have_attribute("open", "")
    page.open_account_menu()
    expect(account).to_have_attribute("open", "")
    expect(account.get_by_role("link", name="Wachtwoord wijzigen")).to_be_visible()
    expect(account.get_by_role("button", name="Afmelden")).to_be_visible()
    page.check_a11y()
    page.follow(account.get_by_role("link", name="Wachtwoord wijzigen"))
    expect(page.get_by_role("heading", name="Wachtwoord wijzigen")).to_be_visible()
    page.logout()
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
