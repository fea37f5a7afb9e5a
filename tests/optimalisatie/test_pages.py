"""The optimisation pages per role: who sees what (404), who may do what (403), query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from optimalisatie.constants import AdviesState as S

from .factories import AdviesFactory, CycleFactory

pytestmark = pytest.mark.django_db


# Who sees an advice of world.dienst in each state (everyone else gets 404).
SEES = {
    S.DRAFT: {"diensthoofd", "manager"},
    S.SUBMITTED: {"diensthoofd", "manager", "other_manager", "mt_member", "algemeen_directeur"},
    S.WITH_MT: {
        "diensthoofd",
        "manager",
        "other_manager",
        "mt_member",
        "algemeen_directeur",
        "schepen",
    },
    S.VALIDATED: {
        "diensthoofd",
        "manager",
        "other_manager",
        "mt_member",
        "algemeen_directeur",
        "schepen",
        "other_schepen",
    },
}


@pytest.mark.parametrize("state", sorted(SEES))
def test_who_sees_an_advice_on_the_detail_list_and_export(client, world, state):
    advies = AdviesFactory(dienst=world.dienst, state=state, title="Zichtbaarheidstest")
    for role in world.roles():
        client.force_login(world.roles()[role])
        detail = client.get(reverse("optimalisatie:advies-detail", args=[advies.pk]))
        listed = client.get(reverse("optimalisatie:advies-list")).content.decode()
        exported = client.get(reverse("optimalisatie:advies-list") + "?export=csv")
        visible = role in SEES[state]
        assert detail.status_code == (200 if visible else 404), role
        assert ("Zichtbaarheidstest" in listed) == visible, role
        assert ("Zichtbaarheidstest" in exported.content.decode("utf-8-sig")) == visible, role


def test_every_page_renders_for_its_roles(client, world):
    cycle = CycleFactory()
    advies = AdviesFactory(dienst=world.dienst, state=S.WITH_MT, cycle=cycle)
    pages = {
        "diensthoofd": [
            ("optimalisatie:cycle-detail", [cycle.pk]),
            ("optimalisatie:advies-create", []),
            ("optimalisatie:advies-list", []),
            ("optimalisatie:advies-detail", [advies.pk]),
            ("core:my-work", []),
            ("core:notifications", []),
        ],
        "mt_member": [
            ("optimalisatie:mt-queue", []),
            ("optimalisatie:bundle-create", []),
            ("optimalisatie:advies-detail", [advies.pk]),
            ("core:my-work", []),
        ],
        "algemeen_directeur": [
            ("optimalisatie:cycle-edit", [cycle.pk]),
            ("optimalisatie:cycle-create", []),
        ],
        "schepen": [
            ("optimalisatie:beleidsnota-edit", [cycle.pk]),
            ("optimalisatie:schepen-input", [cycle.pk]),
            ("optimalisatie:advies-detail", [advies.pk]),
            ("core:my-work", []),
        ],
    }
    for role, urls in pages.items():
        client.force_login(world.roles()[role])
        for name, args in urls:
            response = client.get(reverse(name, args=args))
            assert response.status_code == 200, (role, name)


@pytest.mark.parametrize(
    ("role", "name", "status"),
    [
        # may see the section, may not do this: 403
        ("manager", "optimalisatie:advies-create", 403),
        ("manager", "optimalisatie:cycle-create", 403),
        ("diensthoofd", "optimalisatie:beleidsnota-edit", 403),
        # may not see it at all: 404
        ("diensthoofd", "optimalisatie:mt-queue", 404),
        ("diensthoofd", "optimalisatie:bundle-create", 404),
        ("staff", "optimalisatie:beleidsnota-edit", 404),
        ("staff", "optimalisatie:cycle-index", 404),
    ],
)
def test_pages_a_role_may_not_use(client, world, role, name, status):
    cycle = CycleFactory()
    client.force_login(world.roles()[role])
    args = [cycle.pk] if "beleidsnota" in name else []
    assert client.get(reverse(name, args=args)).status_code == status


def test_a_draft_sent_back_is_again_for_its_department_only(client, world):
    from optimalisatie.services import advies_transition

    advies = AdviesFactory(dienst=world.dienst, state=S.WITH_MT)
    advies_transition(
        advies=advies, action="mt-return-to-author", by=world.mt_member, reason="Meer cijfers"
    )
    for role in world.roles():
        client.force_login(world.roles()[role])
        status = client.get(reverse("optimalisatie:advies-detail", args=[advies.pk])).status_code
        assert status == (200 if role in {"diensthoofd", "manager"} else 404), role


def test_standpoints_and_priorities_are_for_the_mt_and_the_college(client, world):
    from optimalisatie.models import Standpunt

    advies = AdviesFactory(dienst=world.dienst, state=S.VALIDATED)
    Standpunt.objects.create(advies=advies, schepen=world.schepen, text="Politiek standpunt")
    url = reverse("optimalisatie:advies-detail", args=[advies.pk])
    for role, sees in [
        ("diensthoofd", False),
        ("manager", True),
        ("mt_member", True),
        ("schepen", True),
        ("other_schepen", True),
    ]:
        client.force_login(world.roles()[role])
        assert ("Politiek standpunt" in client.get(url).content.decode()) == sees, role


def test_bad_input_on_the_detail_page_stays_at_its_field(client, world):
    advies = AdviesFactory(dienst=world.dienst, state=S.VALIDATED)
    client.force_login(world.schepen)
    response = client.post(
        reverse("optimalisatie:priority", args=[advies.pk]),
        {"prioriteit-level": "zeer", "prioriteit-motivation": "Mijn uitleg"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Mijn uitleg" in page and 'aria-invalid="true"' in page
    client.force_login(world.manager)
    response = client.post(
        reverse("optimalisatie:thread-create", args=[advies.pk]),
        {"anchor": "", "body": "x" * 10_001},
    )
    assert response.status_code == 400
    assert response.context["thread_form"].errors["body"]
    client.force_login(world.mt_member)
    advies.refresh_from_db()
    ingediend = AdviesFactory(dienst=world.dienst, state=S.WITH_MT)
    response = client.post(
        reverse("optimalisatie:advies-step", args=[ingediend.pk, "niet-weerhouden"]),
        {"niet-weerhouden-reason": " "},
    )
    assert response.status_code == 400
    assert "Geef een reden op" in response.content.decode()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_exports_keep_formulas_as_text(client, world, start):
    """Through core.spreadsheets: a title or a department's name a spreadsheet would run."""
    import io

    from openpyxl import load_workbook

    payload = f'{start}HYPERLINK("http://x","k")'
    world.dienst.name = f"{start}cmd|' /C calc'!A0"
    world.dienst.save()
    AdviesFactory(dienst=world.dienst, state=S.SUBMITTED, title=payload)
    client.force_login(world.manager)
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("optimalisatie:advies-list") + "?export=xlsx").content)
    ).active
    for column in (1, 2):
        cell = sheet.cell(row=2, column=column)
        assert cell.data_type == "s" and cell.value.startswith(f"'{start}"), cell.value
    csv = client.get(reverse("optimalisatie:advies-list") + "?export=csv").content.decode()
    assert f"'{start}HYPERLINK" in csv and f"'{start}cmd" in csv
    assert f"\n{start}HYPERLINK" not in csv and f";{start}cmd" not in csv


def test_a_step_by_a_wrong_role_is_refused_on_the_server(client, world):
    advies = AdviesFactory(dienst=world.dienst, state=S.SUBMITTED)
    client.force_login(world.diensthoofd)  # sees it, but may not forward it
    url = reverse("optimalisatie:advies-step", args=[advies.pk, "voorleggen"])
    assert client.post(url).status_code == 403
    client.force_login(world.other_diensthoofd)  # does not even see it
    assert client.post(url).status_code == 404
    advies.refresh_from_db()
    assert advies.state == S.SUBMITTED


def test_a_stale_form_gets_a_clear_message(client, world):
    advies = AdviesFactory(dienst=world.dienst, state=S.SUBMITTED)
    client.force_login(world.manager)
    url = reverse("optimalisatie:advies-step", args=[advies.pk, "voorleggen"])
    response = client.post(url, {"voorleggen-lock_version": advies.lock_version + 1}, follow=True)
    assert "Iemand anders heeft dit advies intussen gewijzigd" in response.content.decode()
    advies.refresh_from_db()
    assert advies.state == S.SUBMITTED


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("viewer", ["manager", "mt_member"])
def test_list_and_detail_use_the_same_queries_for_5_and_500_advices(client, world, viewer):
    from optimalisatie.models import Advies

    first = AdviesFactory(dienst=world.dienst, state=S.WITH_MT)
    client.force_login(world.roles()[viewer])
    list_url = reverse("optimalisatie:advies-list")
    detail_url = reverse("optimalisatie:advies-detail", args=[first.pk])
    for _i in range(4):
        AdviesFactory(dienst=world.dienst, state=S.WITH_MT, cycle=first.cycle)
    _count(client, list_url)
    small = (_count(client, list_url), _count(client, detail_url))
    template = Advies.objects.get(pk=first.pk)
    Advies.objects.bulk_create(
        [
            Advies(
                cycle=first.cycle,
                dienst=world.dienst,
                author=template.author,
                title=f"Bulk {i}",
                current_situation="x",
                proposal="y",
                substantiation="z",
                category="werking",
                start_year=2026,
                state=S.WITH_MT,
                submitted_at=template.submitted_at,
                forwarded_at=template.forwarded_at,
            )
            for i in range(495)
        ]
    )
    large = (_count(client, list_url), _count(client, detail_url))
    assert small == large


def test_the_xlsx_export_holds_the_visible_advices(client, world):
    import io

    from openpyxl import load_workbook

    AdviesFactory(dienst=world.dienst, state=S.SUBMITTED, title="Zichtbaar")
    AdviesFactory(dienst=world.other_dienst, state=S.DRAFT, title="Ontwerp van een ander")
    client.force_login(world.manager)
    response = client.get(reverse("optimalisatie:advies-list") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    titles = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["Zichtbaar"]


def test_the_cycle_pages_are_for_participants_only(client, world):
    cycle = CycleFactory()
    client.force_login(world.staff)
    assert client.get(reverse("optimalisatie:cycle-detail", args=[cycle.pk])).status_code == 404
    client.force_login(world.diensthoofd)
    assert client.get(reverse("optimalisatie:cycle-detail", args=[cycle.pk])).status_code == 200


def _titles(client, query):
    response = client.get(reverse("optimalisatie:advies-list") + query)
    return [a.title for a in response.context["page"]]


def test_the_list_filters_and_sorts(client, world):
    from decimal import Decimal

    from optimalisatie.models import Priority

    cheap = AdviesFactory(
        dienst=world.dienst,
        state=S.VALIDATED,
        title="Goedkoop",
        savings_recurring=Decimal("100"),
        category="werking",
    )
    dear = AdviesFactory(
        dienst=world.other_dienst,
        state=S.WITH_MT,
        title="Duur",
        savings_recurring=Decimal("9000"),
        category="personeel",
    )
    Priority.objects.create(advies=cheap, schepen=world.schepen, level="hoog", motivation="x")
    client.force_login(world.mt_member)
    assert _titles(client, "?sort=-savings_recurring") == ["Duur", "Goedkoop"]
    assert _titles(client, "?sort=savings_recurring") == ["Goedkoop", "Duur"]
    assert _titles(client, f"?state={S.VALIDATED}") == ["Goedkoop"]
    assert _titles(client, f"?dienst={world.other_dienst.pk}") == ["Duur"]
    assert _titles(client, f"?domain={world.dienst.domain_id}") == ["Goedkoop"]
    assert _titles(client, "?category=personeel") == ["Duur"]
    assert _titles(client, "?priority=hoog") == ["Goedkoop"]
    assert _titles(client, "?q=Duur") == ["Duur"]
    assert dear.pk


def test_the_list_pages_by_25(client, world):
    for i in range(30):
        AdviesFactory(dienst=world.dienst, state=S.SUBMITTED, title=f"Advies {i:02}")
    client.force_login(world.manager)
    assert len(_titles(client, "")) == 25
    assert len(_titles(client, "?pagina=2")) == 5


@pytest.mark.postgres_only
def test_search_uses_dutch_full_text_search(client, world):
    AdviesFactory(
        dienst=world.dienst,
        state=S.SUBMITTED,
        title="Elektronische facturen",
        proposal="Minder papier, grote besparingen.",
    )
    AdviesFactory(
        dienst=world.dienst, state=S.SUBMITTED, title="Iets anders", proposal="Geen verband."
    )
    client.force_login(world.manager)
    # Dutch stemming: "factuur besparing" finds "facturen ... besparingen"
    assert _titles(client, "?q=factuur+besparing") == ["Elektronische facturen"]


def test_the_funnel_bars_are_proportional_to_their_amounts(client, world):
    import re
    from decimal import Decimal

    from optimalisatie.selectors import BAR_AREA

    cycle = CycleFactory(target_recurring=Decimal("100000"))
    AdviesFactory(
        dienst=world.dienst, state=S.VALIDATED, cycle=cycle, savings_recurring=Decimal("50000")
    )
    client.force_login(world.mt_member)
    page = client.get(reverse("optimalisatie:cycle-detail", args=[cycle.pk])).content.decode()
    widths = {
        key: float(width)
        for key, width in re.findall(r'data-key="(\w+)">.*?<rect [^>]*width="([\d.]+)"', page, re.S)
    }
    assert widths == {
        "target": BAR_AREA,
        "proposed": BAR_AREA / 2,
        "validated": BAR_AREA / 2,
        "ready": 0.0,
    }
    assert "€ 100.000,00" in page and "€ 50.000,00" in page


def test_mijn_werk_lists_what_awaits_each_role(client, world):
    cycle = CycleFactory(overdue=True)
    AdviesFactory(dienst=world.dienst, state=S.VALIDATED, cycle=cycle, title="Te bundelen")
    AdviesFactory(dienst=world.dienst, state=S.SUBMITTED, cycle=cycle, title="Te laat")
    client.force_login(world.mt_member)
    page = client.get(reverse("core:my-work")).content.decode()
    assert "Te bundelen" in page
    client.force_login(world.algemeen_directeur)
    page = client.get(reverse("core:my-work")).content.decode()
    assert "Te laat" in page


def test_the_algemeen_directeur_sets_targets_per_domain(client, world):
    from optimalisatie.models import DomainTarget

    cycle = CycleFactory()
    AdviesFactory(dienst=world.dienst, state=S.SUBMITTED, cycle=cycle)
    client.force_login(world.algemeen_directeur)
    url = reverse("optimalisatie:cycle-edit", args=[cycle.pk])
    form = client.get(url).context["form"]
    data = {
        name: form.initial.get(name)
        if not hasattr(form.initial.get(name), "isoformat")
        else form.initial[name].isoformat()
        for name in form.fields
    }
    data["term"] = cycle.term_id
    data.update(
        {
            "doelen-TOTAL_FORMS": "1",
            "doelen-INITIAL_FORMS": "0",
            "doelen-MIN_NUM_FORMS": "0",
            "doelen-MAX_NUM_FORMS": "50",
            "doelen-0-domain": world.dienst.domain_id,
            "doelen-0-target_recurring": "7500",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert DomainTarget.objects.get().target_recurring == 7500
    page = client.get(reverse("optimalisatie:cycle-detail", args=[cycle.pk])).content.decode()
    assert "€ 7.500,00" in page


def test_the_algemeen_directeur_is_not_offered_drafts_he_cannot_see(client, world):
    cycle = CycleFactory(overdue=True)
    draft = AdviesFactory(dienst=world.dienst, state=S.DRAFT, cycle=cycle, title="Laat ontwerp")
    client.force_login(world.algemeen_directeur)
    assert "Laat ontwerp" not in client.get(reverse("core:my-work")).content.decode()
    assert client.get(reverse("optimalisatie:advies-detail", args=[draft.pk])).status_code == 404


def _fill(world, cycle, n):
    """n advices in each state that waits for someone, spread over both departments."""
    for state in (S.DRAFT, S.SUBMITTED, S.WITH_MT, S.VALIDATED, S.IN_BUNDLE, S.READY_FOR_COLLEGE):
        for i in range(n):
            AdviesFactory(
                dienst=(world.dienst, world.other_dienst)[i % 2], state=state, cycle=cycle
            )


@pytest.mark.parametrize(
    "viewer", ["diensthoofd", "manager", "mt_member", "algemeen_directeur", "schepen"]
)
def test_mijn_werk_uses_the_same_queries_however_much_awaits(client, world, viewer):
    from core.worklist import LIST_LIMIT

    cycle = CycleFactory(overdue=True)
    client.force_login(world.roles()[viewer])
    url = reverse("core:my-work")
    _fill(world, cycle, 1)
    _count(client, url)  # warm up
    small = _count(client, url)
    _fill(world, cycle, LIST_LIMIT + 5)
    large = _count(client, url)
    assert small == large
    # session, person and layout 9, roles 3, then a query per list (for the algemeen
    # directeur also what awaits the college's agenda: two lists, whether the college decides
    # in the official system and its next meeting, and the items proposed for an agenda): at
    # most 29 (was 45)
    assert large <= 29


def test_mijn_werk_shows_the_first_of_a_long_list_with_the_total_and_a_link(client, world):
    from core.worklist import LIST_LIMIT

    cycle = CycleFactory(overdue=True)
    for i in range(LIST_LIMIT + 2):
        AdviesFactory(
            dienst=world.dienst, state=S.WITH_MT, cycle=cycle, title=f"Te valideren {i:02}"
        )
    client.force_login(world.mt_member)
    response = client.get(reverse("core:my-work"))
    page = response.content.decode()
    assert page.count("Te valideren ") == LIST_LIMIT
    [partial] = response.context["partial_lists"]
    assert (len(partial.items), partial.total) == (LIST_LIMIT, LIST_LIMIT + 2)
    assert f'href="{reverse("optimalisatie:mt-queue")}#te-valideren"' in page
    assert f"{LIST_LIMIT + 2}" in page


def test_only_steps_past_their_deadline_are_offered_for_takeover(world):
    import datetime

    import time_machine

    from core.worklist import work_for

    cycle = CycleFactory(overdue=True)  # manager review until 30 April, the MT until 31 May
    AdviesFactory(dienst=world.dienst, state=S.SUBMITTED, cycle=cycle, title="Laat ingediend")
    AdviesFactory(dienst=world.dienst, state=S.WITH_MT, cycle=cycle, title="In het MT")
    AdviesFactory(dienst=world.dienst, state=S.IN_BUNDLE, cycle=cycle, title="Gebundeld")
    AdviesFactory(dienst=world.dienst, state=S.DRAFT, cycle=cycle, title="Ontwerp")

    def takeover(day):
        with time_machine.travel(datetime.datetime(*day, 12, tzinfo=datetime.UTC), tick=False):
            return sorted(
                i.title.split("„")[1].split("”")[0]
                for i in work_for(world.algemeen_directeur)
                if i.title.startswith("Achterstallig")
            )

    assert takeover((2025, 4, 30)) == []
    assert takeover((2025, 5, 15)) == ["Laat ingediend"]
    assert takeover((2025, 6, 1)) == ["In het MT", "Laat ingediend"]
