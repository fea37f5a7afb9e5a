"""The apps depend on each other one way only (docs/architecture.md):

    accounts <- core <- (optimalisatie, afsprakennota) -> vergaderingen

and uitvoering (the implementation of approved advices) on top of optimalisatie. FORBIDDEN says,
per app, which apps it may not reach. An app reaches another not only by importing it, so each
direction is checked four ways:

- Python imports (`import x`, `from x import y`);
- Python strings that name another app's model, URL or template: `apps.get_model("x", ...)` and
  `apps.get_model("x.Model")`, `apps.get_app_config("x")`, and any string that is exactly a model
  label (`ForeignKey("x.Model")`), a namespaced URL name (`reverse("x:name")`) or a template name
  (`render(request, "x/page.html")`);
- templates: `{% url 'x:...' %}` (an un-namespaced name belongs to the app whose view answers it,
  e.g. `decision-list` to vergaderingen), `{% include "x/..." %}` and `{% extends "x/..." %}`;
- every template folder has an owner (see below), so none escapes the check.

Who owns a template: `templates/<app>/**` belongs to that app; the top-level templates
(base.html, the error pages) and `templates/bootstrap5/**` (the crispy-forms overrides) are the
page frame, which is core's; `templates/registration/**` are the login pages, which are
accounts'; `templates/admin/**` belongs to config, which holds the admin site and wires every
app together, so it has no rule. A template name used in an include or extends belongs to the
owner of the folder it lives in, with one exception: every page, accounts' too, is drawn in the
page frame, so extending or including a top-level template (base.html) reaches no app. The
top-level templates themselves are still checked against core's rule.
"""

import ast
import re
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType
from django.urls import URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

FORBIDDEN = {
    "accounts": {"core", "optimalisatie", "afsprakennota", "vergaderingen", "uitvoering"},
    "core": {"optimalisatie", "afsprakennota", "vergaderingen", "uitvoering"},
    "vergaderingen": {"optimalisatie", "afsprakennota", "uitvoering"},
    "afsprakennota": {"optimalisatie", "uitvoering"},
    "optimalisatie": {"uitvoering"},
    "uitvoering": set(),  # on top: it may read every app, none may read it
}
APPS = set(FORBIDDEN)
RULED = sorted(app for app, forbidden in FORBIDDEN.items() if forbidden)

# The first folder under templates/ -> the app that owns it ("" for the top-level files).
TEMPLATE_OWNERS = {app: app for app in APPS} | {
    "": "core",
    "bootstrap5": "core",
    "pdf": "core",  # the house style shared by every PDF
    "registration": "accounts",
    "admin": "config",
}

MODEL_LABEL = re.compile(r"(?P<app>[a-z_]+)\.[A-Z]\w*")
URL_NAME = re.compile(r"(?P<app>[a-z_]+):[\w-]+")
TEMPLATE_NAME = re.compile(r"(?P<app>[a-z_]+)/[\w./-]+\.(?:html|txt|xml|svg)")
APP_LOOKUPS = {"get_model", "get_app_config"}


def reached(app, offending):
    return f"{app} may not reach {', '.join(sorted(FORBIDDEN[app]))}:\n" + "\n".join(offending)


# --- Python ---------------------------------------------------------------------------------------


def python_references(source):
    """(line, app, what) for every import of an app and every string that names one."""
    tree = ast.parse(source)
    seen = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0], f"import {alias.name}"
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module.split(".")[0], f"from {node.module} import ..."
        elif isinstance(node, ast.Call) and _called_name(node.func) in APP_LOOKUPS and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                seen.add(id(first))
                yield node.lineno, first.value.split(".")[0], ast.unparse(node)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in seen:
            for pattern in (MODEL_LABEL, URL_NAME, TEMPLATE_NAME):
                if match := pattern.fullmatch(node.value):
                    yield node.lineno, match["app"], repr(node.value)


def _called_name(func):
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def forbidden_in_python(app, source):
    return [
        f"{line}: {what}"
        for line, target, what in python_references(source)
        if target in FORBIDDEN[app]
    ]


@pytest.mark.parametrize("app", RULED)
def test_python_points_one_way(app):
    offending = [
        f"{path.relative_to(ROOT)}:{problem}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for problem in forbidden_in_python(app, path.read_text(encoding="utf-8"))
    ]
    assert not offending, reached(app, offending)


# --- templates ------------------------------------------------------------------------------------


def template_owner(name):
    """The app that owns a template, from its name relative to templates/."""
    folder = name.split("/")[0] if "/" in name else ""
    return TEMPLATE_OWNERS.get(folder)


def url_owners():
    """Every URL name -> the app it belongs to: the app of its namespace's URLconf, or for an
    un-namespaced name the app whose view answers it (None for Django's own views)."""
    owners = {}

    def walk(patterns, prefix, namespace_app):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace:
                    module = pattern.urlconf_name
                    app = module.split(".")[0] if isinstance(module, str) else None
                    walk(pattern.url_patterns, f"{prefix}{pattern.namespace}:", app)
                else:
                    walk(pattern.url_patterns, prefix, namespace_app)
            elif pattern.name:
                view_app = pattern.lookup_str.split(".")[0]
                owners.setdefault(prefix + pattern.name, namespace_app or view_app)

    walk(get_resolver().url_patterns, "", None)
    return owners


def template_references(source, owners):
    """(line, app, tag) for every {% url %}, {% include %} and {% extends %} with a literal name."""
    for token in Lexer(source).tokenize():
        if token.token_type != TokenType.BLOCK:
            continue
        bits = token.split_contents()
        if len(bits) < 2 or bits[0] not in {"url", "include", "extends"}:
            continue
        name = bits[1]
        if name[:1] not in "'\"" or name[-1:] != name[:1]:
            continue  # a variable: nothing to check
        name = name[1:-1]
        if bits[0] == "url":
            target = owners.get(name) or (name.split(":")[0] if ":" in name else None)
        elif "/" in name:
            target = template_owner(name)
        else:
            target = None  # the page frame: every page extends it
        yield token.lineno, target, "{% " + token.contents + " %}"


def forbidden_in_template(app, source, owners):
    return [
        f"{line}: {tag}"
        for line, target, tag in template_references(source, owners)
        if target in FORBIDDEN[app]
    ]


def templates_of(app):
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file() and template_owner(path.relative_to(TEMPLATES).as_posix()) == app:
            yield path


@pytest.mark.parametrize("app", RULED)
def test_templates_point_one_way(app):
    owners = url_owners()
    offending = [
        f"{path.relative_to(ROOT)}:{problem}"
        for path in templates_of(app)
        for problem in forbidden_in_template(app, path.read_text(encoding="utf-8"), owners)
    ]
    assert not offending, reached(app, offending)


def test_every_template_folder_has_an_owner():
    orphans = [
        path.relative_to(ROOT).as_posix()
        for path in TEMPLATES.iterdir()
        if path.is_dir() and template_owner(f"{path.name}/x.html") is None
    ]
    assert not orphans, f"give these folders an owner in TEMPLATE_OWNERS: {orphans}"


# --- the checks themselves can fail ---------------------------------------------------------------

PYTHON_SNIPPET = """\
from django.apps import apps
from django.shortcuts import redirect, render
from optimalisatie.models import Cycle
import uitvoering.progress
from core.audit import audit_record

Cycle = apps.get_model("optimalisatie", "Cycle")
Plan = apps.get_model("uitvoering.Plan")
AuditEntry = apps.get_model("core", "AuditEntry")
Other = apps.get_model(app_label, model_name)
cycle = models.ForeignKey("optimalisatie.Cycle", on_delete=models.CASCADE)
redirect("optimalisatie:cycle-detail", pk=1)
render(request, "optimalisatie/cycle_detail.html")
redirect("afsprakennota:detail", pk=1)
kind = "optimalisatie"
'''A docstring that mentions optimalisatie.Cycle and optimalisatie:cycle-detail.'''
"""


def test_python_check_reports_every_kind_of_reference():
    assert forbidden_in_python("afsprakennota", PYTHON_SNIPPET) == [
        "3: from optimalisatie.models import ...",
        "4: import uitvoering.progress",
        "7: apps.get_model('optimalisatie', 'Cycle')",
        "8: apps.get_model('uitvoering.Plan')",
        "11: 'optimalisatie.Cycle'",
        "12: 'optimalisatie:cycle-detail'",
        "13: 'optimalisatie/cycle_detail.html'",
    ]
    assert forbidden_in_python("uitvoering", PYTHON_SNIPPET) == []


TEMPLATE_SNIPPET = """\
{% extends "base.html" %}
{% load i18n %}
{% block content %}
<a href="{% url 'optimalisatie:cycle-detail' nota.cycle.pk %}">cycle</a>
<a href="{% url "afsprakennota:detail" nota.pk %}">nota</a>
{% include "optimalisatie/_breakdown.html" with rows=rows %}
{% include "core/_state.html" %}
{% include template_name %}
<a href="{% url 'decision-list' %}">besluiten</a>
{# {% url 'optimalisatie:cycle-index' %} #}
{% endblock %}
"""


def test_template_check_reports_every_kind_of_reference():
    owners = url_owners()
    assert owners["decision-list"] == "vergaderingen"
    assert owners["optimalisatie:cycle-detail"] == "optimalisatie"
    assert forbidden_in_template("afsprakennota", TEMPLATE_SNIPPET, owners) == [
        "4: {% url 'optimalisatie:cycle-detail' nota.cycle.pk %}",
        '6: {% include "optimalisatie/_breakdown.html" with rows=rows %}',
    ]
    assert forbidden_in_template("core", TEMPLATE_SNIPPET, owners) == [
        "4: {% url 'optimalisatie:cycle-detail' nota.cycle.pk %}",
        '5: {% url "afsprakennota:detail" nota.pk %}',
        '6: {% include "optimalisatie/_breakdown.html" with rows=rows %}',
        "9: {% url 'decision-list' %}",
    ]
    assert forbidden_in_template("accounts", TEMPLATE_SNIPPET, owners) == [
        "4: {% url 'optimalisatie:cycle-detail' nota.cycle.pk %}",
        '5: {% url "afsprakennota:detail" nota.pk %}',
        '6: {% include "optimalisatie/_breakdown.html" with rows=rows %}',
        '7: {% include "core/_state.html" %}',
        "9: {% url 'decision-list' %}",
    ]
    assert forbidden_in_template("optimalisatie", TEMPLATE_SNIPPET, owners) == []


def test_template_owners():
    assert template_owner("base.html") == "core"
    assert template_owner("core/pdf/_base.html") == "core"
    assert template_owner("registration/login.html") == "accounts"
    assert template_owner("optimalisatie/cycle_detail.html") == "optimalisatie"
    assert template_owner("django/forms/widgets/input.html") is None
