import datetime

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .constants import (
    ALLOWED_FUNCTIONS,
    ORGAAN_DEFAULT_NAME,
    ORGAAN_ENTITY,
    SINGLE_SEAT_FUNCTIONS,
    Entity,
    Function,
    MailFrequency,
    OrgaanType,
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email__iexact=self.normalize_email(username))

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address. Roles come from mandates and positions."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Untick instead of deleting: the person can no longer log in."),
    )
    is_staff = models.BooleanField(
        _("technical administrator"),
        default=False,
        help_text=_(
            "Can log in to the management pages; what they may change there depends on "
            "their permissions."
        ),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    mail_frequency = models.CharField(
        _("e-mail about notifications"),
        max_length=10,
        choices=MailFrequency.choices,
        default=MailFrequency.IMMEDIATE,
    )
    # the identity provider's stable identifier of the person (OIDC_ID_CLAIM), stored at their
    # first single sign-on (accounts/oidc.py); empty to link the account again
    oidc_subject = models.CharField(
        _("single sign-on identifier"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "Set at the first login through the identity provider. Empty it to link the "
            "account again (the next single sign-on matches by e-mail address)."
        ),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        permissions = [
            ("manage_organisation", _("Can manage the organisation (functioneel beheerder)")),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


def _logo_path(instance, filename):
    return f"bestuur/{filename}"


class Bestuur(models.Model):
    """The municipality and its OCMW as one organisation: a single row (see load())."""

    name = models.CharField(_("name"), max_length=200, default="Gemeente")
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("contact e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to=_logo_path,
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"])],  # no SVG: it can hold script
    )
    plaats = models.CharField(
        _("place"),
        max_length=100,
        blank=True,
        help_text=_("Where documents are signed, e.g. Heuvelbeke (not 'Gemeente Heuvelbeke')."),
    )
    gemeente_name = models.CharField(_("name of the municipality (gemeente)"), max_length=200)
    gemeente_kbo = models.CharField(
        _("enterprise number of the municipality"), max_length=20, blank=True
    )
    ocmw_name = models.CharField(_("name of the OCMW"), max_length=200)
    ocmw_kbo = models.CharField(_("enterprise number of the OCMW"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("local government (bestuur)")
        verbose_name_plural = _("local government (bestuur)")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        obj, _created = cls.objects.get_or_create(
            pk=1, defaults={"gemeente_name": "Gemeente", "ocmw_name": "OCMW"}
        )
        return obj

    LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}

    @property
    def logo_type(self) -> str | None:
        """The logo's media type, from the extensions the field accepts; None without one."""
        if not self.logo:
            return None
        return self.LOGO_TYPES.get(self.logo.name.rsplit(".", 1)[-1].lower())

    def entity_name(self, entity):
        return self.ocmw_name if entity == Entity.OCMW else self.gemeente_name


class TermQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(start__lte=on, end__gte=on).first()


class Term(models.Model):
    """A bestuursperiode: six years, the current one from 1 January 2025."""

    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term of office (bestuursperiode)")
        verbose_name_plural = _("terms of office (bestuursperiodes)")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="term_end_after_start"
            ),
            models.UniqueConstraint(fields=["start"], name="term_unique_start"),
        ]

    def __str__(self):
        return f"{self.start.year}–{self.end.year}"


class OrgaanManager(models.Manager):
    def of_type(self, orgaan_type):
        """The body of this type, created with its default name and entity if missing."""
        orgaan, _created = self.get_or_create(
            type=orgaan_type,
            defaults={
                "name": ORGAAN_DEFAULT_NAME[OrgaanType(orgaan_type)],
                "entity": ORGAAN_ENTITY[OrgaanType(orgaan_type)],
            },
        )
        return orgaan


class Orgaan(models.Model):
    """A political or administrative body. There is one body of each type."""

    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=30, choices=OrgaanType.choices, unique=True)
    entity = models.CharField(_("legal entity"), max_length=10, choices=Entity.choices)

    objects = OrgaanManager()

    class Meta:
        verbose_name = _("body (orgaan)")
        verbose_name_plural = _("bodies (organen)")
        ordering = ["type"]

    def __str__(self):
        return self.name


class Beleidsdomein(models.Model):
    """A policy domain; schepenen hold a portfolio of them."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("policy domain (beleidsdomein)")
        verbose_name_plural = _("policy domains (beleidsdomeinen)")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MandateQuerySet(models.QuerySet):
    def active_on(self, on=None):
        """Mandates in force on the given day (today by default). `end` is the last day."""
        on = on or timezone.localdate()
        return self.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on)


class Mandate(models.Model):
    """A person's seat in a body, with its function, from `start` up to and including `end`."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="mandates", verbose_name=_("person")
    )
    orgaan = models.ForeignKey(
        Orgaan, on_delete=models.PROTECT, related_name="mandates", verbose_name=_("body")
    )
    function = models.CharField(_("function"), max_length=40, choices=Function.choices)
    start = models.DateField(_("start"))
    end = models.DateField(
        _("end"),
        null=True,
        blank=True,
        help_text=_("Last day of the mandate; empty while it runs."),
    )
    domains = models.ManyToManyField(
        Beleidsdomein,
        blank=True,
        related_name="mandates",
        verbose_name=_("policy domains (portfolio)"),
        help_text=_("Only for a seat in the college: the schepen's portfolio."),
    )

    objects = MandateQuerySet.as_manager()

    # Who held which seat, and who changed it: every change, old and new values.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["orgaan__type", "function", "user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="mandate_end_not_before_start",
            ),
            models.UniqueConstraint(
                fields=["user", "orgaan", "function", "start"], name="mandate_unique_seat"
            ),
        ]
        indexes = [models.Index(fields=["orgaan", "start", "end"])]

    def __str__(self):
        return f"{self.user} – {self.get_function_display()} ({self.orgaan})"

    def clean(self):
        super().clean()
        errors = {}
        if self.orgaan_id and self.function:
            allowed = ALLOWED_FUNCTIONS[OrgaanType(self.orgaan.type)]
            if self.function not in allowed:
                errors["function"] = _(
                    "A %(orgaan)s has no seat with the function %(function)s."
                ) % {
                    "orgaan": self.orgaan,
                    "function": self.get_function_display(),
                }
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end date cannot be before the start date.")
        if not errors and (conflict := self.conflict()):
            errors["start"] = conflict
        if errors:
            raise ValidationError(errors)

    def is_active(self, on=None):
        on = on or timezone.localdate()
        return self.start <= on and (self.end is None or self.end >= on)

    def conflict(self):
        """Why this seat cannot coexist with the stored ones, or None: the same person twice
        in the same seat at once, or two people in a one-person seat (burgemeester, chair,
        the three directors) at once."""
        if not (self.orgaan_id and self.function and self.start):
            return None
        far = datetime.date.max
        overlapping = (
            Mandate.objects.filter(
                orgaan_id=self.orgaan_id,
                function=self.function,
                start__lte=self.end or far,
            )
            .filter(Q(end__isnull=True) | Q(end__gte=self.start))
            .exclude(pk=self.pk)
        )
        if (
            self.user_id
            and overlapping.filter(user_id=self.user_id).exclude(start=self.start).exists()
        ):
            return _("This person already holds this seat in (part of) this period.")
        if self.function in SINGLE_SEAT_FUNCTIONS:
            other = overlapping.exclude(user_id=self.user_id).select_related("user").first()
            if other:
                return _(
                    "%(name)s holds this function in (part of) this period. End that mandate first."
                ) % {"name": other.user}
        return None


class Cluster(models.Model):
    """A group of departments, led by a manager."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    manager = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_clusters",
        verbose_name=_("manager"),
    )

    # Who managed it, and who changed that.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Dienst(models.Model):
    """A department, headed by a diensthoofd, in a cluster and a policy domain."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="diensten", verbose_name=_("cluster")
    )
    domain = models.ForeignKey(
        Beleidsdomein,
        on_delete=models.PROTECT,
        related_name="diensten",
        verbose_name=_("policy domain"),
    )
    head = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_diensten",
        verbose_name=_("head of department (diensthoofd)"),
    )

    # Who headed it, and who changed that.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department (dienst)")
        verbose_name_plural = _("departments (diensten)")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Attempt(models.Model):
    """One counted attempt (a failed login from an address, a password-reset request, a
    wrong signing password), kept in the database so that every process and every server
    counts the same (accounts.throttle)."""

    key = models.CharField(max_length=200)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["key", "at"])]

    def __str__(self):
        return f"{self.key} {self.at:%Y-%m-%d %H:%M}"
