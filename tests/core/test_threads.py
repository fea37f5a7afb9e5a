import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import Comment, Notification, Thread
from core.threads import (
    comment_edit,
    comment_reply,
    comment_tree,
    comment_withdraw,
    render_markdown,
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
