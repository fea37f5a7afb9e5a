"""The college's progress report (PDF through the shared renderer, charts as SVG), its place
on a college agenda as "voortgangsrapport", and the XLSX export with a sheet per level."""

from __future__ import annotations

import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Bestuur
from core.audit import audit_record
from core.pdf import render_pdf
from optimalisatie.models import Advies

from . import charts
from .constants import APPROVED_STATES, ActionStatus, Health
from .models import Action, ProgressReport
from .progress import cycle_results

TEMPLATE = "uitvoering/pdf/voortgangsrapport.html"


def college_results(cycle, today=None):
    """The figures as the college sees them: every approved advice of the cycle."""
    return cycle_results(
        Advies.objects.filter(cycle=cycle, state__in=APPROVED_STATES), cycle, today
    )


def chart_context(results) -> dict:
    return {
        "year_chart": charts.year_chart(results["by_year"], results["cycle"].target_recurring),
        "domain_chart": charts.breakdown_chart(results["per_domain"]),
        "dienst_chart": charts.breakdown_chart(results["per_dienst"]),
        "breakdowns": [
            (results["per_domain"], _("Per policy domain")),
            (results["per_dienst"], _("Per department")),
        ],
    }


def report_pdf(cycle, today=None) -> bytes:
    results = college_results(cycle, today)
    context = {
        **results,
        **chart_context(results),
        "bestuur": Bestuur.load(),
        "made_at": timezone.localtime(),
    }
    return render_pdf(TEMPLATE, context)[1]


@transaction.atomic
def report_to_college(*, cycle, by):
    """Freeze the progress report as it is now and put it on the next planned college meeting;
    without one, the report waits among the candidates for the college's agenda."""
    from django.core.exceptions import PermissionDenied

    from accounts.constants import OrgaanType
    from vergaderingen.services import add_to_next_meeting

    from . import access

    if not access.may_report_to_college(by):
        raise PermissionDenied(
            _("Only the algemeen directeur or the financieel directeur do this.")
        )
    report = ProgressReport.objects.create(cycle=cycle, created_by=by, pdf=report_pdf(cycle))
    audit_record(actor=by, action="voortgangsrapport.create", target=report)
    meeting = add_to_next_meeting(orgaan_type=OrgaanType.COLLEGE, subject=report, by=by)
    return report, meeting


# --- XLSX ---------------------------------------------------------------------------------------


def _pct(value):
    return float(value) if value is not None else None


def xlsx(results, advices_qs) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    bold = Font(bold=True)

    def sheet(title, header, rows, first=False):
        ws = workbook.active if first else workbook.create_sheet()
        ws.title = title
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append(row)
        ws.freeze_panes = "A2"
        for column in ws.columns:
            width = max(len(str(c.value or "")) for c in column)
            ws.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)

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
        first=True,
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
    health = dict(Health.choices)
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
                a.title,
                a.dienst.name,
                a.dienst.domain.name,
                a.get_state_display(),
                a.approved_total,
                a.realised_total,
                a.approved_total - a.realised_total,
                a.waiting_total,
                _pct(a.progress),
                str(health.get(a.health, "")) if a.health else "",
            ]
            for a in results["advices"]
        ],
    )
    statuses = dict(ActionStatus.choices)
    actions = (
        Action.objects.filter(plan__advies__in=advices_qs.values("pk"))
        .select_related("plan__advies__dienst", "owner")
        .order_by("plan__advies__title", "due", "pk")
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
        [
            [
                a.plan.advies.title,
                a.plan.advies.dienst.name,
                a.title,
                a.owner.full_name,
                a.start,
                a.due,
                a.weight,
                str(statuses.get(a.status, a.status)),
                a.blocked_reason,
            ]
            for a in actions
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
