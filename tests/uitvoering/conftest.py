import datetime

from optimalisatie.constants import AdviesState
from tests.optimalisatie.conftest import world  # noqa: F401 (the shared organisation)
from tests.optimalisatie.factories import AdviesFactory

from .factories import STATUS_TRAITS, ActionFactory, PlanFactory


def approved(world, **kwargs):  # noqa: F811
    """An advice the college approved, in the world's department unless told otherwise."""
    kwargs.setdefault("dienst", world.dienst)
    kwargs.setdefault("state", AdviesState.APPROVED)
    return AdviesFactory(**kwargs)


def running(world, actions=(), **kwargs):  # noqa: F811
    """An advice being implemented, with an approved plan and the given actions of the
    world's staff member: (title, weight, status, due) with due a date or a number of days
    from today."""
    from django.utils import timezone

    advies = approved(world, state=AdviesState.IN_IMPLEMENTATION, **kwargs)
    plan = PlanFactory(advies=advies, approved=True, approved_by=world.manager)
    today = timezone.localdate()
    for title, weight, status, due in actions:
        if isinstance(due, int):
            due = today + datetime.timedelta(days=due)
        ActionFactory(
            plan=plan,
            title=title,
            owner=world.staff,
            due=due,
            weight=weight,
            **{STATUS_TRAITS[status]: True},
        )
    advies.refresh_from_db()
    return advies


def action_form(world, **data):  # noqa: F811
    """A valid ActionForm for an action of the world's staff member."""
    from uitvoering.forms import ActionForm

    fields = {
        "title": "Doen",
        "owner": world.staff.pk,
        "start": "2026-01-01",
        "due": "2026-02-01",
        "weight": 1,
    }
    form = ActionForm(data=fields | data)
    assert form.is_valid(), form.errors
    return form


def exported(client, cycle_id):
    """The results XLSX as a person gets it: asked for on the results page, built by the
    worker (core.exports; tasks run at once here), downloaded from the export's page."""
    from django.http import HttpResponse
    from django.test import TestCase
    from django.urls import reverse

    with TestCase.captureOnCommitCallbacks(execute=True):
        asked = client.post(reverse("uitvoering:results-xlsx", args=[cycle_id]))
    assert asked.status_code == 302, asked.status_code
    page = client.get(asked["Location"])
    assert page.status_code == 200 and 'data-testid="export-ready"' in page.content.decode()
    download = client.get(asked["Location"] + "bestand/")
    assert download.status_code == 200
    return HttpResponse(b"".join(download.streaming_content), headers=dict(download.headers))
