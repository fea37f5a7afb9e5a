"""The afsprakennota in the browser: list, the structured editor, comments per article,
lifecycle steps, version comparison, signing, the official PDF and seal verification.
Thin views: access check, form, service call, redirect. State changes are POST only.
Everything works without JavaScript; htmx swaps the article list in place."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Term
from core.audit import audit_trail
from core.thread_views import comment_of, reply_post, thread_of, thread_post
from core.threads import comment_tree, threads_for

from . import access, seal, services
from .constants import NotaKind, NotaState
from .forms import (
    ArticleForm,
    CommentForm,
    NewNotaForm,
    NotaHeaderForm,
    ReasonForm,
    RequiredReasonForm,
    SignForm,
    VerifyForm,
)
from .models import Afsprakennota, Article
from .numbering import numbered
from .pdf import nota_pdf
from .versions import compare

# --- access ------------------------------------------------------------------------------------


def get_nota_for(user, pk, *, edit=False, comment=False):
    """404 for a nota the person may not see; 403 when they see it but may not do this."""
    nota = get_object_or_404(Afsprakennota.objects.select_related("term"), pk=pk)
    if not access.may_see(user, nota):
        raise Http404
    if edit and not access.may_edit(user):
        raise PermissionDenied(_("Only the algemeen directeur and the MT change this nota."))
    if comment and not access.may_comment(user, nota):
        raise PermissionDenied(_("Comments are closed for this nota."))
    return nota


def _url(nota, anchor=""):
    return reverse("afsprakennota:detail", args=[nota.pk]) + (f"#{anchor}" if anchor else "")


def _posted(request):
    """The submitted data, even when empty: an empty POST must show "required" errors."""
    return request.POST if request.method == "POST" else None


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _add_errors(form, error: ValidationError):
    """A service's refusal on the form: next to its field, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, _error_text(error))


# --- list and creation -------------------------------------------------------------------------


def _free_cycles():
    from django.apps import apps

    Cycle = apps.get_model("optimalisatie", "Cycle")  # noqa: N806 - optimalisatie depends on us
    return Cycle.objects.filter(afsprakennota__isnull=True).order_by("-created_at")


def nota_index(request):
    notas = (
        Afsprakennota.objects.filter(access.visible_filter(request.user))
        .select_related("term")
        .order_by("-term__start", "kind", "-created_at")
    )
    return render(
        request,
        "afsprakennota/index.html",
        {
            "notas": notas,
            "may_create": access.may_edit(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def nota_create(request):
    if not access.may_edit(request.user):
        raise PermissionDenied
    form = NewNotaForm(_posted(request), cycles=_free_cycles())
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["kind"] == NotaKind.DECREE:
                nota = services.nota_create_decree(term=form.cleaned_data["term"], by=request.user)
            else:
                nota = services.nota_create_optimisation(
                    cycle=form.cleaned_data["cycle"], by=request.user
                )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request, _("The nota is created from the template. Complete its articles.")
            )
            return redirect(_url(nota))
    return render(
        request, "afsprakennota/create.html", {"form": form}, status=400 if form.errors else 200
    )


# --- detail ------------------------------------------------------------------------------------


def _threads_by_article(nota):
    by_anchor: dict[str, list] = {}
    for thread in threads_for(nota):
        by_anchor.setdefault(thread.anchor, []).append((thread, comment_tree(thread)))
    return by_anchor


def _detail(request, nota, *, status=200, comment_forms=None, step_forms=None):
    user = request.user
    may_edit = access.may_edit(user) and nota.editable
    threads = _threads_by_article(nota)
    comment_forms = comment_forms or {}
    rows = [
        {
            "n": n,
            "threads": threads.get(f"artikel-{n.article.pk}", []),
            "form": comment_forms.get(f"artikel-{n.article.pk}"),
            "anchor": f"artikel-{n.article.pk}",
        }
        for n in numbered(list(nota.articles.all()))
    ]
    versions = list(nota.versions.prefetch_related("approvals__orgaan").order_by("-number"))
    latest = versions[0] if versions else None
    signatures = {s.role: s for s in latest.signatures.select_related("signer")} if latest else {}
    parties = [(p, signatures.get(p.signatory_role)) for p in nota.parties.all()]
    my_roles = services.signatory_roles_of(user, nota) if nota.state == NotaState.APPROVED else []
    step_forms = step_forms or {}
    steps = []
    if access.may_edit(user):
        if nota.state == NotaState.DRAFT:
            steps.append(("bespreken", _("Put in discussion"), False))
        if nota.state == NotaState.IN_DISCUSSION:
            steps.append(("ter-goedkeuring", _("Send for approval"), False))
        if nota.state in (NotaState.FOR_APPROVAL, NotaState.APPROVED):
            steps.append(("terug", _("Back to discussion"), True))
    return render(
        request,
        "afsprakennota/detail.html",
        {
            "nota": nota,
            "rows": rows,
            "general_threads": threads.get("", []),
            "general_form": comment_forms.get("", CommentForm()),
            "may_edit": may_edit,
            "may_comment": access.may_comment(user, nota),
            "with_roles": nota.kind == NotaKind.OPTIMISATION,
            "steps": [
                (s, label, needs, step_forms.get(s, ReasonForm())) for s, label, needs in steps
            ],
            "versions": versions,
            "latest": latest,
            "parties": parties,
            "may_sign": bool(my_roles) and not set(my_roles) <= set(signatures),
            "cycles": list(nota.cycles.all()),
            "trail": trail_rows(audit_trail(nota)[:30]),
        },
        status=status,
    )


TRAIL_ACTIONS = {
    "nota.create": gettext_lazy("created from the template"),
    "nota.edit": gettext_lazy("header or introduction changed"),
    "nota.article-add": gettext_lazy("article added"),
    "nota.article-edit": gettext_lazy("article changed"),
    "nota.article-omhoog": gettext_lazy("article moved up"),
    "nota.article-omlaag": gettext_lazy("article moved down"),
    "nota.article-verwijderen": gettext_lazy("article deleted"),
    "nota.bespreken": gettext_lazy("put in discussion"),
    "nota.ter-goedkeuring": gettext_lazy("sent for approval"),
    "nota.terug": gettext_lazy("back to discussion"),
    "nota.approval": gettext_lazy("approved by one body"),
    "nota.approved": gettext_lazy("approved by both bodies"),
    "nota.rejected": gettext_lazy("rejected in a meeting"),
    "nota.sign": gettext_lazy("signed"),
    "nota.signed": gettext_lazy("signed by everyone"),
    "nota.signature-refused": gettext_lazy("signature refused"),
    "nota.replaced": gettext_lazy("replaced by a newer signed nota"),
}


def trail_rows(entries):
    """Audit rows in words: the action's label and the states' labels instead of codes."""
    states = dict(NotaState.choices)
    return [
        (
            e,
            TRAIL_ACTIONS.get(e.action, e.action),
            states.get(e.from_state, ""),
            states.get(e.to_state, ""),
        )
        for e in entries
    ]


def nota_detail(request, pk):
    return _detail(request, get_nota_for(request.user, pk))


# --- editing -----------------------------------------------------------------------------------


def _not_editable(request, nota):
    messages.error(
        request, _("This nota can no longer be changed: send it back to discussion first.")
    )
    return redirect(_url(nota))


@require_http_methods(["GET", "POST"])
def header_edit(request, pk):
    nota = get_nota_for(request.user, pk, edit=True)
    if not nota.editable:
        return _not_editable(request, nota)
    form = NotaHeaderForm(
        _posted(request), instance=nota, initial={"lock_version": nota.lock_version}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "lock_version"}
        try:
            services.nota_update(
                nota=nota,
                data=data,
                by=request.user,
                expected_version=form.cleaned_data["lock_version"],
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
            form.data = form.data.copy()
            form.data["lock_version"] = Afsprakennota.objects.get(pk=nota.pk).lock_version
        else:
            messages.success(request, _("The header and introduction are saved."))
            return redirect(_url(nota))
    return render(
        request,
        "afsprakennota/form.html",
        {"form": form, "nota": nota, "title": _("Header and introduction")},
        status=400 if form.errors else 200,
    )


def _article_of(nota, article_pk):
    if not str(article_pk).isdigit():  # a tampered ?parent= or ?after=
        raise Http404
    return get_object_or_404(Article, pk=article_pk, nota=nota)


@require_http_methods(["GET", "POST"])
def article_create(request, pk):
    nota = get_nota_for(request.user, pk, edit=True)
    if not nota.editable:
        return _not_editable(request, nota)
    source = request.POST if request.method == "POST" else request.GET
    parent = _article_of(nota, source["parent"]) if source.get("parent") else None
    after = _article_of(nota, source["after"]) if source.get("after") else None
    if after is not None and after.parent_id != (parent.pk if parent else None):
        raise Http404
    form = ArticleForm(_posted(request), with_role=nota.kind == NotaKind.OPTIMISATION)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_save(
                nota=nota,
                by=request.user,
                parent=parent,
                after=after,
                heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"],
                role=form.cleaned_data.get("role", ""),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The article is added."))
            return redirect(_url(nota, f"artikel-{article.pk}"))
    return render(
        request,
        "afsprakennota/article_form.html",
        {"form": form, "nota": nota, "parent": parent, "after": after, "article": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def article_edit(request, pk, article_pk):
    nota = get_nota_for(request.user, pk, edit=True)
    article = _article_of(nota, article_pk)
    if not nota.editable:
        return _not_editable(request, nota)
    form = ArticleForm(
        _posted(request),
        instance=article,
        initial={"lock_version": article.lock_version},
        with_role=nota.kind == NotaKind.OPTIMISATION,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.article_save(
                nota=nota,
                by=request.user,
                article=article,
                heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"],
                role=form.cleaned_data.get("role", ""),
                expected_version=form.cleaned_data["lock_version"],
            )
        except ValidationError as error:
            _add_errors(form, error)
            if not hasattr(error, "error_dict"):  # someone saved in between
                form.data = form.data.copy()
                form.data["lock_version"] = Article.objects.get(pk=article.pk).lock_version
                form.current = Article.objects.get(pk=article.pk)
        else:
            messages.success(request, _("The article is saved."))
            return redirect(_url(nota, f"artikel-{article.pk}"))
    return render(
        request,
        "afsprakennota/article_form.html",
        {"form": form, "nota": nota, "article": article},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def article_action(request, pk, article_pk, action):
    if action not in ("omhoog", "omlaag", "verwijderen"):
        raise Http404
    nota = get_nota_for(request.user, pk, edit=True)
    article = _article_of(nota, article_pk)
    if not nota.editable:
        return _not_editable(request, nota)
    if request.method == "GET":
        if action != "verwijderen":
            return redirect(_url(nota))
        number = next(n.number for n in numbered(list(nota.articles.all())) if n.article == article)
        return render(
            request,
            "afsprakennota/article_delete.html",
            {"nota": nota, "article": article, "number": number},
        )
    try:
        services.article_change(article=article, action=action, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        if action == "verwijderen":
            messages.success(request, _("The article is deleted; the others are renumbered."))
            return redirect(_url(nota, "artikels"))
    return redirect(_url(nota, f"artikel-{article.pk}"))


# --- lifecycle ---------------------------------------------------------------------------------


@require_POST
def nota_step(request, pk, step):
    if step not in ("bespreken", "ter-goedkeuring", "terug"):
        raise Http404
    nota = get_nota_for(request.user, pk, edit=True)
    form = (RequiredReasonForm if step == "terug" else ReasonForm)(request.POST)
    if not form.is_valid():
        return _detail(request, nota, status=400, step_forms={step: form})
    try:
        if step == "terug":
            services.nota_back_to_discussion(
                nota=nota, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The nota is back in discussion."))
        else:
            version = services.nota_step(
                nota=nota, step=step, by=request.user, reason=form.cleaned_data["reason"]
            )
            if step == "bespreken":
                messages.success(
                    request,
                    _("The nota is in discussion as version %(n)s: the parties can comment.")
                    % {"n": version.number},
                )
            else:
                meetings = getattr(version, "meetings", [])
                text = _("Version %(n)s is sent for approval.") % {"n": version.number}
                if meetings:
                    text += " " + _("It is on the agenda of: %(meetings)s.") % {
                        "meetings": ", ".join(str(m) for m in meetings)
                    }
                else:
                    text += " " + _(
                        "Put it on the agenda of the next college and vast bureau meeting."
                    )
                messages.success(request, text)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(_url(nota))


@require_http_methods(["GET", "POST"])
def nota_sign(request, pk):
    nota = get_nota_for(request.user, pk)
    if not services.signatory_roles_of(request.user, nota):
        raise PermissionDenied(_("You are not one of the signatories of this nota."))
    if nota.state != NotaState.APPROVED:
        messages.info(request, _("Only an approved nota is signed."))
        return redirect(_url(nota))
    form = SignForm(_posted(request))
    refuse_form = RequiredReasonForm()
    if request.method == "POST" and form.is_valid():
        try:
            services.nota_sign(nota=nota, by=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            if hasattr(error, "error_dict") and "password" in error.message_dict:
                form.add_error("password", error.message_dict["password"])
            else:
                messages.error(request, _error_text(error))
                return redirect(_url(nota))
        else:
            nota.refresh_from_db()
            if nota.state == NotaState.SIGNED:
                messages.success(
                    request, _("You signed. Everyone has signed: the nota is now signed.")
                )
            else:
                messages.success(request, _("You signed the nota."))
            return redirect(_url(nota, "handtekeningen"))
    return render(
        request,
        "afsprakennota/sign.html",
        {"nota": nota, "form": form, "refuse_form": refuse_form, "latest": nota.versions.last()},
        status=400 if form.errors else 200,
    )


@require_POST
def nota_refuse(request, pk):
    nota = get_nota_for(request.user, pk)
    if not services.signatory_roles_of(request.user, nota):
        raise PermissionDenied(_("You are not one of the signatories of this nota."))
    refuse_form = RequiredReasonForm(request.POST)
    if refuse_form.is_valid():
        try:
            services.nota_refuse_signature(
                nota=nota, by=request.user, reason=refuse_form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect(_url(nota))
        messages.success(request, _("You refused to sign; the nota is back in discussion."))
        return redirect(_url(nota))
    return render(
        request,
        "afsprakennota/sign.html",
        {
            "nota": nota,
            "form": SignForm(),
            "refuse_form": refuse_form,
            "latest": nota.versions.last(),
        },
        status=400,
    )


# --- versions ----------------------------------------------------------------------------------


def nota_versions(request, pk):
    nota = get_nota_for(request.user, pk)
    versions = list(nota.versions.select_related("created_by").order_by("number"))
    by_number = {v.number: v for v in versions}
    older = newer = None
    if len(versions) >= 2:
        try:
            older = by_number.get(int(request.GET.get("van", versions[-2].number)))
            newer = by_number.get(int(request.GET.get("naar", versions[-1].number)))
        except ValueError:
            older = newer = None
    changes = compare(older.content, newer.content) if older and newer else None
    return render(
        request,
        "afsprakennota/versions.html",
        {"nota": nota, "versions": versions, "older": older, "newer": newer, "changes": changes},
    )


# --- PDF and seal ------------------------------------------------------------------------------


def nota_pdf_view(request, pk):
    nota = get_nota_for(request.user, pk)
    latest = nota.versions.order_by("-number").first()
    filename = f"afsprakennota-{nota.pk}"
    if nota.state in (NotaState.SIGNED, NotaState.REPLACED) and latest is not None:
        try:
            data = seal.sealed_pdf_of(latest, lambda: nota_pdf(nota)[1])
        except seal.SealNotConfigured as error:
            messages.error(request, str(error))
            return redirect(_url(nota))
        filename += f"-v{latest.number}-getekend"
    else:
        data = nota_pdf(nota)[1]
        filename += "-ontwerp"
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def verify(request):
    form = VerifyForm(_posted(request), request.FILES if request.method == "POST" else None)
    verdict = None
    if request.method == "POST" and form.is_valid():
        try:
            verdict = seal.verify(form.cleaned_data["file"].read())
        except seal.SealNotConfigured as error:
            form.add_error(None, str(error))
    sealed = verdict.sealed if verdict else None
    if sealed and not access.may_see(request.user, sealed.version.nota):
        sealed = None  # the verdict stands; which nota it is stays with those who may see it
    return render(
        request,
        "afsprakennota/verify.html",
        {"form": form, "verdict": verdict, "sealed": sealed},
        status=400 if form.errors else 200,
    )


# --- term status -------------------------------------------------------------------------------


def term_status(request):
    terms = list(Term.objects.order_by("-start"))
    rows = services.term_status(terms)
    return render(
        request,
        "afsprakennota/terms.html",
        {
            "rows": [
                (t, s, n if n and access.may_see(request.user, n) else None, d)
                for t, s, n, d in rows
            ]
        },
    )


# --- comments ----------------------------------------------------------------------------------


@require_POST
def thread_create(request, pk):
    nota = get_nota_for(request.user, pk, comment=True)
    anchor = request.POST.get("anchor", "")
    if anchor:
        if not anchor.startswith("artikel-") or not anchor[8:].isdigit():
            raise Http404
        _article_of(nota, anchor[8:])
    return thread_post(
        request,
        target=nota,
        form=CommentForm(request.POST),
        anchor=anchor,
        audience=access.audience(nota),
        url=_url(nota, anchor or "opmerkingen"),
        refused=lambda form: _detail(request, nota, status=400, comment_forms={anchor: form}),
    )


@require_POST
def comment_reply_view(request, pk, thread_pk, comment_pk):
    nota = get_nota_for(request.user, pk, comment=True)
    thread = thread_of(nota, thread_pk)
    return reply_post(
        request,
        target=nota,
        parent=comment_of(thread, comment_pk),
        form=CommentForm(request.POST),
        audience=access.audience(nota),
        url=_url(nota, thread.anchor or "opmerkingen"),
        refused=lambda form: _reply_refused(request, nota, thread, form),
    )


def _reply_refused(request, nota, thread, form):
    messages.error(request, " ".join(form.errors["body"]))
    return redirect(_url(nota, thread.anchor))
