"""The college's progress report (PDF through the shared renderer, charts as SVG), its place
on a college agenda as "voortgangsrapport", and the XLSX export with a sheet per level."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Bestuur
from core.audit import audit_record
from core.pdf import render_pdf
from core.spreadsheets import Book
from optimalisatie.constants import AdviesState

from . import access, charts
from .access import college_advices
from .constants import ActionStatus, Health
from .models import Action, ProgressReport
from .progress import advice_rows, at_risk, cycle_results, decorate

TEMPLATE = "uitvoering/pdf/voortgangsrapport.html"


def college_results(cycle, today=None):
    return cycle_results(college_advices(cycle), cycle, today)


def chart_context(results, *, departments=None) -> dict:
    """The charts, and the tables per domain and per department: on a page only the first
    `departments` (those with the largest approved savings), with how many more there are."""
    per_dienst = results["per_dienst"]
    shown = per_dienst[:departments] if departments else per_dienst
    return {
        "year_chart": charts.year_chart(results["by_year"], results["cycle"].target_recurring),
        "domain_chart": charts.breakdown_chart(results["per_domain"]),
        "dienst_chart": charts.breakdown_chart(per_dienst),
        "breakdowns": [
            (results["per_domain"], _("Per policy domain"), 0, "per-domein"),
            (shown, _("Per department"), len(per_dienst) - len(shown), "per-dienst"),
        ],
    }


def report_context(cycle, today=None) -> dict:
    """The progress report's figures: all of them, every department and every risk."""
    results = college_results(cycle, today)
    return {
        **results,
        **chart_context(results),
        "at_risk": [decorate(a) for a in at_risk(college_advices(cycle), results["today"])],
        "bestuur": Bestuur.load(),
        "made_at": timezone.localtime(),
    }


def report_pdf(cycle, today=None) -> bytes:
    return render_pdf(TEMPLATE, report_context(cycle, today))[1]


@transaction.atomic
def report_to_college(*, cycle, by):
    """Freeze the progress report as it is now and put it on the next planned college meeting;
    without one, the report waits among the candidates for the college's agenda."""
    from django.core.exceptions import PermissionDenied

    from accounts.constants import OrgaanType
    from vergaderingen.services import add_to_next_meeting

    if not access.may_report_to_college(by):
        raise PermissionDenied(
            _("Only the algemeen directeur or the financieel directeur do this.")
        )
    report = ProgressReport.objects.create(cycle=cycle, created_by=by, pdf=report_pdf(cycle))
    audit_record(actor=by, action="progress-report.create", target=report)
    meeting = add_to_next_meeting(orgaan_type=OrgaanType.COLLEGE, subject=report, by=by)
    return report, meeting


# --- XLSX ---------------------------------------------------------------------------------------


def _pct(value):
    return float(value) if value is not None else None


def build_results_xlsx(export, progress) -> bytes:
    """core.exports' builder of "results-xlsx": the owner's results of the cycle, checked
    again (a mandate may have ended since), in the language they asked in."""
    from django.utils import translation

    with translation.override(export.params.get("language")):
        cycle = access.get_cycle_for(export.owner, export.params["cycle"])
        advices, _whole_cycle = access.cycle_advices_for(export.owner, cycle)
        results = cycle_results(advices, cycle)
        progress(30)
        book = xlsx(results, advices)
        progress(90)
        return book.save()


def xlsx(results, advices_qs) -> Book:
    """A sheet per level, written through core.spreadsheets (every cell safe: an action's
    title "=HYPERLINK(...)" or an owner imported as "=cmd|..." stays text), row by row: a
    cycle of a large city has ten thousand advices and their actions."""
    book = Book()
    sheet = book.sheet

    cycle, totals = results["cycle"], results["totals"]
    amounts = [_("Approved savings (€)"), _("Realised savings, validated (€)"), _("Gap (€)")]
    sheet(
        _("Cycle"),
        [_("Year"), _("Target (€)"), *amounts, _("Waiting for validation (€)")],
        [
            [r["year"], r["target"], r["approved"], r["realised"], r["gap"], r["waiting"]]
            for r in results["by_year"]
        ]
        + [
            [
                _("Total"),
                None,
                totals["approved"],
                totals["realised"],
                totals["gap"],
                totals["waiting"],
            ],
            [_("Progress (%)"), _pct(totals["progress"])],
            [_("Cycle"), cycle.title],
        ],
    )
    level = [_("Advices"), *amounts, _("Progress (%)")]
    for title, rows in (
        (_("Domains"), results["per_domain"]),
        (_("Departments"), results["per_dienst"]),
    ):
        sheet(
            title,
            [_("Name"), *level],
            [
                [r["name"], r["n"], r["approved"], r["realised"], r["gap"], _pct(r["progress"])]
                for r in rows
            ],
        )
    health, states = dict(Health.choices), dict(AdviesState.choices)
    sheet(
        _("Advices"),
        [
            _("Advice"),
            _("Department"),
            _("Domain"),
            _("State"),
            *amounts,
            _("Waiting for validation (€)"),
            _("Progress (%)"),
            _("Health"),
        ],
        [
            [
                a["title"],
                a["dienst__name"],
                a["dienst__domain__name"],
                str(states.get(a["state"], a["state"])),
                a["approved"],
                a["realised"],
                a["approved"] - a["realised"],
                a["waiting"],
                _pct(a["progress"]),
                str(health.get(a["health"], "")) if a["health"] else "",
            ]
            for a in advice_rows(advices_qs, cycle, results["today"])
        ],
    )
    statuses = dict(ActionStatus.choices)
    actions = (
        Action.objects.filter(plan__advies__in=advices_qs.values("pk"))
        .order_by("plan__advies__title", "due", "pk")
        .values_list(
            "plan__advies__title",
            "plan__advies__dienst__name",
            "title",
            "owner__full_name",
            "start",
            "due",
            "weight",
            "status",
            "blocked_reason",
        )  # fmt: skip
    )
    sheet(
        _("Actions"),
        [
            _("Advice"),
            _("Department"),
            _("Action"),
            _("Owner"),
            _("Start date"),
            _("Due date"),
            _("Weight"),
            _("Status"),
            _("Why it is blocked"),
        ],
        [[*row[:7], str(statuses.get(row[7], row[7])), row[8]] for row in actions],
    )
    return book
