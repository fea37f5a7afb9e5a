"""Confidential coaching (issue 17, item 10): a thread the administration starts on an advice
stays within the administration (diensthoofd, manager, MT, algemeen directeur) however far the
advice goes, until an MT member shares it with the college, saying why (recorded, audited, not
undone). College members read their own threads, the college's and what the MT shared: the
thread views answer 404 for the rest, and no page lists or counts them."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.audit import audit_trail
from core.models import Comment, Notification, Thread
from optimalisatie import access
from optimalisatie.constants import AdviesState as S
from optimalisatie.models import Advies

from .factories import AdviesFactory

pytestmark = pytest.mark.django_db

SECRET = "Tel de leerlingen nog eens na"


def _detail(advies):
    return reverse("optimalisatie:advies-detail", args=[advies.pk])


def _start(client, person, advies, body=SECRET):
    client.force_login(person)
    response = client.post(
        reverse("optimalisatie:thread-create", args=[advies.pk]), {"anchor": "", "body": body}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Thread.objects.get(comments__body=body)


def _share(client, person, advies, thread, reason="Het college moet dit meewegen.", **extra):
    client.force_login(person)
    return client.post(
        reverse("optimalisatie:thread-share", args=[advies.pk, thread.pk]),
        {f"delen-{thread.pk}-reason": reason, **extra},
    )


@pytest.fixture
def advies(world):
    return AdviesFactory(dienst=world.dienst, author=world.diensthoofd, state=S.DRAFT)


@pytest.fixture
def validated(world):
    return AdviesFactory(dienst=world.dienst, author=world.diensthoofd, state=S.VALIDATED)


def test_a_thread_of_the_administration_is_coaching_one_of_a_schepen_is_not(
    client, world, validated
):
    for person in (world.manager, world.diensthoofd, world.mt_member, world.algemeen_directeur):
        assert access.starts_confidential(person)
        _start(client, person, validated, body=f"Van {person.full_name}")
    assert not access.starts_confidential(world.schepen)
    _start(client, world.schepen, validated, body="Van de schepen")
    assert list(Thread.objects.order_by("pk").values_list("confidential", flat=True)) == [
        True,
        True,
        True,
        True,
        False,
    ]


@pytest.mark.parametrize(
    ("role", "reads"),
    [
        ("diensthoofd", True),
        ("manager", True),
        ("mt_member", True),
        ("algemeen_directeur", True),
        ("schepen", False),
        ("other_schepen", False),
    ],
)
def test_coaching_on_a_validated_advice_stays_within_the_administration(
    client, world, advies, role, reads
):
    thread = _start(client, world.manager, advies)
    Advies.objects.filter(pk=advies.pk).update(
        state=S.VALIDATED, submitted_at=thread.created_at, validated_at=thread.created_at
    )
    # the college sees the validated advice itself ...
    client.force_login(getattr(world, role))
    page = client.get(_detail(advies)).content.decode()
    assert advies.title in page
    # ... but of the coaching not a word, not even its place
    assert (SECRET in page) is reads
    assert (f'id="draad-{thread.pk}"' in page) is reads
    if not reads:
        assert "No comments yet." in page or "Nog geen reacties." in page


def test_the_thread_views_answer_404_to_the_college_for_coaching(client, world, validated):
    thread = _start(client, world.manager, validated)
    comment = thread.comments.get()
    args = [validated.pk, thread.pk]
    per_comment = [*args, comment.pk]
    client.force_login(world.schepen)
    posts = {
        reverse("optimalisatie:comment-reply", args=per_comment): {"body": "Lek"},
        reverse("optimalisatie:comment-edit", args=per_comment): {"body": "Lek"},
        reverse("optimalisatie:comment-withdraw", args=per_comment): {"bevestigd": "1"},
        reverse("optimalisatie:thread-resolve", args=args): {"resolved": "1"},
        reverse("optimalisatie:thread-share", args=args): {f"delen-{thread.pk}-reason": "x"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    assert client.get(reverse("optimalisatie:comment-edit", args=per_comment)).status_code == 404
    assert Comment.objects.filter(thread=thread).count() == 1
    thread.refresh_from_db()
    assert thread.resolved_at is None and thread.shared_at is None


def test_a_mention_of_a_schepen_in_coaching_tells_nobody_outside(client, world, validated):
    _start(client, world.manager, validated, body="Zie @Sara Schepen en @Dina Diensthoofd")
    told = set(Notification.objects.values_list("recipient__full_name", flat=True))
    assert told == {"Dina Diensthoofd"}


def test_the_mt_shares_coaching_and_the_college_then_reads_it(
    client, world, validated, django_capture_on_commit_callbacks
):
    thread = _start(client, world.manager, validated)
    # asked first: sharing is not undone
    page = _share(client, world.mt_member, validated, thread)
    assert page.status_code == 200 and "bevestigd" in page.content.decode()
    assert Thread.objects.get(pk=thread.pk).shared_at is None
    with django_capture_on_commit_callbacks(execute=True):
        response = _share(client, world.mt_member, validated, thread, bevestigd="1")
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.shared_by == world.mt_member and thread.shared_at is not None
    assert thread.shared_reason == "Het college moet dit meewegen."
    entry = audit_trail(validated).get(action="advies.thread-share")
    assert entry.actor == world.mt_member and entry.reason == thread.shared_reason
    assert entry.data["thread"] == thread.pk
    # the college members who see the advice are told, and read it
    told = Notification.objects.filter(text__contains="coaching").values_list(
        "recipient__full_name", flat=True
    )
    assert set(told) == {"Sara Schepen", "Olaf Schepen"}
    client.force_login(world.schepen)
    page = client.get(_detail(validated)).content.decode()
    assert SECRET in page and "Fien Financieel" in page
    # and may answer in it now
    reply = reverse(
        "optimalisatie:comment-reply", args=[validated.pk, thread.pk, thread.comments.get().pk]
    )
    assert client.post(reply, {"body": "Gelezen."}).status_code == 302


@pytest.mark.parametrize(
    ("role", "status"),
    [("diensthoofd", 403), ("manager", 302), ("algemeen_directeur", 302), ("schepen", 404)],
)
def test_only_the_mt_shares(client, world, validated, role, status):
    # the manager and the algemeen directeur sit in the MT (the world's mandates)
    thread = _start(client, world.diensthoofd, validated)
    response = _share(client, getattr(world, role), validated, thread, bevestigd="1")
    assert response.status_code == status
    assert Thread.objects.get(pk=thread.pk).is_shared is (status == 302)


def test_sharing_needs_a_reason_and_happens_once(client, world, validated):
    thread = _start(client, world.manager, validated)
    response = _share(client, world.mt_member, validated, thread, reason=" ", bevestigd="1")
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="delen-{thread.pk}-fout"' in page and 'aria-invalid="true"' in page
    assert Thread.objects.get(pk=thread.pk).shared_at is None
    assert _share(client, world.mt_member, validated, thread, bevestigd="1").status_code == 302
    # a second time: nothing left to share
    again = _share(client, world.algemeen_directeur, validated, thread, bevestigd="1")
    assert again.status_code == 403
    assert audit_trail(validated).filter(action="advies.thread-share").count() == 1


def test_a_schepens_own_thread_is_the_colleges(client, world, validated):
    thread = _start(client, world.schepen, validated, body="Mijn vraag aan de dienst")
    assert not thread.confidential
    for person in (world.other_schepen, world.manager):
        client.force_login(person)
        assert "Mijn vraag aan de dienst" in client.get(_detail(validated)).content.decode()


def test_the_queryset_and_the_page_agree(world, validated):
    """thread_visible_q (the views) and reads_thread (the page) answer alike."""
    ct = ContentType.objects.get_for_model(validated)
    made = [
        Thread.objects.create(
            content_type=ct,
            object_id=str(validated.pk),
            created_by=by,
            confidential=confidential,
            shared_at=shared,
        )
        for by in (world.manager, world.schepen)
        for confidential in (True, False)
        for shared in (None, validated.validated_at)
    ]
    for person in world.roles().values():
        if not Advies.objects.visible_to(person).filter(pk=validated.pk):
            continue
        by_q = set(
            Thread.objects.filter(pk__in=[t.pk for t in made])
            .filter(access.thread_visible_q(person, validated))
            .values_list("pk", flat=True)
        )
        by_rule = {
            t.pk
            for t in made
            if access.reads_thread(
                person,
                validated,
                confidential=t.confidential,
                shared=t.shared_at is not None,
                created_by_id=t.created_by_id,
            )
        }
        assert by_q == by_rule, person
