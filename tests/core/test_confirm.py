"""core.confirm: a first POST asks, a confirmed POST acts; what was typed is carried along."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from core.confirm import confirm_page, needs_confirmation

pytestmark = pytest.mark.django_db


def test_the_question_carries_the_form_and_posts_back_confirmed():
    request = RequestFactory().post(
        "/adviezen/3/intrekken/", {"reason": "Dubbel <b>ingediend</b>", "csrfmiddlewaretoken": "x"}
    )
    request.user = AnonymousUser()
    assert needs_confirmation(request)
    page = confirm_page(
        request,
        title="Advies intrekken",
        question="Een ingetrokken advies komt niet terug.",
        action_label="Ja, intrekken",
        cancel_url="/adviezen/3/",
    ).content.decode()
    assert 'action="/adviezen/3/intrekken/"' in page
    assert 'name="reason" value="Dubbel &lt;b&gt;ingediend&lt;/b&gt;"' in page
    assert 'name="bevestigd" value="1"' in page and 'href="/adviezen/3/"' in page
    assert 'value="x"' not in page  # its own CSRF token, not the carried one
    confirmed = RequestFactory().post("/adviezen/3/intrekken/", {"bevestigd": "1"})
    assert not needs_confirmation(confirmed)
