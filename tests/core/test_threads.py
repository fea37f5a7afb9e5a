import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import formats, timezone, translation

from core.links import Slot, url_pattern
from core.models import Comment, Notification, Thread
from core.threads import (
    comment_edit,
    comment_reply,
    comment_tree,
    comment_when,
    comment_withdraw,
    render_markdown,
    thread_rows,
    thread_set_resolved,
    thread_start,
    threads_for,
)
from tests.accounts.factories import DienstFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject():
    return DienstFactory()


def start(subject, by, body="Eerste reactie", audience=(), anchor=""):
    return thread_start(
        target=subject, anchor=anchor, body=body, by=by, audience=list(audience), url="/x/"
    )


def test_replies_nest_under_their_parent(subject):
    a, b = UserFactory(), UserFactory()
    thread = start(subject, a, anchor="substantiation")
    first = thread.comments.get()
    reply = comment_reply(
        parent=first, body="Antwoord", by=b, audience=[a, b], url="/x/", target=subject
    )
    comment_reply(
        parent=reply, body="Antwoord op antwoord", by=a, audience=[a, b], url="/x/", target=subject
    )
    [(loaded, tree)] = [(t, comment_tree(t)) for t in threads_for(subject)]
    assert loaded.anchor == "substantiation"
    assert [(c.body, depth) for c, depth in tree] == [
        ("Eerste reactie", 0),
        ("Antwoord", 1),
        ("Antwoord op antwoord", 2),
    ]


def test_a_reply_notifies_the_others_in_the_thread(subject):
    a, b = UserFactory(), UserFactory()
    first = start(subject, a).comments.get()
    comment_reply(parent=first, body="Ja", by=b, audience=[a, b], url="/x/", target=subject)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [a.pk]


def test_a_mention_notifies_only_people_in_the_audience(subject):
    author = UserFactory(full_name="An Auteur")
    inside = UserFactory(full_name="Ilse Binnen")
    outside = UserFactory(full_name="Otto Buiten")
    start(
        subject,
        author,
        body="Wat denk jij, @Ilse Binnen? En @Otto Buiten?",
        audience=[author, inside],
    )
    assert list(Notification.objects.values_list("recipient", flat=True)) == [inside.pk]
    assert not Notification.objects.filter(recipient=outside).exists()


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "**vet** en *schuin*\n\n- een\n- twee\n\n<script>alert(1)</script>[x](javascript:alert(1))"
    )
    assert "<strong>vet</strong>" in html and "<em>schuin</em>" in html and "<li>een</li>" in html
    assert "<script" not in html and "javascript:" not in html


def test_a_comment_can_be_edited_by_its_author_for_15_minutes(subject):
    author = UserFactory()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        comment = start(subject, author).comments.get()
        traveller.shift(datetime.timedelta(minutes=14))
        comment_edit(comment=comment, body="Verbeterd", by=author)
        comment.refresh_from_db()
        assert comment.body == "Verbeterd" and comment.edited_at is not None
        traveller.shift(datetime.timedelta(minutes=2))
        with pytest.raises(ValidationError):
            comment_edit(comment=comment, body="Te laat", by=author)
    with pytest.raises(PermissionDenied):
        comment_edit(comment=comment, body="Niet van mij", by=UserFactory())


def test_without_replies_a_comment_is_deleted_with_a_reply_only_withdrawn(subject):
    a, b = UserFactory(), UserFactory()
    lone = start(subject, a).comments.get()
    assert comment_withdraw(comment=lone, by=a) is None
    assert not Thread.objects.exists()

    first = start(subject, a, body="Geheim detail").comments.get()
    comment_reply(parent=first, body="Antwoord", by=b, audience=[a, b], url="/x/", target=subject)
    withdrawn = comment_withdraw(comment=first, by=a)
    assert withdrawn.withdrawn_at is not None and withdrawn.body == ""
    assert Comment.objects.count() == 2
    with pytest.raises(PermissionDenied):
        comment_withdraw(comment=Comment.objects.get(body="Antwoord"), by=a)


def test_a_thread_is_resolved_and_reopened(subject):
    a = UserFactory()
    thread = start(subject, a)
    thread_set_resolved(thread=thread, resolved=True, by=a)
    assert Thread.objects.get().is_resolved
    thread_set_resolved(thread=thread, resolved=False, by=a)
    assert not Thread.objects.get().is_resolved


def test_an_empty_comment_is_refused(subject):
    with pytest.raises(ValidationError):
        start(subject, UserFactory(), body="   ")


def test_thread_rows_keep_the_reading_order_of_comment_tree(subject):
    a, b = UserFactory(full_name="Ann"), UserFactory(full_name="Bob")
    thread = start(subject, a)
    first = thread.comments.get()
    reply = comment_reply(parent=first, body="Eén", by=b, audience=[], url="/", target=subject)
    comment_reply(parent=first, body="Twee", by=a, audience=[], url="/", target=subject)
    comment_reply(parent=reply, body="Onder één", by=a, audience=[], url="/", target=subject)
    urls = {
        "reply": "/r/{thread}/{comment}/",
        "resolve": "/s/{thread}/",
        "edit": "/e/{thread}/{comment}/",
        "withdraw": "/w/{thread}/{comment}/",
        "reply_link": "/?antwoord={comment}",
    }
    [row] = thread_rows(subject, viewer=b, urls=urls)
    tree = comment_tree(next(iter(threads_for(subject))))
    assert [(c.pk, c.depth) for c in row.comments] == [(str(c.pk), str(d)) for c, d in tree]
    assert [c.author for c in row.comments] == ["Ann", "Bob", "Ann", "Ann"]
    assert row.root == str(first.pk) and row.reply_url == f"/r/{thread.pk}/{first.pk}/"
    assert row.resolve_url == f"/s/{thread.pk}/" and not row.is_resolved
    # the first comment is answered by the thread's own form; Bob may change his only
    assert [bool(c.reply_href) for c in row.comments] == [False, True, True, True]
    assert [(c.mine, c.editable) for c in row.comments] == [
        (False, False),
        (True, True),
        (False, False),
        (False, False),
    ]
    [row] = thread_rows(subject, viewer=b, urls=urls, reply_to=str(reply.pk))
    opened = [c for c in row.comments if c.reply_form]
    assert [c.pk for c in opened] == [str(reply.pk)] and not opened[0].reply_href
    assert opened[0].reply_url == f"/r/{thread.pk}/{reply.pk}/"


def test_no_threads_no_comment_query(subject, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert thread_rows(subject, viewer=UserFactory.build(pk=1), urls={"resolve": ""}) == []


def test_url_pattern_formats_like_reverse():
    pattern = url_pattern("optimalisatie:comment-edit", 12, slots=("thread", "comment"))
    assert pattern.format(thread=3, comment=45) == reverse(
        "optimalisatie:comment-edit", args=[12, 3, 45]
    )
    between = url_pattern("vergaderingen:agenda-move", 4, Slot("item"), "omhoog")
    assert between.format(item=9) == reverse("vergaderingen:agenda-move", args=[4, 9, "omhoog"])


def test_comment_when_is_the_datetime_format_of_its_minute():
    moment = datetime.datetime(2026, 3, 29, 0, 59, 42, tzinfo=datetime.UTC)
    with translation.override("nl-be"):
        expected = formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
        assert comment_when(moment) == expected == "29 maart 2026, 01:59"
        with timezone.override(datetime.UTC):
            assert comment_when(moment) == "29 maart 2026, 00:59"
        assert comment_when(moment, language="en") == "29 March 2026, 01:59"
    with translation.override("en"):
        assert comment_when(moment) == "29 March 2026, 01:59"
