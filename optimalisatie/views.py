"""Thin views: access check, form, service call, redirect. State changes are POST only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.constants import OrgaanType, Role
from accounts.models import Dienst
from accounts.roles import has_role, is_member
from afsprakennota import access as nota_access
from afsprakennota import worklist as nota_worklist
from core.audit import audit_trail
from core.thread_views import comment_of, reply_post, thread_of, thread_post
from core.threads import (
    comment_edit,
    comment_withdraw,
    edit_window,
    thread_set_resolved,
)

from . import exports, selectors, services
from .constants import AdviesState, Phase
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
)
from .models import Advies, Beleidsnota, Bundle, Cycle, Priority, ReviewMark, Standpunt
from .services import StaleObject
from .workflow import STEPS, is_author_or_head, may_take, step_due
from .worklist import is_participant

# --- access ------------------------------------------------------------------------------------


def get_advies_for(user, pk, *, action=None):
    """The advice if the person may see it (else 404), and may do `action` (else 403)."""
    advies = get_object_or_404(selectors.advies_detail(user, pk), pk=pk)
    if action is None:
        return advies
    if action == "edit":
        allowed = is_author_or_head(user, advies) and advies.state == AdviesState.DRAFT
    elif action == "standpunt":
        allowed = advies.state in STANDPUNT_STATES and services.is_responsible_schepen(user, advies)
    elif action == "prioriteit":
        allowed = advies.state in PRIORITY_STATES and services.is_responsible_schepen(user, advies)
    else:
        allowed = action in STEPS and may_take(user, advies, action)[0]
    if not allowed:
        raise PermissionDenied
    return advies


# A schepen gives a standpoint while the MT handles the advice, a priority once validated,
# both until the college decides.
PRIORITY_STATES = [AdviesState.VALIDATED, AdviesState.IN_BUNDLE, AdviesState.READY_FOR_COLLEGE]
STANDPUNT_STATES = [AdviesState.WITH_MT, *PRIORITY_STATES]


def is_ad(user):
    return has_role(user, Role.ALGEMEEN_DIRECTEUR)


def is_mt(user):
    return is_member(user, OrgaanType.MANAGEMENTTEAM)


# --- cycles ------------------------------------------------------------------------------------


def _participant_only(user):
    """The cycle's pages (policy notes, framework, figures) are for its participants."""
    if not is_participant(user):
        raise Http404


def cycle_index(request):
    _participant_only(request.user)
    cycle = Cycle.objects.open().first()
    if cycle is not None:
        return redirect("optimalisatie:cycle-detail", cycle.pk)
    return render(
        request,
        "optimalisatie/cycle_index.html",
        {"cycles": Cycle.objects.all(), "can_create": is_ad(request.user)},
    )


def cycle_detail(request, pk):
    _participant_only(request.user)
    cycle = get_object_or_404(Cycle.objects.select_related("term", "afsprakennota"), pk=pk)
    figures = selectors.dashboard(request.user, cycle)
    nota = cycle.afsprakennota
    labels = {
        "target": _("target"),
        "proposed": _("proposed"),
        "validated": _("validated"),
        "ready": _("ready for the college"),
    }
    notas = cycle.beleidsnotas.select_related("schepen").order_by("schepen__full_name")
    bars = selectors.funnel_bars(figures["funnel"], figures["target"], labels)
    return render(
        request,
        "optimalisatie/cycle_detail.html",
        {
            "cycle": cycle,
            **figures,
            "bars": bars,
            "chart_height": len(bars) * 44,
            "beleidsnotas": notas,
            "schepen_inputs": cycle.schepen_inputs.select_related("schepen")
            if services.may_read_schepen_inputs(request.user)
            else [],
            "is_ad": is_ad(request.user),
            "is_schepen": has_role(request.user, Role.SCHEPEN, Role.BURGEMEESTER),
            "can_create_advies": cycle.is_open
            and Dienst.objects.filter(head=request.user).exists(),
            "phases": Phase,
            "nota": nota if nota and nota_access.may_see(request.user, nota) else None,
            "role_notice": nota_worklist.role_notice(nota, request.user, context=_("this exercise"))
            if nota
            else None,
            "may_draw_up_nota": nota is None and nota_access.may_edit(request.user),
        },
    )


def cycle_overdue(request, pk):
    """Every overdue step the person may see in this cycle, most overdue first, a page at a
    time (the dashboard shows the first few)."""
    _participant_only(request.user)
    cycle = get_object_or_404(Cycle, pk=pk)
    page = Paginator(selectors.overdue(request.user, cycle), 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "optimalisatie/cycle_overdue.html",
        {"cycle": cycle, "page": page, "advices": selectors.with_state_labels(page)},
    )


def cycle_diensten(request, pk):
    """The savings of every department, largest first, a page at a time (the dashboard shows
    the first few)."""
    _participant_only(request.user)
    cycle = get_object_or_404(Cycle, pk=pk)
    rows = selectors.per_dienst(request.user, cycle)
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    return render(request, "optimalisatie/cycle_diensten.html", {"cycle": cycle, "page": page})


@require_http_methods(["GET", "POST"])
def cycle_edit(request, pk=None):
    """The algemeen directeur sets the cycle, its deadlines and its budgetary framework,
    optional targets per policy domain included."""
    if not is_ad(request.user):
        raise PermissionDenied
    cycle = get_object_or_404(Cycle, pk=pk) if pk else None
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


@require_http_methods(["GET", "POST"])
def beleidsnota_edit(request, pk):
    _participant_only(request.user)
    cycle = get_object_or_404(Cycle, pk=pk)
    if not has_role(request.user, Role.SCHEPEN, Role.BURGEMEESTER):
        raise PermissionDenied
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
    cycle = get_object_or_404(Cycle.objects.open(), pk=pk)
    if not has_role(request.user, Role.SCHEPEN, Role.BURGEMEESTER):
        raise PermissionDenied
    form = SchepenInputForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.schepen_input_create(form=form, cycle=cycle, by=request.user)
        messages.success(request, _("Your advice is passed on to the MT."))
        return redirect("optimalisatie:cycle-detail", cycle.pk)
    return render(
        request,
        "optimalisatie/simple_form.html",
        {"form": form, "cycle": cycle, "title": _("Your own advice")},
    )


# --- advices -----------------------------------------------------------------------------------


def advies_list(request):
    form = AdviesFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    political = services.sees_political_input(request.user)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        queryset = selectors.advies_filtered(request.user, filters=filters)
        return exports.advies_export(queryset, export, political=political)
    page = selectors.advies_page(
        request.user, filters=filters, number=request.GET.get("pagina"), political=political
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
            "can_create": has_role(request.user, Role.DIENSTHOOFD)
            and Cycle.objects.open().exists(),
            "sees_political": political,
        },
    )


def _save_advies(request, form, advies=None):
    try:
        return services.advies_save(
            form=form,
            advies=advies,
            by=request.user,
            files=form.cleaned_data.get("attachments") or [],
        )
    except StaleObject as error:
        form.add_error(None, str(error))
    except ValidationError as error:
        form.add_error(None, error)
    return None


@require_http_methods(["GET", "POST"])
def advies_create(request):
    cycle = Cycle.objects.open().first()
    diensten = Dienst.objects.filter(head=request.user)
    if cycle is None or not diensten.exists():
        raise PermissionDenied
    form = AdviesForm(
        request.POST or None,
        request.FILES or None,
        diensten=diensten,
        initial={"dienst": diensten.first(), "start_year": cycle.term.start.year + 1},
    )
    if request.method == "POST" and form.is_valid():
        advies = _save_advies(request, form)
        if advies:
            messages.success(request, _("The advice is saved as a draft."))
            return redirect("optimalisatie:advies-detail", advies.pk)
    return render(request, "optimalisatie/advies_form.html", {"form": form, "cycle": cycle})


@require_http_methods(["GET", "POST"])
def advies_edit(request, pk):
    advies = get_advies_for(request.user, pk, action="edit")
    form = AdviesForm(
        request.POST or None,
        request.FILES or None,
        instance=advies,
        diensten=Dienst.objects.filter(pk=advies.dienst_id),
    )
    if request.method == "POST" and form.is_valid() and _save_advies(request, form, advies):
        messages.success(request, _("Your changes are saved."))
        return redirect("optimalisatie:advies-detail", advies.pk)
    return render(
        request,
        "optimalisatie/advies_form.html",
        {"form": form, "advies": advies, "cycle": advies.cycle},
    )


def advies_detail(request, pk):
    return _detail(request, get_advies_for(request.user, pk))


def _detail(
    request,
    advies,
    *,
    status=200,
    step_forms=None,
    thread_form=None,
    standpunt_form=None,
    priority_form=None,
    reply_error=None,
):
    """The detail page; POST views pass their bound forms back so errors show at the field
    and nothing typed is lost."""
    user = request.user
    step_forms = step_forms or {}
    steps = [
        (
            step,
            step_forms.get(step.action)
            or StepForm(prefix=step.action, initial={"lock_version": advies.lock_version}),
            takeover,
        )
        for step in STEPS.values()
        for allowed, takeover in [may_take(user, advies, step.action)]
        if allowed and services.step_possible(advies, step)
    ]
    versions = list(advies.versions.all())
    mark = ReviewMark.objects.filter(advies=advies, user=user).first()
    since = next((v for v in versions if mark and v.number == mark.version_number), None)
    latest = versions[-1] if versions else None
    reply_to = _reply_to(request, reply_error)
    threads = selectors.advies_threads(advies, user, reply_to=reply_to)
    my_standpunt = next((s for s in advies.standpunten.all() if s.schepen_id == user.pk), None)
    my_priority = next((p for p in advies.priorities.all() if p.schepen_id == user.pk), None)
    responsible = services.is_responsible_schepen(user, advies)
    if standpunt_form is None and responsible and advies.state in STANDPUNT_STATES:
        standpunt_form = StandpuntForm(instance=my_standpunt, prefix="standpunt")
    if priority_form is None and responsible and advies.state in PRIORITY_STATES:
        priority_form = PriorityForm(instance=my_priority, prefix="prioriteit")
    return render(
        request,
        "optimalisatie/advies_detail.html",
        {
            "advies": advies,
            "steps": steps,
            "can_edit": is_author_or_head(user, advies) and advies.state == AdviesState.DRAFT,
            "due": step_due(advies),
            "versions": versions,
            "changes": selectors.version_changes(since, latest)
            if since and since != latest
            else [],
            "since": since,
            "threads": threads,
            "thread_form": thread_form or ThreadForm(),
            "reply_error": reply_error or {},
            "reply_to": reply_to,
            "detail_url": reverse("optimalisatie:advies-detail", args=[advies.pk]),
            "standpunt_form": standpunt_form,
            "priority_form": priority_form,
            # what the schepenen said is for the MT, the college and the schepenen themselves
            "sees_political": services.sees_political_input(user),
            "trail": trail_rows(audit_trail(advies)[:50]),
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


def trail_rows(entries):
    """Audit rows in words: the step's label and the states' labels instead of codes."""
    actions = {f"advies.{a}": step.label for a, step in STEPS.items()}
    actions.update(
        {
            "advies.create": _("created"),
            "advies.edit": _("edited"),
            "advies.standpunt": _("standpoint given"),
            "advies.prioriteit": _("priority set"),
            "advies.bundelen": _("included in a bundle"),
        }
    )
    states = dict(AdviesState.choices)
    return [
        (
            e,
            actions.get(e.action, e.action),
            states.get(e.from_state, e.from_state),
            states.get(e.to_state, e.to_state),
        )
        for e in entries
    ]


@require_POST
def advies_step(request, pk, action):
    if action not in STEPS:
        raise Http404
    advies = get_advies_for(request.user, pk, action=action)
    form = StepForm(request.POST, prefix=action)
    form.is_valid()
    expected = form.cleaned_data.get("lock_version")
    try:
        if expected is not None and expected != advies.lock_version:
            raise StaleObject()
        services.advies_transition(
            advies=advies,
            action=action,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as error:
        for message in error.message_dict.get("reason", error.messages):
            form.add_error("reason", message)
        return _detail(request, advies, status=400, step_forms={action: form})
    except StaleObject as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Done: the advice is now “%(state)s”.") % {"state": advies.get_state_display()},
        )
    return redirect("optimalisatie:advies-detail", advies.pk)


def attachment_download(request, pk, attachment_pk):
    advies = get_advies_for(request.user, pk)
    attachment = get_object_or_404(advies.attachments, pk=attachment_pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


def _schepen_input(request, pk, *, action, model, form_class, save, done):
    """A schepen's standpoint or priority on an advice: one per schepen, changeable."""
    advies = get_advies_for(request.user, pk, action=action)
    mine = model.objects.filter(advies=advies, schepen=request.user).first()
    form = form_class(request.POST, instance=mine, prefix=action)
    if not form.is_valid():
        key = "standpunt_form" if action == "standpunt" else "priority_form"
        return _detail(request, advies, status=400, **{key: form})
    save(form=form, advies=advies, by=request.user)
    messages.success(request, done)
    return redirect("optimalisatie:advies-detail", advies.pk)


@require_POST
def standpunt_save(request, pk):
    return _schepen_input(
        request,
        pk,
        action="standpunt",
        model=Standpunt,
        form_class=StandpuntForm,
        save=services.standpunt_save,
        done=_("Your standpoint is saved."),
    )


@require_POST
def priority_save(request, pk):
    return _schepen_input(
        request,
        pk,
        action="prioriteit",
        model=Priority,
        form_class=PriorityForm,
        save=services.priority_save,
        done=_("Your priority is saved."),
    )


# --- threads (on an advice: visible exactly to those who see the advice) -----------------------


def _thread_of(request, pk, thread_pk):
    advies = get_advies_for(request.user, pk)
    return advies, thread_of(advies, thread_pk)


def _url(advies):
    return reverse("optimalisatie:advies-detail", args=[advies.pk]) + "#draden"


@require_POST
def thread_create(request, pk):
    advies = get_advies_for(request.user, pk)
    form = ThreadForm(request.POST)
    return thread_post(
        request,
        target=advies,
        form=form,
        anchor=form.cleaned_data.get("anchor", "") if form.is_valid() else "",
        audience=services.audience(advies),
        url=_url(advies),
        refused=lambda form: _detail(request, advies, status=400, thread_form=form),
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
        audience=services.audience(advies),
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


# --- MT ----------------------------------------------------------------------------------------


def mt_queue(request):
    if not is_mt(request.user):
        raise Http404
    visible = Advies.objects.visible_to(request.user).with_relations()
    sections = [
        (
            _("To validate"),
            visible.filter(state=AdviesState.WITH_MT).order_by("forwarded_at"),
            "te-valideren",
        ),
        (
            _("Validated: to bundle or to mark ready for the college"),
            visible.filter(state=AdviesState.VALIDATED).order_by("validated_at"),
            "gevalideerd",
        ),
        (_("Ready for the college"), visible.filter(state=AdviesState.READY_FOR_COLLEGE), "klaar"),
    ]
    return render(
        request,
        "optimalisatie/mt_queue.html",
        {
            "sections": sections,
            "bundles": Bundle.objects.with_savings()
            .select_related("cycle")
            .prefetch_related("adviezen__dienst"),
        },
    )


@require_http_methods(["GET", "POST"])
def bundle_create(request):
    if not is_mt(request.user):
        raise Http404
    cycle = get_object_or_404(Cycle.objects.open())
    candidates = (
        Advies.objects.visible_to(request.user)
        .filter(cycle=cycle, state=AdviesState.VALIDATED)
        .select_related("dienst")
    )
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
    if not (is_mt(request.user) or is_member(request.user, OrgaanType.COLLEGE)):
        raise Http404
    bundle = get_object_or_404(
        Bundle.objects.with_savings().prefetch_related("adviezen__dienst"), pk=pk
    )
    return render(
        request,
        "optimalisatie/bundle_detail.html",
        {
            "bundle": bundle,
            "can_mark_ready": is_mt(request.user) and bundle.state == "gevormd",
            "trail": audit_trail(bundle),
        },
    )


@require_POST
def bundle_ready(request, pk):
    if not is_mt(request.user):
        raise PermissionDenied
    bundle = get_object_or_404(Bundle, pk=pk)
    try:
        services.bundle_mark_ready(bundle=bundle, by=request.user)
    except StaleObject as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The bundle is ready for the college."))
    return redirect("optimalisatie:bundle-detail", bundle.pk)
