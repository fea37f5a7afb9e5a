"""Thin views: access check (access.py), form, service call, redirect; reads in selectors.py.
State changes are POST only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Dienst
from accounts.roles import sees_political_input
from core import uploads
from core.confirm import confirm_page, needs_confirmation
from core.paging import page_number
from core.thread_views import comment_of, reply_post, thread_post
from core.threads import comment_edit, comment_withdraw, edit_window, thread_set_resolved
from core.transitions import StaleObject

from . import access, exports, selectors, services
from .access import get_advies_for, get_bundle_for, get_cycle_for
from .forms import (
    AdviesFilterForm,
    AdviesForm,
    BeleidsnotaForm,
    BundleForm,
    CommentEditForm,
    CycleForm,
    DomainTargetFormSet,
    PriorityForm,
    ReplyForm,
    SchepenInputForm,
    StandpuntForm,
    StepForm,
    ThreadForm,
    ThreadShareForm,
)
from .models import Beleidsnota, Cycle, Priority, Standpunt
from .workflow import STEPS_BY_SLUG

# --- cycles ------------------------------------------------------------------------------------


def cycle_index(request):
    if not access.is_participant(request.user):
        raise Http404
    cycle = Cycle.objects.open().first()
    if cycle is not None:
        return redirect("optimalisatie:cycle-detail", cycle.pk)
    return render(
        request,
        "optimalisatie/cycle_index.html",
        {"cycles": Cycle.objects.all(), "can_create": access.may_edit_cycle(request.user)},
    )


def cycle_detail(request, pk):
    user = request.user
    cycle = get_cycle_for(
        user,
        pk,
        queryset=Cycle.objects.select_related(
            "term", "afsprakennota", "framework_decision__item__meeting__orgaan"
        ),
    )
    return render(
        request,
        "optimalisatie/cycle_detail.html",
        {
            "cycle": cycle,
            **selectors.cycle_page(user, cycle),
            **access.cycle_flags(user, cycle),
        },
    )


def cycle_overdue(request, pk):
    """Every overdue step the person may see in this cycle, most overdue first, a page at a
    time (the dashboard shows the first few)."""
    cycle = get_cycle_for(request.user, pk)
    page = Paginator(selectors.overdue(request.user, cycle), 50).get_page(page_number(request))
    return render(
        request,
        "optimalisatie/cycle_overdue.html",
        {"cycle": cycle, "page": page, "advices": selectors.with_state_labels(page)},
    )


def cycle_diensten(request, pk):
    """The savings of every department, largest first, a page at a time (the dashboard shows
    the first few)."""
    cycle = get_cycle_for(request.user, pk)
    rows = selectors.per_dienst(request.user, cycle)
    page = Paginator(rows, 50).get_page(page_number(request))
    return render(request, "optimalisatie/cycle_diensten.html", {"cycle": cycle, "page": page})


@require_http_methods(["GET", "POST"])
def cycle_edit(request, pk=None):
    """The algemeen directeur sets the cycle, its phase, its deadlines and its budgetary
    framework, optional targets per policy domain included."""
    if pk is None:
        if not access.may_edit_cycle(request.user):
            raise PermissionDenied
        cycle = None
    else:
        cycle = get_cycle_for(request.user, pk, action="edit")
    form = CycleForm(request.POST or None, instance=cycle)
    targets = DomainTargetFormSet(request.POST or None, instance=cycle or Cycle(), prefix="doelen")
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        try:
            cycle = services.cycle_save(form=form, by=request.user, targets=targets)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The cycle is saved."))
            return redirect("optimalisatie:cycle-detail", cycle.pk)
    return render(
        request, "optimalisatie/cycle_form.html", {"form": form, "targets": targets, "cycle": cycle}
    )


@require_POST
def cycle_framework_submit(request, pk):
    """The algemeen directeur submits the drafted framework to the college."""
    cycle = get_cycle_for(request.user, pk, action="framework-submit")
    try:
        services.framework_submit(cycle=cycle, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "The framework is submitted to the college: it can be put on a college "
                "agenda. It is in force once the college approves it."
            ),
        )
    return redirect(reverse("optimalisatie:cycle-detail", args=[cycle.pk]) + "#kader")


@require_POST
def cycle_nota_create(request, pk):
    """The algemeen directeur draws up the exercise's afsprakennota."""
    cycle = get_cycle_for(request.user, pk, action="nota-create")
    try:
        nota = services.cycle_nota_create(cycle=cycle, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("optimalisatie:cycle-detail", cycle.pk)
    return redirect("afsprakennota:detail", nota.pk)


@require_http_methods(["GET", "POST"])
def beleidsnota_edit(request, pk):
    cycle = get_cycle_for(request.user, pk, action="beleidsnota")
    nota = Beleidsnota.objects.filter(cycle=cycle, schepen=request.user).first()
    form = BeleidsnotaForm(request.POST or None, instance=nota)
    if request.method == "POST" and form.is_valid():
        services.beleidsnota_save(form=form, cycle=cycle, by=request.user)
        messages.success(request, _("Your policy note is saved."))
        return redirect("optimalisatie:cycle-detail", cycle.pk)
    return render(
        request,
        "optimalisatie/simple_form.html",
        {"form": form, "cycle": cycle, "title": _("Your policy note")},
    )


@require_http_methods(["GET", "POST"])
def schepen_input_create(request, pk):
    cycle = get_cycle_for(request.user, pk, action="schepen-input", queryset=Cycle.objects.open())
    form = SchepenInputForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.schepen_input_create(form=form, cycle=cycle, by=request.user)
        messages.success(request, _("Your advice is passed on to the MT."))
        return redirect("optimalisatie:cycle-detail", cycle.pk)
    return render(
        request,
        "optimalisatie/simple_form.html",
        {"form": form, "cycle": cycle, "title": _("Your own advice"), "creates": True},
    )


# --- advices -----------------------------------------------------------------------------------


def advies_list(request):
    form = AdviesFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    political = sees_political_input(request.user)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        queryset = selectors.advies_filtered(request.user, filters=filters)
        return exports.advies_export(queryset, export, political=political)
    page = selectors.advies_page(
        request.user, filters=filters, number=page_number(request), political=political
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "optimalisatie/advies_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": access.may_create_advies(request.user) and Cycle.objects.open().exists(),
            "sees_political": political,
        },
    )


ATTACHMENTS = "attachments"  # the form's field, and what core.uploads keeps its files under


def _advies_form(request, form, *, advies=None, cycle):
    """The advice's form, new or to edit. Nothing chosen is lost when it is refused: the
    attachments that passed their own checks are kept for the session (core.uploads) and
    shown as kept until the form succeeds, when they are attached and released."""
    kept = uploads.kept(request, ATTACHMENTS) if request.method == "POST" else []
    if request.method == "POST":
        if form.is_valid():
            saved = _save_advies(request, form, advies, kept)
            if saved is not None:
                uploads.release(kept)
                messages.success(
                    request,
                    _("Your changes are saved.")
                    if advies
                    else _("The advice is saved as a draft."),
                )
                return redirect("optimalisatie:advies-detail", saved.pk)
        kept += uploads.keep(request, ATTACHMENTS, form.passed_uploads())
    return render(
        request,
        "optimalisatie/advies_form.html",
        {"form": form, "advies": advies, "cycle": cycle, "kept_uploads": kept},
    )


def _save_advies(request, form, advies, kept):
    files = uploads.as_files(kept)
    try:
        return services.advies_save(
            form=form,
            advies=advies,
            by=request.user,
            files=[*(form.cleaned_data.get(ATTACHMENTS) or []), *files],
        )
    except ValidationError as error:
        form.add_error(None, error)
    finally:
        for handle in files:
            handle.close()
    return None


@require_http_methods(["GET", "POST"])
def advies_create(request):
    cycle = Cycle.objects.open().first()
    if cycle is None or not access.may_create_advies(request.user):
        raise PermissionDenied
    diensten = Dienst.objects.filter(head=request.user)
    form = AdviesForm(
        request.POST or None,
        request.FILES or None,
        diensten=diensten,
        initial={"dienst": diensten.first(), "start_year": cycle.term.start.year + 1},
    )
    return _advies_form(request, form, cycle=cycle)


@require_http_methods(["GET", "POST"])
def advies_edit(request, pk):
    advies = get_advies_for(request.user, pk, action="edit")
    form = AdviesForm(
        request.POST or None,
        request.FILES or None,
        instance=advies,
        diensten=Dienst.objects.filter(pk=advies.dienst_id),
    )
    return _advies_form(request, form, advies=advies, cycle=advies.cycle)


def advies_detail(request, pk):
    return _detail(request, get_advies_for(request.user, pk))


def _detail(request, advies, *, status=200, forms=None, reply_error=None):
    """The detail page; POST views pass their bound forms back (`forms`: "steps" by step key,
    "thread", "standpoint", "priority", "share" with "share_of", the thread) so errors show at
    the field and nothing typed is lost."""
    user, forms = request.user, forms or {}
    flags = access.advies_flags(user, advies)
    step_forms = forms.get("steps", {})
    steps = [
        (
            step,
            step_forms.get(step.key)
            or StepForm(prefix=step.slug, initial={"lock_version": advies.lock_version}),
            takeover,
        )
        for step, takeover in flags.pop("steps")
    ]
    # the steps forward first; sending back, refusing and withdrawing apart, after them
    main_steps = [entry for entry in steps if entry[0].is_main]
    other_steps = [entry for entry in steps if not entry[0].is_main]
    reply_to = _reply_to(request, reply_error)
    page = selectors.advies_detail_context(user, advies, reply_to=reply_to)
    standpunt_form = forms.get("standpoint")
    if standpunt_form is None and flags["may_give_standpunt"]:
        standpunt_form = StandpuntForm(instance=page["my_standpunt"], prefix="standpunt")
    priority_form = forms.get("priority")
    if priority_form is None and flags["may_set_priority"]:
        priority_form = PriorityForm(instance=page["my_priority"], prefix="prioriteit")
    return render(
        request,
        "optimalisatie/advies_detail.html",
        {
            "advies": advies,
            "steps": steps,
            "main_steps": main_steps,
            "other_steps": other_steps,
            **flags,
            **page,
            "thread_form": forms.get("thread") or ThreadForm(),
            "share_form": forms.get("share"),
            "share_of": str(forms.get("share_of", "")),
            "reply_error": reply_error or {},
            "reply_to": reply_to,
            "standpunt_form": standpunt_form,
            "priority_form": priority_form,
        },
        status=status,
    )


def _reply_to(request, reply_error):
    """The comment (its pk as text) whose reply form the page opens, if any: a "Reply" link
    asks for it (?antwoord=), a refused reply brings it back with its error."""
    if reply_error:
        return str(reply_error["comment"])
    wanted = request.GET.get("antwoord", "")
    return wanted if wanted.isdigit() else ""


@require_POST
def advies_step(request, pk, action):
    step = STEPS_BY_SLUG.get(action)
    if step is None:
        raise Http404
    advies = get_advies_for(request.user, pk, action=step.key)
    form = StepForm(request.POST, prefix=step.slug)
    if not form.is_valid():
        return _detail(request, advies, status=400, forms={"steps": {step.key: form}})
    reason = form.cleaned_data["reason"]
    if step.confirm and needs_confirmation(request) and (reason.strip() or not step.needs_reason):
        return confirm_page(
            request,
            title=_("%(step)s: “%(title)s”") % {"step": step.label, "title": advies.title},
            question=str(step.confirm),
            details=[_("Your reason: %(reason)s") % {"reason": reason}] if reason else [],
            action_label=str(step.label),
            cancel_url=services.advies_url(advies),
        )
    try:
        services.advies_transition(
            advies=advies,
            action=step.key,
            by=request.user,
            reason=reason,
            expected_lock=form.cleaned_data.get("lock_version"),
        )
    except StaleObject as error:
        messages.error(request, str(error))
    except ValidationError as error:
        for message in error.message_dict.get("reason", error.messages):
            form.add_error("reason", message)
        return _detail(request, advies, status=400, forms={"steps": {step.key: form}})
    else:
        done = step.outcome or advies.get_state_display()
        messages.success(request, _("Done: the advice is now “%(state)s”.") % {"state": done})
    return redirect("optimalisatie:advies-detail", advies.pk)


def attachment_download(request, pk, attachment_pk):
    advies = get_advies_for(request.user, pk)
    attachment = get_object_or_404(advies.attachments, pk=attachment_pk)
    # as a download, with the type its content was found to be when it was uploaded
    # (core.files.sniff), never one guessed from its name
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type or "application/octet-stream",
    )


def _schepen_input(request, pk, *, action, model, form_class, prefix, save, done):
    """A schepen's standpoint or priority on an advice: one per schepen, changeable."""
    advies = get_advies_for(request.user, pk, action=action)
    mine = model.objects.filter(advies=advies, schepen=request.user).first()
    form = form_class(request.POST, instance=mine, prefix=prefix)
    if not form.is_valid():
        return _detail(request, advies, status=400, forms={action: form})
    save(form=form, advies=advies, by=request.user)
    messages.success(request, done)
    return redirect("optimalisatie:advies-detail", advies.pk)


@require_POST
def standpunt_save(request, pk):
    return _schepen_input(
        request,
        pk,
        action="standpoint",
        model=Standpunt,
        form_class=StandpuntForm,
        prefix="standpunt",
        save=services.standpunt_save,
        done=_("Your standpoint is saved."),
    )


@require_POST
def priority_save(request, pk):
    return _schepen_input(
        request,
        pk,
        action="priority",
        model=Priority,
        form_class=PriorityForm,
        prefix="prioriteit",
        save=services.priority_save,
        done=_("Your priority is saved."),
    )


# --- threads (on an advice; coaching stays within the administration: access.py) --------------


def _thread_of(request, pk, thread_pk, *, action=None):
    advies = get_advies_for(request.user, pk)
    return advies, access.get_thread_for(request.user, advies, thread_pk, action=action)


def _url(advies):
    return services.advies_url(advies) + "#draden"


@require_POST
def thread_create(request, pk):
    advies = get_advies_for(request.user, pk)
    form = ThreadForm(request.POST)
    confidential = access.starts_confidential(request.user)
    return thread_post(
        request,
        target=advies,
        form=form,
        anchor=form.cleaned_data.get("anchor", "") if form.is_valid() else "",
        audience=access.thread_audience(advies, confidential=confidential),
        url=_url(advies),
        refused=lambda form: _detail(request, advies, status=400, forms={"thread": form}),
        confidential=confidential,
    )


@require_POST
def comment_reply_view(request, pk, thread_pk, comment_pk):
    advies, thread = _thread_of(request, pk, thread_pk)
    parent = comment_of(thread, comment_pk)
    return reply_post(
        request,
        target=advies,
        parent=parent,
        form=ReplyForm(request.POST),
        audience=access.thread_audience(advies, thread),
        url=_url(advies),
        refused=lambda form: _detail(
            request,
            advies,
            status=400,
            reply_error={
                "comment": parent.pk,
                "text": request.POST.get("body", ""),
                "errors": form.errors["body"],
            },
        ),
    )


@require_http_methods(["GET", "POST"])
def comment_edit_view(request, pk, thread_pk, comment_pk):
    advies, thread = _thread_of(request, pk, thread_pk)
    comment = comment_of(thread, comment_pk)
    if comment.author_id != request.user.pk:
        raise PermissionDenied
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            comment_edit(comment=comment, body=form.cleaned_data["body"], by=request.user)
        except ValidationError as error:
            form.add_error("body", error.message_dict.get("body", error.messages))
        else:
            messages.success(request, _("Your comment is changed."))
            return redirect(_url(advies))
    return render(
        request,
        "optimalisatie/comment_edit.html",
        {
            "form": form,
            "advies": advies,
            "comment": comment,
            "edit_minutes": int(edit_window().total_seconds() // 60),
        },
    )


@require_POST
def comment_withdraw_view(request, pk, thread_pk, comment_pk):
    advies, thread = _thread_of(request, pk, thread_pk)
    comment = comment_of(thread, comment_pk)
    if comment.author_id != request.user.pk:
        raise PermissionDenied
    if needs_confirmation(request):
        return confirm_page(
            request,
            title=_("Withdraw your comment"),
            question=_(
                "Withdraw this comment? Nobody can read it any more: this cannot be undone."
            ),
            details=[Truncator(comment.body).chars(200)],
            action_label=_("Withdraw"),
            cancel_url=_url(advies),
        )
    comment_withdraw(comment=comment, by=request.user)
    messages.success(request, _("Your comment is withdrawn."))
    return redirect(_url(advies))


@require_POST
def thread_resolve(request, pk, thread_pk):
    advies, thread = _thread_of(request, pk, thread_pk)
    resolved = request.POST.get("resolved") == "1"
    thread_set_resolved(thread=thread, resolved=resolved, by=request.user)
    messages.success(
        request, _("The thread is resolved.") if resolved else _("The thread is open again.")
    )
    return redirect(_url(advies))


@require_POST
def thread_share(request, pk, thread_pk):
    """An MT member shares a coaching thread with the college, saying why; asked first, as
    it is not undone."""
    advies, thread = _thread_of(request, pk, thread_pk, action="share")
    form = ThreadShareForm(request.POST, prefix=f"delen-{thread.pk}")
    if form.is_valid() and needs_confirmation(request):
        return confirm_page(
            request,
            title=_("Share with the college"),
            question=_(
                "Share this coaching thread with the college? Every college member who sees "
                "the advice can then read it: this cannot be undone."
            ),
            details=[_("Your reason: %(reason)s") % {"reason": form.cleaned_data["reason"]}],
            action_label=_("Share with the college"),
            cancel_url=_url(advies),
            button_class="btn-primary",
        )
    if form.is_valid():
        try:
            services.thread_share(
                advies=advies, thread=thread, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error("reason", error.message_dict.get("reason", error.messages))
    if form.errors:
        return _detail(request, advies, status=400, forms={"share": form, "share_of": thread.pk})
    messages.success(request, _("The thread is shared with the college."))
    return redirect(_url(advies))


# --- MT ----------------------------------------------------------------------------------------


def mt_queue(request):
    access.require_mt(request.user)
    return render(request, "optimalisatie/mt_queue.html", selectors.mt_queue(request.user))


@require_http_methods(["GET", "POST"])
def bundle_create(request):
    access.require_mt(request.user)
    cycle = get_object_or_404(Cycle.objects.open())
    candidates = selectors.bundle_candidates(request.user, cycle)
    form = BundleForm(request.POST or None, adviezen=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            bundle = services.bundle_create(form=form, cycle=cycle, by=request.user)
        except StaleObject as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The bundle is formed."))
            return redirect("optimalisatie:bundle-detail", bundle.pk)
    return render(request, "optimalisatie/bundle_form.html", {"form": form, "cycle": cycle})


def bundle_detail(request, pk):
    bundle = get_bundle_for(request.user, pk)
    return render(
        request,
        "optimalisatie/bundle_detail.html",
        {
            "bundle": bundle,
            "references": selectors.references(bundle),
            **access.bundle_flags(request.user, bundle),
        },
    )


@require_POST
def bundle_ready(request, pk):
    bundle = get_bundle_for(request.user, pk, action="ready")
    try:
        services.bundle_mark_ready(bundle=bundle, by=request.user)
    except StaleObject as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The bundle is ready for the college."))
    return redirect("optimalisatie:bundle-detail", bundle.pk)
