"""The public decision list in the browser: anyone, without logging in, pages through the
meetings newest first and picks a year; no personal data on any page (axe on each)."""

import pytest
from playwright.sync_api import expect

from tests.vergaderingen.conftest import college  # noqa: F401 (the college and its secretary)
from tests.vergaderingen.test_decision_list import published

pytestmark = pytest.mark.django_db(transaction=True)


def test_anyone_pages_through_the_decision_list_and_picks_a_year(page, college):  # noqa: F811
    for day in range(1, 8):
        published(college, (2025, 1, day))
    published(college, (2024, 6, 3))

    page.goto("/besluitenlijst/")
    status = page.get_by_role("status")
    expect(status).to_have_text("Vergaderingen 1 tot 5 van 8, de recentste eerst.")
    expect(page.get_by_text("Besluit 1 van 07-01-2025")).to_be_visible()

    page.follow(page.get_by_role("link", name="Volgende"))
    expect(status).to_have_text("Vergaderingen 6 tot 8 van 8, de recentste eerst.")
    expect(page.get_by_text("Besluit 1 van 03-06-2024")).to_be_visible()

    page.get_by_label("Jaar").select_option("2024")
    page.follow(page.get_by_role("button", name="Filteren"))
    expect(status).to_have_text("Vergaderingen 1 tot 1 van 1 in 2024, de recentste eerst.")
    expect(page.get_by_text("Besluit 1 van 03-06-2024")).to_be_visible()
    expect(page.get_by_text("Jan Jansens")).to_have_count(0)

    # one meeting has its own page, the one its linked-data address leads to (issue 21)
    page.follow(page.get_by_role("link", name="Alleen deze zitting"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("3 juni 2024")
    expect(page.get_by_text("Besluit 1 van 03-06-2024")).to_be_visible()
    page.goto(
        page.page.url.replace(page.base_url, "")
        .replace("/besluitenlijst/", "/id/zittingen/")
        .rstrip("/")
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("3 juni 2024")
