"""Probes of the optimisation's pages as an attacker or a careless user would make them: a huge
page number, a newline in a title, a comment sent twice. None ends in a 500 or a double."""

import uuid

import pytest
from django.urls import reverse

from core.models import Comment, Thread
from optimalisatie.constants import AdviesState as S
from optimalisatie.models import Advies

from .factories import AdviesFactory, CycleFactory
from .test_services import FORM

pytestmark = pytest.mark.django_db

HUGE = "9223372036854775807"


@pytest.mark.parametrize("page", [HUGE, "99999999999999999999999", "-1", "abc", "0"])
def test_any_page_number_answers_a_page(client, world, page):
    cycle = CycleFactory(overdue=True)
    AdviesFactory(dienst=world.dienst, cycle=cycle, state=S.SUBMITTED)
    client.force_login(world.algemeen_directeur)
    for name, args in [
        ("optimalisatie:advies-list", []),
        ("optimalisatie:cycle-overdue", [cycle.pk]),
        ("optimalisatie:cycle-departments", [cycle.pk]),
    ]:
        response = client.get(reverse(name, args=args), {"pagina": page})
        assert response.status_code == 200, (name, page)
    listed = client.get(reverse("optimalisatie:advies-list"), {"pagina": HUGE})
    assert listed.context["page"].number == 1  # the last page there is
    assert len(listed.context["page"].object_list) == 1


def test_a_newline_in_a_title_goes_through_the_whole_flow(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    CycleFactory()
    title = "Eerste regel\nTweede regel\r\nBcc: iemand@example.com"
    client.force_login(world.diensthoofd)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            reverse("optimalisatie:advies-create"),
            {**FORM, "dienst": world.dienst.pk, "title": title},
        )
    assert created.status_code == 302
    advies = Advies.objects.get()
    assert "\n" in advies.title  # kept as typed; only headers are made one line

    steps = [
        (world.diensthoofd, "indienen", ""),
        (world.manager, "terugsturen", "Regel een\nregel twee"),
        (world.diensthoofd, "indienen", ""),
        (world.manager, "voorleggen", ""),
        (world.mt_member, "valideren", ""),
    ]
    for person, slug, reason in steps:
        client.force_login(person)
        advies.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("optimalisatie:advies-step", args=[advies.pk, slug]),
                {f"{slug}-reason": reason, f"{slug}-lock_version": advies.lock_version},
            )
        assert response.status_code == 302, slug
        assert client.get(response["Location"]).status_code == 200
    advies.refresh_from_db()
    assert advies.state == S.VALIDATED
    assert mailoutbox, "the steps told people by mail"
    for mail in mailoutbox:
        assert "\n" not in mail.subject and "\r" not in mail.subject
        assert mail.extra_headers.get("Bcc") is None and not mail.bcc
    client.force_login(world.manager)
    assert client.get(reverse("optimalisatie:advies-list") + "?export=csv").status_code == 200


def test_a_comment_sent_twice_is_posted_once(client, world):
    advies = AdviesFactory(dienst=world.dienst, state=S.SUBMITTED)
    client.force_login(world.manager)
    page = client.get(reverse("optimalisatie:advies-detail", args=[advies.pk])).content.decode()
    assert page.count('name="formulier"') >= 1  # the new-comment form carries its token
    url = reverse("optimalisatie:thread-create", args=[advies.pk])
    token = str(uuid.uuid4())
    data = {"anchor": "", "body": "Hoeveel uren precies?", "formulier": token}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Comment.objects.count() == 1 and Thread.objects.count() == 1

    comment = Comment.objects.get()
    reply = reverse("optimalisatie:comment-reply", args=[advies.pk, comment.thread_id, comment.pk])
    data = {"body": "Twaalfhonderd.", "formulier": str(uuid.uuid4())}
    client.force_login(world.diensthoofd)
    client.post(reply, data)
    client.post(reply, data)
    assert Comment.objects.count() == 2
    # a new form (a new token) posts again
    client.post(url, {**data, "anchor": "", "formulier": str(uuid.uuid4())})
    assert Comment.objects.count() == 3


def test_the_create_forms_carry_a_token(client, world):
    CycleFactory()
    client.force_login(world.diensthoofd)
    page = client.get(reverse("optimalisatie:advies-create")).content.decode()
    assert 'name="formulier"' in page
    advies = AdviesFactory(dienst=world.dienst)
    page = client.get(reverse("optimalisatie:advies-detail", args=[advies.pk])).content.decode()
    assert 'name="formulier"' in page
