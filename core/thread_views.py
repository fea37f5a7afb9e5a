"""The comment-thread views every commented subject shares (an advice, a nota).

The subject's app checks access (its access.py) and says how its page shows a refused form;
these functions do the rest: validate, call the service in core.threads, and redirect.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from .models import Comment, Thread
from .threads import comment_reply, thread_start


def thread_of(target, thread_pk) -> Thread:
    """The thread on this subject, or 404."""
    from django.contrib.contenttypes.models import ContentType

    return get_object_or_404(
        Thread,
        pk=thread_pk,
        object_id=str(target.pk),
        content_type=ContentType.objects.get_for_model(target),
    )


def comment_of(thread, comment_pk) -> Comment:
    return get_object_or_404(Comment, pk=comment_pk, thread=thread)


def _answer(request, form, call, *, url, refused, done: str) -> HttpResponse:
    """Validate, call the service with the body, then redirect, or show the form again."""
    if form.is_valid():
        try:
            call(form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error.message_dict.get("body", error.messages))
    if form.errors:
        return refused(form)
    messages.success(request, done)
    return redirect(url)


def thread_post(
    request: HttpRequest,
    *,
    target,
    form,
    anchor: str,
    audience,
    url: str,
    refused: Callable[[object], HttpResponse],
    confidential: bool = False,
) -> HttpResponse:
    """Start a thread on `target` from a posted form; `refused(form)` shows it again. A
    `confidential` thread stays within the circle the subject's app keeps it in (Thread)."""

    @transaction.atomic
    def start(body):
        thread = thread_start(
            target=target, anchor=anchor, body=body, by=request.user, audience=audience, url=url
        )
        if confidential:
            thread.confidential = True
            thread.save(update_fields=["confidential"])
        return thread

    return _answer(
        request,
        form,
        start,
        url=url,
        refused=refused,
        done=_("Your comment is posted."),
    )


def reply_post(
    request: HttpRequest,
    *,
    target,
    parent: Comment,
    form,
    audience,
    url: str,
    refused: Callable[[object], HttpResponse],
) -> HttpResponse:
    """Reply to `parent` from a posted form; `refused(form)` shows it again."""
    return _answer(
        request,
        form,
        lambda body: comment_reply(
            parent=parent, body=body, by=request.user, audience=audience, url=url, target=target
        ),
        url=url,
        refused=refused,
        done=_("Your reply is posted."),
    )
