"""Throttles that match attacks, counted in the database (accounts.throttle): one password
tried on many accounts from one address, password-reset mails, signing passwords."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Attempt
from core.signing import SIGN_FAILURE_LIMIT, check_signing_password
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password, ip="192.0.2.10"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_failed_logins_across_accounts_block_the_address(client, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 4
    people = UserFactory.create_batch(5)
    for person in people[:4]:  # one wrong password each: axes' per-account lock-out never trips
        assert login(client, person.email, "Zomer2026!").status_code == 200
    refused = login(client, people[4].email, PASSWORD)
    assert refused.status_code == 200
    assert "Te veel mislukte aanmeldingen vanaf uw netwerk" in refused.content.decode()
    # another address is not affected
    assert login(client, people[4].email, PASSWORD, ip="198.51.100.7").status_code == 302


def test_password_reset_mails_are_limited_per_address(client, settings, mailoutbox):
    settings.PASSWORD_RESET_PER_ADDRESS = 3
    person = UserFactory()
    for _ in range(3):
        response = client.post(reverse("password_reset"), {"email": person.email})
        assert response.status_code == 302
    refused = client.post(reverse("password_reset"), {"email": person.email.upper()})
    assert refused.status_code == 200
    assert "te vaak een herstellink gevraagd" in refused.content.decode()
    assert person.email.upper() in refused.content.decode()  # the input stays as typed
    assert len(mailoutbox) == 3


def test_password_reset_requests_are_limited_per_address_of_the_client(client, settings):
    settings.PASSWORD_RESET_PER_IP = 2
    for n in range(2):
        client.post(reverse("password_reset"), {"email": f"iemand{n}@example.org"})
    refused = client.post(reverse("password_reset"), {"email": "nog.iemand@example.org"})
    assert refused.status_code == 200
    assert "te vaak een herstellink gevraagd" in refused.content.decode()


def test_wrong_signing_passwords_are_counted_in_the_database():
    person = UserFactory()
    for _ in range(SIGN_FAILURE_LIMIT):
        with pytest.raises(ValidationError):
            check_signing_password(person, "fout")
    assert Attempt.objects.filter(key=f"sign:{person.pk}").count() == SIGN_FAILURE_LIMIT
    with pytest.raises(ValidationError) as blocked:
        check_signing_password(person, PASSWORD)  # even the right one, for 15 minutes
    assert "15" in str(blocked.value)
    Attempt.objects.all().delete()
    check_signing_password(person, PASSWORD)
