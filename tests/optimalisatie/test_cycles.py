"""A cycle's phase moves by its transitions (the field is protected), and the algemeen
directeur draws up the exercise's afsprakennota from the cycle's page."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from afsprakennota import links as nota_links
from core.models import AuditEntry
from optimalisatie.constants import Phase
from optimalisatie.models import Cycle

from .factories import CycleFactory

pytestmark = pytest.mark.django_db


def _form_data(client, url):
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form.initial.get(name, "")
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    data.update(
        {
            "doelen-TOTAL_FORMS": "0",
            "doelen-INITIAL_FORMS": "0",
            "doelen-MIN_NUM_FORMS": "0",
            "doelen-MAX_NUM_FORMS": "50",
        }
    )
    return data


def test_the_phase_cannot_be_set_directly():
    cycle = CycleFactory()
    with pytest.raises(AttributeError):
        cycle.phase = Phase.CLOSED


def test_the_algemeen_directeur_moves_the_cycle_to_another_phase(client, world):
    cycle = CycleFactory(phase=Phase.ADVICES_OPEN)
    client.force_login(world.algemeen_directeur)
    url = reverse("optimalisatie:cycle-edit", args=[cycle.pk])
    data = _form_data(client, url)
    assert data["phase"] == Phase.ADVICES_OPEN
    response = client.post(url, {**data, "phase": Phase.MT_VALIDATION, "title": "Nieuwe titel"})
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.phase, cycle.title) == (Phase.MT_VALIDATION, "Nieuwe titel")
    entry = AuditEntry.objects.get(action="cycle.edit")
    assert (entry.from_state, entry.to_state) == (Phase.ADVICES_OPEN, Phase.MT_VALIDATION)
    assert set(entry.data["fields"]) == {"phase", "title"}

    client.post(url, {**data, "phase": Phase.CLOSED})
    cycle.refresh_from_db()
    assert (cycle.phase, cycle.is_open, cycle.is_open_marker) == (Phase.CLOSED, False, None)


def test_a_new_cycle_starts_in_preparation_with_a_draft_framework(client, world):
    client.force_login(world.algemeen_directeur)
    url = reverse("optimalisatie:cycle-create")
    data = _form_data(client, url)
    data.update(
        {
            "title": "Oefening 2027",
            "term": CycleFactory(closed=True).term_id,
            "phase": Phase.ADVICES_OPEN,
            "preparation_until": "2027-01-31",
            "advices_until": "2027-03-31",
            "manager_review_until": "2027-04-30",
            "mt_validation_until": "2027-05-31",
            "college_decision_until": "2027-06-30",
            "implementation_until": "2027-12-31",
            "target_recurring": "100000",
            "target_one_off": "0",
            "target_fte": "0",
        }
    )
    # its framework is a draft: it cannot start past preparation (the college sets it first)
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "college" in " ".join(refused.context["form"].errors["phase"])
    assert not Cycle.objects.filter(title="Oefening 2027").exists()
    data["phase"] = Phase.PREPARATION
    assert client.post(url, data).status_code == 302
    cycle = Cycle.objects.get(title="Oefening 2027")
    assert (cycle.phase, cycle.is_open) == (Phase.PREPARATION, True)
    assert cycle.framework_state == "ontwerp" and not cycle.framework_in_force
    assert AuditEntry.objects.get(action="cycle.create").to_state == Phase.PREPARATION


def test_a_second_open_cycle_is_refused(client, world):
    CycleFactory(phase=Phase.ADVICES_OPEN)
    closed = CycleFactory(closed=True)
    client.force_login(world.algemeen_directeur)
    url = reverse("optimalisatie:cycle-edit", args=[closed.pk])
    response = client.post(url, {**_form_data(client, url), "phase": Phase.ADVICES_OPEN})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    closed.refresh_from_db()
    assert closed.phase == Phase.CLOSED


def test_the_algemeen_directeur_draws_up_the_exercises_nota(client, world):
    cycle = CycleFactory()
    url = reverse("optimalisatie:cycle-nota-create", args=[cycle.pk])
    client.force_login(world.mt_member)  # takes part, does not draw it up
    assert client.post(url).status_code == 403
    client.force_login(world.staff)
    assert client.post(url).status_code == 404
    client.force_login(world.algemeen_directeur)
    page = client.get(reverse("optimalisatie:cycle-detail", args=[cycle.pk])).content.decode()
    assert f'action="{url}"' in page
    assert client.get(url).status_code == 405  # POST only

    response = client.post(url)
    cycle.refresh_from_db()
    nota = cycle.afsprakennota
    assert response.status_code == 302
    assert response.url == reverse("afsprakennota:detail", args=[nota.pk])
    assert cycle.title in nota.onderwerp and nota.articles.exists()
    assert AuditEntry.objects.get(action="cycle.afsprakennota").data == {"nota": nota.pk}
    cycle_url = reverse("optimalisatie:cycle-detail", args=[cycle.pk])
    assert nota_links.subject_links(nota) == [(cycle.title, cycle_url)]

    # once only
    response = client.post(url, follow=True)
    assert "heeft al een afsprakennota" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.afsprakennota == nota
    assert nota.__class__.objects.count() == 1


def test_old_audit_codes_are_rewritten_in_english(world):
    migration = importlib.import_module("optimalisatie.migrations.0007_english_audit_codes")
    for old in migration.CODES:
        AuditEntry.objects.create(action=old)
    AuditEntry.objects.create(action="advies.create")
    [operation] = migration.Migration.operations
    operation.code(apps, None)
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == sorted(
        [*migration.CODES.values(), "advies.create"]
    )
    operation.reverse_code(apps, None)
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        *migration.CODES,
        "advies.create",
    }
