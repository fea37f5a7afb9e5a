"""The steps on an advice's page read as what happened and ask before what cannot be undone:
a returned advice says who sent it back and why, at the top and in the notification; withdraw
and refuse ask for confirmation (without JavaScript); the step forward comes first."""

import re

import pytest
from django.urls import reverse

from core.models import Notification
from optimalisatie.constants import AdviesState as S
from optimalisatie.services import advies_transition

from .factories import AdviesFactory

pytestmark = pytest.mark.django_db


def _page(client, advies):
    return client.get(reverse("optimalisatie:advies-detail", args=[advies.pk])).content.decode()


def _step(client, advies, slug, reason="", **extra):
    return client.post(
        reverse("optimalisatie:advies-step", args=[advies.pk, slug]),
        {f"{slug}-reason": reason, f"{slug}-lock_version": advies.lock_version, **extra},
    )


def test_a_returned_advice_says_who_sent_it_back_and_why_at_the_top(
    client, world, django_capture_on_commit_callbacks
):
    advies = AdviesFactory(dienst=world.dienst, state=S.SUBMITTED, title="Gedeelde poetsploeg")
    client.force_login(world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = _step(client, advies, "terugsturen", "Voeg de planning toe.")
    assert response.status_code == 302

    client.force_login(world.diensthoofd)
    page = _page(client, advies)
    top = page[: page.index('id="acties"')]  # above what the person can do
    assert "teruggestuurd door de manager" in top
    assert "Voeg de planning toe." in top and "Mia Manager" in top
    assert ">ontwerp<" not in top  # the badge tells what happened, not "draft"
    told = Notification.objects.get(recipient=world.diensthoofd).text
    assert told == "Mia Manager stuurde „Gedeelde poetsploeg” terug: Voeg de planning toe."

    # an edit keeps it returned; submitting again moves it on
    advies.refresh_from_db()
    advies.title = "Gedeelde poetsploeg, herwerkt"
    advies.save()
    assert "teruggestuurd door de manager" in _page(client, advies)
    advies_transition(advies=advies, action="submit", by=world.diensthoofd)
    assert "teruggestuurd door" not in _page(client, advies)


def test_returned_by_the_mt_to_the_author_or_the_manager(client, world):
    advies = AdviesFactory(dienst=world.dienst, state=S.WITH_MT)
    advies_transition(
        advies=advies, action="mt-return-to-manager", by=world.mt_member, reason="Cijfers?"
    )
    client.force_login(world.manager)
    page = _page(client, advies)
    assert "teruggestuurd door het MT" in page[: page.index('id="acties"')]
    assert "Cijfers?" in page
    advies_transition(advies=advies, action="forward", by=world.manager)
    advies_transition(
        advies=advies, action="mt-return-to-author", by=world.mt_member, reason="Herschrijven."
    )
    client.force_login(world.diensthoofd)
    page = _page(client, advies)
    assert "teruggestuurd door het MT" in page[: page.index('id="acties"')]
    assert "Herschrijven." in page and "Cijfers?" not in page[: page.index('id="acties"')]


@pytest.mark.parametrize(
    ("slug", "role", "state", "after"),
    [
        ("intrekken", "diensthoofd", S.DRAFT, S.WITHDRAWN),
        ("niet-weerhouden", "mt_member", S.WITH_MT, S.NOT_RETAINED),
    ],
)
def test_what_cannot_be_undone_asks_first_and_carries_the_reason(
    client, world, slug, role, state, after
):
    advies = AdviesFactory(dienst=world.dienst, state=state)
    client.force_login(world.roles()[role])
    asked = _step(client, advies, slug, "Niet meer nodig.")
    assert asked.status_code == 200
    page = asked.content.decode()
    assert 'name="bevestigd" value="1"' in page
    assert f'name="{slug}-reason" value="Niet meer nodig."' in page
    advies.refresh_from_db()
    assert advies.state == state  # nothing happened yet

    done = _step(client, advies, slug, "Niet meer nodig.", bevestigd="1")
    assert done.status_code == 302
    advies.refresh_from_db()
    assert advies.state == after


def test_a_missing_reason_is_said_before_anything_is_asked(client, world):
    advies = AdviesFactory(dienst=world.dienst)
    client.force_login(world.diensthoofd)
    response = _step(client, advies, "intrekken", "  ")
    assert response.status_code == 400
    assert "bevestigd" not in response.content.decode()
    assert "Geef een reden op" in response.content.decode()


def test_the_step_forward_comes_first_and_each_reason_names_its_step(client, world):
    advies = AdviesFactory(dienst=world.dienst, state=S.WITH_MT)
    client.force_login(world.mt_member)
    page = _page(client, advies)
    validate = page.index(">Valideren<")
    assert validate < page.index("other-steps") < page.index(">Niet weerhouden<")
    for label in ("Terugsturen naar de manager", "Terugsturen naar de auteur", "Niet weerhouden"):
        assert f"Reden voor „{label}”" in page
    assert not re.search(r"<label[^>]*>\s*Reden\s*</label>", page)  # no bare "Reden" box


def test_withdrawing_a_comment_asks_first(client, world):
    from core.threads import thread_start

    advies = AdviesFactory(dienst=world.dienst, state=S.SUBMITTED)
    thread = thread_start(
        target=advies, anchor="", body="Vraag", by=world.manager, audience=[], url="/"
    )
    comment = thread.comments.get()
    url = reverse("optimalisatie:comment-withdraw", args=[advies.pk, thread.pk, comment.pk])
    client.force_login(world.diensthoofd)
    assert client.post(url).status_code == 403  # not theirs
    client.force_login(world.manager)
    asked = client.post(url)
    assert asked.status_code == 200 and 'name="bevestigd"' in asked.content.decode()
    assert thread.comments.exists()
    assert client.post(url, {"bevestigd": "1"}).status_code == 302
    assert not thread.comments.exists()
