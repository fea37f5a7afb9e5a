"""Realised savings: recorded with evidence by the diensthoofd, validated or sent back by the
financieel directeur; only validated amounts count; a stopped advice keeps what it realised."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.transitions import StaleObject
from optimalisatie.constants import AdviesState
from optimalisatie.models import Advies
from uitvoering import services
from uitvoering.constants import ActionStatus as S
from uitvoering.constants import SavingState
from uitvoering.forms import RealisedSavingForm
from uitvoering.models import RealisedSaving
from uitvoering.progress import cycle_results

from .conftest import running
from .factories import ExpectedSavingFactory

pytestmark = pytest.mark.django_db


def record(world, advies, year, amount, note="Volgens de boekhouding."):
    form = RealisedSavingForm(data={"year": year, "amount": amount, "note": note})
    assert form.is_valid(), form.errors
    return services.saving_record(form=form, advies=advies, by=world.diensthoofd)


def results(advies):
    return cycle_results(Advies.objects.filter(cycle=advies.cycle), advies.cycle)


def test_only_validated_amounts_count_as_realised(world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 10)])
    ExpectedSavingFactory(plan=advies.plan, year=2026, amount=Decimal("20000"))
    validated = record(world, advies, 2026, "8000")
    record(world, advies, 2026, "3000")  # waits
    sent_back = record(world, advies, 2026, "500")
    services.saving_decide(saving=validated, by=world.mt_member, validate=True)
    services.saving_decide(
        saving=sent_back, by=world.mt_member, validate=False, reason="Geen bewijs."
    )
    year = results(advies)["by_year"][0]
    assert (year["year"], year["approved"], year["realised"], year["waiting"]) == (
        2026,
        Decimal("20000"),
        Decimal("8000"),
        Decimal("3000"),
    )
    assert year["gap"] == Decimal("12000")


def test_a_stopped_advice_keeps_what_it_realised(world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 10)])
    for year in (2026, 2027, 2028):
        ExpectedSavingFactory(plan=advies.plan, year=year, amount=Decimal("10000"))
    services.saving_decide(
        saving=record(world, advies, 2026, "6000"), by=world.mt_member, validate=True
    )
    services.advies_stop(advies=advies, by=world.diensthoofd, reason="De partner haakt af.")
    advies.refresh_from_db()
    assert advies.state == AdviesState.STOPPED
    figures = results(advies)
    assert figures["totals"]["realised"] == Decimal("6000")
    stop_year = timezone.localdate().year
    # approved savings end with the year it stopped
    assert all(r["year"] <= stop_year or r["approved"] == 0 for r in figures["by_year"])


def test_evidence_is_required(world):
    form = RealisedSavingForm(data={"year": 2026, "amount": "100", "note": ""})
    assert not form.is_valid()
    assert "note" in form.errors


def test_negative_amounts_and_odd_years_are_refused(world):
    form = RealisedSavingForm(data={"year": 26, "amount": "-5", "note": "x"})
    assert not form.is_valid()
    assert {"year", "amount"} <= set(form.errors)


def test_sending_back_needs_a_reason_and_the_diensthoofd_corrects_it(world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 10)])
    saving = record(world, advies, 2026, "5000")
    with pytest.raises(ValidationError):
        services.saving_decide(saving=saving, by=world.mt_member, validate=False, reason="")
    services.saving_decide(
        saving=saving, by=world.mt_member, validate=False, reason="Voeg de factuur toe."
    )
    saving.refresh_from_db()
    form = RealisedSavingForm(
        data={
            "year": 2026,
            "amount": "4500",
            "note": "Met factuur.",
            "lock_version": saving.lock_version,
        },
        instance=saving,
    )
    assert form.is_valid(), form.errors
    services.saving_record(form=form, advies=advies, by=world.diensthoofd, saving=saving)
    saving.refresh_from_db()
    assert (saving.state, saving.amount, saving.return_reason) == (
        SavingState.SUBMITTED,
        Decimal("4500"),
        "",
    )


def test_only_the_financieel_directeur_validates(world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 10)])
    saving = record(world, advies, 2026, "5000")
    for person in (world.diensthoofd, world.manager, world.algemeen_directeur, world.schepen):
        with pytest.raises(PermissionDenied):
            services.saving_decide(saving=saving, by=person, validate=True)
    assert RealisedSaving.objects.get(pk=saving.pk).state == SavingState.SUBMITTED


def test_two_validations_at_once_count_once(world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 10)])
    saving = record(world, advies, 2026, "5000")
    services.saving_decide(
        saving=saving, by=world.mt_member, validate=True, expected_lock=saving.lock_version
    )
    with pytest.raises(StaleObject):
        services.saving_decide(
            saving=saving,
            by=world.mt_member,
            validate=False,
            reason="Te laat",
            expected_lock=saving.lock_version,
        )
    assert RealisedSaving.objects.get(pk=saving.pk).state == SavingState.VALIDATED


def test_every_decision_is_audited(world):
    from core.audit import audit_trail

    advies = running(world, [("A", 1, S.IN_PROGRESS, 10)])
    saving = record(world, advies, 2026, "5000")
    services.saving_decide(saving=saving, by=world.mt_member, validate=True)
    rows = list(audit_trail(saving))
    assert [(r.action, r.from_state, r.to_state, r.actor_id) for r in rows] == [
        ("saving.validate", "ingediend", "gevalideerd", world.mt_member.pk),
        ("saving.create", "", "ingediend", world.diensthoofd.pk),
    ]


def test_without_a_plan_s_expectations_the_college_s_figures_count_up_to_the_stop(world):
    this_year = timezone.localdate().year
    advies = running(
        world,
        [("A", 1, S.IN_PROGRESS, 10)],
        start_year=this_year,
        savings_recurring=Decimal("1000"),
        savings_one_off=Decimal("500"),
    )
    before = {r["year"]: r["approved"] for r in results(advies)["by_year"]}
    assert before[this_year] == Decimal("1500")
    assert before[this_year + 1] == Decimal("1000")  # recurring, to the end of the term
    services.advies_stop(advies=advies, by=world.diensthoofd, reason="De partner haakt af.")
    after = results(advies)
    assert {r["year"]: r["approved"] for r in after["by_year"]} == {this_year: Decimal("1500")}
    assert after["per_dienst"][0]["approved"] == Decimal("1500")
