"""The pages by role (404 for what one may not see, 403 for what one may see but not do), the
whole plan lifecycle through the views, Dutch errors with the input kept, stale forms, the
charts, the PDF, the XLSX, the college's agenda item and fixed query counts."""

import datetime
import io
import os
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from optimalisatie.constants import AdviesState
from optimalisatie.models import Advies
from uitvoering import services
from uitvoering.constants import ActionStatus as S
from uitvoering.constants import PlanState, SavingState
from uitvoering.models import Action, ExpectedSaving, Plan, ProgressReport, RealisedSaving

from .conftest import approved, exported, running
from .factories import ActionFactory, ExpectedSavingFactory, RealisedSavingFactory

pytestmark = pytest.mark.django_db

SEES = {
    "diensthoofd",
    "manager",
    "other_manager",
    "mt_member",
    "algemeen_directeur",
    "schepen",
    "other_schepen",
}
HIDDEN = {"other_diensthoofd", "staff"}


def as_(client, user):
    client.force_login(user)
    return client


def test_who_sees_the_plan_page(client, world):
    advies = approved(world)
    url = reverse("uitvoering:plan", args=[advies.pk])
    for name, user in world.roles().items():
        status = as_(client, user).get(url).status_code
        assert status == (200 if name in SEES else 404), name


def test_the_owner_of_an_action_sees_the_plan_once_approved(client, world):
    advies = running(world, [("Uitvoeren", 1, S.PLANNED, 5)])
    url = reverse("uitvoering:plan", args=[advies.pk])
    assert as_(client, world.staff).get(url).status_code == 200
    services.plan_step(advies=advies, step="revise", by=world.diensthoofd, reason="Herzien.")
    assert as_(client, world.staff).get(url).status_code == 404


def test_only_the_diensthoofd_starts_and_edits_the_plan(client, world):
    advies = approved(world)
    start = reverse("uitvoering:plan-start", args=[advies.pk])
    for name, user in world.roles().items():
        if name == "diensthoofd":
            continue
        expected = 403 if name in SEES else 404
        assert as_(client, user).post(start).status_code == expected, name
    assert as_(client, world.diensthoofd).post(start).status_code == 302
    plan = Plan.objects.get(advies=advies)
    # the expected savings are filled in from what the college approved
    assert ExpectedSaving.objects.filter(plan=plan, year=advies.start_year).exists()
    add = reverse("uitvoering:action-create", args=[advies.pk])
    for name, user in world.roles().items():
        expected = 200 if name == "diensthoofd" else 403 if name in SEES else 404
        assert as_(client, user).get(add).status_code == expected, name


def _action_post(world, **overrides):
    data = {
        "actie-title": "Leveranciers bevragen",
        "actie-owner": world.staff.pk,
        "actie-start": "2026-01-05",
        "actie-due": "2026-02-28",
        "actie-weight": "2",
    }
    data.update(overrides)
    return data


def test_the_whole_plan_lifecycle_through_the_pages(client, world):
    advies = approved(world)
    as_(client, world.diensthoofd).post(reverse("uitvoering:plan-start", args=[advies.pk]))
    add = reverse("uitvoering:action-create", args=[advies.pk])

    bad = client.post(add, _action_post(world, **{"actie-due": "2025-12-01", "actie-weight": "0"}))
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "De einddatum kan niet voor de startdatum liggen." in text
    assert "Het gewicht is een geheel getal van 1 tot 100." in text
    assert 'value="Leveranciers bevragen"' in text  # the input stays
    assert not Action.objects.exists()

    assert client.post(add, _action_post(world)).status_code == 302
    step = lambda name, user, **data: as_(client, user).post(  # noqa: E731
        reverse(f"uitvoering:plan-{name}", args=[advies.pk]), data
    )
    assert step("approve", world.manager).status_code == 403  # not submitted yet
    assert step("submit", world.diensthoofd).status_code == 302
    assert step("approve", world.diensthoofd).status_code == 403  # only the manager
    assert step("approve", world.other_manager).status_code == 403
    refused = step("send-back", world.manager)
    assert refused.status_code == 400
    assert "Geef een reden" in refused.content.decode()
    assert step("approve", world.manager).status_code == 302
    advies.refresh_from_db()
    assert advies.state == AdviesState.IN_IMPLEMENTATION
    assert advies.plan.state == PlanState.APPROVED
    # once approved, the plan is no longer edited, except after "herzien"
    assert as_(client, world.diensthoofd).get(add).status_code == 403

    action = Action.objects.get()
    status_url = reverse("uitvoering:action-status", args=[advies.pk, action.pk])
    prefix = f"actie-{action.pk}"
    blocked = as_(client, world.staff).post(status_url, {f"{prefix}-status": "geblokkeerd"})
    assert blocked.status_code == 400
    assert "Zeg waarom de actie geblokkeerd is." in blocked.content.decode()
    assert (
        as_(client, world.other_diensthoofd)
        .post(status_url, {f"{prefix}-status": "klaar"})
        .status_code
        == 404
    )
    assert (
        as_(client, world.manager).post(status_url, {f"{prefix}-status": "klaar"}).status_code
        == 403
    )
    done = as_(client, world.staff).post(
        status_url, {f"{prefix}-status": "klaar", f"{prefix}-lock_version": "0"}
    )
    assert done.status_code == 302
    finish = reverse("uitvoering:advies-finish", args=[advies.pk])
    assert as_(client, world.manager).post(finish).status_code == 403
    assert as_(client, world.diensthoofd).post(finish).status_code == 302
    advies.refresh_from_db()
    assert advies.state == AdviesState.REALISED


def test_the_history_shows_the_plan_its_actions_savings_and_the_advice_s_steps(client, world):
    advies = running(world, [("Leveranciers bevragen", 1, S.IN_PROGRESS, 5)])
    action = Action.objects.get()
    services.action_status(
        advies=advies,
        action=action,
        by=world.staff,
        status=S.BLOCKED,
        blocked_reason="Wacht op de offerte.",
    )
    services.advies_stop(advies=advies, by=world.manager, reason="Budget geschrapt.")
    text = as_(client, world.diensthoofd).get(reverse("uitvoering:plan", args=[advies.pk]))
    history = text.content.decode().split('id="geschiedenis"')[1]
    assert "Status van een actie: Leveranciers bevragen (bezig → geblokkeerd)" in history
    assert "Wacht op de offerte." in history
    assert "Advies stopgezet (in uitvoering → stopgezet)" in history
    assert "Budget geschrapt." in history


def test_closing_an_incomplete_plan_is_refused_with_a_message(client, world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    response = as_(client, world.diensthoofd).post(
        reverse("uitvoering:advies-finish", args=[advies.pk])
    )
    assert response.status_code == 400
    assert "elke actie moet eerst klaar zijn" in response.content.decode()
    assert Advies.objects.get(pk=advies.pk).state == AdviesState.IN_IMPLEMENTATION


def test_a_stale_action_form_keeps_the_input_and_shows_the_saved_one(client, world):
    advies = approved(world)
    as_(client, world.diensthoofd).post(reverse("uitvoering:plan-start", args=[advies.pk]))
    client.post(reverse("uitvoering:action-create", args=[advies.pk]), _action_post(world))
    action = Action.objects.get()
    url = reverse("uitvoering:action-edit", args=[advies.pk, action.pk])
    client.post(url, _action_post(world, **{"actie-title": "Eerste", "actie-lock_version": 0}))
    response = client.post(
        url, _action_post(world, **{"actie-title": "Tweede", "actie-lock_version": 0})
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Iemand anders wijzigde deze actie" in text
    assert 'value="Tweede"' in text and "Eerste" in text
    assert Action.objects.get().title == "Eerste"


def test_saving_pages_by_role(client, world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    create = reverse("uitvoering:saving-create", args=[advies.pk])
    for name, user in world.roles().items():
        # the staff member owns the action: sees the plan, records nothing
        expected = 200 if name == "diensthoofd" else 403 if name in SEES | {"staff"} else 404
        assert as_(client, user).get(create).status_code == expected, name
    bad = as_(client, world.diensthoofd).post(
        create, {"besparing-year": "2026", "besparing-amount": "-1", "besparing-note": ""}
    )
    assert bad.status_code == 400
    assert not RealisedSaving.objects.exists()
    assert "Voeg bewijs toe" in bad.content.decode()
    good = client.post(
        create,
        {"besparing-year": "2026", "besparing-amount": "1200", "besparing-note": "Factuur 12"},
    )
    assert good.status_code == 302
    saving = RealisedSaving.objects.get()
    decide = reverse("uitvoering:saving-validate", args=[advies.pk, saving.pk])
    for name in ("diensthoofd", "manager", "algemeen_directeur", "schepen"):
        assert as_(client, getattr(world, name)).post(decide).status_code == 403, name
    assert as_(client, world.mt_member).post(decide).status_code == 302
    assert RealisedSaving.objects.get().state == SavingState.VALIDATED


def test_savings_handled_meanwhile_are_said_so_not_refused(client, world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    saving = RealisedSavingFactory(plan=advies.plan)
    validate = reverse("uitvoering:saving-validate", args=[advies.pk, saving.pk])
    as_(client, world.mt_member)
    assert client.post(validate).status_code == 302
    again = client.post(validate, follow=True)
    assert again.status_code == 200
    assert "Deze besparingen zijn al behandeld: ze zijn nu „gevalideerd”." in (
        again.content.decode()
    )


def test_bad_ids_are_404_not_500(client, world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    as_(client, world.diensthoofd)
    for url in (
        reverse("uitvoering:plan", args=[999999]),
        reverse("uitvoering:action-edit", args=[advies.pk, 999999]),
        reverse("uitvoering:saving-edit", args=[advies.pk, 999999]),
        f"/uitvoering/adviezen/{advies.pk}/stap/onbekend/",
        reverse("uitvoering:results", args=[999999]),
        reverse("uitvoering:report-pdf", args=[999999]),
    ):
        response = client.post(url) if "stap" in url else client.get(url)
        assert response.status_code == 404, url


# --- results, charts, PDF, XLSX ------------------------------------------------------------


def _figures(world):
    a = running(world, [("A", 1, S.DONE, -5), ("B", 1, S.IN_PROGRESS, -40)], title="Eén loket")
    ExpectedSavingFactory(plan=a.plan, year=2026, amount=Decimal("30000"))
    ExpectedSavingFactory(plan=a.plan, year=2027, amount=Decimal("40000"))
    RealisedSavingFactory(
        plan=a.plan,
        year=2026,
        amount=Decimal("12345"),
        recorded_by=world.diensthoofd,
        validated=True,
    )
    RealisedSavingFactory(
        plan=a.plan, year=2027, amount=Decimal("999"), recorded_by=world.diensthoofd, submitted=True
    )  # waiting: does not count
    return a


def test_the_svg_holds_the_right_bars(client, world):
    advies = _figures(world)
    response = as_(client, world.algemeen_directeur).get(
        reverse("uitvoering:results", args=[advies.cycle_id])
    )
    text = response.content.decode()
    years = dict(re.findall(r'<g class="chart-year" data-year="(\d+)">(.*?)</g>', text, re.S))
    assert set(years) >= {"2026", "2027"}
    heights = {
        (int(year), key): (Decimal(value), float(height))
        for year, svg in years.items()
        for key, value, height in re.findall(
            r'data-key="(\w+)" data-value="([\d.]+)"[^>]*height="([\d.]+)"', svg
        )
    }
    assert heights[2026, "approved"][0] == Decimal("30000")
    assert heights[2026, "realised"][0] == Decimal("12345")
    assert (2027, "realised") not in heights  # € 0: no bar at all
    # heights are proportional on an axis up to € 500.000 (the target), drawn 200 high
    assert 'data-top="500000"' in text
    assert heights[2027, "approved"][1] == pytest.approx(40000 / 500000 * 200, abs=0.1)
    assert heights[2026, "realised"][1] == pytest.approx(12345 / 500000 * 200, abs=0.1)
    assert 'class="chart-target" data-value="500000' in text
    # the axis reads as amounts: € 0, € 100.000 … € 500.000
    ticks = re.findall(r'<text class="chart-tick" data-value="[\d.]+"[^>]*>([^<]+)</text>', text)
    assert ticks == [f"€ {n}" for n in ("0", "100.000", "200.000", "300.000", "400.000", "500.000")]
    assert "Eén loket" in text.split('id="risico"')[1]  # 40 days overdue: at risk
    # no class a stylesheet (Bootstrap's .row > *) could reach: every class is the chart's own
    svgs = re.findall(r"<svg.*?</svg>", text, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        classes = {c for attr in re.findall(r'class="([^"]+)"', svg) for c in attr.split()}
        assert classes and all(c.startswith("chart-") or c == "results-chart" for c in classes)


@pytest.mark.parametrize(
    ("largest", "top", "step"),
    [
        (250000, 250000, 50000),
        (208000, 250000, 50000),
        (168000, 200000, 50000),
        (14000, 15000, 5000),
        (3500, 4000, 1000),
        (1, 1, Decimal("0.2")),
        (0, 1, 0),
    ],
)
def test_the_axis_has_round_amounts(largest, top, step):
    from uitvoering.charts import axis, axis_amount

    assert axis(largest) == (Decimal(top), Decimal(step))
    assert axis_amount(Decimal(250000)) == "€ 250.000"


def test_the_breakdown_bars_are_proportional_and_zero_draws_none():
    from uitvoering.charts import BAR_AREA, breakdown_chart, breakdown_svg

    rows = [
        {"name": "Financiën", "approved": Decimal("168000"), "realised": Decimal("0")},
        {"name": "Welzijn", "approved": Decimal("14000"), "realised": Decimal("3500")},
        {"name": "Onderwijs <b>", "approved": Decimal("0"), "realised": Decimal("0")},
    ]
    svg = breakdown_svg(breakdown_chart(rows), id="dienst", title="Per dienst")
    widths = {
        (name, key): float(width)
        for name, body in re.findall(r'<g class="chart-row" data-name="([^"]+)">(.*?)</g>', svg)
        for key, width in re.findall(
            r'data-key="(\w+)" data-value="[\d.]+"[^>]*width="([\d.]+)"', body
        )
    }
    assert widths == {
        ("Financiën", "approved"): BAR_AREA,
        ("Welzijn", "approved"): pytest.approx(14000 / 168000 * BAR_AREA, abs=0.1),
        ("Welzijn", "realised"): pytest.approx(3500 / 168000 * BAR_AREA, abs=0.1),
    }
    assert "Onderwijs &lt;b&gt;" in svg and "<b>" not in svg
    assert svg.count(">€ 0,00</text>") == 3  # the amount is written, no bar is drawn


def test_the_progress_report_pdf_contains_the_totals(client, world, tmp_path):
    from pypdf import PdfReader

    advies = _figures(world)
    response = as_(client, world.algemeen_directeur).get(
        reverse("uitvoering:results-pdf", args=[advies.cycle_id])
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Voortgangsrapport" in text
    for figure in ("€ 12.345,00", "€ 500.000,00", "€ 999,00"):
        assert figure in text
    assert "<svg" in _pdf_source(advies)  # charts as SVG, not pictures
    if os.environ.get("PDF_DUMP"):
        (Path(os.environ["PDF_DUMP"]) / "report.pdf").write_bytes(response.content)
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    pdf_file = tmp_path / "report.pdf"
    pdf_file.write_bytes(response.content)
    layout = subprocess.run(
        ["pdftotext", "-layout", str(pdf_file), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert f"pagina 1/{pages}" in "".join(layout.strip().splitlines()[:3])  # on top
    # a diensthoofd sees only part of the cycle: no college report
    assert (
        as_(client, world.diensthoofd)
        .get(reverse("uitvoering:results-pdf", args=[advies.cycle_id]))
        .status_code
        == 403
    )


def _pdf_source(advies):
    from django.template.loader import render_to_string

    from uitvoering import reports

    return render_to_string(reports.TEMPLATE, reports.report_context(advies.cycle))


def test_a_large_cycle_shows_its_departments_and_risks_a_page_at_a_time(client, world):
    """26 departments and 27 advices at risk: the page shows the 25 departments with the most
    approved savings and 25 risks, and offers the rest; the PDF for the college has all."""
    from tests.accounts.factories import DienstFactory

    for i in range(26):
        dienst = DienstFactory(name=f"Dienst {i:02}", cluster=world.dienst.cluster)
        running(world, [("A", 1, S.BLOCKED, 10)], dienst=dienst, title=f"Risico {i:02}")
    running(world, [("A", 1, S.IN_PROGRESS, -40)], title="Risico 26")
    cycle_id = world.dienst.adviezen.first().cycle_id
    url = reverse("uitvoering:results", args=[cycle_id])
    as_(client, world.algemeen_directeur)
    text = client.get(url).content.decode()
    departments = text.split("Per dienst</caption>")[1].split("</table>")[0]
    assert departments.count('<th scope="row">') == 25
    assert "Toon de andere 2 diensten" in text  # 27 departments in all
    risks = text.split('id="risico"')[1].split("</table>")[0]
    assert "(27)" in risks and risks.count('<th scope="row">') == 25
    assert "Pagina 1 van 2" in text
    page_two = client.get(url + "?pagina=2").content.decode().split('id="risico"')[1]
    assert page_two.split("</table>")[0].count('<th scope="row">') == 2
    everything = client.get(url + "?diensten=alle").content.decode()
    assert (
        everything.split("Per dienst</caption>")[1].split("</table>")[0].count('<th scope="row">')
        == 27
    )
    assert "Toon de andere" not in everything
    pdf_html = _pdf_source(world.dienst.adviezen.first())
    assert pdf_html.split('id="risico"')[1].split("</table>")[0].count("Risico ") == 27


def test_the_xlsx_has_a_sheet_per_level(client, world):
    from openpyxl import load_workbook

    advies = _figures(world)
    response = exported(as_(client, world.schepen), advies.cycle_id)
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Cyclus", "Domeinen", "Diensten", "Adviezen", "Acties"]
    assert [c.value for c in book["Acties"][2]][2] in ("A", "B")
    advices = {row[0].value: row for row in book["Adviezen"].iter_rows(min_row=2)}
    assert (
        advices["Eén loket"][5].value == Decimal("12345")
        or float(advices["Eén loket"][5].value) == 12345.0
    )


def test_the_report_goes_on_the_college_agenda_and_the_college_takes_note(world):
    from django.utils import timezone

    from accounts.constants import OrgaanType
    from tests.accounts.factories import OrgaanFactory
    from uitvoering.reports import report_to_college
    from vergaderingen.models import Meeting

    advies = _figures(world)
    college = OrgaanFactory(type=OrgaanType.COLLEGE)
    meeting = Meeting.objects.create(
        orgaan=college,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="Raadzaal",
        secretary=world.algemeen_directeur,
    )
    report, on = report_to_college(cycle=advies.cycle, by=world.algemeen_directeur)
    assert on == meeting
    item = meeting.items.get()
    assert item.title.startswith("Voortgangsrapport")
    assert item.subject == report
    assert bytes(report.pdf).startswith(b"%PDF")
    from uitvoering.meeting_subjects import decide

    decide(report, "goedgekeurd", world.algemeen_directeur)
    assert ProgressReport.objects.get().outcome == "kennis_genomen"


@pytest.mark.parametrize("viewer", ["algemeen_directeur", "diensthoofd"])
def test_results_and_plan_pages_use_a_fixed_number_of_queries(client, world, viewer):
    def build(n):
        made = []
        for i in range(n):
            a = running(world, [("A", 1, S.DONE, 3), ("B", 2, S.BLOCKED, 9)])
            ExpectedSavingFactory(plan=a.plan, year=2026 + i % 3, amount=Decimal(1000))
            RealisedSavingFactory(
                plan=a.plan,
                year=2026,
                amount=Decimal(10),
                recorded_by=world.diensthoofd,
                validated=True,
            )
            made.append(a)
        return made

    def count(url):
        as_(client, getattr(world, viewer))
        client.get(url)  # warm the per-process caches (content types, the bestuur)
        cache.clear()  # and count the results as computed, not as kept (results_cache)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = build(1)
    cycle = small[0].cycle
    results_url = reverse("uitvoering:results", args=[cycle.pk])
    plan_url = reverse("uitvoering:plan", args=[small[0].pk])
    before = (count(results_url), count(plan_url), count(reverse("uitvoering:index")))
    big = build(12)
    for a in big[:1]:
        for k in range(10):
            ActionFactory(
                plan=a.plan,
                title=f"extra {k}",
                owner=world.staff,
                start=datetime.date(2026, 1, 1),
                due=datetime.date(2026, 2, 1),
            )
    plan_url_big = reverse("uitvoering:plan", args=[big[0].pk])
    after = (count(results_url), count(plan_url_big), count(reverse("uitvoering:index")))
    assert before == after


def test_the_advice_and_cycle_pages_link_to_the_implementation(client, world):
    """Through optimalisatie.links: the optimisation names no page of this app."""
    draft = approved(world, state=AdviesState.DRAFT)
    advies = approved(world)
    as_(client, world.diensthoofd)
    plan_url = reverse("uitvoering:plan", args=[advies.pk])
    page = client.get(reverse("optimalisatie:advies-detail", args=[advies.pk])).content.decode()
    assert f'href="{plan_url}"' in page and "Uitvoering: plan, voortgang en besparingen" in page
    page = client.get(reverse("optimalisatie:advies-detail", args=[draft.pk])).content.decode()
    assert "Uitvoering: plan, voortgang en besparingen" not in page
    cycle_page = client.get(reverse("optimalisatie:cycle-detail", args=[advies.cycle_id]))
    results_url = reverse("uitvoering:results", args=[advies.cycle_id])
    assert f'href="{results_url}"' in cycle_page.content.decode()
