"""The optimisation's forms take amounts and FTE as Flemish staff type them and show them
back in the same notation, in both languages; dates keep to 2000–2100; the search is short."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimalisatie.forms import AdviesFilterForm, AdviesForm, CycleForm, DomainTargetForm
from optimalisatie.models import Advies, Cycle
from optimalisatie.selectors import version_changes
from optimalisatie.services import advies_transition

from .factories import AdviesFactory, CycleFactory
from .test_services import FORM

pytestmark = pytest.mark.django_db

MONEY = ["savings_one_off", "savings_recurring", "investment_cost"]
amounts = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2, allow_nan=False)
ftes = st.decimals(min_value=Decimal("-99999.99"), max_value=Decimal("99999.99"), places=2)


def _shown(form, name):
    """The value the form's input shows, as the browser gets it."""
    return re.search(r'value="([^"]*)"', str(form[name])).group(1)


def _bound(world, **values):
    return AdviesForm(
        {**FORM, "dienst": world.dienst.pk, **values},
        diensten=type(world.dienst).objects.filter(pk=world.dienst.pk),
    )


@pytest.mark.parametrize("language", ["nl", "en"])
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(money=amounts, fte=ftes)
def test_the_advice_form_reads_back_what_it_shows(world, language, money, fte):
    """Prefilled from an advice, each amount and the FTE read back to the same value when
    the form is sent as shown, whatever the language."""
    with translation.override(language):
        advies = Advies(dienst=world.dienst, fte_impact=fte, **dict.fromkeys(MONEY, money))
        shown = AdviesForm(instance=advies, diensten=None)
        sent = {name: _shown(shown, name) for name in [*MONEY, "fte_impact"]}
        form = _bound(world, **sent)
        assert form.is_valid(), (sent, form.errors)
        assert [form.cleaned_data[name] for name in MONEY] == [money] * 3
        assert form.cleaned_data["fte_impact"] == fte


def test_prefilled_values_are_shown_in_flemish_notation(world):
    advies = AdviesFactory(
        dienst=world.dienst, savings_recurring=Decimal("42500"), fte_impact=Decimal("0.50")
    )
    with translation.override("nl"):
        form = AdviesForm(instance=advies)
        assert _shown(form, "savings_recurring") == "42.500,00"
        assert _shown(form, "fte_impact") == "0,5"
    assert 'inputmode="decimal"' in str(form["savings_recurring"])
    assert 'type="number"' not in str(form["fte_impact"])


@pytest.mark.parametrize(
    ("typed", "value"),
    [("42.500", "42500"), ("42.500,00", "42500"), ("€ 42.500", "42500"), ("42500.00", "42500")],
)
def test_amounts_typed_as_people_type_them(world, typed, value):
    form = _bound(world, savings_recurring=typed, fte_impact="0,5")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["savings_recurring"] == Decimal(value)
    assert form.cleaned_data["fte_impact"] == Decimal("0.5")


def test_an_ambiguous_amount_is_refused_at_the_field_and_kept(client, world):
    CycleFactory()
    client.force_login(world.diensthoofd)
    response = client.post(
        reverse("optimalisatie:advies-create"),
        {**FORM, "dienst": world.dienst.pk, "savings_recurring": "42,500", "fte_impact": "05,5"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "op twee manieren" in " ".join(errors["savings_recurring"])  # 42.500 or 42,5?
    assert 'value="42,500"' in response.content.decode()
    assert not Advies.objects.exists()


def test_what_changed_since_shows_the_figures_as_typed(world):
    """The manager's view of what changed: "0,5 → 1" and "€ 42.500,00", never "5 → 1"."""
    advies = AdviesFactory(
        dienst=world.dienst, savings_recurring=Decimal("42500"), fte_impact=Decimal("0.5")
    )
    advies_transition(advies=advies, action="submit", by=world.diensthoofd)
    advies_transition(advies=advies, action="return", by=world.manager, reason="VTE?")
    Advies.objects.filter(pk=advies.pk).update(
        fte_impact=Decimal("1"), savings_recurring=Decimal("12000")
    )
    advies.refresh_from_db()
    advies_transition(advies=advies, action="submit", by=world.diensthoofd)
    first, second = advies.versions.all()
    with translation.override("nl"):
        changes = {str(label): str(diff) for label, diff in version_changes(first, second)}
    assert "0,5" in changes["impact op VTE"] and ">1<" in changes["impact op VTE"]
    savings = changes["recurrente besparingen (€ per jaar)"]
    assert re.search(r"<del>.*42\.500,00</del>.*<ins>.*12\.000,00</ins>", savings), savings


def test_the_cycle_form_takes_targets_as_typed_and_dates_in_2000_to_2100(world):
    cycle = CycleFactory()
    data = {
        "title": cycle.title,
        "term": cycle.term.pk,
        "phase": cycle.phase,
        "preparation_until": "0001-01-01",
        "advices_until": "2099-03-31",
        "manager_review_until": "2099-04-30",
        "mt_validation_until": "2099-05-31",
        "college_decision_until": "2099-06-30",
        "implementation_until": "9999-12-31",
        "target_recurring": "250.000",
        "target_one_off": "€ 12.500,50",
        "target_fte": "2,5",
    }
    form = CycleForm(data, instance=Cycle.objects.get(pk=cycle.pk))
    assert not form.is_valid()
    assert set(form.errors) == {"preparation_until", "implementation_until"}
    assert "2000" in form.errors["preparation_until"][0]
    assert form.cleaned_data["target_recurring"] == Decimal("250000")
    assert form.cleaned_data["target_one_off"] == Decimal("12500.50")
    assert form.cleaned_data["target_fte"] == Decimal("2.5")
    assert 'max="2100-12-31"' in str(form["advices_until"])
    target = DomainTargetForm({"domain": world.dienst.domain.pk, "target_recurring": "80.000"})
    assert target.is_valid() and target.cleaned_data["target_recurring"] == Decimal("80000")


def test_the_search_is_at_most_200_characters(client, world):
    client.force_login(world.manager)
    assert 'maxlength="200"' in str(AdviesFilterForm()["q"])
    response = client.get(reverse("optimalisatie:advies-list"), {"q": "x" * 500})
    assert response.status_code == 200
    assert response.context["form"].errors["q"]  # said at the field, the list unfiltered
