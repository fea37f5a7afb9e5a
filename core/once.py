"""Idempotent posts: a form sent twice creates one object.

A form carries a fresh token (`{% form_token %}`, core.templatetags.once). The first POST
with a token claims it (a row whose key is the token, committed at once) and is handled;
when it answers with a redirect, the row keeps where it went. A second POST with the same
token, at the same moment or later, is not handled again: it waits for the first to finish
and gets the same redirect, with a message. A refused form (no redirect) frees its token,
so correcting and sending it again works. Rows older than a day are removed.
"""

from __future__ import annotations

import datetime
import time
import uuid

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FormSubmission

TOKEN_FIELD = "formulier"
WAIT_SECONDS = 10


def new_token() -> str:
    return str(uuid.uuid4())


def _token(request):
    try:
        return uuid.UUID(request.POST.get(TOKEN_FIELD, ""))
    except ValueError:
        return None


def _claim(request, token) -> bool:
    try:
        with transaction.atomic():
            FormSubmission.objects.create(
                token=token,
                user=request.user if request.user.is_authenticated else None,
                path=request.path[:300],
            )
    except IntegrityError:
        return False
    return True


def _answer_of_first(request, token):
    """The first sending's redirect, once it has one (it may still be running)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        first = FormSubmission.objects.filter(token=token).values("location", "user_id").first()
        if first is None:  # the first was refused and freed the token: handle this one
            return None
        if first["location"]:
            messages.info(request, _("This form was already sent: it was handled once."))
            return HttpResponseRedirect(first["location"])
        if time.monotonic() > deadline:
            messages.info(request, _("This form was already sent and is still being handled."))
            return HttpResponseRedirect(request.path)
        time.sleep(0.1)


class OnceMiddleware:
    """Handles a POST that carries a form token once (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST":
            return self.get_response(request)
        token = _token(request)
        if token is None:
            return self.get_response(request)
        if not _claim(request, token):
            answer = _answer_of_first(request, token)
            if answer is not None:
                return answer
            if not _claim(request, token):
                return self.get_response(request)
        response = self.get_response(request)
        if response.status_code in (301, 302, 303) and response.get("Location"):
            FormSubmission.objects.filter(token=token).update(location=response["Location"][:500])
        else:
            FormSubmission.objects.filter(token=token).delete()
        if token.int % 50 == 0:  # now and then, forget what is a day old
            FormSubmission.objects.filter(
                created_at__lt=timezone.now() - datetime.timedelta(days=1)
            ).delete()
        return response
