"""Everything the application holds about one person, as a ZIP of JSON and CSV (the GDPR's
right of access, art. 15): asked by the person themselves, or by the functioneel beheerder
on a person's request, and built by the worker (core.exports, kind "personal-data").

Each app registers its parts (in its apps.py): `register("adviezen", rows)`, where
`rows(person)` returns a list of dicts, one per record, with Dutch keys. A part holds what
the person did, wrote or received, never what others wrote in confidence, and never the
choice of a secret ballot (that is recorded nowhere: only that they voted).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .spreadsheets import safe_cell

KIND = "personal-data"
PARTS: list[tuple[str, Callable[[object], list[dict]]]] = []

README = """Uw persoonsgegevens in de toepassing voor de afsprakennota en de optimalisatie-oefening
==========================================================================================

Dit archief bevat alles wat de toepassing over {name} bewaart, op {when}.
Elk deel staat er twee keer in: als JSON (voor programma's) en als CSV (voor Excel:
puntkomma tussen de cellen, UTF-8).

{parts}

Wat er niet in staat, en waarom:
- als de functioneel beheerder dit archief voor u maakte: uw vertrouwelijke reacties
  (coaching); die downloadt u zelf via "Mijn persoonsgegevens";
- wat u in een geheime stemming koos: dat wordt nergens bewaard, alleen dat u stemde;
- wat anderen schreven (reacties, coaching, standpunten van anderen): dat zijn hun gegevens.
  Uw eigen reacties staan er wel in, ook de vertrouwelijke.

Vragen over uw gegevens: de functioneel beheerder of de functionaris voor
gegevensbescherming van het bestuur.
"""


def register(name: str, rows: Callable[[object], list[dict]]) -> None:
    PARTS.append((name, rows))


def _csv(rows: list[dict]) -> str:
    header: list[str] = []
    for row in rows:
        header += [key for key in row if key not in header]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row.get(key)) for key in header])
    return "\ufeff" + buffer.getvalue()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, dict | list):
        return safe_cell(json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder))
    return safe_cell(value)


def archive(person, *, own: bool = True) -> bytes:
    """The ZIP: a README, then per part `<part>.json` and `<part>.csv`. Made by someone else
    (the functioneel beheerder, on request), it leaves out what was written in confidence
    (rows marked "vertrouwelijk"), which the maker may not read: the person downloads
    that part themselves."""
    out = io.BytesIO()
    listed = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, rows_of in PARTS:
            rows = rows_of(person)
            if not own:
                rows = [row for row in rows if not row.get("vertrouwelijk")]
            listed.append(f"- {name}: {len(rows)}")
            zf.writestr(
                f"{name}.json",
                json.dumps(rows, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
            )
            zf.writestr(f"{name}.csv", _csv(rows))
        when = timezone.localtime().strftime("%d/%m/%Y %H:%M")
        zf.writestr(
            "LEESMIJ.txt",
            README.format(name=person.full_name, when=when, parts="\n".join(listed)),
        )
    return out.getvalue()


def may_manage(user) -> bool:
    """The functioneel beheerder exports anyone's data, on that person's request."""
    from accounts.constants import MANAGE_ORGANISATION

    return user.is_active and user.has_perm(MANAGE_ORGANISATION)


def may_export(owner, person) -> bool:
    return owner.pk == person.pk or may_manage(owner)


def build(export, progress) -> bytes:
    """The core.exports builder: checks again who asked, then writes the archive."""
    from accounts.models import User

    person = User.objects.get(pk=export.params["person"])
    if not may_export(export.owner, person):
        raise PermissionDenied
    progress(20)
    return archive(person, own=export.owner_id == person.pk)


# --- what core itself holds about a person ---------------------------------------------------


def account(person) -> list[dict]:
    return [
        {
            "e-mailadres": person.email,
            "naam": person.full_name,
            "functietitel": person.job_title,
            "actief": person.is_active,
            "aangemaakt": person.date_joined,
            "laatst_aangemeld": person.last_login,
            "e-mail_over_meldingen": person.mail_frequency,
            "kenmerk_single_sign_on": person.oidc_subject,
        }
    ]


def comments(person) -> list[dict]:
    from .models import Comment

    return [
        {
            "geschreven": c.created_at,
            "over": f"{c.thread.content_type.model} {c.thread.object_id}",
            "onderdeel": c.thread.anchor,
            "vertrouwelijk": c.thread.confidential,
            "tekst": c.body,
            "bewerkt": c.edited_at,
            "ingetrokken": c.withdrawn_at,
        }
        for c in Comment.objects.filter(author=person)
        .select_related("thread__content_type")
        .order_by("created_at", "pk")
    ]


def notifications(person) -> list[dict]:
    from .models import Notification

    return [
        {
            "ontvangen": n.created_at,
            "melding": n.text,
            "adres": n.url,
            "gelezen": n.read_at,
            "gemaild": n.emailed_at,
        }
        for n in Notification.objects.filter(recipient=person).order_by("created_at", "pk")
    ]


def audit(person) -> list[dict]:
    from .models import AuditEntry

    return [
        {
            "wanneer": e.at,
            "actie": e.action,
            "over": e.object_repr,
            "van": e.from_state,
            "naar": e.to_state,
            "reden": e.reason,
            "details": e.data,
        }
        for e in AuditEntry.objects.filter(actor=person).order_by("at", "pk")
    ]


def audit_about(person) -> list[dict]:
    """Audit rows about the person's account, written by someone else (or the system):
    a linked single sign-on, an export made on request."""
    from django.contrib.contenttypes.models import ContentType

    from .models import AuditEntry

    return [
        {
            "wanneer": e.at,
            "door": e.actor_name,
            "actie": e.action,
            "reden": e.reason,
            "details": e.data,
        }
        for e in AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(person)),
            object_id=str(person.pk),
        )
        .exclude(actor=person)
        .order_by("at", "pk")
    ]


def calendar_feed(person) -> list[dict]:
    from .models import CalendarFeed

    return [
        {"aangemaakt": f.created_at, "versie": f.version, "actief": f.active}
        for f in CalendarFeed.objects.filter(user=person)
    ]


def register_core() -> None:
    from accounts import personal_data as accounts_parts

    register("account", account)
    for name, rows in accounts_parts.PARTS:
        register(name, rows)
    register("reacties", comments)
    register("meldingen", notifications)
    register("handelingen", audit)
    register("handelingen_over_u", audit_about)
    register("agenda", calendar_feed)
