from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One row per state change or other significant act: who, when, what, from, to, why.

    Rows are never changed or deleted (save() and delete() refuse). The actor's name is kept
    as text too, so the trail stays readable if the person is later removed.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("who (name)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=100)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    from_state = models.CharField(_("from"), max_length=50, blank=True)
    to_state = models.CharField(_("to"), max_length=50, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '-'}: {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries cannot be deleted.")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one person about something they can see, in the app and by e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("message"), max_length=300)
    url = models.CharField(max_length=300, blank=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.text


class Thread(models.Model):
    """A comment thread on any object, optionally about one of its fields, open or resolved.

    Who may read and write is the subject's business: its app checks access to the subject
    before calling core.threads, so a thread is visible exactly to those who see the subject.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    anchor = models.CharField(_("about"), max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A confidential thread stays within a narrower circle than the subject's readers (the
    # subject's app says which: an advice's coaching stays within the administration) until
    # someone of that circle shares it. Sharing is recorded here and in the audit trail, and
    # is not undone: who has read it, has read it.
    confidential = models.BooleanField(_("confidential"), default=False)
    shared_at = models.DateTimeField(_("shared on"), null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shared by"),
    )
    shared_reason = models.TextField(_("why it is shared"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"thread {self.pk} ({self.anchor or '-'})"

    @property
    def is_resolved(self):
        return self.resolved_at is not None

    @property
    def is_shared(self):
        return self.shared_at is not None


class Comment(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"comment {self.pk}"


class Stamp(models.Model):
    """How often something changed that pages keep figures of (core.kept): the figures of a
    cycle ("cycle:12"), the public decision list ("decision-list"). A new number retires
    everything kept under the old one. No row yet is number 0."""

    name = models.CharField(_("name"), max_length=100, primary_key=True)
    version = models.PositiveBigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("stamp")
        verbose_name_plural = _("stamps")

    def __str__(self):
        return f"{self.name}: {self.version}"


def _kept_upload_path(instance, filename):
    return f"tijdelijk/{instance.token}/{filename}"


class KeptUpload(models.Model):
    """A file uploaded with a form that was refused: kept for the same session until the form
    succeeds (its rows then become the real attachment) or a day has passed (core.uploads)."""

    token = models.UUIDField(unique=True, editable=False)
    session_key = models.CharField(max_length=40, db_index=True)
    field = models.CharField(max_length=50)
    file = models.FileField(upload_to=_kept_upload_path)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("kept upload")
        verbose_name_plural = _("kept uploads")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name


class FormSubmission(models.Model):
    """One sent form, by its token (core.once): a form sent twice (a double click, two tabs,
    a retry) is handled once, and the second gets the first's result."""

    token = models.UUIDField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    path = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # where the first answer sent the person; empty while it is being handled
    location = models.CharField(max_length=500, blank=True)

    def __str__(self):
        return f"{self.path} {self.token}"


class JobRun(models.Model):
    """A daily job's run on one day: the first host to write the row runs the job, every other
    host that cron starts on the same day finds it and sends nothing twice."""

    name = models.CharField(max_length=50)
    day = models.DateField()
    started_at = models.DateTimeField(default=timezone.now)
    host = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "day"], name="one_run_per_job_and_day"),
        ]

    def __str__(self):
        return f"{self.name} {self.day}"


def _export_path(instance, filename):
    return f"exports/{instance.created_at:%Y/%m}/{instance.pk}-{filename}"


class Export(models.Model):
    """A large download (the results of an exercise as XLSX) built by the worker, not inside
    the request (core.exports): the person follows its progress and downloads it when ready.
    Only they see it; it is removed after EXPORT_KEEP_DAYS."""

    class State(models.TextChoices):
        QUEUED = "wacht", _("waiting for its turn")
        RUNNING = "bezig", _("being made")
        READY = "klaar", _("ready")
        FAILED = "mislukt", _("failed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField(max_length=50)
    params = models.JSONField(default=dict)
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=_export_path, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class CalendarFeed(models.Model):
    """A person's private calendar address (core.calendar): the address signs the person and
    `version`; a new address raises the version, so every older one stops working. Stopping
    the feed raises it too and switches it off: a version is never used twice."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    version = models.PositiveIntegerField(default=1)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.user} v{self.version}"
