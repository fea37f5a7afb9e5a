"""The college's progress report as an agenda item "voortgangsrapport" (the
vergaderingen.subjects protocol): the college takes note of it, or does not accept it."""

from django.urls import reverse

from accounts.constants import OrgaanType
from core.audit import audit_record
from vergaderingen import subjects

from .constants import ReportOutcome
from .models import ProgressReport

OUTCOMES = {"goedgekeurd": ReportOutcome.NOTED, "afgewezen": ReportOutcome.REJECTED}
# The audit action of each outcome.
AUDIT_ACTIONS = {
    ReportOutcome.NOTED: "progress-report.noted",
    ReportOutcome.REJECTED: "progress-report.rejected",
}


def decide(report, outcome, by, **context):
    """Goedgekeurd: the college took note. Afgewezen: it did not accept the report.
    Uitgesteld: it stays a candidate for a next agenda."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    new = OUTCOMES.get(str(outcome))
    if new is None:
        return
    before = report.outcome
    report.outcome = new
    report.save(update_fields=["outcome"])
    audit_record(
        actor=by,
        action=AUDIT_ACTIONS[new],
        target=report,
        from_state=before,
        to_state=new,
    )


def register():
    subjects.register(
        ProgressReport,
        title=str,
        decide=decide,
        url=lambda r: reverse("uitvoering:report-pdf", args=[r.pk]),
        candidates=lambda orgaan: (
            list(ProgressReport.objects.filter(outcome="").select_related("cycle"))
            if orgaan.type == OrgaanType.COLLEGE
            else []
        ),
    )
