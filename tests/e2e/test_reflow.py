"""Every page of the stories reflows at 320 px (WCAG 1.4.10): nothing makes the page scroll
sideways, for each demo role of the stories, on the demo municipality (with a meeting in
session, the widest meeting page), and axe passes on each page.

A page is reached as its user reaches it: by its address in the menu, or by following the
first link of its kind on the page that lists it. A failure names the page and the elements
that stick out, so that the fix can start from there.
"""

import io
import re

import pytest
from django.core.management import call_command

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 320

ROLES = {
    "diensthoofd": "dh.sociale.dienst",
    "manager": "manager.mens",
    "algemeen directeur": "algemeen.directeur",
    "schepen": "schepen.financien",
    "burgemeester": "burgemeester",
    "financieel directeur": "financieel.directeur",
    "functioneel beheerder": "beheer",
}

# (page, its address, or (the page that links to it, the pattern of the link, the last
# such link instead of the first)), in the order of the stories
PAGES = [
    ("Mijn werk", "/"),
    ("Organisatie", "/organisatie/"),
    ("Adviezen", "/optimalisatie/adviezen/"),
    ("een advies", ("/optimalisatie/adviezen/", r"^/optimalisatie/adviezen/\d+/$", False)),
    ("MT-wachtrij", "/optimalisatie/mt/"),
    ("cyclusdashboard", "/optimalisatie/"),  # the open cycle's dashboard
    ("Vergaderingen", "/vergaderingen/"),
    ("een vergadering", ("/vergaderingen/", r"^/vergaderingen/\d+/$", False)),
    ("notulen", ("/vergaderingen/", r"^/vergaderingen/\d+/$", True)),  # + notulen/
    ("Afsprakennota's", "/afsprakennota/"),
    ("een afsprakennota", ("/afsprakennota/", r"^/afsprakennota/\d+/$", False)),
    ("Uitvoering", "/uitvoering/"),
    ("een plan", ("/uitvoering/", r"^/uitvoering/adviezen/\d+/$", False)),
    ("resultaten", ("/uitvoering/", r"^/uitvoering/cycli/\d+/resultaten/$", False)),
    ("Meldingen", "/meldingen/"),
    ("besluitenlijst", "/besluitenlijst/"),
]
PUBLIC = [("aanmelden", "/aanmelden/"), ("besluitenlijst", "/besluitenlijst/")]

# What sticks out of the viewport, outside a box that scrolls on its own: the innermost
# elements first (their ancestors stick out because of them).
STICKING_OUT = """width => {
  const inScrollBox = element => {
    for (let p = element.parentElement; p && p !== document.body; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const name = element => element.tagName.toLowerCase()
    + (element.id ? '#' + element.id : '')
    + [...element.classList].map(c => '.' + c).join('');
  return [...document.body.querySelectorAll('*')]
    .filter(element => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.right > width + 0.5 && !inScrollBox(element);
    })
    .filter((element, _i, all) => !all.some(other => other !== element && element.contains(other)))
    .slice(0, 5)
    .map(element => name(element) + ' (' + Math.round(element.getBoundingClientRect().right)
      + ' px): ' + (element.textContent || element.value || '').trim().slice(0, 50));
}"""


def link_on(page, pattern, last):
    hrefs = page.evaluate(
        "[...document.querySelectorAll('main a[href]')].map(a => a.getAttribute('href'))"
    )
    found = [h for h in hrefs if re.match(pattern, h)]
    return (found[-1] if last else found[0]) if found else None


def reflow_problems(page, label):
    """What is wrong with the current page at WIDTH: sideways scrolling, and axe."""
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > WIDTH:
        problems.append(
            f"{label} ({page.url}): {width} px wide; sticking out: "
            + "; ".join(page.evaluate(STICKING_OUT, WIDTH))
        )
    try:
        page.check_a11y()
    except AssertionError as error:
        problems.append(f"{label}: {error}")
    return problems


def visit(page, name, where):
    """Go to a page of the stories; its address, or None when the person has no such link
    (a diensthoofd sits in no meeting)."""
    if isinstance(where, tuple):
        listing, pattern, last = where
        page.page.goto(page.base_url + listing)
        where = link_on(page, pattern, last)
        if where is None:
            return None
        if name == "notulen":
            where += "notulen/"
    response = page.page.goto(page.base_url + where)
    page.page.wait_for_load_state("load")
    return response.status


def meeting_in_session():
    """The demo's planned college meeting, opened, its members present: the meeting page
    with the most on it (votes, attendance forms)."""
    from accounts.models import User
    from tests.vergaderingen.conftest import open_on_its_day
    from vergaderingen import selectors, services
    from vergaderingen.constants import Presence
    from vergaderingen.models import Meeting

    meeting = Meeting.objects.get(orgaan__type="college", state="gepland")
    secretary = User.objects.get(email=f"algemeen.directeur@{DOMAIN}")
    services.meeting_step(meeting=meeting, step="fix_agenda", by=secretary)
    open_on_its_day(meeting, secretary)
    for member in selectors.members(meeting):
        services.attendance_set(
            meeting=meeting, member=member, presence=Presence.PRESENT, by=secretary
        )


def test_every_page_of_the_stories_reflows_at_320_px(new_page):
    call_command("demo", "--force", stdout=io.StringIO())
    meeting_in_session()
    problems, seen = [], set()

    anonymous = new_page()
    anonymous.set_viewport_size({"width": WIDTH, "height": 800})
    for name, where in PUBLIC:
        assert visit(anonymous, name, where) == 200
        problems += reflow_problems(anonymous, f"{name} (zonder aanmelding)")

    for role, login in ROLES.items():
        page = new_page()
        page.set_viewport_size({"width": WIDTH, "height": 800})
        page.login(f"{login}@{DOMAIN}", DEMO_PASSWORD)
        for name, where in PAGES:
            status = visit(page, name, where)
            if status is None:
                continue
            if status == 200:
                seen.add(name)
            problems += reflow_problems(page, f"{name} als {role}")

    assert not problems, "\n".join(problems)
    assert seen == {name for name, _where in PAGES}, "pages no role reached"
