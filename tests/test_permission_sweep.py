"""Every URL pattern, GET and POST, as every demo role, against a declared expectation.

The table below says, per URL name, what each role gets: 200, 302 (a redirect: to the login
page for the anonymous, after a done or refused step for the others), 403 (may see, may not
do), 404 (may not see), 405 (method not taken), or 4xx answers of a form (400, 409, 413…).
A new view without a line here fails `test_every_url_has_an_expectation`; a changed answer
fails the role's sweep, which prints the line to review. Every request runs in a savepoint
that is rolled back, so the order of the requests does not matter.

To see the current answers as table lines (to review, never to paste blindly):
    SWEEP_PRINT=1 pytest tests/test_permission_sweep.py -s
"""

from __future__ import annotations

import copy
import io
import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = {
    "anonymous": None,
    "diensthoofd": "dh.sociale.dienst@heuvelbeke.example",
    "manager": "manager.mens@heuvelbeke.example",
    "algemeen-directeur": "algemeen.directeur@heuvelbeke.example",
    "financieel-directeur": "financieel.directeur@heuvelbeke.example",
    "schepen": "schepen.financien@heuvelbeke.example",
    "burgemeester": "burgemeester@heuvelbeke.example",
    "bcsd-lid": "bcsd.lid1@heuvelbeke.example",
    "beheerder": "beheer@heuvelbeke.example",
    "medewerker": "medewerker.werken@heuvelbeke.example",
}
SKIPPED_NAMESPACES = ("admin",)  # Django's admin: tests/core/test_access.py covers who gets in


def url_names() -> dict[str, list[str]]:
    """{URL name: its keyword arguments} of every pattern but the admin's."""
    found = {}

    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                name = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                walk(pattern, name)
            elif isinstance(pattern, URLPattern) and pattern.name:
                full = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found[full] = list(pattern.pattern.converters)

    walk(get_resolver())
    return {n: kw for n, kw in found.items() if not n.startswith(SKIPPED_NAMESPACES)}


def subjects() -> dict[str, object]:
    """Representative objects of the demo municipality for the URLs' arguments."""
    from django.contrib.contenttypes.models import ContentType

    from accounts.constants import OrgaanType
    from accounts.models import Orgaan
    from afsprakennota.models import Afsprakennota, Article
    from core.models import Comment, Thread
    from optimalisatie.constants import AdviesState
    from optimalisatie.models import Advies, Attachment, Bundle, Cycle
    from uitvoering.models import Action, Milestone, ProgressReport, RealisedSaving
    from vergaderingen.models import Meeting

    dienst_advies = (
        Advies.objects.filter(dienst__head__email=ROLES["diensthoofd"])
        .exclude(state=AdviesState.DRAFT)
        .order_by("pk")
        .first()
    )
    running = Advies.objects.filter(state=AdviesState.IN_IMPLEMENTATION).order_by("pk").first()
    thread = Thread.objects.filter(object_id=str(dienst_advies.pk)).order_by("pk").first()
    nota = Afsprakennota.objects.order_by("pk").first()
    meeting = Meeting.objects.order_by("-starts_at").first()
    return {
        "cycle": Cycle.objects.open().first(),
        "advies": dienst_advies,
        "attachment": Attachment.objects.filter(advies=dienst_advies).first(),
        "thread": thread,
        "comment": Comment.objects.filter(thread=thread).order_by("pk").first(),
        "bundle": Bundle.objects.order_by("pk").first(),
        "meeting": meeting,
        "item": meeting.items.order_by("order").first(),
        "nota": nota,
        "article": Article.objects.filter(nota=nota).order_by("pk").first(),
        "running": running,
        "action": Action.objects.filter(plan__advies=running).order_by("pk").first(),
        "milestone": Milestone.objects.filter(plan__advies=running).order_by("pk").first(),
        "saving": RealisedSaving.objects.filter(plan__advies=running).order_by("pk").first(),
        "report": ProgressReport.objects.order_by("pk").first(),
        "college": Orgaan.objects.of_type(OrgaanType.COLLEGE),
        "bundle_type": ContentType.objects.get_for_model(Bundle).pk,
    }


def _pk(obj):
    return getattr(obj, "pk", None) or 999_999  # a missing subject: its page answers 404


def arguments(name: str, kwargs: list[str], s: dict) -> dict:
    app = name.split(":")[0]
    values = {}
    for kw in kwargs:
        if kw == "pk":
            if (
                app == "optimalisatie"
                and name.startswith("optimalisatie:cycle")
                or name in ("optimalisatie:beleidsnota-edit", "optimalisatie:schepen-input")
            ):
                subject = s["cycle"]
            elif name.startswith("optimalisatie:bundle"):
                subject = s["bundle"]
            elif app == "optimalisatie":
                subject = s["advies"]
            elif app == "vergaderingen" or name in (
                "decision-list-pdf",
                "decision-list-meeting",
                "lblod-resource",
            ):
                subject = s["meeting"]
            elif app == "afsprakennota":
                subject = s["nota"]
            elif name.startswith(("uitvoering:results", "uitvoering:report-to")):
                subject = s["cycle"]
            else:
                subject = s["running"]
            values[kw] = _pk(subject)
        else:
            values[kw] = {
                "attachment_pk": _pk(s["attachment"]),
                "thread_pk": _pk(s["thread"]),
                "comment_pk": _pk(s["comment"]),
                "item_pk": _pk(s["item"]),
                "member_pk": _pk(s["meeting"] and s["meeting"].secretary),
                "article_pk": _pk(s["article"]),
                "action_pk": _pk(s["action"]),
                "milestone_pk": _pk(s["milestone"]),
                "saving_pk": _pk(s["saving"]),
                "report_pk": _pk(s["report"]),
                "number": 1,  # a nota's first version
                "action": "indienen",
                "step": "open",
                "direction": "omhoog",
                "uidb64": "MQ",
                "token": "ongeldig-token",
                "orgaan_pk": _pk(s["college"]),
                "kind": "zittingen",
                "ct": s["bundle_type"],
                "obj": str(_pk(s["bundle"])),
            }[kw]
    return values


def sweep(client: Client, names: dict[str, list[str]]) -> dict[str, tuple[int, int]]:
    s = subjects()
    answers = {}
    for name, kwargs in sorted(names.items()):
        url = reverse(name, kwargs=arguments(name, kwargs, s))
        codes = []
        for method in (client.get, client.post):
            cookies = copy.deepcopy(client.cookies)  # a logout or login is undone too
            with transaction.atomic():
                codes.append(method(url).status_code)
                transaction.set_rollback(True)
            client.cookies = cookies
        answers[name] = (codes[0], codes[1])
    return answers


def _expected(role: str) -> dict[str, tuple[int, int]]:
    column = list(ROLES).index(role)
    return {
        name: (int(get.split()[column]), int(post.split()[column]))
        for name, (get, post) in EXPECTED.items()
    }


def test_every_url_has_an_expectation():
    names = set(url_names())
    assert names - set(EXPECTED) == set(), "add these URL names to EXPECTED"
    assert set(EXPECTED) - names == set(), "these URL names no longer exist"
    assert all(len(g.split()) == len(p.split()) == len(ROLES) for g, p in EXPECTED.values())


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))
def test_every_role_gets_what_the_table_says(role, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 10**6
    call_command("demo", "--force", stdout=io.StringIO())
    client = Client()
    if ROLES[role]:
        client.force_login(__import__("accounts.models").models.User.objects.get(email=ROLES[role]))
    actual = sweep(client, url_names())
    if os.environ.get("SWEEP_PRINT"):
        print(f"\n# {role}")
        for name, codes in actual.items():
            print(role, name, *codes)
    expected = _expected(role)
    differ = {n: (expected.get(n), a) for n, a in actual.items() if expected.get(n) != a}
    assert not differ, f"{role}: (expected, actual) per URL name: {differ}"


# (GET answers, POST answers), one code per role in the order of ROLES:
# anonymous diensthoofd manager algemeen-directeur financieel-directeur schepen burgemeester
# bcsd-lid beheerder medewerker
EXPECTED: dict[str, tuple[str, str]] = {
    "core:export": (  # only whoever asked sees an export; the sweep's pk is nobody's
        "302 404 404 404 404 404 404 404 404 404",
        "302 405 405 405 405 405 405 405 405 405",
    ),
    "core:export-download": (
        "302 404 404 404 404 404 404 404 404 404",
        "302 405 405 405 405 405 405 405 405 405",
    ),
    "accounts:logo": (  # public: the login page shows it
        "200 200 200 200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405 405 405 405",
    ),
    "accounts:organisation": (
        "302 200 200 200 200 200 200 200 200 200",
        "302 200 200 200 200 200 200 200 200 200",
    ),
    "accounts:organisation-import": (
        "302 404 404 404 404 404 404 404 200 404",
        "302 404 404 404 404 404 404 404 200 404",
    ),
    "afsprakennota:article-create": (
        "302 403 200 200 200 403 403 404 404 404",
        "302 403 400 400 400 403 403 404 404 404",
    ),
    "afsprakennota:article-delete": (
        "302 403 200 200 200 403 403 404 404 404",
        "302 403 302 302 302 403 403 404 404 404",
    ),
    "afsprakennota:article-down": (
        "302 403 302 302 302 403 403 404 404 404",
        "302 403 302 302 302 403 403 404 404 404",
    ),
    "afsprakennota:article-edit": (
        "302 403 200 200 200 403 403 404 404 404",
        "302 403 400 400 400 403 403 404 404 404",
    ),
    "afsprakennota:article-up": (
        "302 403 302 302 302 403 403 404 404 404",
        "302 403 302 302 302 403 403 404 404 404",
    ),
    "afsprakennota:back-to-discussion": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 403 400 400 400 403 403 404 404 404",
    ),
    "afsprakennota:comment-reply": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    "afsprakennota:create": (
        "302 403 200 200 200 403 403 403 403 403",
        "302 403 400 400 400 403 403 403 403 403",
    ),
    "afsprakennota:import-preview": (  # GET goes back to the start page
        "302 403 302 302 302 403 403 403 403 403",
        "302 403 400 400 400 403 403 403 403 403",
    ),
    "afsprakennota:detail": (
        "302 200 200 200 200 200 200 404 404 404",
        "302 200 200 200 200 200 200 404 404 404",
    ),
    "afsprakennota:header-edit": (
        "302 403 200 200 200 403 403 404 404 404",
        "302 403 400 400 400 403 403 404 404 404",
    ),
    "afsprakennota:index": (
        "302 200 200 200 200 200 200 200 200 200",
        "302 200 200 200 200 200 200 200 200 200",
    ),
    "afsprakennota:open-discussion": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 403 302 302 302 403 403 404 404 404",
    ),
    "afsprakennota:pdf": (
        "302 200 200 200 200 200 200 404 404 404",
        "302 200 200 200 200 200 200 404 404 404",
    ),
    "afsprakennota:refuse": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 403 403 400 403 403 400 404 404 404",
    ),
    "afsprakennota:sign": (
        "302 403 403 302 403 403 302 404 404 404",
        "302 403 403 302 403 403 302 404 404 404",
    ),
    "afsprakennota:submit-for-approval": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 403 302 302 302 403 403 404 404 404",
    ),
    "afsprakennota:terms": (
        "302 200 200 200 200 200 200 200 200 200",
        "302 200 200 200 200 200 200 200 200 200",
    ),
    "afsprakennota:thread-create": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 400 400 400 400 400 400 404 404 404",
    ),
    "afsprakennota:verify": (
        "302 200 200 200 200 200 200 200 200 200",
        "302 400 400 400 400 400 400 400 400 400",
    ),
    "afsprakennota:version-word": (
        "302 200 200 200 200 200 200 404 404 404",
        "302 405 405 405 405 405 405 405 405 405",
    ),
    "afsprakennota:versions": (
        "302 200 200 200 200 200 200 404 404 404",
        "302 200 200 200 200 200 200 404 404 404",
    ),
    "afsprakennota:word": (
        "302 200 200 200 200 200 200 404 404 404",
        "302 405 405 405 405 405 405 405 405 405",
    ),
    "core:accessibility": (
        "200 200 200 200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200 200 200 200",
    ),
    "core:mail-preference": (
        "302 302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302 302",
    ),
    "core:my-work": (
        "302 200 200 200 200 200 200 200 200 200",
        "302 200 200 200 200 200 200 200 200 200",
    ),
    "core:notifications": (
        "302 200 200 200 200 200 200 200 200 200",
        "302 200 200 200 200 200 200 200 200 200",
    ),
    "decision-list": (
        "200 200 200 200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200 200 200 200",
    ),
    "decision-list-pdf": (
        "404 404 404 404 404 404 404 404 404 404",
        "404 404 404 404 404 404 404 404 404 404",
    ),
    "health-live": (
        "200 200 200 200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405 405 405 405",
    ),
    "health-ready": (
        "200 200 200 200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405 405 405 405",
    ),
    "login": ("200 302 302 302 302 302 302 302 302 302", "200 302 302 302 302 302 302 302 302 302"),
    "logout": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 302 302 302 302 302 302 302 302 302",
    ),
    "optimalisatie:advies-create": (
        "302 200 403 403 403 403 403 403 403 403",
        "302 200 403 403 403 403 403 403 403 403",
    ),
    "optimalisatie:advies-detail": (
        "302 200 200 200 200 200 200 404 404 404",
        "302 200 200 200 200 200 200 404 404 404",
    ),
    "optimalisatie:advies-edit": (
        "302 403 403 403 403 403 403 404 404 404",
        "302 403 403 403 403 403 403 404 404 404",
    ),
    "optimalisatie:advies-list": (
        "302 200 200 200 200 200 200 200 200 200",
        "302 200 200 200 200 200 200 200 200 200",
    ),
    "optimalisatie:advies-step": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 302 403 403 403 403 403 404 404 404",
    ),
    "optimalisatie:attachment": (
        "302 404 404 404 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    "optimalisatie:beleidsnota-edit": (
        "302 403 403 403 403 200 200 404 404 404",
        "302 403 403 403 403 200 200 404 404 404",
    ),
    "optimalisatie:bundle-create": (
        "302 404 200 200 200 404 404 404 404 404",
        "302 404 200 200 200 404 404 404 404 404",
    ),
    "optimalisatie:bundle-detail": (
        "302 404 200 200 200 200 200 404 404 404",
        "302 404 200 200 200 200 200 404 404 404",
    ),
    "optimalisatie:bundle-ready": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 302 302 302 403 403 404 404 404",
    ),
    "optimalisatie:comment-edit": (
        "302 404 404 404 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    "optimalisatie:comment-reply": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    "optimalisatie:comment-withdraw": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    "optimalisatie:cycle-create": (
        "302 403 403 200 403 403 403 403 403 403",
        "302 403 403 200 403 403 403 403 403 403",
    ),
    "optimalisatie:cycle-departments": (
        "302 200 200 200 200 200 200 404 404 404",
        "302 200 200 200 200 200 200 404 404 404",
    ),
    "optimalisatie:cycle-detail": (
        "302 200 200 200 200 200 200 404 404 404",
        "302 200 200 200 200 200 200 404 404 404",
    ),
    "optimalisatie:cycle-edit": (
        "302 403 403 200 403 403 403 404 404 404",
        "302 403 403 200 403 403 403 404 404 404",
    ),
    "optimalisatie:cycle-index": (
        "302 302 302 302 302 302 302 404 404 404",
        "302 302 302 302 302 302 302 404 404 404",
    ),
    "optimalisatie:cycle-nota-create": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 403 403 302 403 403 403 404 404 404",
    ),
    "optimalisatie:cycle-overdue": (
        "302 200 200 200 200 200 200 404 404 404",
        "302 200 200 200 200 200 200 404 404 404",
    ),
    "optimalisatie:mt-queue": (
        "302 404 200 200 200 404 404 404 404 404",
        "302 404 200 200 200 404 404 404 404 404",
    ),
    "optimalisatie:priority": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 403 403 403 403 403 403 404 404 404",
    ),
    "optimalisatie:schepen-input": (
        "302 403 403 403 403 200 200 404 404 404",
        "302 403 403 403 403 200 200 404 404 404",
    ),
    "optimalisatie:standpunt": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 403 403 403 403 403 403 404 404 404",
    ),
    "optimalisatie:thread-create": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 400 400 400 400 400 400 404 404 404",
    ),
    "optimalisatie:thread-resolve": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    "password_change": (
        "302 200 200 200 200 200 200 200 200 200",
        "302 200 200 200 200 200 200 200 200 200",
    ),
    "password_change_done": (
        "302 200 200 200 200 200 200 200 200 200",
        "302 405 405 405 405 405 405 405 405 405",
    ),
    "password_reset": (
        "200 200 200 200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200 200 200 200",
    ),
    "password_reset_complete": (
        "200 200 200 200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405 405 405 405",
    ),
    "password_reset_confirm": (
        "200 200 200 200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200 200 200 200",
    ),
    "password_reset_done": (
        "200 200 200 200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405 405 405 405",
    ),
    "set_language": (
        "302 302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302 302",
    ),
    "uitvoering:action-create": (
        "302 404 403 403 403 403 403 404 404 404",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:action-delete": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:action-edit": (
        "302 404 403 403 403 403 403 404 404 404",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:action-status": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:advies-finish": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:advies-stop": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:expected-edit": (
        "302 404 403 403 403 403 403 404 404 404",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:health": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:index": (
        "302 200 200 200 200 200 200 404 404 200",
        "302 200 200 200 200 200 200 404 404 200",
    ),
    "uitvoering:milestone-add": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:milestone-delete": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:milestone-not-reached": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:milestone-reached": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:plan": (
        "302 404 200 200 200 200 200 404 404 404",
        "302 404 200 200 200 200 200 404 404 404",
    ),
    "uitvoering:plan-approve": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:plan-revise": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:plan-send-back": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:plan-start": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:plan-submit": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:report-pdf": (
        "302 404 404 404 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    "uitvoering:report-to-college": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 403 403 302 302 403 403 404 404 404",
    ),
    "uitvoering:results": (
        "302 200 200 200 200 200 200 404 404 404",
        "302 200 200 200 200 200 200 404 404 404",
    ),
    "uitvoering:results-pdf": (
        "302 403 200 200 200 200 200 404 404 404",
        "302 403 200 200 200 200 200 404 404 404",
    ),
    "uitvoering:results-xlsx": (  # asked for by POST, built by the worker (core.exports)
        "302 405 405 405 405 405 405 405 405 405",
        "302 302 302 302 302 302 302 404 404 404",
    ),
    "uitvoering:saving-create": (
        "302 404 403 403 403 403 403 404 404 404",
        "302 404 403 403 403 403 403 404 404 404",
    ),
    "uitvoering:saving-edit": (
        "302 404 404 404 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    "uitvoering:saving-evidence": (
        "302 404 404 404 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    "uitvoering:saving-send-back": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    "uitvoering:saving-validate": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    "vergaderingen:agenda-add": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 302 404 403 403 404 404 404",
    ),
    "vergaderingen:agenda-move": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 302 404 403 403 404 404 404",
    ),
    "vergaderingen:attendance": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 302 404 302 302 404 404 404",
    ),
    "vergaderingen:ballot": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 302 404 302 302 404 404 404",
    ),
    "vergaderingen:decision": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 403 404 302 302 404 404 404",
    ),
    "vergaderingen:decision-list-publish": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 403 404 403 400 404 404 404",
    ),
    "vergaderingen:meeting-create": (
        "302 403 403 200 403 403 403 403 403 403",
        "302 403 403 200 403 403 403 403 403 403",
    ),
    "vergaderingen:meeting-detail": (
        "302 404 404 200 404 200 200 404 404 404",
        "302 404 404 200 404 200 200 404 404 404",
    ),
    "vergaderingen:meeting-list": (
        "302 200 200 200 200 200 200 200 200 200",
        "302 200 200 200 200 200 200 200 200 200",
    ),
    "vergaderingen:meeting-step": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    "vergaderingen:minutes": (
        "302 404 404 200 404 200 200 404 404 404",
        "302 405 405 405 405 405 405 405 405 405",
    ),
    "vergaderingen:minutes-pdf": (
        "302 404 404 404 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    "vergaderingen:minutes-save": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 400 404 403 403 404 404 404",
    ),
    "vergaderingen:minutes-sign": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 200 404 200 200 404 404 404",
    ),
    "vergaderingen:recusal": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 403 404 302 302 404 404 404",
    ),
    "vergaderingen:tally": (
        "302 404 404 403 404 403 403 404 404 404",
        "302 405 405 405 405 405 405 405 405 405",
    ),
    "vergaderingen:vote-close": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    "vergaderingen:vote-open": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 403 404 302 302 404 404 404",
    ),
    "optimalisatie:cycle-framework-submit": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 403 403 302 403 403 403 404 404 404",
    ),
    "optimalisatie:thread-share": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    "vergaderingen:item-person": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 302 404 403 403 404 404 404",
    ),
    "vergaderingen:meeting-live": (
        "302 404 404 200 404 200 200 404 404 404",
        "302 405 405 405 405 405 405 405 405 405",
    ),
    "vergaderingen:meeting-reschedule": (
        "302 404 404 200 404 403 403 404 404 404",
        "302 404 404 200 404 403 403 404 404 404",
    ),
    "vergaderingen:proposal-list": (
        "302 403 200 200 200 200 200 200 403 403",
        "302 403 400 400 400 400 400 400 403 403",
    ),
    "vergaderingen:proposal-refuse": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 404 404 404 404 404 404 404",
    ),
    # the college decides in this app in the demo: nothing to draft or record there (the
    # members of the college and the secretary see its page; tests/vergaderingen/
    # test_by_reference.py sweeps a college that decides in the official system)
    "vergaderingen:body-decisions": (
        "302 404 404 200 404 200 200 404 404 404",
        "302 405 405 405 405 405 405 405 405 405",
    ),
    "vergaderingen:draft-download": (
        "302 404 404 404 404 403 403 404 404 404",
        "302 405 405 405 405 405 405 405 405 405",
    ),
    "vergaderingen:extract-download": (
        "302 404 404 404 404 404 404 404 404 404",
        "302 405 405 405 405 405 405 405 405 405",
    ),
    "vergaderingen:reference-correct": (
        "302 404 404 404 404 403 403 404 404 404",
        "302 404 404 404 404 403 403 404 404 404",
    ),
    "vergaderingen:reference-record": (
        "302 404 404 403 404 403 403 404 404 404",
        "302 404 404 403 404 403 403 404 404 404",
    ),
    "vergaderingen:meeting-ics": (
        "302 404 404 200 404 200 200 404 404 404",
        "302 405 405 405 405 405 405 405 405 405",
    ),
    # everyone's own calendar page; a POST without an action is refused (400)
    "core:agenda": (
        "302 200 200 200 200 200 200 200 200 200",
        "302 400 400 400 400 400 400 400 400 400",
    ),
    # the feed is public by its address; a forged one is not found
    "core:agenda-feed": (
        "404 404 404 404 404 404 404 404 404 404",
        "405 405 405 405 405 405 405 405 405 405",
    ),
    # everyone asks for their own data (302 to the export's page)
    "core:personal-data": (
        "302 200 200 200 200 200 200 200 200 200",
        "302 302 302 302 302 302 302 302 302 302",
    ),
    # single sign-on is not configured in the demo: its pages are not found
    "oidc-login": (
        "404 404 404 404 404 404 404 404 404 404",
        "404 404 404 404 404 404 404 404 404 404",
    ),
    "oidc-callback": (
        "404 404 404 404 404 404 404 404 404 404",
        "404 404 404 404 404 404 404 404 404 404",
    ),
    # public, like the decision list's PDF: the representative meeting is not published
    # (tests/vergaderingen/test_lblod.py covers published ones)
    "decision-list-meeting": (
        "404 404 404 404 404 404 404 404 404 404",
        "405 405 405 405 405 405 405 405 405 405",
    ),
    "lblod-resource": (
        "404 404 404 404 404 404 404 404 404 404",
        "405 405 405 405 405 405 405 405 405 405",
    ),
    "vergaderingen:recusal-withdraw": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 302 404 302 302 404 404 404",
    ),
    "vergaderingen:secretary-stand-in": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 403 404 403 403 404 404 404",
    ),
    "vergaderingen:urgent-add": (
        "302 405 405 405 405 405 405 405 405 405",
        "302 404 404 400 404 400 400 404 404 404",
    ),
}
