"""Notifications: an in-app list with an unread count, and e-mail, immediately or as a daily
digest, as each person chose. Callers notify only people who may see the subject: the domain
app decides that, core only delivers.

Mail never goes out inside a request (issue 20): once the change commits, the immediate mails
are a task (`deliver_mail`, django-tasks); a worker sends them. When the mail server does not
answer, the task comes back later (1, 2, 4 … minutes, at most an hour apart), and the
notification keeps `emailed_at` empty until its mail is really sent: the daily job also
offers again whatever is still waiting, so nothing is lost when a worker stopped.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import default_task_backend, task

from accounts.constants import MailFrequency
from accounts.models import Bestuur
from accounts.tasks import MAIL_ERRORS, retry_delay

from .models import Notification

logger = logging.getLogger(__name__)

PENDING_AFTER = datetime.timedelta(hours=1)  # an immediate mail still unsent is offered again


def notify(receivers, *, text: str, target=None, url: str = "") -> list[Notification]:
    """Store one notification per receiver; mail those who want it immediately."""
    content_type = ContentType.objects.get_for_model(target) if target is not None else None
    created = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            text=text[:300],
            url=url,
            content_type=content_type,
            object_id=str(target.pk) if target is not None else "",
        )
        for user in {u.pk: u for u in receivers}.values()
    )
    immediate = [n.pk for n in created if n.recipient.mail_frequency == MailFrequency.IMMEDIATE]
    if immediate:
        transaction.on_commit(lambda: deliver_mail.enqueue(immediate))
    return created


def header_text(text: str) -> str:
    """Text from users made safe for a mail header: one line (a newline in an advice's
    title made sending fail after the change was saved)."""
    return " ".join(str(text).split())


def _absolute(url):
    return settings.SITE_URL.rstrip("/") + url if url else settings.SITE_URL


def _calendar_attachment(notification) -> bytes | None:
    """The .ics of what the notification is about, when its app registered one
    (core.calendar): a query for the subject, none for other notifications."""
    from . import calendar

    if not notification.content_type_id or not notification.object_id:
        return None
    model = ContentType.objects.get_for_id(notification.content_type_id).model_class()
    if not calendar.has_attachment(model):
        return None
    subject = model._default_manager.filter(pk=notification.object_id).first()
    return calendar.attachment_for(subject) if subject is not None else None


@task()
def deliver_mail(notification_ids: list[int], attempt: int = 1) -> int:
    """Mail these notifications (those not mailed yet); each is marked as soon as its mail
    left, so a failure halfway sends none twice. Returns how many were sent."""
    pending = list(
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .select_related("recipient")
        .order_by("pk")
    )
    sent = 0
    try:
        with translation.override(settings.LANGUAGE_CODE):
            name = Bestuur.load().name
            for notification in pending:
                message = EmailMessage(
                    subject=header_text(f"[{name}] {notification.text}")[:150],
                    body=render_to_string(
                        "core/email/notification.txt",
                        {"notification": notification, "link": _absolute(notification.url)},
                    ),
                    to=[notification.recipient.email],
                )
                ics = _calendar_attachment(notification)
                if ics is not None:  # an invitation to a meeting carries its .ics
                    message.attach("uitnodiging.ics", ics, "text/calendar")
                message.send()
                Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
                sent += 1
    except MAIL_ERRORS as error:
        waiting = [n.pk for n in pending[sent:]]
        if default_task_backend.supports_defer:
            delay = retry_delay(attempt)
            logger.warning(
                "Mail server unavailable (%r): %d mail(s) wait, next try in %s",
                error,
                len(waiting),
                delay,
            )
            deliver_mail.using(run_after=timezone.now() + delay).enqueue(waiting, attempt + 1)
        else:  # tasks run at once (development): the daily job offers them again
            logger.warning("Mail server unavailable (%r): %d mail(s) wait", error, len(waiting))
    return sent


def offer_pending_mail() -> int:
    """Immediate mails that waited longer than an hour (a worker stopped, tasks lost) go to
    the queue again; returns how many."""
    waiting = list(
        Notification.objects.filter(
            emailed_at__isnull=True,
            recipient__mail_frequency=MailFrequency.IMMEDIATE,
            recipient__is_active=True,
            created_at__lt=timezone.now() - PENDING_AFTER,
        ).values_list("pk", flat=True)
    )
    if waiting:
        deliver_mail.enqueue(waiting)
    return len(waiting)


def send_digests() -> int:
    """Mail each digest reader their notifications not mailed yet; return the mails sent."""
    pending = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            recipient__mail_frequency=MailFrequency.DIGEST,
            recipient__is_active=True,
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    by_user = {}
    for notification in pending:
        by_user.setdefault(notification.recipient, []).append(notification)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user, items in by_user.items():
            send_mail(
                subject=header_text(
                    _("[%(bestuur)s] Your daily summary: %(n)d notifications")
                    % {"bestuur": Bestuur.load().name, "n": len(items)}
                ),
                message=render_to_string(
                    "core/email/digest.txt",
                    {"user": user, "items": [(n, _absolute(n.url)) for n in items]},
                ),
                from_email=None,
                recipient_list=[user.email],
            )
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(
                emailed_at=timezone.now()
            )
            sent += 1
    return sent


@task()
def deliver_digests(attempt: int = 1) -> int:
    """send_digests as a task: when the mail server does not answer, the digests not sent yet
    wait and the task comes back later, like deliver_mail."""
    try:
        return send_digests()
    except MAIL_ERRORS as error:
        if not default_task_backend.supports_defer:
            logger.warning("Mail server unavailable (%r): the digests wait", error)
            return 0
        delay = retry_delay(attempt)
        logger.warning("Mail server unavailable (%r): digests wait, next try in %s", error, delay)
        deliver_digests.using(run_after=timezone.now() + delay).enqueue(attempt + 1)
        return 0


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user).unread().count()
