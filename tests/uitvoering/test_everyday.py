"""Issue 16 and 19 in the implementation: amounts as people type them ("42.500", "3.500"), a
refused form that keeps its evidence file, evidence that is what it says, a plan or saving sent
back that reads as such, confirmation before what cannot be undone, "te laat" where a date has
passed, and an export no formula gets into."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import KeptUpload, Notification
from optimalisatie.constants import AdviesState
from tests.core.test_spreadsheets import PAYLOADS
from uitvoering import services
from uitvoering.constants import ActionStatus as S
from uitvoering.constants import PlanState, SavingState
from uitvoering.models import Action, ExpectedSaving, Milestone, RealisedSaving

from .conftest import approved, exported, running
from .factories import ActionFactory, MilestoneFactory, PlanFactory, RealisedSavingFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def as_(client, user):
    client.force_login(user)
    return client


def url(name, advies, *args):
    return reverse(f"uitvoering:{name}", args=[advies.pk, *args])


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- amounts, weights, years and dates as people type them -------------------------------------


def test_the_expected_savings_form_shows_amounts_as_people_write_them(client, world):
    advies = approved(world, savings_recurring=Decimal("42500"), savings_one_off=Decimal("0"))
    services.plan_get_or_create(advies=advies, by=world.diensthoofd)
    page = text_of(as_(client, world.diensthoofd).get(url("expected-edit", advies)))
    assert "€ 42.500,00 recurrente besparingen" in page
    assert "42500" not in page
    assert 'value="42.500,00"' in page and 'value="42500.00"' not in page
    amount = re.search(r'<input[^>]*name="jaar-0-amount"[^>]*>', page).group()
    assert 'type="text"' in amount and 'inputmode="decimal"' in amount
    year = re.search(r'<input[^>]*name="jaar-0-year"[^>]*>', page).group()
    assert 'type="text"' in year and 'inputmode="numeric"' in year


def _expected_post(advies, **rows):
    data = {
        "plan-lock_version": advies.plan.lock_version,
        "jaar-TOTAL_FORMS": str(len(rows)),
        "jaar-INITIAL_FORMS": "0",
    }
    for i, (year, amount) in enumerate(rows.items()):
        data |= {f"jaar-{i}-year": year.lstrip("y"), f"jaar-{i}-amount": amount}
    return data


def test_expected_savings_are_read_as_typed_and_an_ambiguous_amount_is_refused(client, world):
    advies = approved(world)
    PlanFactory(advies=advies)
    as_(client, world.diensthoofd)
    refused = client.post(url("expected-edit", advies), _expected_post(advies, y2030="42,500"))
    assert refused.status_code == 400
    page = text_of(refused)
    assert "„42,500” kan op twee manieren gelezen worden" in page
    assert 'value="42,500"' in page  # the input stays
    assert not ExpectedSaving.objects.exists()
    wrong_year = client.post(url("expected-edit", advies), _expected_post(advies, y2030_5="1"))
    assert wrong_year.status_code == 400
    assert "Vul een kalenderjaar in, zoals 2027." in text_of(wrong_year)
    done = client.post(
        url("expected-edit", advies),
        _expected_post(advies, y2030="42.500", y2031="€ 12.000,50", y2032="42500.00"),
    )
    assert done.status_code == 302
    assert dict(ExpectedSaving.objects.values_list("year", "amount")) == {
        2030: Decimal("42500"),
        2031: Decimal("12000.50"),
        2032: Decimal("42500"),
    }


def test_3_500_on_the_realised_savings_form_is_3500(client, world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    response = as_(client, world.diensthoofd).post(
        url("saving-create", advies),
        {"besparing-year": "2026", "besparing-amount": "3.500", "besparing-note": "Factuur."},
    )
    assert response.status_code == 302
    assert RealisedSaving.objects.get().amount == Decimal("3500")


def _action_post(world, **data):
    return {
        "actie-title": "Leveranciers bevragen",
        "actie-owner": world.staff.pk,
        "actie-start": "2026-01-01",
        "actie-due": "2026-02-01",
        "actie-weight": "2",
    } | data


@pytest.mark.parametrize("weight", ["abc", "2,5", "1.000", "0", "101", "-1"])
def test_a_weight_is_a_whole_number_from_1_to_100(client, world, weight):
    advies = approved(world)
    PlanFactory(advies=advies)
    response = as_(client, world.diensthoofd).post(
        url("action-create", advies), _action_post(world, **{"actie-weight": weight})
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "Het gewicht is een geheel getal van 1 tot 100." in page
    assert f'value="{weight}"' in page
    assert not Action.objects.exists()


def test_the_weight_is_typed_in_a_text_input_with_a_numeric_keyboard(client, world):
    advies = approved(world)
    PlanFactory(advies=advies)
    page = as_(client, world.diensthoofd).get(url("action-create", advies)).content.decode()
    weight = re.search(r'<input[^>]*name="actie-weight"[^>]*>', page).group()
    assert 'type="text"' in weight and 'inputmode="numeric"' in weight
    assert (
        as_(client, world.diensthoofd)
        .post(url("action-create", advies), _action_post(world, **{"actie-weight": " 7 "}))
        .status_code
        == 302
    )
    assert Action.objects.get().weight == 7


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"])
def test_dates_keep_to_2000_2100(client, world, day):
    advies = approved(world)
    PlanFactory(advies=advies)
    as_(client, world.diensthoofd)
    action = client.post(
        url("action-create", advies),
        _action_post(world, **{"actie-start": day, "actie-due": day}),
    )
    assert action.status_code == 400
    assert "Kies een datum tussen 2000 en 2100." in text_of(action)
    milestone = client.post(
        url("milestone-add", advies), {"mijlpaal-title": "Klaar", "mijlpaal-date": day}
    )
    assert milestone.status_code == 400
    assert "Kies een datum tussen 2000 en 2100." in text_of(milestone)
    assert not Action.objects.exists() and not Milestone.objects.exists()


# --- evidence: kept on a refused form, checked for what it is, served as a download -------------


def _saving_post(**data):
    return {"besparing-year": "2026", "besparing-amount": "3.500"} | data


def test_a_refused_form_keeps_its_evidence_file_until_it_succeeds(client, world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    as_(client, world.diensthoofd)
    refused = client.post(
        url("saving-create", advies),
        _saving_post(
            **{
                "besparing-amount": "42,500",
                "besparing-evidence": SimpleUploadedFile("factuur.pdf", PDF),
            }
        ),
    )
    assert refused.status_code == 400
    page = text_of(refused)
    assert "Bijlage bewaard: factuur.pdf" in page
    assert 'value="42,500"' in page
    [token] = re.findall(r'name="bewaarde_bijlage" value="([0-9a-f-]+)"', page)
    assert not RealisedSaving.objects.exists()

    # refused once more (a year out of range): the file is still kept, not kept twice
    again = client.post(
        url("saving-create", advies),
        _saving_post(**{"besparing-year": "1850", "bewaarde_bijlage": token}),
    )
    assert again.status_code == 400
    assert "Bijlage bewaard: factuur.pdf" in text_of(again)
    assert KeptUpload.objects.count() == 1

    done = client.post(url("saving-create", advies), _saving_post(bewaarde_bijlage=token))
    assert done.status_code == 302
    saving = RealisedSaving.objects.get()
    assert (saving.amount, saving.evidence_name) == (Decimal("3500"), "factuur.pdf")
    with saving.evidence.open("rb") as handle:
        assert handle.read() == PDF
    assert not KeptUpload.objects.exists()  # released once used


def test_an_unticked_kept_file_is_left_out(client, world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    as_(client, world.diensthoofd)
    client.post(
        url("saving-create", advies),
        _saving_post(
            **{"besparing-amount": "x", "besparing-evidence": SimpleUploadedFile("f.pdf", PDF)}
        ),
    )
    refused = client.post(url("saving-create", advies), _saving_post())  # no token posted
    assert refused.status_code == 400
    assert "Voeg bewijs toe" in text_of(refused)
    assert not RealisedSaving.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("factuur.pdf", ELF, "De inhoud van dit bestand is geen PDF-bestand."),
        ("factuur.pdf", HTML, "De inhoud van dit bestand is geen PDF-bestand."),
        ("factuur.pdf", b"", "bestand is leeg."),
        ("factuur.html", HTML, "Dit soort bestanden wordt niet aanvaard."),
        ("factuur.txt", ELF, "Dit bestand is geen tekstbestand"),
    ],
)
def test_evidence_is_what_its_name_says(client, world, name, content, message):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    response = as_(client, world.diensthoofd).post(
        url("saving-create", advies),
        _saving_post(**{"besparing-evidence": SimpleUploadedFile(name, content)}),
    )
    assert response.status_code == 400
    page = text_of(response)
    assert message in page
    assert "Bijlage bewaard" not in page  # a refused file is not kept
    assert not RealisedSaving.objects.exists() and not KeptUpload.objects.exists()


def test_evidence_is_served_as_a_download_of_the_type_it_is(client, world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    as_(client, world.diensthoofd).post(
        url("saving-create", advies),
        _saving_post(**{"besparing-evidence": SimpleUploadedFile("rap\u202eport\x07.pdf", PDF)}),
    )
    saving = RealisedSaving.objects.get()
    assert saving.evidence_name == "rapport.pdf"
    response = as_(client, world.mt_member).get(url("saving-evidence", advies, saving.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="rapport.pdf"' in response["Content-Disposition"]
    # a file stored before the check, that is not what its name says, is served as bytes
    saving.evidence.save("oud.pdf", io.BytesIO(HTML), save=True)
    response = client.get(url("saving-evidence", advies, saving.pk))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


# --- what happened: sent back by the manager or the financieel directeur ----------------------


def test_a_plan_sent_back_reads_as_such_with_the_reason_at_the_top(
    client, world, django_capture_on_commit_callbacks
):
    advies = approved(world)
    plan = PlanFactory(advies=advies, submitted=True)
    ActionFactory(plan=plan, owner=world.staff)
    response = as_(client, world.manager).post(
        url("plan-send-back", advies),
        {"send-back-reason": "Elke actie heeft een eigenaar nodig.", "bevestigd": "1"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.return_reason, plan.returned_by) == (
        PlanState.DRAFT,
        "Elke actie heeft een eigenaar nodig.",
        world.manager,
    )
    page = text_of(as_(client, world.diensthoofd).get(url("plan", advies)))
    top = page.split('id="wat-kan-je"')[0]
    assert 'plan: <strong data-testid="plan-state">teruggestuurd door de manager</strong>' in top
    assert "Teruggestuurd door de manager" in top
    assert "Elke actie heeft een eigenaar nodig." in top
    overview = text_of(client.get(reverse("uitvoering:index")))
    assert "teruggestuurd door de manager" in overview

    # the notification says what happened and why
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_step(advies=advies, step="submit", by=world.diensthoofd)
    plan.refresh_from_db()
    assert (plan.return_reason, plan.returned_at) == ("", None)  # submitted again
    assert "Teruggestuurd" not in text_of(client.get(url("plan", advies))).split("Historiek")[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_step(advies=advies, step="send-back", by=world.manager, reason="Te vaag.")
    [text] = Notification.objects.filter(recipient=world.diensthoofd).values_list("text", flat=True)
    assert "teruggestuurd door de manager" in text and "Te vaag." in text


def test_savings_sent_back_read_as_such_with_the_reason_at_the_top(client, world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    RealisedSavingFactory(
        plan=advies.plan,
        year=2026,
        recorded_by=world.diensthoofd,
        sent_back=True,
        return_reason="Welke factuur?",
    )
    page = text_of(as_(client, world.diensthoofd).get(url("plan", advies)))
    top = page.split('id="acties"')[0]
    assert "teruggestuurd door de financieel directeur" in top
    assert "Welke factuur?" in top
    assert "Verbeteren en opnieuw indienen" in top


# --- confirmation before what cannot be undone -------------------------------------------------


def test_removing_an_action_or_a_milestone_asks_first(client, world):
    advies = approved(world)
    plan = PlanFactory(advies=advies)
    action = Action.objects.create(
        plan=plan,
        title="Weg",
        owner=world.staff,
        start=datetime.date(2026, 1, 1),
        due=datetime.date(2026, 2, 1),
    )
    milestone = MilestoneFactory(plan=plan, title="Halfweg")
    as_(client, world.diensthoofd)
    asks = client.post(url("action-delete", advies, action.pk))
    assert asks.status_code == 200
    page = text_of(asks)
    assert "„Weg”" in page and 'name="bevestigd" value="1"' in page
    assert Action.objects.filter(pk=action.pk).exists()
    assert (
        client.post(url("action-delete", advies, action.pk), {"bevestigd": "1"}).status_code == 302
    )
    assert not Action.objects.filter(pk=action.pk).exists()
    asks = client.post(url("milestone-delete", advies, milestone.pk))
    assert asks.status_code == 200 and "„Halfweg”" in text_of(asks)
    assert Milestone.objects.filter(pk=milestone.pk).exists()
    client.post(url("milestone-delete", advies, milestone.pk), {"bevestigd": "1"})
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    # whoever may not remove it gets no question either
    other = PlanFactory(advies=approved(world)).advies
    assert as_(client, world.staff).post(url("milestone-delete", other, 1)).status_code == 404


def test_stopping_asks_first_and_carries_the_reason(client, world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    as_(client, world.diensthoofd)
    without = client.post(url("advies-stop", advies), {"stop-reason": " "})
    assert without.status_code == 400  # the reason first, at its field
    assert "Geef een reden" in text_of(without)
    asks = client.post(url("advies-stop", advies), {"stop-reason": "Geen budget meer."})
    assert asks.status_code == 200
    page = text_of(asks)
    assert 'name="stop-reason" value="Geen budget meer."' in page
    assert 'name="bevestigd" value="1"' in page
    advies.refresh_from_db()
    assert advies.state == AdviesState.IN_IMPLEMENTATION
    done = client.post(
        url("advies-stop", advies), {"stop-reason": "Geen budget meer.", "bevestigd": "1"}
    )
    assert done.status_code == 302
    advies.refresh_from_db()
    assert advies.state == AdviesState.STOPPED and advies.plan.end_reason == "Geen budget meer."


def test_sending_a_plan_or_savings_back_asks_first(client, world):
    advies = approved(world)
    plan = PlanFactory(advies=advies, submitted=True)
    asks = as_(client, world.manager).post(
        url("plan-send-back", advies), {"send-back-reason": "Te vaag."}
    )
    assert asks.status_code == 200 and "Te vaag." in text_of(asks)
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED

    running_advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    saving = RealisedSavingFactory(
        plan=running_advies.plan, year=2026, recorded_by=world.diensthoofd, submitted=True
    )
    field = f"besparing-{saving.pk}-reason"
    as_(client, world.mt_member)
    asks = client.post(url("saving-send-back", running_advies, saving.pk), {field: "Welke?"})
    assert asks.status_code == 200 and "Welke?" in text_of(asks)
    saving.refresh_from_db()
    assert saving.state == SavingState.SUBMITTED
    client.post(
        url("saving-send-back", running_advies, saving.pk), {field: "Welke?", "bevestigd": "1"}
    )
    saving.refresh_from_db()
    assert saving.state == SavingState.SENT_BACK


def _labels(page):
    return re.findall(r'<label[^>]*for="id_[^"]*reason"[^>]*>\s*([^<*]+?)\s*\*?\s*<', page)


def test_stopping_sits_apart_from_the_main_action_and_each_reason_says_what_for(client, world):
    advies = approved(world)
    page = as_(client, world.diensthoofd).get(url("plan", advies)).content.decode()
    start = page.index("Het plan starten")
    stop = page.index('id="stopzetten"')
    assert start < stop  # the main action first, stopping apart, further down
    assert "Het advies stopzetten" not in page[:stop]
    assert _labels(page) == ["Reden voor het stopzetten"]

    plan = PlanFactory(advies=advies, submitted=True)
    page = as_(client, world.manager).get(url("plan", plan.advies)).content.decode()
    assert (
        page.index("Het plan goedkeuren")
        < page.index("Terugsturen")
        < page.index('id="stopzetten"')
    )
    labels = _labels(page)
    assert labels == ["Reden om terug te sturen", "Reden voor het stopzetten"]


# --- "te laat" wherever a date has passed ------------------------------------------------------


def test_overdue_actions_and_milestones_are_marked_te_laat(client, world):
    advies = running(world, [("Te laat", 1, S.IN_PROGRESS, -3), ("Op tijd", 1, S.PLANNED, 10)])
    today = timezone.localdate()
    MilestoneFactory(plan=advies.plan, title="Gemist", date=today - datetime.timedelta(days=2))
    MilestoneFactory(plan=advies.plan, title="Straks", date=today + datetime.timedelta(days=2))
    page = text_of(as_(client, world.diensthoofd).get(url("plan", advies)))
    actions = page.split('id="acties"')[1].split('id="mijlpalen"')[0]
    late = actions.split("Te laat</td>")[1].split("</tr>")[0]
    assert "te laat</span>" in late
    assert "te laat</span>" not in actions.split("Op tijd</td>")[1].split("</tr>")[0]
    milestones = page.split('id="mijlpalen"')[1].split("</ul>")[0]
    assert "Gemist <span" in milestones
    assert milestones.split("Gemist")[1].split("</li>")[0].count("te laat") == 1
    assert "te laat" not in milestones.split("Straks")[1].split("</li>")[0]
    results = text_of(
        as_(client, world.algemeen_directeur).get(
            reverse("uitvoering:results", args=[advies.cycle_id])
        )
    )
    assert "te laat</span>" in results.split('id="risico"')[1]


# --- the export: no formula in any cell --------------------------------------------------------


def test_no_cell_of_the_results_export_is_a_formula(client, world):
    from openpyxl import load_workbook

    world.staff.full_name = "=cmd|' /C calc'!A0"
    world.staff.save()
    world.dienst.name = "@dienst"
    world.dienst.save()
    advies = running(
        world,
        [(payload, 1, S.BLOCKED, 5) for payload in PAYLOADS],
        title='=HYPERLINK("http://evil.example")',
    )
    Action.objects.filter(plan=advies.plan).update(blocked_reason="-1+1")
    response = exported(as_(client, world.algemeen_directeur), advies.cycle_id)
    assert response["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(response.content))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
                    texts.append(cell.value)
    for payload in [*PAYLOADS[:5], "-1+1", "@dienst"]:
        assert "'" + payload in texts, payload


@pytest.mark.parametrize("page", ["index", "results"])
def test_a_huge_page_number_is_no_error(client, world, page):
    advies = running(world, [("A", 1, S.IN_PROGRESS, -40)])
    path = (
        reverse("uitvoering:index")
        if page == "index"
        else reverse("uitvoering:results", args=[advies.cycle_id])
    )
    response = as_(client, world.algemeen_directeur).get(path + "?pagina=9223372036854775807")
    assert response.status_code == 200


def test_a_create_form_sent_twice_creates_one(client, world):
    advies = approved(world)
    PlanFactory(advies=advies)
    as_(client, world.diensthoofd)
    page = client.get(url("action-create", advies)).content.decode()
    [token] = re.findall(r'name="formulier" value="([0-9a-f-]+)"', page)
    post = _action_post(world, formulier=token)
    assert client.post(url("action-create", advies), post).status_code == 302
    assert client.post(url("action-create", advies), post).status_code == 302
    assert Action.objects.count() == 1
    plan_page = client.get(url("plan", advies)).content.decode()
    [token] = re.findall(r'name="formulier" value="([0-9a-f-]+)"', plan_page)
    milestone = {"mijlpaal-title": "Klaar", "mijlpaal-date": "2026-03-01", "formulier": token}
    client.post(url("milestone-add", advies), milestone)
    client.post(url("milestone-add", advies), milestone)
    assert Milestone.objects.count() == 1


def test_a_correction_keeps_its_new_evidence_file_too(client, world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    saving = RealisedSavingFactory(plan=advies.plan, recorded_by=world.diensthoofd, sent_back=True)
    as_(client, world.diensthoofd)
    data = _saving_post(**{"besparing-lock_version": saving.lock_version})
    refused = client.post(
        url("saving-edit", advies, saving.pk),
        data
        | {
            "besparing-amount": "1,250",
            "besparing-evidence": SimpleUploadedFile("bewijs.pdf", PDF),
        },
    )
    assert refused.status_code == 400
    [token] = re.findall(r'name="bewaarde_bijlage" value="([0-9a-f-]+)"', refused.content.decode())
    done = client.post(url("saving-edit", advies, saving.pk), data | {"bewaarde_bijlage": token})
    assert done.status_code == 302
    saving.refresh_from_db()
    assert (saving.state, saving.amount, saving.evidence_name) == (
        SavingState.SUBMITTED,
        Decimal("3500"),
        "bewijs.pdf",
    )
    with saving.evidence.open("rb") as handle:
        assert handle.read() == PDF
