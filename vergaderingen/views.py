"""Meeting pages: thin views over access.py (who), selectors.py (what a page reads) and
services.py (writes); every state change is a POST, one view per action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from core.kept import kept, stamp
from core.paging import CountedPaginator

from . import access, selectors, services
from .constants import VoteState
from .forms import AttendanceForm, BallotForm, DecisionForm, FreeItemForm, MeetingForm
from .models import Meeting


def _fail(request, error):
    messages.error(request, " ".join(error.messages) if hasattr(error, "messages") else str(error))


def meeting_list(request):
    return render(
        request,
        "vergaderingen/meeting_list.html",
        {
            "meetings": access.visible_meetings(request.user).order_by("-starts_at")[:100],
            "can_create": access.may_plan(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request):
    if not access.may_plan(request.user):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None,
        secretaries=selectors.possible_secretaries(),
        initial={"secretary": request.user},
    )
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(form=form, by=request.user)
        messages.success(request, _("The meeting is planned."))
        return redirect("vergaderingen:meeting-detail", meeting.pk)
    return render(request, "vergaderingen/meeting_form.html", {"form": form})


def meeting_detail(request, pk):
    meeting = access.get_meeting_for(request.user, pk)
    rights = access.meeting_rights(request.user, meeting)
    context = selectors.meeting_page(meeting, rights)
    context.update(rights.flags(), ballot_form=BallotForm())
    return render(request, "vergaderingen/meeting_detail.html", context)


def tally_partial(request, pk, item_pk):
    """The live tally's content, polled by htmx every few seconds on the chair's page."""
    item = access.get_item_for(request.user, pk, item_pk)
    vote = selectors.latest_vote(item)
    if not access.sees_tally(request.user, item.meeting, vote, selectors.recused_ids(item)):
        raise PermissionDenied
    return render(request, "vergaderingen/_tally_inner.html", selectors.tally_context(vote))


def _back(meeting, item=None):
    url = redirect("vergaderingen:meeting-detail", meeting.pk)
    if item is not None:
        url["Location"] += f"#punt-{item.pk}"
    return url


def _act(request, meeting, item, action):
    try:
        action()
    except ValidationError as error:
        _fail(request, error)
    return _back(meeting, item)


def _posted_subject(request):
    """The subject an agenda form names as "<content type>:<pk>"; None when it names none
    that exists."""
    try:
        ct_id, obj_id = request.POST["subject"].split(":", 1)
        return ContentType.objects.get_for_id(int(ct_id)).get_object_for_this_type(pk=int(obj_id))
    except (ValueError, ObjectDoesNotExist):
        return None


@require_POST
def agenda_add(request, pk):
    meeting = access.get_meeting_for(request.user, pk, action="prepare")
    if request.POST.get("subject"):
        subject = _posted_subject(request)
        if subject is None:
            messages.error(request, _("This item is not ready for this body's agenda."))
            return _back(meeting)
        return _act(
            request,
            meeting,
            None,
            lambda: services.agenda_add(meeting=meeting, by=request.user, subject=subject),
        )
    form = FreeItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the item a title."))
        return _back(meeting)
    return _act(
        request,
        meeting,
        None,
        lambda: services.agenda_add(
            meeting=meeting,
            by=request.user,
            title=form.cleaned_data["title"],
            concerns_person=form.cleaned_data["concerns_person"],
        ),
    )


# The moves of an item on the agenda and the steps of a meeting, by their (Dutch) URL path.
DIRECTIONS = {"omhoog": True, "omlaag": False}
STEPS = {"agenda-vastleggen": "fix_agenda", "openen": "open", "sluiten": "close"}


@require_POST
def agenda_move(request, pk, item_pk, direction):
    if direction not in DIRECTIONS:
        raise Http404
    item = access.get_item_for(request.user, pk, item_pk)
    return _act(
        request,
        item.meeting,
        item,
        lambda: services.agenda_move(item=item, by=request.user, up=DIRECTIONS[direction]),
    )


@require_POST
def meeting_step(request, pk, step):
    meeting = access.get_meeting_for(request.user, pk)
    if step not in STEPS:
        raise Http404
    return _act(
        request,
        meeting,
        None,
        lambda: services.meeting_step(meeting=meeting, step=STEPS[step], by=request.user),
    )


@require_POST
def attendance(request, pk, member_pk):
    meeting = access.get_meeting_for(request.user, pk)
    member = get_object_or_404(User, pk=member_pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose present, excused or absent."))
        return _back(meeting)
    items = {str(i.pk): i for i in meeting.items.all()}
    arrived = items.get(request.POST.get("arrived_before", ""))
    left = items.get(request.POST.get("left_after", ""))
    return _act(
        request,
        meeting,
        None,
        lambda: services.attendance_set(
            meeting=meeting,
            member=member,
            presence=form.cleaned_data["presence"],
            by=request.user,
            arrived_before=arrived,
            left_after=left,
        ),
    )


@require_POST
def recusal(request, pk, item_pk):
    item = access.get_item_for(request.user, pk, item_pk)
    return _act(
        request,
        item.meeting,
        item,
        lambda: services.recusal_declare(item=item, member=request.user, by=request.user),
    )


@require_POST
def vote_open(request, pk, item_pk):
    item = access.get_item_for(request.user, pk, item_pk)
    return _act(request, item.meeting, item, lambda: services.vote_open(item=item, by=request.user))


@require_POST
def vote_close(request, pk, item_pk):
    item = access.get_item_for(request.user, pk, item_pk)
    vote = get_object_or_404(item.votes, state=VoteState.OPEN)
    return _act(
        request, item.meeting, item, lambda: services.vote_close(vote=vote, by=request.user)
    )


@require_POST
def ballot(request, pk, item_pk):
    item = access.get_item_for(request.user, pk, item_pk)
    vote = item.votes.filter(state=VoteState.OPEN).first()
    form = BallotForm(request.POST)
    if vote is None:
        messages.error(request, _("This vote is closed: your ballot was not counted."))
        return _back(item.meeting, item)
    if not form.is_valid():
        messages.error(request, _("Choose yes, no or abstention."))
        return _back(item.meeting, item)

    def cast():
        services.ballot_cast(
            vote=vote, member=request.user, choice=form.cleaned_data["choice"], by=request.user
        )
        messages.success(
            request,
            _("Your vote is registered.")
            if vote.secret
            else _("Your vote is registered. You can change it until the chair closes the vote."),
        )

    return _act(request, item.meeting, item, cast)


@require_POST
def decision(request, pk, item_pk):
    """The chair records the decision: from the closed vote if there was one (any outcome
    posted is then ignored), else the consensus outcome chosen."""
    item = access.get_item_for(request.user, pk, item_pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data

    def record():
        services.decision_record(
            item=item,
            by=request.user,
            outcome=data.get("outcome") or None,
            motivation=data.get("motivation", ""),
            public_text=data.get("public_text", ""),
        )
        messages.success(request, _("The decision is recorded."))

    return _act(request, item.meeting, item, record)


# --- minutes, signatures and the decision list ---------------------------------------------------


def _minutes_page(request, meeting, *, text=None, text_error=None, password_error=None):
    """The minutes page, with what a refused post leaves in its form (400 then)."""
    context = selectors.minutes_page(
        meeting, drafting=access.is_secretary(request.user, meeting), text=text
    )
    context.update(
        access.minutes_flags(request.user, meeting, context["minutes"], context["signed"]),
        text_error=text_error,
        password_error=password_error,
    )
    status = 400 if (text_error or password_error) else 200
    return render(request, "vergaderingen/minutes.html", context, status=status)


@require_safe
def minutes(request, pk):
    return _minutes_page(request, access.get_meeting_for(request.user, pk))


@require_POST
def minutes_save(request, pk):
    meeting = access.get_meeting_for(request.user, pk)
    text = request.POST.get("text", "")
    version = request.POST.get("lock_version", "")
    try:
        services.minutes_save(
            meeting=meeting,
            text=text,
            by=request.user,
            expected_version=int(version) if version.isdigit() else None,
        )
    except ValidationError as error:  # shown under the text, which stays in the form
        return _minutes_page(
            request,
            meeting,
            text=text,
            text_error=getattr(error, "message_dict", {}).get("text") or error.messages,
        )
    messages.success(request, _("The minutes are saved."))
    return redirect("vergaderingen:minutes", meeting.pk)


@require_POST
def minutes_sign(request, pk):
    meeting = access.get_meeting_for(request.user, pk)
    try:
        services.minutes_sign(
            meeting=meeting, by=request.user, password=request.POST.get("password", "")
        )
    except ValidationError as error:
        password_error = getattr(error, "message_dict", {}).get("password")
        if not password_error:
            _fail(request, error)
        return _minutes_page(request, meeting, password_error=password_error)
    messages.success(request, _("You signed the minutes."))
    return redirect("vergaderingen:minutes", meeting.pk)


@require_POST
def decision_list_publish(request, pk):
    meeting = access.get_meeting_for(request.user, pk)
    texts = {
        int(key): value
        for name, value in request.POST.items()
        if name.startswith("publiek-") and (key := name.split("-", 1)[1]).isdigit()
    }
    try:
        services.decision_list_publish(meeting=meeting, by=request.user, public_texts=texts)
    except ValidationError as error:
        _fail(request, error)
        return _minutes_page(request, meeting)
    messages.success(request, _("The decision list is published."))
    return redirect("vergaderingen:minutes", meeting.pk)


def minutes_pdf(request, pk):
    from .pdf import minutes_pdf as render_minutes

    meeting = access.get_meeting_for(request.user, pk)
    if not hasattr(meeting, "minutes"):
        raise Http404
    _html, pdf = render_minutes(meeting)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="notulen-{meeting.pk}.pdf"'
    return response


PUBLIC_MEETINGS_PER_PAGE = 5


@login_not_required
def decision_list(request):
    """The public decision list (besluitenlijst): no login, no personal data. A page of
    meetings at a time, newest first, optionally of one year: the list grows with every
    meeting."""
    year = request.GET.get("jaar", "")
    year = int(year) if year.isdigit() and len(year) == 4 else None
    # kept until a decision list is published (core.kept); the outcomes are translated
    language, version = get_language(), stamp("decision-list")
    published = kept(
        ("decision-list",), (year,), lambda: selectors.publications(year=year), version=version
    )
    if year not in published.years:  # no year asked, or one without meetings: all of them
        year = None
    paginator = CountedPaginator(
        selectors.published_meetings(year=year),
        PUBLIC_MEETINGS_PER_PAGE,
        count=published.in_year if year else published.total,
    )
    page = paginator.get_page(request.GET.get("pagina"))
    meetings = kept(
        ("decision-list",),
        (year, page.number, language),
        lambda: selectors.public_meetings(page.object_list),
        version=version,
    )
    return render(
        request,
        "vergaderingen/decision_list.html",
        {
            "page": page,
            "meetings": meetings,
            "years": published.years,
            "year": year,
            "query": urlencode({"jaar": year}) if year else "",
        },
    )


@login_not_required
def decision_list_pdf(request, pk):
    from accounts.models import Bestuur
    from core.pdf import render_pdf

    meeting = get_object_or_404(selectors.published_meetings(), pk=pk)
    _html, pdf = render_pdf(
        "vergaderingen/pdf/decision_list.html",
        {
            "meeting": meeting,
            "rows": selectors.public_meetings(Meeting.objects.filter(pk=meeting.pk))[0].decisions,
            "bestuur": Bestuur.load(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="besluitenlijst-{meeting.pk}.pdf"'
    return response
