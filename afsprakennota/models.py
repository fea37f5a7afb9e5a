import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from accounts.constants import Role
from accounts.models import Orgaan, Term

from .constants import IN_PROGRESS_STATES, NotaKind, NotaState


class Afsprakennota(ConcurrentTransitionMixin, models.Model):
    """An agreement memo between the political bodies and the administration, in the
    layout of the municipality's "Interne nota". Transitions and their rules follow in
    services (issue 5); the fields and the document structure are here."""

    kind = models.CharField(_("kind"), max_length=20, choices=NotaKind.choices)
    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="notas", verbose_name=_("term of office")
    )
    state = FSMField(
        _("state"),
        max_length=20,
        choices=NotaState.choices,
        default=NotaState.DRAFT,
        protected=True,
    )
    lock_version = models.PositiveIntegerField(default=0)
    # The header block of the official layout ("/" when empty).
    onderwerp = models.CharField(_("subject"), max_length=300)
    datum = models.DateField(_("date"), default=timezone.localdate)
    aan = models.CharField(_("to"), max_length=300, blank=True)
    bijlagen = models.CharField(_("attachments"), max_length=300, blank=True)
    referentie = models.CharField(_("reference"), max_length=100, blank=True)
    cc = models.CharField(_("cc"), max_length=300, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("afsprakennota")
        verbose_name_plural = _("afsprakennota's")
        ordering = ["-created_at"]
        constraints = [
            # At most one decree nota in progress per term: two simultaneous creates cannot
            # both win (services.nota_create_decree says so in words first).
            models.UniqueConstraint(
                fields=["term"],
                condition=Q(kind=NotaKind.DECREE, state__in=IN_PROGRESS_STATES),
                name="one_decree_nota_in_progress_per_term",
            ),
        ]

    def __str__(self):
        return self.onderwerp

    @property
    def editable(self):
        """Only a draft or a nota under discussion changes; after that it goes back first."""
        return self.state in (NotaState.DRAFT, NotaState.IN_DISCUSSION)

    @transition(field=state, source=NotaState.DRAFT, target=NotaState.IN_DISCUSSION)
    def open_discussion(self):
        pass

    @transition(field=state, source=NotaState.IN_DISCUSSION, target=NotaState.FOR_APPROVAL)
    def submit_for_approval(self):
        pass

    @transition(
        field=state,
        source=[NotaState.FOR_APPROVAL, NotaState.APPROVED],
        target=NotaState.IN_DISCUSSION,
    )
    def back_to_discussion(self):
        pass

    @transition(field=state, source=NotaState.FOR_APPROVAL, target=NotaState.APPROVED)
    def approve(self):
        pass

    @transition(field=state, source=NotaState.APPROVED, target=NotaState.SIGNED)
    def complete_signing(self):
        pass

    @transition(field=state, source=NotaState.SIGNED, target=NotaState.REPLACED)
    def replace(self):
        pass


class Article(models.Model):
    """A clause; it can hold sub-articles, which can hold items (three levels)."""

    nota = models.ForeignKey(Afsprakennota, on_delete=models.CASCADE, related_name="articles")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField()
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(
        _("text"), blank=True, help_text=_("Paragraphs, bullet lists, **bold** and *italic*.")
    )
    role = models.CharField(
        _("role this article describes"),
        max_length=40,
        choices=Role.choices,
        blank=True,
        help_text=_("For an optimisation exercise: who sees this article as their role."),
    )

    class ChildrenStyle(models.TextChoices):
        NUMBERED = "numbered", _("numbered")
        BULLETS = "bullets", _("bullets")

    children_style = models.CharField(
        _("style of its sub-levels"),
        max_length=10,
        choices=ChildrenStyle.choices,
        default=ChildrenStyle.NUMBERED,
        help_text=_("Numbered (a., i.) or bullets."),
    )
    # A section the decree requires: it cannot be deleted, and the nota is not approved while
    # it is empty or still holds its guidance (the template's question, kept in `guidance`).
    required = models.BooleanField(_("required by the decree"), default=False, editable=False)
    guidance = models.TextField(_("guidance"), blank=True, editable=False)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["nota", "parent_id", "position"]
        indexes = [models.Index(fields=["nota", "parent", "position"])]

    def __str__(self):
        return self.heading or self.text[:60]


class Party(models.Model):
    """A party to the nota, and the function that signs for it."""

    nota = models.ForeignKey(Afsprakennota, on_delete=models.CASCADE, related_name="parties")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("party"), max_length=200)
    orgaan = models.ForeignKey(
        Orgaan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("body"),
    )
    signatory_role = models.CharField(
        _("signs as"), max_length=40, choices=Role.choices, blank=True
    )

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["nota", "position"]

    def __str__(self):
        return self.name


class NotaVersion(models.Model):
    """The nota frozen at a change of state: what was discussed, approved and signed."""

    nota = models.ForeignKey(Afsprakennota, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=NotaState.choices)
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["nota", "number"]
        constraints = [
            models.UniqueConstraint(fields=["nota", "number"], name="one_nota_version_number"),
        ]

    def __str__(self):
        return f"{self.nota} v{self.number}"

    @staticmethod
    def hash_of(content: dict) -> str:
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Approval(models.Model):
    """A body's decision to approve one version, taken in one of its meetings."""

    version = models.ForeignKey(NotaVersion, on_delete=models.PROTECT, related_name="approvals")
    orgaan = models.ForeignKey(Orgaan, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    decision_id = models.PositiveBigIntegerField(null=True, blank=True)  # vergaderingen.Decision

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "orgaan"], name="one_approval_per_body"),
        ]

    def __str__(self):
        return f"{self.orgaan} v{self.version.number}"


class SealedPdf(models.Model):
    """The official PDF of a signed version, sealed once (PAdES) and kept byte for byte, so
    the verification page can tell which nota and version an uploaded file is."""

    version = models.OneToOneField(NotaVersion, on_delete=models.PROTECT, related_name="sealed")
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64, unique=True)
    sealed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.version} ({self.sealed_at:%Y-%m-%d})"


class Signature(models.Model):
    """A signatory's signature on the approved version: person, function, time, content hash."""

    version = models.ForeignKey(NotaVersion, on_delete=models.PROTECT, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=40, choices=Role.choices)
    signed_at = models.DateTimeField(default=timezone.now)
    content_hash = models.CharField(max_length=64)
    # how the signer showed it was them: their password, or a fresh login at the identity
    # provider (single sign-on), and when
    authentication = models.CharField(max_length=20, default="wachtwoord")
    authenticated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "role"], name="one_signature_per_role"),
        ]

    def __str__(self):
        return f"{self.signer} ({self.role})"
