"""The results of a cycle are read from a summary table the services keep up to date in the
same transaction (uitvoering.summary): a change shows at once, the health figures follow the
calendar, a person sees the rows of what they may see plus what they see besides, and the
names come fresh. The cycle's stamp (core.kept) still rises with every change, for the
figures other pages keep."""

import datetime
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import kept
from optimalisatie.constants import AdviesState
from optimalisatie.models import Advies
from optimalisatie.services import college_decision
from tests.optimalisatie.factories import AdviesFactory
from uitvoering import services
from uitvoering.constants import ActionStatus as S
from uitvoering.constants import SavingState
from uitvoering.models import Action, RealisedSaving

from .conftest import action_form, approved, running
from .factories import RealisedSavingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the new stamp), as a real request's commit would."""
    return django_capture_on_commit_callbacks


def page(client, user, cycle_id, query=""):
    client.force_login(user)
    response = client.get(reverse("uitvoering:results", args=[cycle_id]) + query)
    assert response.status_code == 200
    return response.content.decode()


def figure(text, testid):
    return re.search(rf'data-testid="{testid}">(.*?)</p>', text, re.S).group(1)


def stamp(cycle_id):
    return kept.stamp("cycle", cycle_id)


def test_the_figures_follow_a_service_change_at_once_without_aggregating(client, world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 10), ("B", 3, S.IN_PROGRESS, 10)])
    ad = world.algemeen_directeur
    with CaptureQueriesContext(connection) as read:
        assert "0&nbsp;%" in figure(page(client, ad, advies.cycle_id), "voortgang")
    assert not any("uitvoering_expectedsaving" in q["sql"] for q in read.captured_queries)

    services.action_status(
        advies=advies, action=advies.plan.actions.get(title="B"), by=world.staff, status=S.DONE
    )  # no commit needed: the summary changed within the service's transaction
    with CaptureQueriesContext(connection) as read:
        text = page(client, ad, advies.cycle_id)
    assert "75&nbsp;%" in figure(text, "voortgang")
    assert not any("uitvoering_expectedsaving" in q["sql"] for q in read.captured_queries)


@pytest.mark.parametrize(
    "viewer", ["algemeen_directeur", "diensthoofd", "other_diensthoofd", "staff", "manager"]
)
def test_the_summary_equals_the_figures_computed_from_the_advices(world, viewer):
    """Whatever the services did, what a person reads (their rows plus what they see besides)
    equals the figures computed anew from the advices they may see, risks in the same order."""
    from tests.accounts.factories import DienstFactory
    from uitvoering import summary
    from uitvoering.access import cycle_advices_for
    from uitvoering.progress import at_risk, cycle_figures

    a = running(world, [("A", 1, S.DONE, -5), ("B", 2, S.BLOCKED, 9)], title="Alfa")
    running(world, [("C", 1, S.IN_PROGRESS, -40)], title="Beta", forwarded_at=None)
    elsewhere = running(
        world, [("D", 3, S.IN_PROGRESS, -3)], title="Gamma", dienst=world.other_dienst
    )
    Action.objects.filter(plan=elsewhere.plan).update(owner=world.other_diensthoofd)
    running(world, [("E", 1, S.IN_PROGRESS, 4)], title="Delta", dienst=DienstFactory())
    RealisedSavingFactory(plan=a.plan, year=2027, amount=Decimal("250"), validated=True)
    RealisedSavingFactory(plan=elsewhere.plan, year=2026, amount=Decimal("75"))
    services.advies_stop(advies=a, by=world.manager, reason="Geen budget meer.")

    person = getattr(world, viewer)
    cycle = a.cycle
    advices, whole = cycle_advices_for(person, cycle)
    today = timezone.localdate()
    read, risks = summary.results(person, cycle, advices, whole_cycle=whole)
    computed = cycle_figures(advices, cycle, today)
    assert read["totals"] == computed["totals"]
    assert read["by_year"] == computed["by_year"]
    fields = ("id", "n", "approved", "realised", "progress_total", "progress_n")
    assert sorted(tuple(g[f] for f in fields) for g in read["per_dienst"]) == sorted(
        tuple(g[f] for f in fields) for g in computed["per_dienst"]
    )
    assert risks == list(at_risk(advices, today).values_list("pk", flat=True))
    assert read["totals"]["n"] > 0


def test_the_daily_job_refreshes_what_the_calendar_changed(world):
    from django.core.management import call_command

    from uitvoering.models import ResultSummary

    now = timezone.now()
    with time_machine.travel(now, tick=False):
        running(world, [("A", 1, S.IN_PROGRESS, 2)])
        row = ResultSummary.objects.get(forwarded=True)
        assert row.health["n_delayed"] == 0
        assert row.health_until == timezone.localdate() + datetime.timedelta(days=3)
    with time_machine.travel(now + datetime.timedelta(days=3), tick=False):
        call_command("send_reminders", stdout=io.StringIO())
        row.refresh_from_db()
        assert row.health["n_delayed"] == 1 and row.health_on == timezone.localdate()


def test_validated_savings_show_at_once(client, world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 10)])
    saving = RealisedSavingFactory(
        plan=advies.plan, year=2026, amount=Decimal("4321"), recorded_by=world.diensthoofd
    )
    assert "4.321" not in figure(
        page(client, world.algemeen_directeur, advies.cycle_id), "gerealiseerd"
    )
    services.saving_decide(saving=saving, by=world.mt_member, validate=True)
    assert RealisedSaving.objects.get().state == SavingState.VALIDATED
    text = page(client, world.algemeen_directeur, advies.cycle_id)
    assert "€ 4.321,00" in figure(text, "gerealiseerd")


def test_the_college_decision_and_every_implementation_service_raise_the_stamp(world, commits):
    advies = AdviesFactory(dienst=world.dienst, state=AdviesState.READY_FOR_COLLEGE)
    cycle_id = advies.cycle_id
    steps = [
        lambda: college_decision(advies, "goedgekeurd", world.algemeen_directeur),
        lambda: services.plan_get_or_create(advies=advies, by=world.diensthoofd),
        lambda: services.action_save(form=action_form(world), advies=advies, by=world.diensthoofd),
        lambda: services.plan_step(advies=advies, step="submit", by=world.diensthoofd),
        lambda: services.plan_step(advies=advies, step="approve", by=world.manager),
        lambda: services.health_override(
            advies=advies, by=world.diensthoofd, health="vertraagd", motivation="Ziekte."
        ),
        lambda: services.advies_stop(advies=advies, by=world.manager, reason="Budget geschrapt."),
    ]
    for step in steps:
        before = stamp(cycle_id)
        with commits(execute=True):
            step()
        advies = Advies.objects.select_related("plan").get(pk=advies.pk)
        assert stamp(cycle_id) > before


def test_a_refused_change_leaves_the_stamp_as_it_was(world, commits):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 10)])
    before = stamp(advies.cycle_id)
    with pytest.raises(PermissionDenied), commits(execute=True):
        services.advies_stop(advies=advies, by=world.staff, reason="Niet van mij.")
    assert stamp(advies.cycle_id) == before


def test_health_follows_the_calendar_without_any_change(client, world):
    """The rows' health figures hold until an action falls due; then the first request (or
    the daily job) refreshes them."""
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        advies = running(world, [("A", 1, S.IN_PROGRESS, 2)], title="Digitale facturen")
        text = page(client, world.algemeen_directeur, advies.cycle_id)
        assert "Geen enkel advies loopt risico of vertraging op." in text
    with time_machine.travel(now + datetime.timedelta(days=5), tick=False):
        text = page(client, world.algemeen_directeur, advies.cycle_id)
        risks = text.split('id="risico"')[1].split("</table>")[0]
        assert "Digitale facturen" in risks and "vertraagd" in risks


def test_a_person_sees_what_they_may_see_now(client, world):
    """The key holds the advices the person may see: owning an action of another department's
    plan shows its figures at once, though nothing in the cycle's results changed."""
    from tests.accounts.factories import DienstFactory

    mine = running(world, [("A", 1, S.IN_PROGRESS, 10)])
    elsewhere = running(
        world, [("B", 1, S.DONE, 10)], dienst=DienstFactory(cluster=world.dienst.cluster)
    )
    person = world.other_diensthoofd
    assert person.pk != mine.dienst.head_id
    text = page(client, person, elsewhere.cycle_id)
    assert "0 goedgekeurde adviezen" in text
    Action.objects.filter(plan=elsewhere.plan).update(owner=person)  # as if by the admin
    text = page(client, person, elsewhere.cycle_id)
    assert "1 goedgekeurd advies" in text
    assert "100&nbsp;%" in figure(text, "voortgang")


def test_names_are_read_fresh(client, world):
    advies = approved(world)
    assert "Sociale dienst" in page(client, world.algemeen_directeur, advies.cycle_id)
    world.dienst.name = "Dienst Welzijn"
    world.dienst.save(update_fields=["name"])
    text = page(client, world.algemeen_directeur, advies.cycle_id)
    assert "Dienst Welzijn" in text and "Sociale dienst" not in text


def test_every_change_to_a_plan_s_content_raises_the_stamp(
    client, world, commits, settings, tmp_path
):
    """Through the pages: each edit of a draft plan, each report on a running one and each
    decision on savings announces itself (core.figures), so the cycle's kept figures go."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import MilestoneFactory

    settings.MEDIA_ROOT = tmp_path  # the evidence file

    advies = approved(world)
    cycle_id = advies.cycle_id
    client.force_login(world.diensthoofd)

    def url(name, *args):
        return reverse(f"uitvoering:{name}", args=[advies.pk, *args])

    def raises(post, *, user=world.diensthoofd):
        client.force_login(user)
        before = stamp(cycle_id)
        with commits(execute=True):
            assert post().status_code == 302
        assert stamp(cycle_id) > before

    raises(lambda: client.post(url("plan-start")))
    action = {
        "actie-title": "Doen",
        "actie-owner": world.staff.pk,
        "actie-start": "2026-01-01",
        "actie-due": "2026-02-01",
        "actie-weight": "1",
    }
    raises(lambda: client.post(url("action-create"), action))
    raises(lambda: client.post(url("action-create"), action | {"actie-title": "Weg"}))
    gone = Action.objects.get(title="Weg")
    raises(lambda: client.post(url("action-delete", gone.pk), {"bevestigd": "1"}))
    raises(
        lambda: client.post(
            url("milestone-add"), {"mijlpaal-title": "Klaar", "mijlpaal-date": "2026-03-01"}
        )
    )
    milestone = advies.plan.milestones.get()
    raises(lambda: client.post(url("milestone-reached", milestone.pk)))
    raises(lambda: client.post(url("milestone-not-reached", milestone.pk)))
    raises(lambda: client.post(url("milestone-delete", milestone.pk), {"bevestigd": "1"}))
    plan = advies.plan
    plan.refresh_from_db()
    raises(
        lambda: client.post(
            url("expected-edit"),
            {
                "plan-lock_version": plan.lock_version,
                "jaar-TOTAL_FORMS": "1",
                "jaar-INITIAL_FORMS": "0",
                "jaar-0-year": "2031",
                "jaar-0-amount": "100",
            },
        )
    )
    raises(lambda: client.post(url("plan-submit")))
    raises(lambda: client.post(url("plan-approve")), user=world.manager)
    raises(
        lambda: client.post(
            url("saving-create"),
            {
                "besparing-year": "2026",
                "besparing-amount": "10",
                "besparing-evidence": SimpleUploadedFile("factuur.pdf", b"%PDF-1.4"),
            },
        )
    )
    saving = RealisedSaving.objects.get()
    raises(
        lambda: client.post(
            url("saving-send-back", saving.pk),
            {f"besparing-{saving.pk}-reason": "Welke factuur?", "bevestigd": "1"},
        ),
        user=world.mt_member,
    )
    saving.refresh_from_db()
    raises(
        lambda: client.post(
            url("saving-edit", saving.pk),
            {
                "besparing-year": "2026",
                "besparing-amount": "12",
                "besparing-note": "Factuur 12",
                "besparing-lock_version": saving.lock_version,
            },
        )
    )
    saving.refresh_from_db()
    assert (saving.state, saving.amount, saving.evidence_name) == (
        SavingState.SUBMITTED,
        Decimal("12"),
        "factuur.pdf",
    )
    raises(lambda: client.post(url("saving-validate", saving.pk)), user=world.mt_member)
    MilestoneFactory(plan=plan)
    raises(
        lambda: client.post(
            url("advies-stop"), {"stop-reason": "Geen budget meer.", "bevestigd": "1"}
        )
    )


def test_rebuild_summaries_repairs_both_tables(world):
    """After a write past the services (here: the rows themselves wiped), the command writes
    what the services would have kept."""
    from django.core.management import call_command

    from optimalisatie.models import AdviesSummary
    from uitvoering.models import ResultSummary

    running(world, [("A", 1, S.IN_PROGRESS, 2)])
    kept_results = sorted(ResultSummary.objects.values_list("dienst", "forwarded", "figures"))
    kept_advices = sorted(AdviesSummary.objects.values_list("dienst", "state", "advices"))
    ResultSummary.objects.all().delete()
    AdviesSummary.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_summaries", stdout=out)
    assert "Summaries rewritten" in out.getvalue()
    assert sorted(ResultSummary.objects.values_list("dienst", "forwarded", "figures")) == (
        kept_results
    )
    assert sorted(AdviesSummary.objects.values_list("dienst", "state", "advices")) == kept_advices


@pytest.mark.django_db(transaction=True)
def test_two_validations_in_one_department_at_once_are_both_counted(world):
    """Real concurrency (two threads, two connections): savings of two advices of the same
    department are validated at the same moment; the second refresh waits for the first's
    row lock (SQLite: one writer at a time) and counts its amount too."""
    import threading

    from uitvoering.models import ResultSummary

    savings = []
    for amount in ("100", "20"):
        advies = running(world, [("A", 1, S.IN_PROGRESS, 10)])
        savings.append(RealisedSavingFactory(plan=advies.plan, year=2026, amount=Decimal(amount)))
    barrier = threading.Barrier(2)
    errors = []

    def validate(saving):
        try:
            mine = RealisedSaving.objects.get(pk=saving.pk)
            barrier.wait(timeout=10)
            services.saving_decide(saving=mine, by=world.mt_member, validate=True)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=validate, args=(s,)) for s in savings]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    row = ResultSummary.objects.get(dienst=world.dienst, forwarded=True)
    assert {y: Decimal(v) for y, v in row.figures["validated"].items()} == {"2026": 120}
