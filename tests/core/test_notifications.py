import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.constants import MailFrequency
from core.models import Notification
from core.notifications import notify, unread_count
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_immediate_readers_get_a_mail_after_commit(django_capture_on_commit_callbacks, mailoutbox):
    reader = UserFactory(email="direct@gemeente.example")
    with django_capture_on_commit_callbacks(execute=True):
        notify([reader], text="Er is iets gebeurd", url="/optimalisatie/")
    assert [m.to for m in mailoutbox] == [["direct@gemeente.example"]]
    assert "Er is iets gebeurd" in mailoutbox[0].subject
    assert "/optimalisatie/" in mailoutbox[0].body
    assert Notification.objects.get().emailed_at is not None


def test_digest_readers_get_one_mail_a_day_and_never_twice(
    django_capture_on_commit_callbacks, mailoutbox
):
    reader = UserFactory(mail_frequency=MailFrequency.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notify([reader], text="Eerste", url="/a/")
        notify([reader], text="Tweede", url="/b/")
    assert mailoutbox == []
    call_command("send_digests", stdout=io.StringIO())
    assert (
        len(mailoutbox) == 1 and "Eerste" in mailoutbox[0].body and "Tweede" in mailoutbox[0].body
    )
    call_command("send_digests", stdout=io.StringIO())
    assert len(mailoutbox) == 1


def test_the_unread_count_shows_and_reading_clears_it(client):
    reader = UserFactory()
    notify([reader], text="Lees mij", url="/")
    assert unread_count(reader) == 1
    client.force_login(reader)
    page = client.get(reverse("core:my-work")).content.decode()
    assert '1<span class="visually-hidden">' in page
    assert "Lees mij" in client.get(reverse("core:notifications")).content.decode()
    assert unread_count(reader) == 0


def test_a_person_chooses_the_digest(client):
    reader = UserFactory()
    client.force_login(reader)
    client.post(reverse("core:mail-preference"), {"mail_frequency": "dagelijks"})
    reader.refresh_from_db()
    assert reader.mail_frequency == MailFrequency.DIGEST
    response = client.post(
        reverse("core:mail-preference"), {"mail_frequency": "nooit"}, follow=True
    )
    reader.refresh_from_db()
    assert reader.mail_frequency == MailFrequency.DIGEST
    assert response.status_code == 200


def test_notifications_are_private(client):
    notify([UserFactory()], text="Niet voor jou", url="/")
    client.force_login(UserFactory())
    assert "Niet voor jou" not in client.get(reverse("core:notifications")).content.decode()


def test_a_newline_in_a_title_never_breaks_the_mail(django_capture_on_commit_callbacks, mailoutbox):
    """A title with a line break saved fine, then sending its notification failed with
    BadHeaderError (a 500 after the change was saved)."""
    reader = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify([reader], text="“Loketten\r\nBcc: iedereen@example.org” is nu ingediend.")
    [mail] = mailoutbox
    assert "\n" not in mail.subject and "\r" not in mail.subject
    assert "Loketten Bcc: iedereen@example.org" in mail.subject
    assert not mail.bcc
