"""Dutch pages, in the page frame, for every error the app or its server can produce, and
logs a person can read (issue: a 3 MB comment gave a bare English 400, a long search the
server's 414, every 403 a traceback in the log)."""

import logging

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_a_very_long_address_gets_a_dutch_414(client, person):
    response = client.get(reverse("core:my-work"), {"zoek": "x" * 10_000})
    assert response.status_code == 414
    assert "Het adres is te lang" in response.content.decode()
    assert "4096" in response.content.decode()


def test_a_text_larger_than_the_limit_gets_a_dutch_413_naming_it(client, person):
    response = client.post(
        reverse("core:mail-preference"),
        "body=" + "x" * 3_000_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Te groot om te versturen" in page and "2,5" in page


def test_a_large_text_field_in_a_form_with_files_gets_the_413_too(client, person):
    response = client.post(reverse("core:mail-preference"), {"body": "x" * 3_000_000})
    assert response.status_code == 413


def test_a_wrong_method_gets_a_dutch_405_with_allow(client, person):
    response = client.get(reverse("logout"))
    assert response.status_code == 405
    assert "Dit kan hier niet" in response.content.decode()
    assert "POST" in response["Allow"]


def test_every_response_carries_a_request_id(client):
    first = client.get(reverse("login"))["X-Request-ID"]
    assert len(first) >= 8 and first != client.get(reverse("login"))["X-Request-ID"]
    assert client.get(reverse("login"), HTTP_X_REQUEST_ID="proxy-12345678")["X-Request-ID"] == (
        "proxy-12345678"
    )


def test_a_403_is_logged_as_one_line_without_a_traceback(client, person):
    from core.logs import QuietClientErrors, RequestIdFilter

    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    handler.addFilter(QuietClientErrors())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get(reverse("accounts:organisation-import"))
    finally:
        logger.removeHandler(handler)
    assert response.status_code in (403, 404)
    [record] = [r for r in records if getattr(r, "status_code", None) == response.status_code]
    assert record.exc_info is None and record.request_id == response["X-Request-ID"]


@override_settings(DEBUG=False)
def test_the_admin_answers_a_logged_in_person_without_access_with_404(client, person):
    response = client.get("/beheer/")
    assert response.status_code == 404
    assert client.get("/beheer/accounts/user/").status_code == 404
