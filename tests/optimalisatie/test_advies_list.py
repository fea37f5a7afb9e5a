"""The advice list and its export: what a row shows, and a number of queries that depends
neither on the data's size nor on what the search finds (docs/performance.md, issue 7)."""

import io
import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import roles_of
from optimalisatie import selectors
from optimalisatie.constants import AdviesState as S
from optimalisatie.forms import QuickSelect
from optimalisatie.models import Advies, Priority

from .factories import AdviesFactory, BundleFactory

pytestmark = pytest.mark.django_db

LIST = reverse("optimalisatie:advies-list")


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _bulk(world, cycle, n, title="Bulk"):
    from django.utils import timezone

    author, now = world.dienst.head, timezone.now()
    Advies.objects.bulk_create(
        [
            Advies(
                cycle=cycle,
                dienst=world.dienst,
                author=author,
                title=f"{title} {i}",
                current_situation="x",
                proposal="Een nieuw contract.",
                substantiation="z",
                category="werking",
                start_year=2026,
                state=S.VALIDATED,
                submitted_at=now,
                forwarded_at=now,
                validated_at=now,
            )
            for i in range(n)
        ]
    )


@pytest.fixture
def listed(world):
    """Validated advices of world.dienst with the word "contract", one in a bundle and one
    with two priorities."""
    first = AdviesFactory(
        dienst=world.dienst,
        state=S.VALIDATED,
        title="Contract schoonmaak",
        proposal="Een nieuw contract.",
        category="werking",
    )
    bundle = BundleFactory(cycle=first.cycle, title="Onderhoud", created_by=world.manager)
    AdviesFactory(
        dienst=world.dienst,
        state=S.VALIDATED,
        cycle=first.cycle,
        title="Contract groen",
        proposal="Een nieuw contract.",
        category="werking",
        bundle=bundle,
    )
    Priority.objects.create(advies=first, schepen=world.schepen, level="hoog", motivation="m")
    Priority.objects.create(advies=first, schepen=world.other_schepen, level="laag", motivation="m")
    return first


@pytest.mark.parametrize("viewer", ["diensthoofd", "manager", "mt_member", "schepen"])
def test_the_list_runs_the_same_queries_whether_the_search_finds_something_or_not(
    client, world, listed, viewer
):
    client.force_login(world.roles()[viewer])
    found = f"{LIST}?q=contract&category=werking"
    nothing = f"{LIST}?q=onvindbaarwoord&category=werking"
    _count(client, found)
    assert "Contract schoonmaak" in client.get(found).content.decode()
    assert "Contract schoonmaak" not in client.get(nothing).content.decode()
    small = (_count(client, found), _count(client, nothing))
    _bulk(world, listed.cycle, 120)  # rows with priorities would be read per row otherwise
    for advies in Advies.objects.filter(title__startswith="Bulk ")[:30]:
        Priority.objects.create(advies=advies, schepen=world.schepen, level="midden", motivation="")
    large = (_count(client, found), _count(client, nothing))
    assert small[0] == small[1] == large[0] == large[1]


@pytest.mark.parametrize("political", [False, True])
def test_a_page_of_the_list_is_one_query(world, listed, political, django_assert_num_queries):
    user = world.mt_member
    roles_of(user)  # the person's roles, read once per request by the middleware and menu
    for filters in ({"q": "contract"}, {"q": "onvindbaarwoord"}, {}):
        with django_assert_num_queries(1):
            page = selectors.advies_page(user, filters=filters, political=political)
            [(a.title, a.dienst.name, a.bundle and a.bundle.title) for a in page]
    _bulk(world, listed.cycle, 60)
    with django_assert_num_queries(1):
        page = selectors.advies_page(user, filters={"q": "contract"}, number="3")
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (3, 62, 3)
    assert len(page.object_list) == 12
    # A page number past the end (an old link) shows the last page: the count on its own,
    # then that page.
    with django_assert_num_queries(3):
        page = selectors.advies_page(user, filters={"q": "contract"}, number="9")
    assert (page.number, len(page.object_list)) == (3, 12)


def test_the_list_counts_and_pages_its_matches(client, world, listed):
    _bulk(world, listed.cycle, 28)
    client.force_login(world.manager)
    html = client.get(f"{LIST}?q=contract").content.decode()
    assert "30 adviezen" in html and "Pagina 1 van 2" in html
    for number in ("2", "7"):  # 7: past the end, the last page
        response = client.get(f"{LIST}?q=contract&pagina={number}")
        assert len(response.context["page"].object_list) == 5
        assert "Pagina 2 van 2" in response.content.decode()
    html = client.get(f"{LIST}?q=onvindbaarwoord&pagina=3").content.decode()
    assert "0 adviezen" in html and "Geen adviezen gevonden." in html


def test_a_row_shows_its_state_bundle_and_the_priorities_to_the_mt_and_the_college(
    client, world, listed
):
    row = re.compile(r"<tr>\s*<td><a [^>]*>Contract schoonmaak</a>.*?</tr>", re.S)
    client.force_login(world.mt_member)
    html = client.get(f"{LIST}?q=contract").content.decode()
    first = row.search(html).group(0)
    assert "gevalideerd" in first
    assert "hoog (Sara Schepen)" in first and "laag (Olaf Schepen)" in first
    assert first.index("Olaf Schepen") < first.index("Sara Schepen")  # by name
    assert "bundel: Onderhoud" in html
    client.force_login(world.diensthoofd)
    html = client.get(f"{LIST}?q=contract").content.decode()
    assert "gevalideerd" in row.search(html).group(0)
    assert "Sara Schepen" not in html and "Prioriteiten" not in html


def test_the_filter_keeps_its_choices_and_what_was_chosen(client, world, listed):
    client.force_login(world.mt_member)
    html = client.get(f"{LIST}?dienst={world.dienst.pk}&category=werking").content.decode()
    assert f'<option value="{world.dienst.pk}" selected>Sociale dienst</option>' in html
    assert f'<option value="{world.other_dienst.pk}">Bibliotheek</option>' in html
    assert '<option value="werking" selected>werkingskosten</option>' in html
    assert '<option value="" selected>alle</option>' in html  # the domain, not chosen


def test_the_quick_select_writes_what_djangos_select_writes():
    choices = [("", "alle"), (1, "A & B"), ("2", 'de "dienst"'), (3, "<i>")]
    attrs = {"id": "id_dienst", "class": "form-select", "required": True, "hidden": False}
    for value in (None, "", 1, "2"):
        ours = QuickSelect(choices=choices).render("dienst", value, attrs=attrs)
        django = forms.Select(choices=choices).render("dienst", value, attrs=attrs)
        assert ours == re.sub(r">\s+<", "><", django).strip(), value


def _export(client, query=""):
    from openpyxl import load_workbook

    response = client.get(f"{LIST}?export=xlsx{query}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_the_export_writes_labels_amounts_and_the_priorities(client, world, listed):
    client.force_login(world.mt_member)
    rows = _export(client, "&q=schoonmaak")
    assert rows[0][-1] == "prioriteiten"
    assert rows[1] == (
        "Contract schoonmaak",
        "Sociale dienst",
        "Welzijn",
        "gevalideerd",
        "werkingskosten",
        1000.0,
        25000.0,
        0.5,
        2026,
        "Olaf Schepen: laag, Sara Schepen: hoog",
    )
    client.force_login(world.diensthoofd)
    rows = _export(client, "&q=schoonmaak")
    assert "prioriteiten" not in rows[0] and len(rows[1]) == 9
    csv = client.get(f"{LIST}?export=csv&q=schoonmaak").content.decode("utf-8-sig")
    assert "Contract schoonmaak;Sociale dienst;Welzijn;gevalideerd;werkingskosten;1000,00" in csv


@pytest.mark.parametrize("viewer", ["diensthoofd", "mt_member"])
def test_the_export_runs_the_same_queries_for_2_and_200_advices(client, world, listed, viewer):
    client.force_login(world.roles()[viewer])
    url = f"{LIST}?export=xlsx&q=contract"
    _count(client, url)
    small = _count(client, url)
    _bulk(world, listed.cycle, 198)
    for advies in Advies.objects.filter(title__startswith="Bulk ")[:50]:
        Priority.objects.create(advies=advies, schepen=world.schepen, level="hoog", motivation="")
    assert _count(client, url) == small
    assert len(_export(client, "&q=contract")) == 1 + 200
