import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_login_is_by_email_whatever_its_case(client):
    UserFactory(email="an@gemeente.example")
    response = login(client, "AN@Gemeente.example", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:my-work")


def test_a_session_ends_after_the_idle_time(client):
    user = UserFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(user)
        assert client.get(reverse("core:my-work")).status_code == 200
        idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        traveller.shift(idle - datetime.timedelta(minutes=1))
        assert client.get(reverse("core:my-work")).status_code == 200  # activity renews it
        traveller.shift(idle + datetime.timedelta(minutes=1))
        response = client.get(reverse("core:my-work"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_session_cookie_ends_with_the_browser(client):
    client.force_login(UserFactory())
    response = client.get(reverse("core:my-work"))
    assert response.cookies["sessionid"]["expires"] == ""
    assert response.cookies["sessionid"]["httponly"]


def test_the_lock_out_answers_429_in_dutch(client):
    UserFactory(email="an@gemeente.example")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, "an@gemeente.example", "fout")
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert login(client, "an@gemeente.example", PASSWORD).status_code == 429


def test_a_lock_out_is_per_email_address(client):
    UserFactory(email="an@gemeente.example")
    other = UserFactory(email="bo@gemeente.example")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "an@gemeente.example", "fout")
    assert login(client, other.email, PASSWORD).status_code == 302


def test_capitals_do_not_dodge_the_lock_out(client):
    UserFactory(email="an@gemeente.example")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "an@gemeente.example" if attempt % 2 else "AN@Gemeente.example", "fout")
    assert login(client, "An@gemeente.EXAMPLE", PASSWORD).status_code == 429


def test_a_new_password_lifts_the_lock_out(client, mailoutbox):
    import re

    UserFactory(email="an@gemeente.example")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "an@gemeente.example", "fout")
    client.post(reverse("password_reset"), {"email": "an@gemeente.example"})
    link = re.search(r"/wachtwoord/herstellen/\S+/", mailoutbox[0].body).group(0)
    form_url = client.get(link)["Location"]
    client.post(
        form_url,
        {"new_password1": "Een-nieuw-wachtwoord-9", "new_password2": "Een-nieuw-wachtwoord-9"},
    )
    assert login(client, "an@gemeente.example", "Een-nieuw-wachtwoord-9").status_code == 302


def test_the_demo_refuses_to_run_in_production(settings):
    import io

    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    with pytest.raises(CommandError, match="public password"):
        call_command("demo", stdout=io.StringIO())
