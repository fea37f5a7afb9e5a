from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from accounts.models import Bestuur
from accounts.roles import roles_of

from .worklist import work_for


def mijn_werk(request):
    """The personal start page: who you are, your roles, and what awaits you."""
    return render(
        request,
        "core/mijn_werk.html",
        {"held_roles": roles_of(request.user), "work_items": work_for(request.user)},
    )


@login_not_required
def toegankelijkheid(request):
    """The accessibility statement (toegankelijkheidsverklaring), public."""
    return render(request, "core/toegankelijkheid.html", {"bestuur": Bestuur.load()})


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # No context processors and no database: the error may come from either.
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    """A form sent too late or from elsewhere: say so in Dutch, in the page frame."""
    return render(request, "403_csrf.html", status=403)
