import mimetypes

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from accounts.models import Bestuur
from accounts.roles import roles_of

from .models import Export
from .worklist import notices_for, work_page


def mijn_werk(request):
    """The personal start page: who you are, your roles, and what awaits you (each list
    its first items, with how many there are and a link to them all)."""
    work = work_page(request.user)
    return render(
        request,
        "core/mijn_werk.html",
        {
            "held_roles": roles_of(request.user),
            "work_items": work.items,
            "partial_lists": work.partial,
            "notices": notices_for(request.user),
            "today": timezone.localdate(),
        },
    )


@login_not_required
def toegankelijkheid(request):
    """The accessibility statement (toegankelijkheidsverklaring), public."""
    return render(request, "core/toegankelijkheid.html", {"bestuur": Bestuur.load()})


def _limits() -> dict:
    from django.template.defaultfilters import filesizeformat

    return {
        "limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
        "file_limit": filesizeformat(20 * 1024 * 1024),
        "uri_limit": settings.MAX_URI_LENGTH,
    }


@requires_csrf_token
def bad_request(request, exception=None):
    """400, or 413 when the text sent was larger than the application reads."""
    from django.core.exceptions import RequestDataTooBig

    if isinstance(exception, RequestDataTooBig):
        return render(request, "413.html", _limits(), status=413)
    return render(request, "400.html", status=400)


def too_large(request):
    return render(request, "413.html", _limits(), status=413)


def uri_too_long(request):
    return render(request, "414.html", {"limit": _limits()["uri_limit"]}, status=414)


def not_allowed(request, allowed: str):
    response = render(request, "405.html", status=405)
    response["Allow"] = allowed
    return response


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


def meldingen(request):
    """The person's notifications, newest first; opening the page marks them read."""
    from django.core.paginator import Paginator
    from django.utils import timezone

    from .models import Notification

    mine = Notification.objects.filter(recipient=request.user)
    page = Paginator(mine, 30).get_page(request.GET.get("pagina"))
    unread_ids = [n.pk for n in page if n.read_at is None]
    from accounts.constants import MailFrequency

    response = render(
        request,
        "core/meldingen.html",
        {"page": page, "unread_ids": unread_ids, "mail_choices": MailFrequency.choices},
    )
    if unread_ids:
        Notification.objects.filter(pk__in=unread_ids).update(read_at=timezone.now())
    return response


def mail_voorkeur(request):
    """Immediate mail or a daily digest: POST only, from the notifications page."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from accounts.constants import MailFrequency

    if request.method != "POST":
        return redirect("core:notifications")
    choice = request.POST.get("mail_frequency")
    if choice in MailFrequency.values:
        request.user.mail_frequency = choice
        request.user.save(update_fields=["mail_frequency"])
        messages.success(request, _("Your choice is saved."))
    else:
        messages.error(request, _("Choose one of the options."))
    return redirect("core:notifications")


# --- exports built by the worker (core.exports) ------------------------------------------------


def _own_export(request, pk):
    export = Export.objects.filter(pk=pk, owner=request.user).first()
    if export is None:  # someone else's, or gone: nothing to see
        raise Http404
    return export


@require_GET
def export_status(request, pk):
    """The export's progress; with htmx the status asks again every two seconds until the
    file is ready or failed (without JavaScript, a link refreshes it)."""
    export = _own_export(request, pk)
    return render(
        request, "core/export.html", {"export": export, "keep_days": settings.EXPORT_KEEP_DAYS}
    )


@require_GET
def export_download(request, pk):
    export = _own_export(request, pk)
    if export.state != export.State.READY or not export.file:
        raise Http404
    kind = mimetypes.guess_type(export.filename)[0] or "application/octet-stream"
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=export.filename, content_type=kind
    )
