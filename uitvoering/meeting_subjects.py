"""The college's progress report as an agenda item "voortgangsrapport" (the
vergaderingen.subjects protocol): the college takes note of it, or does not accept it."""

from django.urls import reverse

from accounts.constants import OrgaanType
from core.transitions import transition_run
from vergaderingen import subjects
from vergaderingen.constants import DecisionOutcome

from .constants import ReportOutcome
from .models import ProgressReport

# The college's decision: (the report's transition, the audit action). Postponed: it stays a
# candidate for a next agenda.
OUTCOMES = {
    DecisionOutcome.APPROVED: ("note", "progress-report.noted"),
    DecisionOutcome.REJECTED: ("reject", "progress-report.rejected"),
}


def decide(report, outcome, by, **context):
    """Approved: the college took note. Rejected: it did not accept the report."""
    step = OUTCOMES.get(str(outcome))
    if step is None:
        return
    method, action = step
    decision = context.get("decision")
    transition_run(
        report,
        method,
        by=by,
        action=action,
        state_field="outcome",
        reason=getattr(decision, "motivation", ""),
        data={
            "decision": getattr(decision, "pk", None),
            "reference": getattr(decision, "reference_label", ""),
        },
    )


def register():
    subjects.register(
        ProgressReport,
        title=str,
        decide=decide,
        url=lambda r: reverse("uitvoering:report-pdf", args=[r.pk]),
        candidates=lambda orgaan: (
            list(ProgressReport.objects.filter(outcome=ReportOutcome.OPEN).select_related("cycle"))
            if orgaan.type == OrgaanType.COLLEGE
            else []
        ),
    )
