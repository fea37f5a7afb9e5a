from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from accounts.models import Orgaan

from .constants import (
    BallotChoice,
    DecisionOutcome,
    DecisionSystem,
    ItemKind,
    MeetingState,
    Presence,
    ProposalState,
    VoteState,
)


class BodySettings(models.Model):
    """Per body: how a tie is decided, when the decision list must be published, and whether
    the body decides in this application's meetings or in the official decision system."""

    orgaan = models.OneToOneField(Orgaan, on_delete=models.CASCADE, related_name="meeting_rules")
    tie_rejects = models.BooleanField(
        _("a tie rejects the proposal"),
        default=True,
        help_text=_("The decree's usual reading; to confirm with the municipality's rules."),
    )
    publication_days = models.PositiveSmallIntegerField(
        _("publish the decision list within (days)"), default=10
    )
    lblod_uri = models.URLField(
        _("address of the body in the register of local governments (LBLOD)"),
        blank=True,
        help_text=_(
            "The URI of the body (in its current term) in the Flemish government's register, "
            "e.g. http://data.lblod.info/id/bestuursorganen/…; the public decision list "
            "names it as the body that held each meeting. Empty: an address of this "
            "application."
        ),
    )
    decides_in = models.CharField(
        _("where this body decides"),
        max_length=20,
        choices=DecisionSystem.choices,
        default=DecisionSystem.APP,
        help_text=_(
            "In the official decision system, the secretary downloads each draft decision "
            "and records the decision afterwards by its reference; the public decision list "
            "is the official one."
        ),
    )
    official_list_url = models.URLField(
        _("public address of the official decision list"),
        blank=True,
        help_text=_("The body's page in the municipality's raadpleegomgeving, if any."),
    )

    class Meta:
        verbose_name = _("meeting rules of a body")
        verbose_name_plural = _("meeting rules of the bodies")

    def __str__(self):
        return str(self.orgaan)

    @classmethod
    def for_orgaan(cls, orgaan):
        """The body's rules, or the defaults (unsaved) when none were set: reading writes
        nothing."""
        rel = cls._meta.get_field("orgaan").remote_field
        if rel.is_cached(orgaan):  # select_related("orgaan__meeting_rules"): no query
            return rel.get_cached_value(orgaan) or cls(orgaan=orgaan)
        return cls.objects.filter(orgaan=orgaan).first() or cls(orgaan=orgaan)


class Substitute(models.Model):
    """Who stands in for a body's chair when the chair is absent or recused: for the college
    the waarnemend burgemeester (art. 62 DLB), a schepen the functioneel beheerder records
    for a period of the term. At most one designation is in force on a day (checked by the
    admin form and by selectors.substitute)."""

    orgaan = models.ForeignKey(
        Orgaan, on_delete=models.PROTECT, related_name="substitutes", verbose_name=_("body")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stands in for the chair"),
    )
    start = models.DateField(_("from"))
    end = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Last day; empty while it runs.")
    )
    note = models.CharField(_("designated by"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("substitute chair (waarnemend burgemeester)")
        verbose_name_plural = _("substitute chairs")
        ordering = ["orgaan", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="substitute_end_not_before_start",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.orgaan})"

    def clean(self):
        """A substitute sits in the body, and one designation at a time is in force."""
        from django.core.exceptions import ValidationError

        from accounts.models import Mandate

        if not (self.orgaan_id and self.user_id and self.start):
            return
        if not (
            Mandate.objects.active_on(self.start)
            .filter(user_id=self.user_id, orgaan_id=self.orgaan_id)
            .exists()
        ):
            raise ValidationError(
                {"user": _("Only a member of this body on the first day can stand in.")}
            )
        overlapping = Substitute.objects.filter(orgaan_id=self.orgaan_id).exclude(pk=self.pk)
        overlapping = overlapping.filter(Q(end__isnull=True) | Q(end__gte=self.start))
        if self.end is not None:
            overlapping = overlapping.filter(start__lte=self.end)
        if overlapping.exists():
            raise ValidationError(_("Another designation runs in this period: end that one first."))


class Meeting(ConcurrentTransitionMixin, models.Model):
    orgaan = models.ForeignKey(
        Orgaan, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place or online link"), max_length=300)
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("secretary"),
    )
    state = FSMField(
        _("state"),
        max_length=30,
        choices=MeetingState.choices,
        default=MeetingState.PLANNED,
        protected=True,
    )
    # Who stood in for the secretary (the adjunct-algemeen directeur for an absent algemeen
    # directeur), and who chaired: they sign the minutes.
    acting_secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acting secretary"),
    )
    chaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chaired by"),
    )
    results_after_closing = models.BooleanField(
        _("show vote results only after closing"), default=False
    )
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # when the meeting was opened and closed (the decision list's start and end, LBLOD)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("decision list published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision list published by"),
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]

    def __str__(self):
        when = formats.date_format(timezone.localtime(self.starts_at), "DATE_FORMAT")
        return f"{self.orgaan}, {when}"

    @property
    def secretary_in_office(self):
        """Who acts as secretary: the stand-in when one took over."""
        return self.acting_secretary or self.secretary

    @property
    def secretary_in_office_id(self):
        return self.acting_secretary_id or self.secretary_id

    @transition(field=state, source=MeetingState.PLANNED, target=MeetingState.AGENDA_FIXED)
    def fix_agenda(self):
        pass

    @transition(field=state, source=MeetingState.AGENDA_FIXED, target=MeetingState.OPEN)
    def open(self):
        pass

    @transition(field=state, source=MeetingState.OPEN, target=MeetingState.CLOSED)
    def close(self):
        pass

    @transition(field=state, source=MeetingState.CLOSED, target=MeetingState.MINUTES_APPROVED)
    def approve_minutes(self):
        pass


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    rapporteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapporteur"),
    )
    kind = models.CharField(
        _("kind of item"), max_length=20, choices=ItemKind.choices, default=ItemKind.GENERAL
    )
    concerns_person = models.BooleanField(
        _("concerns a person"),
        default=False,
        help_text=_("Appointments, discipline, individual staff matters: any vote is secret."),
    )
    is_minutes_item = models.BooleanField(default=False)
    # added to an open meeting for its urgency, with the justification the minutes record
    urgent = models.BooleanField(_("urgent item"), default=False)
    urgency = models.TextField(_("why it cannot wait"), blank=True)
    # when it was put on the agenda: a subject revised since then is not what was put on it
    created_at = models.DateTimeField(default=timezone.now)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="one_item_per_position"),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class Attendance(models.Model):
    """Per member: present, excused or absent; arriving late and leaving early per item."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    presence = models.CharField(
        _("presence"), max_length=20, choices=Presence.choices, default=Presence.ABSENT
    )
    arrived_before = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("arrived at item"),
    )
    left_after = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("left after item"),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_each"),
        ]

    def __str__(self):
        return f"{self.member}: {self.presence}"


class Recusal(models.Model):
    """A member with a conflict of interest takes no part in an item (art. 27)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="recusals")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(default=timezone.now)
    # the chair or the secretary records it when the member leaves the room
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # declared after the member voted in an open vote: their ballot was taken out
    ballot_removed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="one_recusal_each"),
        ]

    def __str__(self):
        return f"{self.member} – {self.item}"


class Vote(ConcurrentTransitionMixin, models.Model):
    """A vote on an item. For a secret vote only the counts are kept (see SecretBallotMark).
    It is open from its creation until the chair closes it."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    secret = models.BooleanField(default=False)
    state = FSMField(
        max_length=10, choices=VoteState.choices, default=VoteState.OPEN, protected=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Counts: kept for every vote; the only record of what was voted in a secret vote.
    ja = models.PositiveIntegerField(default=0)
    nee = models.PositiveIntegerField(default=0)
    onthouding = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(state=VoteState.OPEN), name="one_open_vote_per_item"
            ),
        ]

    def __str__(self):
        return f"vote {self.pk} on {self.item_id}"

    @transition(field=state, source=VoteState.OPEN, target=VoteState.CLOSED)
    def close(self):
        pass

    @transition(field=state, source=VoteState.OPEN, target=VoteState.ANNULLED)
    def annul(self):
        pass


class Ballot(models.Model):
    """One member's vote in an open (not secret) vote; changeable until the vote closes."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=12, choices=BallotChoice.choices)
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "member"], name="one_ballot_per_member"),
        ]

    def __str__(self):
        return f"{self.member} on {self.vote_id}"


class SecretBallotMark(models.Model):
    """That a member voted in a secret vote, never what: it only stops a second ballot."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="voted_marks")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "member"], name="one_secret_ballot_each"),
        ]

    def __str__(self):
        return f"{self.member} voted in {self.vote_id}"


def _extract_path(instance, filename):
    return f"besluiten/{instance.orgaan_id}/{filename}"


class Decision(models.Model):
    """What a body decided on a subject: on an agenda item of one of its meetings, or, for a
    body that decides in the official decision system, recorded here by its reference (the
    official meeting's date, the decision's number and public address) with no item."""

    item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, related_name="decision", null=True, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=DecisionOutcome.choices)
    by_consensus = models.BooleanField(default=False)
    motivation = models.TextField(_("motivation"), blank=True)
    public_text = models.TextField(
        _("public text"),
        blank=True,
        help_text=_("For the decision list: a short description without personal data."),
    )
    vote = models.OneToOneField(
        Vote, on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # --- recorded by reference (item is None) ---
    orgaan = models.ForeignKey(
        Orgaan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions_by_reference",
        verbose_name=_("body"),
    )
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    title = models.CharField(_("subject"), max_length=300, blank=True)
    reference_date = models.DateField(_("date of the meeting"), null=True, blank=True)
    reference_number = models.CharField(_("number of the decision"), max_length=100, blank=True)
    reference_url = models.URLField(
        _("public address of the decision"),
        max_length=500,
        blank=True,
        help_text=_(
            "The decision's LBLOD address or its page in the municipality's raadpleegomgeving."
        ),
    )
    extract = models.FileField(
        _("signed extract (PDF)"), upload_to=_extract_path, blank=True, max_length=300
    )
    extract_name = models.CharField(max_length=200, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False)
                | (
                    Q(orgaan__isnull=False)
                    & Q(reference_date__isnull=False)
                    & ~Q(reference_url="")
                    & ~Q(reference_number="")
                ),
                name="decision_in_a_meeting_or_by_reference",
            ),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="decision_subject")]

    def __str__(self):
        if self.item_id is None:
            return f"{self.title}: {self.outcome} ({self.reference_number})"
        return f"{self.item}: {self.outcome}"

    @property
    def by_reference(self) -> bool:
        return self.item_id is None

    @property
    def reference_label(self) -> str:
        """ "Besluit 2026/123 van 3 december 2026" for a decision recorded by reference."""
        if not self.by_reference:
            return ""
        return _("decision %(number)s of %(date)s") % {
            "number": self.reference_number,
            "date": formats.date_format(self.reference_date, "DATE_FORMAT"),
        }


class ItemProposal(models.Model):
    """An item a schepen (or an MT member) proposes for a body's agenda; the secretary puts
    it on a planned meeting or says why not."""

    orgaan = models.ForeignKey(
        Orgaan, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=300)
    explanation = models.TextField(_("explanation"), blank=True)
    kind = models.CharField(
        _("kind of item"), max_length=20, choices=ItemKind.choices, default=ItemKind.GENERAL
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(
        _("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.PROPOSED
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proposed item")
        verbose_name_plural = _("proposed items")
        ordering = ["-proposed_at"]

    def __str__(self):
        return self.title


class Minutes(models.Model):
    """The notulen: drafted by the secretary (the algemeen directeur), approved by the next
    meeting, then signed by the chair and the secretary themselves."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    text = models.TextField(_("minutes"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return f"notulen {self.meeting}"


class SignatureCapacity(models.TextChoices):
    CHAIR = "voorzitter", _("chair")
    SECRETARY = "secretaris", _("secretary")


class MinutesSignature(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    capacity = models.CharField(max_length=20, choices=SignatureCapacity.choices)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["minutes", "capacity"], name="one_signature_each"),
        ]

    def __str__(self):
        return f"{self.signer} ({self.capacity})"
