"""The comment threads on the advice page: what each comment offers to whom, the reply
forms, and a fixed number of queries however many comments there are."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Comment
from core.threads import comment_reply, comment_withdraw, thread_start
from optimalisatie.constants import AdviesState as S
from tests.accounts.factories import UserFactory

from .factories import AdviesFactory

pytestmark = pytest.mark.django_db


def _thread(advies, by, *, replies=(), body="Hoeveel uren precies?", anchor=""):
    """A thread started by `by`, each reply answering the one before, by the given people."""
    thread = thread_start(target=advies, anchor=anchor, body=body, by=by, audience=[], url="/")
    parent = thread.comments.get()
    for i, person in enumerate(replies):
        parent = comment_reply(
            parent=parent, body=f"Antwoord {i}", by=person, audience=[], url="/", target=advies
        )
    return thread


def _url(advies):
    return reverse("optimalisatie:advies-detail", args=[advies.pk])


def _comment_html(page, comment):
    """The markup of one comment, up to the next comment or the end of its thread."""
    start = page.index(f'id="reactie-{comment.pk}"')
    rest = page[start:]
    end = min(i for i in (rest.find('<div class="comment '), rest.find("<details")) if i > 0)
    return rest[:end]


@pytest.fixture
def advies(world):
    return AdviesFactory(dienst=world.dienst, state=S.SUBMITTED)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_page_uses_the_same_queries_for_2_and_200_comments(client, world, advies):
    client.force_login(world.manager)
    _thread(advies, world.diensthoofd, replies=[world.manager])
    _count(client, _url(advies))  # warm caches (content types, sessions)
    small = _count(client, _url(advies))
    people = [world.manager, world.diensthoofd, world.mt_member, UserFactory(), UserFactory()]
    for i in range(39):
        _thread(advies, people[i % 5], replies=[people[(i + j) % 5] for j in range(1, 5)])
    assert Comment.objects.count() == 2 + 39 * 5
    assert _count(client, _url(advies)) == small


def test_the_page_queries_are_pinned(client, world, advies, django_assert_max_num_queries):
    for _i in range(5):
        _thread(advies, world.diensthoofd, replies=[world.manager, world.diensthoofd])
    client.force_login(world.manager)
    client.get(_url(advies))
    with django_assert_max_num_queries(22):  # 21, and one for which threads are coaching
        client.get(_url(advies))


def test_only_the_author_edits_within_the_window_and_withdraws(client, world, advies):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        thread = _thread(advies, world.diensthoofd, replies=[world.manager])
        first, reply = thread.comments.order_by("pk")
        client.force_login(world.manager)
        page = client.get(_url(advies)).content.decode()
        mine, theirs = _comment_html(page, reply), _comment_html(page, first)
        assert ">Bewerken</a>" in mine and ">Intrekken</button>" in mine
        assert "Bewerken" not in theirs and "Intrekken" not in theirs
        assert 'name="csrfmiddlewaretoken"' in mine
        traveller.shift(datetime.timedelta(minutes=16))
        mine = _comment_html(client.get(_url(advies)).content.decode(), reply)
        assert "Bewerken" not in mine and ">Intrekken</button>" in mine
        edit = reverse("optimalisatie:comment-edit", args=[advies.pk, thread.pk, reply.pk])
        withdraw = reverse("optimalisatie:comment-withdraw", args=[advies.pk, thread.pk, reply.pk])
        assert f'action="{withdraw}"' in mine
        traveller.shift(datetime.timedelta(minutes=-16))
        assert f'href="{edit}"' in _comment_html(client.get(_url(advies)).content.decode(), reply)


def test_a_reply_in_the_thread_answers_its_first_comment(client, world, advies):
    thread = _thread(advies, world.diensthoofd)
    first = thread.comments.get()
    client.force_login(world.manager)
    page = client.get(_url(advies)).content.decode()
    action = reverse("optimalisatie:comment-reply", args=[advies.pk, thread.pk, first.pk])
    assert f'action="{action}"' in page
    assert f'<label for="antwoord-{first.pk}"' in page  # the thread's form, after its comments
    assert "?antwoord=" not in _comment_html(page, first)  # the thread's form answers it
    response = client.post(action, {"body": "Zie bijlage."})
    assert response.status_code == 302
    reply = Comment.objects.get(body="Zie bijlage.")
    assert reply.parent == first and reply.author == world.manager


def test_a_reply_to_one_comment_opens_its_form_under_it(client, world, advies):
    thread = _thread(advies, world.diensthoofd, replies=[world.mt_member, world.diensthoofd])
    first, second, third = thread.comments.order_by("pk")
    comment_withdraw(comment=third, by=world.diensthoofd)  # no replies: deleted
    client.force_login(world.manager)
    page = client.get(_url(advies)).content.decode()
    link = f"{_url(advies)}?antwoord={second.pk}#antwoord-{second.pk}"
    assert f'href="{link}"' in _comment_html(page, second)
    assert f'id="antwoord-{second.pk}"' not in page
    page = client.get(link).content.decode()
    form = _comment_html(page, second)
    action = reverse("optimalisatie:comment-reply", args=[advies.pk, thread.pk, second.pk])
    assert f'action="{action}"' in form
    assert f'<label for="antwoord-{second.pk}" class="form-label">Uw antwoord aan' in form
    assert "Fien Financieel" in form and "?antwoord=" not in form
    client.post(action, {"body": "Klopt."})
    assert Comment.objects.get(body="Klopt.").parent == second
    # nonsense asks for nothing
    assert client.get(_url(advies) + "?antwoord=x").status_code == 200


def test_a_withdrawn_comment_offers_no_reply(client, world, advies):
    thread = _thread(advies, world.diensthoofd, replies=[world.manager, world.diensthoofd])
    _first, second, _third = thread.comments.order_by("pk")
    comment_withdraw(comment=second, by=world.manager)  # answered: withdrawn, kept
    client.force_login(world.diensthoofd)
    html = _comment_html(client.get(_url(advies)).content.decode(), second)
    assert "ingetrokken door de auteur" in html
    assert "?antwoord=" not in html and "Intrekken" not in html


def test_a_refused_reply_comes_back_at_its_form_with_the_text(client, world, advies):
    thread = _thread(advies, world.diensthoofd, replies=[world.mt_member])
    first, second = thread.comments.order_by("pk")
    client.force_login(world.manager)
    url = reverse("optimalisatie:comment-reply", args=[advies.pk, thread.pk, second.pk])
    response = client.post(url, {"body": "x" * 10_001})
    assert response.status_code == 400
    form = _comment_html(response.content.decode(), second)
    assert 'aria-invalid="true"' in form and "x" * 10_001 in form
    url = reverse("optimalisatie:comment-reply", args=[advies.pk, thread.pk, first.pk])
    page = client.post(url, {"body": " "}).content.decode()
    thread_form = page[page.index('<details class="mt-2" open>') :]
    assert f'aria-describedby="antwoord-{first.pk}-fout"' in thread_form.split("</details>")[0]


def test_names_and_text_are_escaped(client, world, advies):
    stranger = UserFactory(full_name='<img src=x onerror="alert(1)">')
    thread = _thread(
        advies, world.diensthoofd, replies=[stranger], body="**Vet** <script>x</script>"
    )
    client.force_login(world.manager)
    page = client.get(_url(advies)).content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "<img src=x" not in page and "<script>x" not in page
    assert "<strong>Vet</strong>" in _comment_html(page, thread.comments.order_by("pk")[0])


def test_the_heading_names_the_field_a_thread_is_about(client, world, advies):
    _thread(advies, world.diensthoofd, anchor="substantiation")
    _thread(advies, world.diensthoofd)
    client.force_login(world.manager)
    page = client.get(_url(advies)).content.decode()
    assert "Over: onderbouwing" in page or "Over: Onderbouwing" in page
    assert "Over het advies" in page


def test_a_refused_new_comment_keeps_its_field_and_text(client, world, advies):
    client.force_login(world.manager)
    response = client.post(
        reverse("optimalisatie:thread-create", args=[advies.pk]),
        {"anchor": "proposal", "body": "x" * 10_001},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert '<option value="proposal" selected>' in page
    assert 'aria-describedby="id_body_helptext id_body_error" aria-invalid="true">' in page
    assert "x" * 10_001 + "</textarea>" in page
    assert '<div id="id_body_error" class="invalid-feedback">' in page
    page = client.get(_url(advies)).content.decode()
    assert '<option value="" selected>' in page and 'aria-invalid="true"' not in page
    assert '<label for="id_body" class="form-label requiredField">Reactie' in page
