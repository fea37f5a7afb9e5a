"""Idempotent posts (core.once): a form sent twice, one after the other or at the same
moment, is handled once; the second gets the first's answer."""

import threading
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory

from core.models import FormSubmission
from core.once import TOKEN_FIELD, OnceMiddleware


def _post(token, body="Eens"):
    request = RequestFactory().post("/adviezen/1/draden/", {TOKEN_FIELD: token, "body": body})
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


class Handler:
    """A view that creates one thing per call and redirects to it."""

    def __init__(self, gate=None, refuse=False):
        self.calls, self.gate, self.refuse = 0, gate, refuse

    def __call__(self, request):
        self.calls += 1
        if self.gate is not None:
            self.gate.wait(timeout=10)
        if self.refuse:
            return HttpResponse("fout in het formulier", status=400)
        return HttpResponseRedirect(f"/adviezen/1/#reactie-{self.calls}")


@pytest.mark.django_db
def test_a_form_sent_twice_is_handled_once_and_answered_alike():
    handler = Handler()
    middleware = OnceMiddleware(handler)
    token = str(uuid.uuid4())
    first = middleware(_post(token))
    second = middleware(_post(token))
    assert handler.calls == 1
    assert first["Location"] == second["Location"] == "/adviezen/1/#reactie-1"
    # another form (a new token) is handled
    assert middleware(_post(str(uuid.uuid4())))["Location"] == "/adviezen/1/#reactie-2"


@pytest.mark.django_db
def test_a_refused_form_can_be_corrected_and_sent_again():
    token = str(uuid.uuid4())
    assert OnceMiddleware(Handler(refuse=True))(_post(token)).status_code == 400
    assert not FormSubmission.objects.exists()
    handler = Handler()
    assert OnceMiddleware(handler)(_post(token)).status_code == 302 and handler.calls == 1


@pytest.mark.django_db
def test_a_post_without_a_token_is_handled_as_before():
    handler = Handler()
    request = RequestFactory().post("/x/", {"body": "a"})
    request.user = AnonymousUser()
    OnceMiddleware(handler)(request)
    OnceMiddleware(handler)(request)
    assert handler.calls == 2


@pytest.mark.postgres_only  # SQLite's in-memory test database locks whole tables across threads
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_sends_are_handled_once():
    from django.db import connection

    gate = threading.Event()
    handler = Handler(gate=gate)
    middleware = OnceMiddleware(handler)
    token = str(uuid.uuid4())
    answers = {}

    def send(name):
        try:
            answers[name] = middleware(_post(token))
        finally:
            connection.close()

    first = threading.Thread(target=send, args=("first",))
    first.start()
    while not FormSubmission.objects.filter(token=token).exists():  # the first claimed it
        pass
    second = threading.Thread(target=send, args=("second",))
    second.start()
    gate.set()  # the first finishes while the second waits for its answer
    first.join()
    second.join()
    assert handler.calls == 1
    assert answers["first"]["Location"] == answers["second"]["Location"]
