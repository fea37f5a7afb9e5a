"""The password-reset mail as a task (issue 20): no mail is sent inside a request. The task
gets the person's id, not the link: it makes the token itself when it runs, so no reset link
waits in the task queue's table. A mail server that is down: tried again 1, 2, 4 … minutes
later (at most an hour apart, core.notifications' rhythm), as long as the link would still
work."""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import default_task_backend, task

from .models import User

logger = logging.getLogger(__name__)
MAIL_ERRORS = (smtplib.SMTPException, OSError)  # refused, down, timed out, TLS


def retry_delay(attempt: int) -> datetime.timedelta:
    """1, 2, 4, 8 … minutes after the attempt that failed (MAIL_RETRY_FIRST_SECONDS), at most
    an hour; the rhythm of every mail (core.notifications too)."""
    first = datetime.timedelta(seconds=settings.MAIL_RETRY_FIRST_SECONDS)
    return min(first * 2 ** (attempt - 1), datetime.timedelta(hours=1))


@task()
def send_password_reset(
    user_pk: int, domain: str, protocol: str, language: str, attempt: int = 1
) -> bool:
    user = User.objects.filter(pk=user_pk, is_active=True).first()
    if user is None or not user.has_usable_password():
        return False
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    with translation.override(language):
        subject = render_to_string("registration/password_reset_subject.txt", context)
        body = render_to_string("registration/password_reset_email.html", context)
    # as PasswordResetForm.send_mail, which would log a refused mail and carry on
    message = EmailMessage(" ".join(subject.split()), body, None, [user.email])
    try:
        message.send()
    except MAIL_ERRORS as error:
        delay = retry_delay(attempt)
        if default_task_backend.supports_defer and delay.total_seconds() < (
            settings.PASSWORD_RESET_TIMEOUT
        ):
            logger.warning("Mail server unavailable (%r): reset mail waits %s", error, delay)
            send_password_reset.using(run_after=timezone.now() + delay).enqueue(
                user_pk, domain, protocol, language, attempt + 1
            )
        else:
            logger.warning("Mail server unavailable (%r): reset mail not sent", error)
        return False
    return True
