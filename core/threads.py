"""Comment threads: replies nest, a thread can point at one field, threads are open or
resolved, text is sanitised Markdown, @mentions notify. The caller has checked that `by` may
see the subject and passes `audience`, the people who may: mentions outside it are ignored."""

from __future__ import annotations

import datetime
import functools
import threading
from dataclasses import dataclass, field

import markdown
import nh3
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import User

from .audit import audit_record
from .models import Comment, Thread
from .notifications import notify

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote", "br", "a"}


_parsers = threading.local()


def _markdown_to_html(text: str) -> str:
    """One Markdown parser per thread, reset between texts: building a parser costs more
    than converting a comment (the benchmark's advice with 200 comments, docs/performance.md)."""
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = markdown.Markdown(
            extensions=["sane_lists"], output_format="html"
        )
    return parser.reset().convert(text)


@functools.lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """A safe subset of Markdown as HTML: paragraphs, lists, bold, italic, code, links.

    The result depends on the text alone, so the last few thousand are kept: a page of
    comments is converted once per worker, not on every view."""
    html = _markdown_to_html(text or "")
    return mark_safe(  # noqa: S308 - nh3 removed everything but the allowed tags
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )


def edit_window():
    return datetime.timedelta(minutes=settings.COMMENT_EDIT_MINUTES)


def threads_for(target):
    """The threads on an object with their comments and authors (three queries)."""
    return (
        Thread.objects.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
        )
        .select_related("created_by", "resolved_by")
        .prefetch_related(Prefetch("comments", queryset=Comment.objects.select_related("author")))
    )


def comment_tree(thread):
    """The thread's comments as (comment, depth) in reading order, replies under parents."""
    children = {}
    for comment in thread.comments.all():
        children.setdefault(comment.parent_id, []).append(comment)
    ordered = []

    def walk(parent_id, depth):
        for comment in children.get(parent_id, []):
            ordered.append((comment, depth))
            walk(comment.pk, min(depth + 1, 6))

    walk(None, 0)
    return ordered


@dataclass(frozen=True, slots=True)
class CommentRow:
    """A comment as a page shows it, everything computed once (see thread_rows). Keys are
    text: the page prints them in ids and URLs, and printing a number in a template goes
    through number localisation, hundreds of times on a long thread."""

    pk: str
    depth: str
    author: str
    when: str
    body: str  # safe HTML, empty once withdrawn
    withdrawn: bool
    edited: bool
    mine: bool  # written by the viewer and not withdrawn: may withdraw it
    editable: bool  # ... and still inside the edit window
    edit_url: str = ""
    withdraw_url: str = ""
    reply_href: str = ""  # the link that opens a reply form under it (not the first comment)
    reply_form: bool = False  # the form is open under it ...
    reply_url: str = ""  # ... and posts here


@dataclass(slots=True)
class ThreadRow:
    pk: str
    anchor: str
    is_resolved: bool
    root: str  # the first comment: a reply "in the thread" answers it
    reply_url: str
    resolve_url: str
    comments: list[CommentRow] = field(default_factory=list)
    heading: str = ""  # the caller's words for what the thread is about


@functools.lru_cache(maxsize=4096)
def _when(minute: datetime.datetime, language: str) -> str:
    with translation.override(language):
        return formats.date_format(minute, "DATETIME_FORMAT")


def comment_when(moment: datetime.datetime, *, tz=None, language=None) -> str:
    """A comment's time as DATETIME_FORMAT writes it ("18 november 2022, 14:05"). It shows
    minutes, so the text of each local minute is kept per language: formatting a date
    costs more than the rest of a comment. A caller formatting many passes the current
    time zone and language, looked up once."""
    local = moment.astimezone(tz or timezone.get_current_timezone())
    return _when(local.replace(second=0, microsecond=0, tzinfo=None), language or get_language())


def thread_rows(target, *, viewer, urls: dict[str, str], reply_to: str = "") -> list[ThreadRow]:
    """The threads on an object ready to show, in two queries whatever their size, without
    model instances: per comment its author's name, date, HTML and what the viewer may do
    with it, so that the template only prints. `urls` holds url_pattern()s with the fields
    {thread} and {comment}: "reply" and "resolve" (per thread), "edit" and "withdraw" (per
    comment of the viewer) and "reply_link" (the page with the reply form open under a
    comment). `reply_to` is the comment (pk as text) whose reply form is open: a reply to the
    first comment is a reply in the thread, whose form is at its end."""
    threads = {
        pk: ThreadRow(
            pk=str(pk),
            anchor=anchor,
            is_resolved=resolved_at is not None,
            root="",
            reply_url="",
            resolve_url=urls["resolve"].format(thread=pk),
        )
        for pk, anchor, resolved_at in Thread.objects.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
        ).values_list("pk", "anchor", "resolved_at")
    }
    if not threads:
        return []
    # The author's name as a subquery: an index lookup per comment, where a join would
    # scan the whole staff table (thousands of people in a large city).
    comments = (
        Comment.objects.filter(thread__in=list(threads))
        .annotate(
            author_name=Subquery(User.objects.filter(pk=OuterRef("author_id")).values("full_name"))
        )
        .values_list(
            "pk",
            "thread_id",
            "parent_id",
            "author_id",
            "author_name",
            "body",
            "created_at",
            "edited_at",
            "withdrawn_at",
        )
    )
    children: dict[tuple[int, int | None], list[tuple]] = {}
    for row in comments:
        children.setdefault((row[1], row[2]), []).append(row)
    cutoff = timezone.now() - edit_window()
    tz, language = timezone.get_current_timezone(), get_language()

    def walk(thread_pk, thread, parent_id, depth):
        for pk, _t, _p, author_id, author, body, created, edited, withdrawn in children.get(
            (thread_pk, parent_id), ()
        ):
            mine = author_id == viewer.pk and withdrawn is None
            editable = mine and created > cutoff
            key = str(pk)
            answerable = withdrawn is None and parent_id is not None
            thread.comments.append(
                CommentRow(
                    pk=key,
                    depth=str(depth),
                    author=author,
                    when=comment_when(created, tz=tz, language=language),
                    body="" if withdrawn else render_markdown(body),
                    withdrawn=withdrawn is not None,
                    edited=edited is not None,
                    mine=mine,
                    editable=editable,
                    edit_url=urls["edit"].format(thread=thread.pk, comment=pk) if editable else "",
                    withdraw_url=urls["withdraw"].format(thread=thread.pk, comment=pk)
                    if mine
                    else "",
                    reply_href=urls["reply_link"].format(comment=pk)
                    if answerable and key != reply_to
                    else "",
                    reply_form=answerable and key == reply_to,
                    reply_url=urls["reply"].format(thread=thread.pk, comment=pk)
                    if answerable and key == reply_to
                    else "",
                )
            )
            walk(thread_pk, thread, pk, min(depth + 1, 6))

    for thread_pk, thread in threads.items():
        walk(thread_pk, thread, None, 0)
        if thread.comments:
            thread.root = thread.comments[0].pk
            thread.reply_url = urls["reply"].format(thread=thread.pk, comment=thread.root)
    return list(threads.values())


def _clean_body(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment first.")})
    if len(body) > 10_000:
        raise ValidationError({"body": _("A comment can hold at most 10,000 characters.")})
    return body


def _mentions(body, audience, by):
    lowered = body.lower()
    return [u for u in audience if u.pk != by.pk and f"@{u.full_name.lower()}" in lowered]


def _notify_mentions(comment, audience, by, url, target):
    mentioned = _mentions(comment.body, audience, by)
    if mentioned:
        text = _("%(who)s mentioned you in a comment on “%(subject)s”.") % {
            "who": by.full_name,
            "subject": str(target)[:150],
        }
        notify(mentioned, text=text, target=target, url=url)
    return mentioned


@transaction.atomic
def thread_start(*, target, anchor: str, body: str, by, audience, url: str) -> Thread:
    body = _clean_body(body)
    thread = Thread.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        anchor=anchor or "",
        created_by=by,
    )
    comment = Comment.objects.create(thread=thread, author=by, body=body)
    _notify_mentions(comment, audience, by, url, target)
    return thread


@transaction.atomic
def comment_reply(*, parent: Comment, body: str, by, audience, url: str, target) -> Comment:
    body = _clean_body(body)
    comment = Comment.objects.create(thread=parent.thread, parent=parent, author=by, body=body)
    participants = {c.author for c in parent.thread.comments.all()} - {by}
    notify(
        [u for u in participants if u in audience],
        target=target,
        url=url,
        text=_("%(who)s replied in a thread on “%(subject)s”.")
        % {"who": by.full_name, "subject": str(target)[:150]},
    )
    _notify_mentions(comment, audience, by, url, target)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, body: str, by) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != by.pk or comment.withdrawn_at:
        raise PermissionDenied(_("Only the author can change this comment."))
    if timezone.now() - comment.created_at > edit_window():
        raise ValidationError(
            {
                "body": _("A comment can only be changed in the first %(minutes)d minutes.")
                % {"minutes": settings.COMMENT_EDIT_MINUTES}
            }
        )
    comment.body = _clean_body(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def comment_withdraw(*, comment: Comment, by) -> Comment | None:
    """Delete a comment nobody replied to; once answered, only withdraw it (text replaced)."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != by.pk:
        raise PermissionDenied(_("Only the author can withdraw this comment."))
    if comment.replies.exists():
        comment.body = ""
        comment.withdrawn_at = timezone.now()
        comment.save(update_fields=["body", "withdrawn_at"])
        audit_record(
            actor=by, action="comment.withdraw", target=comment.thread, data={"comment": comment.pk}
        )
        return comment
    thread = comment.thread
    comment.delete()
    if not thread.comments.exists():
        thread.delete()
    return None


@transaction.atomic
def thread_set_resolved(*, thread: Thread, resolved: bool, by) -> Thread:
    from_state = "resolved" if thread.resolved_at else "open"
    thread.resolved_at = timezone.now() if resolved else None
    thread.resolved_by = by if resolved else None
    thread.save(update_fields=["resolved_at", "resolved_by"])
    audit_record(
        actor=by,
        action="thread.resolve" if resolved else "thread.reopen",
        target=thread,
        from_state=from_state,
        to_state="resolved" if resolved else "open",
    )
    return thread
