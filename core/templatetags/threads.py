"""A thread's comments as HTML, written here rather than in a template: a thread of an
advice can hold hundreds of comments, and the template engine costs some 80 µs a comment
where str.format costs a tenth of that (docs/performance.md). The rows come from
core.threads.thread_rows, with everything computed; this only prints them, escaping every
text but the comment's HTML (Markdown that nh3 already cleaned). Python's html.escape is
what django.utils.html.escape calls, without its check for lazy text on every call."""

from html import escape

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_HEAD = (
    '<div class="comment depth-{}" id="reactie-{}"><p class="small mb-1"><strong>{}</strong> · {}'
)
_EDITED = " · <em>{}</em>"
_BODY = '</p><div class="comment-body">{}</div>'
_WITHDRAWN = '</p><p class="fst-italic">{}</p>'
_REPLY_LINK = '<a class="btn btn-sm btn-link" href="{}">{}</a>'
_EDIT_LINK = '<a class="btn btn-sm btn-link" href="{}">{}</a>'
_WITHDRAW_FORM = (
    '<form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken" '
    'value="{}"><button type="submit" class="btn btn-sm btn-link">{}</button></form>'
)


@register.simple_tag(takes_context=True)
def thread_comments(context, thread):
    """The comments of one ThreadRow in reading order: author, time, text, and the links
    and buttons the viewer may use. The reply form open under a comment (at most one on a
    page) comes from core/_reply_form.html with the refused reply's text and errors, if
    any (the context's `reply_error`)."""
    edited = _EDITED.format(escape(_("edited")))
    withdrawn = _WITHDRAWN.format(escape(_("This comment was withdrawn by its author.")))
    reply, edit, withdraw = escape(_("Reply")), escape(_("Edit")), escape(_("Withdraw"))
    csrf = escape(str(context.get("csrf_token", "")))
    out = []
    for c in thread.comments:
        out.append(_HEAD.format(c.depth, c.pk, escape(c.author), escape(c.when)))
        if c.edited:
            out.append(edited)
        out.append(withdrawn if c.withdrawn else _BODY.format(c.body))
        if c.reply_form:
            out.append(
                render_to_string(
                    "core/_reply_form.html",
                    {
                        "comment": c,
                        "action": c.reply_url,
                        "cancel": context.get("detail_url", ""),
                        "reply_error": context.get("reply_error"),
                    },
                    request=context.get("request"),
                )
            )
        if c.reply_href or c.mine:
            out.append('<div class="d-flex flex-wrap gap-2 align-items-start">')
            if c.reply_href:
                out.append(_REPLY_LINK.format(escape(c.reply_href), reply))
            if c.editable:
                out.append(_EDIT_LINK.format(escape(c.edit_url), edit))
            if c.mine:
                out.append(_WITHDRAW_FORM.format(escape(c.withdraw_url), csrf, withdraw))
            out.append("</div>")
        out.append("</div>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
