from decimal import Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from accounts.models import Beleidsdomein, Dienst, Term

from .access import advies_visibility_key, advies_visible_q
from .constants import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    COLLEGE_DECIDABLE,
    WITHDRAWABLE,
    AdviesState,
    BundleState,
    Category,
    FrameworkState,
    Phase,
    PriorityLevel,
)

ZERO = Decimal("0")
NOT_NEGATIVE = [MinValueValidator(ZERO, message=_("Savings and costs cannot be negative."))]


def money(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        default=ZERO,
        validators=NOT_NEGATIVE,
        **kwargs,
    )


class CycleQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(phase=Phase.CLOSED)


class Cycle(ConcurrentTransitionMixin, models.Model):
    """One optimisation exercise (optimalisatie-oefening), with its budgetary framework.

    The algemeen directeur moves it from phase to phase (services.cycle_save): one transition,
    `move_to`, from any phase to the one the cycle's form picks."""

    title = models.CharField(_("title"), max_length=200)
    term = models.ForeignKey(Term, on_delete=models.PROTECT, verbose_name=_("term of office"))
    phase = FSMField(
        _("phase"),
        max_length=20,
        choices=Phase.choices,
        default=Phase.PREPARATION,
        protected=True,
    )
    # Deadlines per phase: the last day of each.
    preparation_until = models.DateField(_("preparation until"))
    advices_until = models.DateField(_("advices open until"))
    manager_review_until = models.DateField(_("manager review until"))
    mt_validation_until = models.DateField(_("MT validation until"))
    college_decision_until = models.DateField(_("college decision until"))
    implementation_until = models.DateField(_("implementation until"))
    # The budgetary framework the college sets.
    target_recurring = money(_("target recurring savings (€ per year)"))
    target_one_off = money(_("target one-off savings (€)"))
    target_fte = models.DecimalField(
        _("FTE target"), max_digits=7, decimal_places=2, default=ZERO, validators=NOT_NEGATIVE
    )
    boundaries = models.TextField(
        _("boundaries"), blank=True, help_text=_("For instance: no forced dismissals.")
    )
    # Whether the college set that framework: in force only once approved in a meeting.
    framework_state = FSMField(
        _("framework"),
        max_length=20,
        choices=FrameworkState.choices,
        default=FrameworkState.DRAFT,
        protected=True,
    )
    framework_decided_on = models.DateField(_("framework set on"), null=True, blank=True)
    framework_decision = models.ForeignKey(
        "vergaderingen.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision that set the framework"),
    )
    # The afsprakennota of this exercise: its articles tell each participant their role.
    afsprakennota = models.ForeignKey(
        "afsprakennota.Afsprakennota",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cycles",
        verbose_name=_("afsprakennota"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_open_marker = models.BooleanField(null=True, default=True, editable=False)

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("optimisation cycle")
        verbose_name_plural = _("optimisation cycles")
        ordering = ["-created_at"]
        constraints = [
            # Only one cycle is open at a time: only it accepts new advices. `is_open_marker`
            # is True while open and NULL once closed, and NULLs do not collide.
            models.UniqueConstraint(fields=["is_open_marker"], name="one_open_cycle"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.is_open_marker = True if self.phase != Phase.CLOSED else None
        if kwargs.get("update_fields") is not None and "phase" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_open_marker"}
        super().save(*args, **kwargs)

    @property
    def is_open(self):
        return self.phase != Phase.CLOSED

    @transition(field=phase, source="*", target=RETURN_VALUE(*Phase.values))
    def move_to(self, phase):
        """The cycle's phase becomes `phase` (the framework form chooses it)."""
        return phase

    @property
    def framework_in_force(self) -> bool:
        return self.framework_state == FrameworkState.APPROVED

    # The framework before the college: put on its agenda, then approved, rejected (a draft
    # again) or postponed (it waits for a next agenda); changed, it is a draft again.
    @transition(field=framework_state, source=FrameworkState.DRAFT, target=FrameworkState.SUBMITTED)
    def framework_submit(self):
        pass

    @transition(
        field=framework_state, source=FrameworkState.SUBMITTED, target=FrameworkState.APPROVED
    )
    def framework_approve(self):
        pass

    @transition(field=framework_state, source=FrameworkState.SUBMITTED, target=FrameworkState.DRAFT)
    def framework_reject(self):
        pass

    @transition(
        field=framework_state, source=FrameworkState.SUBMITTED, target=FrameworkState.SUBMITTED
    )
    def framework_postpone(self):
        pass

    @transition(
        field=framework_state,
        source=[FrameworkState.SUBMITTED, FrameworkState.APPROVED],
        target=FrameworkState.DRAFT,
    )
    def framework_reopen(self):
        pass


class DomainTarget(models.Model):
    """An optional savings target for one policy domain within a cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="domain_targets")
    domain = models.ForeignKey(Beleidsdomein, on_delete=models.PROTECT, related_name="+")
    target_recurring = money(_("target recurring savings (€ per year)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "domain"], name="one_target_per_domain")
        ]

    def __str__(self):
        return f"{self.domain}: {self.target_recurring}"


class Beleidsnota(models.Model):
    """A schepen's vision for their domains in this cycle (the policy framework)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="beleidsnotas")
    schepen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="beleidsnotas",
        verbose_name=_("alderman"),
    )
    text = models.TextField(_("vision"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("policy note (beleidsnota)")
        verbose_name_plural = _("policy notes (beleidsnota's)")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "schepen"], name="one_beleidsnota_each")
        ]

    def __str__(self):
        return f"{self.schepen} – {self.cycle}"


class AdviesQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What the person may see (everything else answers 404): the rule is
        access.ADVIES_GRANTS."""
        return self.filter(advies_visible_q(user))

    @staticmethod
    def visibility_key(user) -> tuple:
        """What `visible_to(user)` depends on besides the advices themselves, for a cache key
        (core.kept): access.advies_visibility_key."""
        return advies_visibility_key(user)

    def with_relations(self):
        return self.select_related(
            "cycle", "dienst", "dienst__cluster", "dienst__domain", "author", "bundle"
        )


class Advies(ConcurrentTransitionMixin, models.Model):
    """A department's optimisation proposal, carried through the workflow by services.py.

    Transitions below only change the instance; optimalisatie.services runs them through
    core.transitions.transition_run (lock, check, save, audit, figures, notify).
    ConcurrentTransitionMixin refuses a save when the state in the database changed since
    this instance was read; `lock_version` does the same for edits of the content.
    """

    cycle = models.ForeignKey(
        Cycle, on_delete=models.PROTECT, related_name="adviezen", verbose_name=_("cycle")
    )
    dienst = models.ForeignKey(
        Dienst, on_delete=models.PROTECT, related_name="adviezen", verbose_name=_("department")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="adviezen",
        verbose_name=_("author"),
    )
    state = FSMField(
        _("state"),
        max_length=30,
        choices=AdviesState.choices,
        default=AdviesState.DRAFT,
        protected=True,
    )
    lock_version = models.PositiveIntegerField(default=0)

    title = models.CharField(_("title"), max_length=200)
    current_situation = models.TextField(_("current situation"))
    proposal = models.TextField(_("proposal"))
    substantiation = models.TextField(_("substantiation"), help_text=_("Figures and sources."))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    savings_one_off = money(_("one-off savings (€)"))
    savings_recurring = money(_("recurring savings (€ per year)"))
    fte_impact = models.DecimalField(_("FTE impact"), max_digits=7, decimal_places=2, default=ZERO)
    investment_cost = money(_("investment or one-off cost (€)"))
    start_year = models.PositiveSmallIntegerField(_("start year"))
    impact_citizens = models.TextField(_("impact on citizens and service level"), blank=True)
    impact_staff = models.TextField(_("impact on staff"), blank=True)
    impact_other_departments = models.TextField(_("impact on other departments"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    reversible = models.BooleanField(_("reversible"), default=True)
    bundle = models.ForeignKey(
        "Bundle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adviezen",
        verbose_name=_("bundle"),
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Moments that open the advice to more readers (see access.ADVIES_GRANTS).
    submitted_at = models.DateTimeField(null=True, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)

    objects = AdviesQuerySet.as_manager()

    class Meta:
        verbose_name = _("advice")
        verbose_name_plural = _("advices")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    savings_one_off__gte=0, savings_recurring__gte=0, investment_cost__gte=0
                ),
                name="advies_amounts_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["cycle", "state"]),
            # The list's category filter: with a search, PostgreSQL combines it with the
            # search's GIN index (BitmapAnd) and reads only the matches of that category.
            models.Index(fields=["category"], name="advies_category"),
        ]

    def __str__(self):
        return self.title

    @transition(field=state, source=AdviesState.DRAFT, target=AdviesState.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=AdviesState.SUBMITTED, target=AdviesState.DRAFT)
    def return_for_rework(self):
        pass

    @transition(field=state, source=AdviesState.SUBMITTED, target=AdviesState.WITH_MT)
    def forward_to_mt(self):
        pass

    @transition(field=state, source=AdviesState.WITH_MT, target=AdviesState.SUBMITTED)
    def mt_return_to_manager(self):
        pass

    @transition(field=state, source=AdviesState.WITH_MT, target=AdviesState.DRAFT)
    def mt_return_to_author(self):
        pass

    @transition(field=state, source=AdviesState.WITH_MT, target=AdviesState.NOT_RETAINED)
    def mt_refuse(self):
        pass

    @transition(field=state, source=AdviesState.WITH_MT, target=AdviesState.VALIDATED)
    def mt_validate(self):
        pass

    @transition(field=state, source=AdviesState.VALIDATED, target=AdviesState.IN_BUNDLE)
    def include_in_bundle(self):
        pass

    @transition(field=state, source=AdviesState.VALIDATED, target=AdviesState.READY_FOR_COLLEGE)
    def mark_ready_for_college(self):
        pass

    @transition(field=state, source=WITHDRAWABLE, target=AdviesState.WITHDRAWN)
    def withdraw(self):
        pass

    # The college's outcomes, applied by a meeting's decision (services.college_decision).
    @transition(field=state, source=COLLEGE_DECIDABLE, target=AdviesState.APPROVED)
    def college_approve(self):
        pass

    @transition(field=state, source=COLLEGE_DECIDABLE, target=AdviesState.REJECTED)
    def college_reject(self):
        pass

    @transition(field=state, source=COLLEGE_DECIDABLE, target=AdviesState.POSTPONED)
    def college_postpone(self):
        pass

    # Implementation (the uitvoering app): the manager approves the plan, the diensthoofd
    # finishes it, or it is stopped with a reason.
    @transition(field=state, source=AdviesState.APPROVED, target=AdviesState.IN_IMPLEMENTATION)
    def start_implementation(self):
        pass

    @transition(field=state, source=AdviesState.IN_IMPLEMENTATION, target=AdviesState.REALISED)
    def realise(self):
        pass

    @transition(
        field=state,
        source=[AdviesState.APPROVED, AdviesState.IN_IMPLEMENTATION],
        target=AdviesState.STOPPED,
    )
    def stop(self):
        pass


class AdviesVersion(models.Model):
    """The advice as it was submitted: frozen at every submission, compared field by field."""

    advies = models.ForeignKey(Advies, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["advies", "number"]
        constraints = [
            models.UniqueConstraint(fields=["advies", "number"], name="one_version_number")
        ]

    def __str__(self):
        return f"{self.advies} v{self.number}"


class ReviewMark(models.Model):
    """The last version a reviewer (manager, MT member) looked at, to show what changed since."""

    advies = models.ForeignKey(Advies, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version_number = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["advies", "user"], name="one_review_mark")]

    def __str__(self):
        return f"{self.user} – {self.advies_id} v{self.version_number}"


def _attachment_path(instance, filename):
    return f"adviezen/{instance.advies_id}/{filename}"


def validate_attachment_size(upload):
    if upload.size > ATTACHMENT_MAX_BYTES:
        from django.core.exceptions import ValidationError

        raise ValidationError(
            _("The file is larger than %(max)d MB.") % {"max": ATTACHMENT_MAX_BYTES // 2**20}
        )


class Attachment(models.Model):
    advies = models.ForeignKey(Advies, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"),
        upload_to=_attachment_path,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS), validate_attachment_size],
    )
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField()
    # what its content was found to be when it was uploaded (core.files.sniff): the type it
    # is served with; empty for files of before the check (served as plain bytes)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name


class BundleQuerySet(models.QuerySet):
    def with_savings(self):
        """Savings are always computed from the bundled advices, never typed in."""
        return self.annotate(
            total_one_off=Sum("adviezen__savings_one_off", default=ZERO),
            total_recurring=Sum("adviezen__savings_recurring", default=ZERO),
            total_fte=Sum("adviezen__fte_impact", default=ZERO),
        )


class Bundle(ConcurrentTransitionMixin, models.Model):
    """The MT's organisation-level proposal, combining advices of several departments."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="bundles")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    rationale = models.TextField(_("rationale"))
    state = FSMField(
        _("state"),
        max_length=30,
        choices=BundleState.choices,
        default=BundleState.FORMED,
        protected=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = BundleQuerySet.as_manager()

    class Meta:
        verbose_name = _("bundle")
        verbose_name_plural = _("bundles")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @transition(field=state, source=BundleState.FORMED, target=BundleState.READY_FOR_COLLEGE)
    def mark_ready_for_college(self):
        pass

    @transition(
        field=state,
        source=[BundleState.READY_FOR_COLLEGE, BundleState.POSTPONED],
        target=BundleState.APPROVED,
    )
    def college_approve(self):
        pass

    @transition(
        field=state,
        source=[BundleState.READY_FOR_COLLEGE, BundleState.POSTPONED],
        target=BundleState.REJECTED,
    )
    def college_reject(self):
        pass

    @transition(
        field=state,
        source=[BundleState.READY_FOR_COLLEGE, BundleState.POSTPONED],
        target=BundleState.POSTPONED,
    )
    def college_postpone(self):
        pass


class Standpunt(models.Model):
    """A schepen's own standpoint on an advice (schepenadvies), seen by the MT and college."""

    advies = models.ForeignKey(Advies, on_delete=models.CASCADE, related_name="standpunten")
    schepen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("alderman"),
    )
    text = models.TextField(_("standpoint"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("standpoint of an alderman")
        verbose_name_plural = _("standpoints of aldermen")
        constraints = [
            models.UniqueConstraint(fields=["advies", "schepen"], name="one_standpunt_each")
        ]

    def __str__(self):
        return f"{self.schepen} – {self.advies}"


class Priority(models.Model):
    """A schepen's policy priority for a validated advice, with a motivation."""

    advies = models.ForeignKey(Advies, on_delete=models.CASCADE, related_name="priorities")
    schepen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("alderman"),
    )
    level = models.CharField(_("priority"), max_length=10, choices=PriorityLevel.choices)
    motivation = models.TextField(_("motivation"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [
            models.UniqueConstraint(fields=["advies", "schepen"], name="one_priority_each")
        ]

    def __str__(self):
        return f"{self.schepen} – {self.advies}: {self.level}"


class SchepenInput(models.Model):
    """A schepen's own advice during the cycle: free text the MT treats like any input."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="schepen_inputs")
    schepen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("alderman"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("advice"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("advice of an alderman")
        verbose_name_plural = _("advices of aldermen")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class AdviesSummary(models.Model):
    """The number of a department's advices in a cycle and their recurring savings, per state
    and per moment reached (submitted, forwarded to the responsible schepen, validated, ready
    for the college): kept up to date by the services (optimalisatie.summary), so that the
    dashboard adds up a few rows per department instead of counting every advice."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    dienst = models.ForeignKey(Dienst, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=30, choices=AdviesState.choices)
    submitted = models.BooleanField()
    forwarded = models.BooleanField()
    validated = models.BooleanField()
    ready = models.BooleanField()
    advices = models.PositiveIntegerField()
    recurring = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("advice summary")
        verbose_name_plural = _("advice summaries")
        indexes = [models.Index(fields=["cycle", "dienst"], name="advies_summary_dienst")]

    def __str__(self):
        return f"{self.cycle_id}/{self.dienst_id}/{self.state}"
