"""Issue 20: mail leaves through the task queue, never inside the request. With the mail
server down the user's change succeeds, the mail waits, and goes out once the server is back;
the daily job runs once per day whatever the number of hosts. Against a real SMTP server
(aiosmtpd) and django-tasks' database backend run by its own worker command."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.constants import MailFrequency
from core.jobs import claim
from core.models import JobRun, Notification
from core.notifications import notify, retry_delay
from tests.accounts.factories import UserFactory
from tests.servers import SmtpServer

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connections


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield server
    server.stop()


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())


def test_with_the_mail_server_down_the_change_succeeds_and_the_mail_follows(
    smtp, django_capture_on_commit_callbacks
):
    reader = UserFactory(mail_frequency=MailFrequency.IMMEDIATE, email="an@heuvelbeke.be")
    with django_capture_on_commit_callbacks(execute=True):
        notify([reader], text="Uw advies is goedgekeurd", url="/optimalisatie/")
    # nothing was sent in the request: the mail waits in the queue
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_worker()  # the server is down (nothing listens on its port)
    assert Notification.objects.get().emailed_at is None
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after is not None and retry.run_after > timezone.now()
    assert smtp.received == []

    smtp.start()
    run_worker()  # not due yet: the retry waits its turn
    assert smtp.received == []
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        run_worker()
    [envelope] = smtp.received
    assert envelope.rcpt_tos == ["an@heuvelbeke.be"]
    assert "Uw advies is goedgekeurd" in envelope.content.decode("utf-8", "replace")
    assert Notification.objects.get().emailed_at is not None
    run_worker()
    assert len(smtp.received) == 1  # never twice


def test_the_retries_back_off_up_to_an_hour():
    assert [retry_delay(n).total_seconds() / 60 for n in range(1, 9)] == [
        1,
        2,
        4,
        8,
        16,
        32,
        60,
        60,
    ]


def test_the_daily_job_runs_once_per_day_whatever_the_number_of_hosts(
    smtp, django_capture_on_commit_callbacks
):
    smtp.start()
    reader = UserFactory(mail_frequency=MailFrequency.DIGEST, email="dh@heuvelbeke.be")
    with django_capture_on_commit_callbacks(execute=True):
        notify([reader], text="Eerste", url="/a/")
    # cron starts the job on two hosts
    first, second = io.StringIO(), io.StringIO()
    call_command("send_digests", stdout=first)
    call_command("send_digests", stdout=second)
    assert "already sent" in second.getvalue()
    run_worker()
    assert [e.rcpt_tos for e in smtp.received] == [["dh@heuvelbeke.be"]]
    assert JobRun.objects.filter(name="send_digests").count() == 1
    assert claim("send_digests", timezone.localdate() + datetime.timedelta(days=1))


def test_an_immediate_mail_that_waited_over_an_hour_is_offered_again(smtp):
    smtp.start()
    reader = UserFactory(mail_frequency=MailFrequency.IMMEDIATE, email="mt@heuvelbeke.be")
    # the change committed but its task was lost (the process stopped before queueing it)
    Notification.objects.create(
        recipient=reader, text="Vergeten", created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    call_command("send_digests", stdout=io.StringIO())
    run_worker()
    assert [e.rcpt_tos for e in smtp.received] == [["mt@heuvelbeke.be"]]
    assert Notification.objects.get().emailed_at is not None


def test_readiness_tells_when_no_worker_takes_the_queue_without_failing(client, smtp):
    reader = UserFactory(mail_frequency=MailFrequency.IMMEDIATE)
    from core.notifications import deliver_mail

    deliver_mail.enqueue([Notification.objects.create(recipient=reader, text="Wacht").pk])
    assert client.get("/gezondheid/klaar/").json()["queue"] == {
        "ok": True,
        "backend": "database",
        "overdue": 0,
    }
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10)):
        response = client.get("/gezondheid/klaar/")
    assert response.status_code == 200  # the web processes still serve
    assert response.json()["queue"] == {"ok": False, "backend": "database", "overdue": 1}


def test_a_password_reset_with_the_mail_server_down_says_sent_and_the_mail_follows(smtp, client):
    person = UserFactory(email="vergeten@heuvelbeke.be")
    person.set_password("oud-wachtwoord-123")
    person.save()
    response = client.post("/wachtwoord/vergeten/", {"email": "vergeten@heuvelbeke.be"})
    assert response.status_code == 302  # to "sent", no error page although nothing listens
    [queued] = DBTaskResult.objects.filter(status="READY")
    assert str(person.pk) in str(queued.args_kwargs) and "/wachtwoord/" not in str(
        queued.args_kwargs
    )  # the person, not the link: no reset link waits in the table
    run_worker()
    assert smtp.received == []
    smtp.start()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        run_worker()
    [envelope] = smtp.received
    assert envelope.rcpt_tos == ["vergeten@heuvelbeke.be"]
    body = envelope.content.decode("utf-8", "replace")
    link = next(line for line in body.splitlines() if "/wachtwoord/herstellen/" in line)
    path = link[link.index("/wachtwoord/herstellen/") :].strip()
    assert client.get(path).status_code == 302  # the link works: on to the new password form
