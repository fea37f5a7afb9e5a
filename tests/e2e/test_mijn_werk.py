"""Mijn werk in the browser: a long list shows its first items, says how many there are and
links to them all; both pages pass axe."""

import re

import pytest
from playwright.sync_api import expect

from accounts.constants import Function, OrgaanType
from core.worklist import LIST_LIMIT
from optimalisatie.constants import AdviesState
from tests.accounts.factories import PASSWORD, MandateFactory, OrgaanFactory
from tests.optimalisatie.factories import AdviesFactory, CycleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_long_list_links_to_all_of_it(page):
    mt_member = MandateFactory(
        orgaan=OrgaanFactory(type=OrgaanType.MANAGEMENTTEAM),
        function=Function.FINANCIEEL_DIRECTEUR,
        user__email="fien@gemeente.be",
    ).user
    cycle = CycleFactory()
    for i in range(LIST_LIMIT + 2):
        AdviesFactory(state=AdviesState.WITH_MT, cycle=cycle, title=f"Te valideren {i:02}")

    page.login(mt_member.email, PASSWORD)  # lands on Mijn werk, checked by axe
    expect(page.get_by_role("link", name=re.compile(r"Te valideren \d\d"))).to_have_count(
        LIST_LIMIT
    )
    show_all = page.locator('a[href="/optimalisatie/mt/#te-valideren"]')
    expect(show_all).to_contain_text(str(LIST_LIMIT + 2))
    page.follow(show_all)
    expect(page.get_by_role("link", name=re.compile(r"Te valideren \d\d"))).to_have_count(
        LIST_LIMIT + 2
    )


def test_the_algemeen_directeur_is_pointed_to_the_next_college_agenda(new_page):
    """What is ready for the college is on the algemeen directeur's Mijn werk, linked to the
    agenda of the college's next meeting, where it can be put on it."""
    import io

    from django.core.management import call_command

    from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN

    call_command("demo", "--force", stdout=io.StringIO())
    page = new_page()
    page.login(f"algemeen.directeur@{DOMAIN}", DEMO_PASSWORD)  # lands on Mijn werk
    item = page.get_by_role("link", name=re.compile(r"^Op de agenda van College .*Zwerfvuil"))
    expect(item).to_have_count(1)
    page.follow(item)
    expect(page.get_by_role("heading", name="Agenda", exact=True)).to_be_visible()
    page.follow(page.get_by_role("button", name=re.compile("Zwerfvuilacties.*op de agenda")))
    page.follow(page.get_by_role("link", name="Mijn werk"))
    expect(page.get_by_role("link", name=re.compile("Zwerfvuil"))).to_have_count(0)
