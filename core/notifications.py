"""Notifications: an in-app list with an unread count, and e-mail, immediately or as a daily
digest, as each person chose. Callers notify only people who may see the subject: the domain
app decides that, core only delivers."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.constants import MailFrequency
from accounts.models import Bestuur

from .models import Notification


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
    immediate = [n for n in created if n.recipient.mail_frequency == MailFrequency.IMMEDIATE]
    if immediate:
        transaction.on_commit(lambda: _mail_each(immediate))
    return created


def header_text(text: str) -> str:
    """Text from users made safe for a mail header: one line (a newline in an advice's
    title made sending fail after the change was saved)."""
    return " ".join(str(text).split())


def _absolute(url):
    return settings.SITE_URL.rstrip("/") + url if url else settings.SITE_URL


def _mail_each(notifications):
    with translation.override(settings.LANGUAGE_CODE):
        for notification in notifications:
            send_mail(
                subject=header_text(f"[{Bestuur.load().name}] {notification.text}")[:150],
                message=render_to_string(
                    "core/email/notification.txt",
                    {"notification": notification, "link": _absolute(notification.url)},
                ),
                from_email=None,
                recipient_list=[notification.recipient.email],
            )
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            emailed_at=timezone.now()
        )


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
    return len(by_user)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user).unread().count()
