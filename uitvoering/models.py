"""Implementation of approved advices: plans with weighted actions and milestones, expected and
realised savings, reminders sent, and the progress reports put before the college."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from optimalisatie.models import Advies, Cycle

from .constants import ActionStatus, Health, PlanState, ReportOutcome, SavingState

ZERO = Decimal("0")
NOT_NEGATIVE = [MinValueValidator(ZERO, message=_("Enter zero or a positive amount."))]
YEARS = [
    MinValueValidator(2000, message=_("Enter a calendar year, such as 2027.")),
    MaxValueValidator(2100, message=_("Enter a calendar year, such as 2027.")),
]


def money(verbose_name):
    return models.DecimalField(
        verbose_name, max_digits=14, decimal_places=2, validators=NOT_NEGATIVE
    )


class Plan(ConcurrentTransitionMixin, models.Model):
    """The diensthoofd's implementation plan of one approved advice; the manager approves it.

    Progress is never typed in: it follows from the weighted actions (uitvoering.progress).
    """

    advies = models.OneToOneField(
        Advies, on_delete=models.CASCADE, related_name="plan", verbose_name=_("advice")
    )
    state = FSMField(
        _("state"),
        max_length=20,
        choices=PlanState.choices,
        default=PlanState.DRAFT,
        protected=True,
    )
    lock_version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The diensthoofd may override the derived health, with a motivation.
    health_override = models.CharField(
        _("health"), max_length=20, choices=Health.choices, blank=True
    )
    health_motivation = models.TextField(_("motivation"), blank=True)
    health_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    health_override_at = models.DateTimeField(null=True, blank=True)
    # The manager sent the submitted plan back: why, by whom, when (cleared on submitting
    # again), so that the plan reads as sent back rather than as a new draft.
    return_reason = models.TextField(_("reason for sending back"), blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    # When the advice ended (gerealiseerd or stopgezet), and why it was stopped.
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Figures of the actions and milestones, recomputed by uitvoering.progress.refresh_figures
    # whenever they change (core.figures.figures_changed(plan) calls it), so that lists and the
    # results aggregate them in SQL instead of loading every action. Progress and health are
    # derived from them (with today's date).
    total_weight = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    done_weight = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    oldest_open_due = models.DateField(null=True, blank=True, editable=False)
    blocked = models.BooleanField(default=False, db_default=False, editable=False)
    next_milestone = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")

    def __str__(self):
        return str(_("Implementation plan: %(title)s") % {"title": self.advies.title})

    @property
    def is_returned(self) -> bool:
        """A draft again because the manager sent it back (not a new or revised draft)."""
        return self.state == PlanState.DRAFT and self.returned_at is not None

    def state_label(self):
        """The plan's state as what happened: "sent back by the manager" or "under
        revision" rather than "draft"."""
        if self.is_returned:
            return _("sent back by the manager")
        if self.state == PlanState.DRAFT and self.approved_at is not None:
            return _("under revision")
        return self.get_state_display()

    @transition(field=state, source=PlanState.DRAFT, target=PlanState.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=PlanState.SUBMITTED, target=PlanState.APPROVED)
    def approve(self):
        pass

    @transition(field=state, source=PlanState.SUBMITTED, target=PlanState.DRAFT)
    def send_back(self):
        pass

    @transition(field=state, source=PlanState.APPROVED, target=PlanState.DRAFT)
    def revise(self):
        pass


class Action(FSMModelMixin, models.Model):
    """A weighted step of the plan, with its owner. Its status may go from any status to any
    other (the owner reports what is so); the services say who may and what it needs."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(pgettext_lazy("implementation", "action"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="implementation_actions",
        verbose_name=_("owner"),
    )
    start = models.DateField(_("start date"))
    due = models.DateField(_("due date"))
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[
            MinValueValidator(1, message=_("The weight is a whole number from 1 to 100.")),
            MaxValueValidator(100, message=_("The weight is a whole number from 1 to 100.")),
        ],
        help_text=_("How much this action counts in the progress, from 1 to 100."),
    )
    status = FSMField(
        _("status"),
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.PLANNED,
        protected=True,
    )
    blocked_reason = models.TextField(_("why it is blocked"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = pgettext_lazy("implementation", "action")
        verbose_name_plural = _("actions")
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(due__gte=F("start")), name="action_due_after_start"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100), name="action_weight_1_100"
            ),
        ]
        indexes = [models.Index(fields=["owner", "status", "due"])]

    def __str__(self):
        return self.title

    @transition(field=status, source="*", target=RETURN_VALUE(*ActionStatus.values))
    def set_status(self, status):
        """Any status may follow any other (uitvoering.services.action_status)."""
        return status


class Milestone(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    date = models.DateField(_("date"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "pk"]

    def __str__(self):
        return self.title


class ExpectedSaving(models.Model):
    """What the plan expects to save in one calendar year."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="expected_savings")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    amount = money(_("expected savings (€)"))

    class Meta:
        verbose_name = _("expected savings")
        verbose_name_plural = _("expected savings")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="one_expected_saving_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="expected_not_negative"),
        ]

    def __str__(self):
        return f"{self.year}: {self.amount}"


def _evidence_path(instance, filename):
    return f"besparingen/{instance.plan.advies_id}/{filename}"


class RealisedSaving(ConcurrentTransitionMixin, models.Model):
    """Savings the diensthoofd says were realised in a year; they count once the financieel
    directeur validated them."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="realised_savings")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    amount = money(_("realised savings (€)"))
    note = models.TextField(
        _("evidence"), blank=True, help_text=_("How the amount was established.")
    )
    evidence = models.FileField(_("evidence (file)"), upload_to=_evidence_path, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    state = FSMField(
        _("state"),
        max_length=20,
        choices=SavingState.choices,
        default=SavingState.SUBMITTED,
        protected=True,
    )
    lock_version = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("realised savings")
        verbose_name_plural = _("realised savings")
        ordering = ["year", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="realised_not_negative"),
        ]
        indexes = [models.Index(fields=["state", "recorded_at"])]

    def __str__(self):
        return f"{self.plan.advies.title} {self.year}: {self.amount}"

    @transition(field=state, source=SavingState.SUBMITTED, target=SavingState.VALIDATED)
    def validate(self):
        pass

    @transition(field=state, source=SavingState.SUBMITTED, target=SavingState.SENT_BACK)
    def send_back(self):
        pass

    @transition(field=state, source=SavingState.SENT_BACK, target=SavingState.SUBMITTED)
    def resubmit(self):
        pass


class Reminder(models.Model):
    """A reminder sent: the key names what it is about, so nothing goes twice on one day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key", "day"], name="one_reminder_a_day")
        ]

    def __str__(self):
        return f"{self.user} {self.key} {self.day}"


class ProgressReport(FSMModelMixin, models.Model):
    """A progress report as it was put before the college: the PDF is kept as made. The
    college's decision on it sets its outcome (uitvoering.meeting_subjects)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="progress_reports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    pdf = models.BinaryField()
    outcome = FSMField(
        _("outcome"),
        max_length=20,
        choices=ReportOutcome.choices,
        blank=True,
        default=ReportOutcome.OPEN,
        protected=True,
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created_at"]

    def __str__(self):
        return str(
            _("Progress report %(cycle)s of %(date)s")
            % {
                "cycle": self.cycle.title,
                "date": timezone.localtime(self.created_at).strftime("%d/%m/%Y"),
            }
        )

    # The college decides on the report once; should it decide again, the last decision holds.
    @transition(field=outcome, source="*", target=ReportOutcome.NOTED)
    def note(self):
        pass

    @transition(field=outcome, source="*", target=ReportOutcome.REJECTED)
    def reject(self):
        pass


class ResultSummary(models.Model):
    """The results' figures of one department's approved advices in a cycle, kept up to date by
    the services (uitvoering.summary): the results page adds up these rows instead of
    aggregating thousands of advices and savings on every request.

    One row per cycle, department and moment (`forwarded`: whether the advices reached the
    responsible schepen, who sees them from then on), so that a person who sees some
    departments gets exactly their figures. `figures` holds what does not depend on the date
    (counts, progress sums, savings per year); `health` what does (the advices at risk or
    delayed), valid from `health_on` until the day before `health_until`."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    dienst = models.ForeignKey("accounts.Dienst", on_delete=models.CASCADE, related_name="+")
    forwarded = models.BooleanField()
    # how many approved advices the row counts: rows without any are not read
    advices = models.PositiveIntegerField(default=0)
    figures = models.JSONField(default=dict)
    health = models.JSONField(default=dict)
    health_on = models.DateField(null=True)
    health_until = models.DateField(null=True)

    class Meta:
        verbose_name = _("results summary")
        verbose_name_plural = _("results summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "dienst", "forwarded"], name="result_summary_unique"
            )
        ]

    def __str__(self):
        return f"{self.cycle_id}/{self.dienst_id}/{self.forwarded}"
