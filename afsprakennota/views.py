"""The afsprakennota in the browser: list, the structured editor, comments per article,
lifecycle steps, version comparison, signing, the official PDF and seal verification.
Thin views: access check (access.py), reads (selectors.py), form, service call, redirect.
State changes are POST only, one view per action. Everything works without JavaScript; htmx
swaps the article list in place."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.signing import forget_fresh_login, fresh_login_at, signing_context, uses_sso
from core.thread_views import comment_of, reply_post, thread_of, thread_post
from core.transitions import StaleObject

from . import access, importing, seal, selectors, services
from .access import get_nota_for
from .constants import (
    BACK_TO_DISCUSSION,
    OPEN_DISCUSSION,
    SUBMIT_FOR_APPROVAL,
    NotaKind,
    NotaState,
)
from .forms import (
    ArticleForm,
    CommentForm,
    ImportPreviewForm,
    NewNotaStartForm,
    NotaHeaderForm,
    ReasonForm,
    RequiredReasonForm,
    SignForm,
    VerifyForm,
)
from .models import Article
from .pdf import nota_pdf

# The steps' buttons: label, and whether the step needs a reason.
STEP_BUTTONS = {
    OPEN_DISCUSSION: (gettext_lazy("Put in discussion"), False),
    SUBMIT_FOR_APPROVAL: (gettext_lazy("Send for approval"), False),
    BACK_TO_DISCUSSION: (gettext_lazy("Back to discussion"), True),
}


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


def nota_index(request):
    return render(
        request,
        "afsprakennota/index.html",
        {
            "notas": selectors.visible_notas(request.user),
            "may_create": access.may_edit(request.user),
        },
    )


START_MESSAGES = {
    "template": gettext_lazy("The nota is created from the template. Complete its articles."),
    "blank": gettext_lazy("The nota is created, blank: add its articles."),
    "copy": gettext_lazy("The nota is created as a copy of the previous one: change what changed."),
}


@require_http_methods(["GET", "POST"])
def nota_create(request):
    """The decree's nota: from the template, blank, a copy, or a pasted or imported memo (which
    go to the preview first); an exercise's nota is drawn up from the exercise's page."""
    if not access.may_edit(request.user):
        raise PermissionDenied
    form = NewNotaStartForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        term, start = form.cleaned_data["term"], form.cleaned_data["start"]
        try:
            if start in ("paste", "import"):
                services.check_term_free(term)
                preview = ImportPreviewForm(
                    initial={"term": term.pk, "text": importing.to_text(form.parsed)}
                )
                return _preview(request, preview, form.parsed, term)
            if start == "blank":
                nota = services.nota_create_decree_blank(term=term, by=request.user)
            elif start == "copy":
                nota = services.nota_create_decree_copy(
                    term=term, by=request.user, source=form.cleaned_data["source"]
                )
            else:
                nota = services.nota_create_decree(term=term, by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, START_MESSAGES[start])
            return redirect(_url(nota))
    return render(
        request, "afsprakennota/create.html", {"form": form}, status=400 if form.errors else 200
    )


def _preview(request, form, parsed, term, *, status=200):
    parsed = parsed or importing.ParsedNota(header={}, introduction="", articles=[])
    return render(
        request,
        "afsprakennota/import_preview.html",
        {
            "form": form,
            "term": term,
            "header": [
                (label, parsed.header.get(key) or "/") for key, label in importing.HEADER_ORDER
            ],
            "introduction": parsed.introduction,
            "rows": importing.preview_rows(parsed),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def nota_import_preview(request):
    """The pasted or imported memo as a tree beside its normalized text: "Refresh preview"
    reads the corrected text again, "Create the nota" saves it. Nothing is saved before."""
    if not access.may_edit(request.user):
        raise PermissionDenied
    if request.method == "GET":
        return redirect("afsprakennota:create")
    form = ImportPreviewForm(request.POST)
    if not form.is_valid():
        term = form.cleaned_data.get("term")
        return _preview(request, form, None, term, status=400)
    term = form.cleaned_data["term"]
    parsed = importing.parse_text(form.cleaned_data["text"])
    if "create" in request.POST:
        try:
            nota = services.nota_create_decree_imported(term=term, by=request.user, parsed=parsed)
        except ValidationError as error:
            for message in getattr(error, "message_dict", {}).get("term", error.messages):
                form.add_error(None, message)
        else:
            messages.success(
                request, _("The nota is created from the memo. Check it and complete it.")
            )
            return redirect(_url(nota))
        return _preview(request, form, parsed, term, status=400)
    return _preview(request, form, parsed, term)


# --- detail ------------------------------------------------------------------------------------


def _detail(request, nota, *, status=200, comment_forms=None, step_forms=None):
    user = request.user
    page = selectors.nota_page(nota, comment_forms=comment_forms)
    step_forms = step_forms or {}
    steps = [
        (f"afsprakennota:{step}", step, *STEP_BUTTONS[step], step_forms.get(step, ReasonForm()))
        for step in access.available_steps(user, nota)
    ]
    return render(
        request,
        "afsprakennota/detail.html",
        {
            "nota": nota,
            **page,
            "general_form": (comment_forms or {}).get("", CommentForm()),
            "may_edit": access.may_edit(user) and nota.editable,
            "may_comment": access.may_comment(user, nota),
            "may_sign": access.may_sign(user, nota, page["signed_roles"]),
            "with_roles": nota.kind == NotaKind.OPTIMISATION,
            "steps": steps,
        },
        status=status,
    )


def nota_detail(request, pk):
    return _detail(request, get_nota_for(request.user, pk))


# --- editing -----------------------------------------------------------------------------------


def _not_editable(request, nota):
    messages.error(
        request, _("This nota can no longer be changed: send it back to discussion first.")
    )
    return redirect(_url(nota))


def _editing(view):
    """The editor's views get the nota (and the article the URL names) from access: 404 or
    403 as it says, and the nota page again once the nota can no longer change."""

    @wraps(view)
    def wrapped(request, pk, **kwargs):
        nota = get_nota_for(request.user, pk, action="edit")
        if "article_pk" in kwargs:
            kwargs["article"] = selectors.article_of(nota, kwargs.pop("article_pk"))
        if not nota.editable:
            return _not_editable(request, nota)
        return view(request, nota, **kwargs)

    return wrapped


@require_http_methods(["GET", "POST"])
@_editing
def header_edit(request, nota):
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
            form.data["lock_version"] = nota.lock_version  # read afresh by the service
        else:
            messages.success(request, _("The header and introduction are saved."))
            return redirect(_url(nota))
    return render(
        request,
        "afsprakennota/form.html",
        {"form": form, "nota": nota, "title": _("Header and introduction")},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@_editing
def article_create(request, nota):
    source = request.POST if request.method == "POST" else request.GET
    parent = selectors.article_of(nota, source["parent"]) if source.get("parent") else None
    after = selectors.article_of(nota, source["after"]) if source.get("after") else None
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
                children_style=form.cleaned_data.get("children_style") or "numbered",
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
@_editing
def article_edit(request, nota, article):
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
                children_style=form.cleaned_data.get("children_style") or "numbered",
                expected_version=form.cleaned_data["lock_version"],
            )
        except ValidationError as error:
            _add_errors(form, error)
            if isinstance(error, StaleObject):  # someone saved in between: show theirs
                form.current = Article.objects.filter(pk=article.pk).first()
                form.data = form.data.copy()
                form.data["lock_version"] = getattr(form.current, "lock_version", 0)
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
@_editing
def article_move(request, nota, article, *, up: bool):
    """Move an article one place up or down (the URL says which); GET shows the nota."""
    if request.method == "GET":
        return redirect(_url(nota))
    try:
        services.article_move(article=article, up=up, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(_url(nota, f"artikel-{article.pk}"))


@require_http_methods(["GET", "POST"])
@_editing
def article_delete(request, nota, article):
    """GET asks for confirmation; POST deletes the article with what it holds. A section the
    decree requires is not deleted (403)."""
    if not access.may_delete_article(nota, article):
        raise PermissionDenied(access.required_section())
    if request.method == "GET":
        number = selectors.article_number(nota, article)
        return render(
            request,
            "afsprakennota/article_delete.html",
            {"nota": nota, "article": article, "number": number},
        )
    try:
        services.article_delete(article=article, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(_url(nota, f"artikel-{article.pk}"))
    messages.success(request, _("The article is deleted; the others are renumbered."))
    return redirect(_url(nota, "artikels"))


# --- lifecycle ---------------------------------------------------------------------------------


def _stepped(request, pk, step, form_class, run):
    """A step on the nota for an editor: the form's reason, `run(nota, reason)` (a service
    that returns the message to show), then the nota page again."""
    nota = get_nota_for(request.user, pk, action="edit")
    form = form_class(request.POST)
    if not form.is_valid():
        return _detail(request, nota, status=400, step_forms={step: form})
    try:
        messages.success(request, run(nota, form.cleaned_data["reason"]))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(_url(nota))


@require_POST
def nota_open_discussion(request, pk):
    def run(nota, reason):
        version = services.nota_step(
            nota=nota, step=OPEN_DISCUSSION, by=request.user, reason=reason
        )
        return _("The nota is in discussion as version %(n)s: the parties can comment.") % {
            "n": version.number
        }

    return _stepped(request, pk, OPEN_DISCUSSION, ReasonForm, run)


@require_POST
def nota_submit_for_approval(request, pk):
    def run(nota, reason):
        version = services.nota_step(
            nota=nota, step=SUBMIT_FOR_APPROVAL, by=request.user, reason=reason
        )
        text = _("Version %(n)s is sent for approval.") % {"n": version.number}
        if version.meetings:
            return (
                text
                + " "
                + _("It is on the agenda of: %(meetings)s.")
                % {"meetings": ", ".join(str(m) for m in version.meetings)}
            )
        return text + " " + _("Put it on the agenda of the next meeting of each body.")

    return _stepped(request, pk, SUBMIT_FOR_APPROVAL, ReasonForm, run)


@require_POST
def nota_back_to_discussion(request, pk):
    def run(nota, reason):
        services.nota_back_to_discussion(nota=nota, by=request.user, reason=reason)
        return _("The nota is back in discussion.")

    return _stepped(request, pk, BACK_TO_DISCUSSION, RequiredReasonForm, run)


def _sign_page(request, nota, form, refuse_form, status=200):
    return render(
        request,
        "afsprakennota/sign.html",
        {
            "nota": nota,
            "form": form,
            "refuse_form": refuse_form,
            "latest": nota.versions.last(),
            **signing_context(request),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def nota_sign(request, pk):
    nota = get_nota_for(request.user, pk, action="sign")
    if nota.state != NotaState.APPROVED:
        messages.info(request, _("Only an approved nota is signed."))
        return redirect(_url(nota))
    sso = uses_sso(request)
    form = SignForm(_posted(request), sso=sso)
    if request.method == "POST" and form.is_valid():
        try:
            services.nota_sign(
                nota=nota,
                by=request.user,
                password=form.cleaned_data.get("password"),
                sso=sso,
                fresh_login_at=fresh_login_at(request),
            )
        except ValidationError as error:
            if not (hasattr(error, "error_dict") and "password" in error.message_dict):
                messages.error(request, _error_text(error))
                return redirect(_url(nota))
            form.add_error("password" if not sso else None, error.message_dict["password"])
        else:
            forget_fresh_login(request)  # one fresh login, one signature
            if nota.state == NotaState.SIGNED:  # the service read the nota afresh
                text = _("You signed. Everyone has signed: the nota is now signed.")
            else:
                text = _("You signed the nota.")
            messages.success(request, text)
            return redirect(_url(nota, "handtekeningen"))
    return _sign_page(request, nota, form, RequiredReasonForm(), 400 if form.errors else 200)


@require_POST
def nota_refuse(request, pk):
    nota = get_nota_for(request.user, pk, action="sign")
    refuse_form = RequiredReasonForm(request.POST)
    if not refuse_form.is_valid():
        return _sign_page(request, nota, SignForm(), refuse_form, 400)
    try:
        services.nota_refuse_signature(
            nota=nota, by=request.user, reason=refuse_form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("You refused to sign; the nota is back in discussion."))
    return redirect(_url(nota))


# --- versions ----------------------------------------------------------------------------------


def nota_versions(request, pk):
    nota = get_nota_for(request.user, pk)
    compared = selectors.versions_compared(nota, request.GET.get("van"), request.GET.get("naar"))
    return render(request, "afsprakennota/versions.html", {"nota": nota, **compared})


# --- PDF and seal ------------------------------------------------------------------------------


def nota_pdf_view(request, pk):
    nota = get_nota_for(request.user, pk)
    latest = selectors.latest_version(nota)
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
    return render(request, "afsprakennota/terms.html", {"rows": selectors.term_rows(request.user)})


# --- comments ----------------------------------------------------------------------------------


@require_POST
def thread_create(request, pk):
    nota = get_nota_for(request.user, pk, action="comment")
    anchor = request.POST.get("anchor", "")
    if anchor:
        if not anchor.startswith("artikel-") or not anchor[8:].isdigit():
            raise Http404
        selectors.article_of(nota, anchor[8:])
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
    nota = get_nota_for(request.user, pk, action="comment")
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
