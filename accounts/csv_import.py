"""CSV import of people, departments and mandates.

Every row is checked before anything is written. When any row is bad the result lists each
problem with its row number (the header is row 1, as in a spreadsheet), column and reason, and
nothing is imported. A good file is written in one transaction; rows update what exists
(people by e-mail, departments by name, mandates by person, body, function and start).
"""

from __future__ import annotations

import csv
import datetime
import io
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .constants import (
    ALLOWED_FUNCTIONS,
    PORTFOLIO_ORGAAN_TYPES,
    SINGLE_SEAT_FUNCTIONS,
    Function,
    OrgaanType,
)
from .models import Beleidsdomein, Cluster, Dienst, Mandate, Orgaan, User
from .signals import organisation_imported


class ImportKind(models.TextChoices):
    PEOPLE = "personen", gettext_lazy("people")
    DIENSTEN = "diensten", gettext_lazy("departments")
    MANDATES = "mandaten", gettext_lazy("mandates")


# Column name -> required?
COLUMNS = {
    ImportKind.PEOPLE: {"e-mail": True, "naam": True, "functietitel": False},
    ImportKind.DIENSTEN: {
        "dienst": True,
        "cluster": True,
        "beleidsdomein": True,
        "diensthoofd": False,
        "manager": False,
    },
    ImportKind.MANDATES: {
        "e-mail": True,
        "orgaan": True,
        "functie": True,
        "begin": True,
        "einde": False,
        "beleidsdomeinen": False,
    },
}

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _key(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


ORGAAN_NAMES = (
    {_key(t.value): t for t in OrgaanType}
    | {_key(str(t.label)): t for t in OrgaanType}
    | {"mt": OrgaanType.MANAGEMENTTEAM, "vast bureau": OrgaanType.VAST_BUREAU}
)
FUNCTION_NAMES = {_key(f.value): f for f in Function}


def decode(data: bytes) -> str:
    """UTF-8 (with or without Excel's byte order mark), else Windows-1252 as Excel writes it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read(text: str, kind: ImportKind, result: ImportResult) -> list[tuple[int, dict]]:
    if not text.strip():
        result.errors.append(RowError(1, "–", _("The file is empty.")))
        return []
    if "\x00" in text:
        result.errors.append(RowError(1, "–", _("This is not a text (CSV) file.")))
        return []
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return _parse(reader, kind, result)
    except csv.Error as error:
        result.errors.append(
            RowError(
                reader.line_num,
                "–",
                _("This row cannot be read as CSV: %(error)s.") % {"error": error},
            )
        )
        return []


def _parse(reader, kind, result):
    header = [_key(h) for h in next(reader)]
    # "e mail" from _key: compare with the same normalisation
    expected = {_key(name): name for name in COLUMNS[kind]}
    for position, name in enumerate(header, start=1):
        if name not in expected:
            result.errors.append(
                RowError(
                    1,
                    name or str(position),
                    _("Unknown column. Expected: %(cols)s.") % {"cols": ", ".join(COLUMNS[kind])},
                )
            )
        elif name in header[: position - 1]:
            result.errors.append(RowError(1, expected[name], _("This column appears twice.")))
    for key, name in expected.items():
        if COLUMNS[kind][name] and key not in header:
            result.errors.append(RowError(1, name, _("This required column is missing.")))
    if result.errors:
        return []
    rows = []
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue  # blank line
        if len(values) != len(header):
            result.errors.append(
                RowError(
                    number,
                    "–",
                    _("This row has %(found)d fields, the header has %(expected)d.")
                    % {"found": len(values), "expected": len(header)},
                )
            )
            continue
        rows.append((number, {expected[h]: v.strip() for h, v in zip(header, values, strict=True)}))
    if not rows and not result.errors:
        result.errors.append(RowError(2, "–", _("The file has a header but no rows.")))
    return rows


# Dates the app takes lie in 2000–2100 (core.forms.sane_date; accounts cannot import core).
YEARS = (2000, 2100)


def date_outside_window(day) -> str | None:
    """A Dutch reason when the date lies outside 2000–2100, else None."""
    if day is not None and not (YEARS[0] <= day.year <= YEARS[1]):
        return _("Choose a date between %(first)d and %(last)d.") % {
            "first": YEARS[0],
            "last": YEARS[1],
        }
    return None


def _parse_date(value: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def _check_email(value, row, column, result) -> str | None:
    email = value.strip().lower()
    if not email:
        result.errors.append(RowError(row, column, _("The e-mail address is empty.")))
        return None
    try:
        if len(email) > 254:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        result.errors.append(
            RowError(
                row, column, _("“%(value)s” is not a valid e-mail address.") % {"value": value}
            )
        )
        return None
    return email


def _known_user(value, row, column, users, result, *, required) -> User | None:
    if not value:
        if required:
            result.errors.append(RowError(row, column, _("The e-mail address is empty.")))
        return None
    user = users.get(value.lower())
    if user is None:
        result.errors.append(
            RowError(
                row,
                column,
                _("Nobody with the e-mail address “%(value)s” is known. Import the people first.")
                % {"value": value},
            )
        )
    return user


SELF_GRANT = _(
    "You cannot give yourself a mandate or a position: another functioneel beheerder or a "
    "superuser must import this row."
)


def _grants_self(by, person) -> bool:
    """No one hands themselves power: a row that gives the importing person a mandate or a
    position is refused (a superuser, who holds every right already, excepted)."""
    return by is not None and person is not None and person.pk == by.pk and not by.is_superuser


def _validate_people(rows, result, by=None):
    plan, seen = [], {}
    for row, values in rows:
        email = _check_email(values["e-mail"], row, "e-mail", result)
        name = values["naam"]
        if not name:
            result.errors.append(RowError(row, "naam", _("The name is empty.")))
        elif len(name) > 150:
            result.errors.append(
                RowError(row, "naam", _("The name is longer than 150 characters."))
            )
        title = values.get("functietitel", "")
        if len(title) > 150:
            result.errors.append(
                RowError(row, "functietitel", _("The job title is longer than 150 characters."))
            )
        if email and email in seen:
            result.errors.append(
                RowError(
                    row,
                    "e-mail",
                    _("This e-mail address is already on row %(row)d.") % {"row": seen[email]},
                )
            )
        elif email:
            seen[email] = row
        plan.append((email, name, title))
    return plan


def _validate_diensten(rows, result, by=None):
    users = {u.email.lower(): u for u in User.objects.all()}
    plan, seen, cluster_managers = [], {}, {}
    for row, values in rows:
        for column in ("dienst", "cluster", "beleidsdomein"):
            if not values[column]:
                result.errors.append(RowError(row, column, _("This field is empty.")))
            elif len(values[column]) > 200:
                result.errors.append(RowError(row, column, _("Longer than 200 characters.")))
        name = values["dienst"]
        if name and name.lower() in seen:
            result.errors.append(
                RowError(
                    row,
                    "dienst",
                    _("This department is already on row %(row)d.") % {"row": seen[name.lower()]},
                )
            )
        elif name:
            seen[name.lower()] = row
        head = _known_user(
            values.get("diensthoofd", ""), row, "diensthoofd", users, result, required=False
        )
        manager = _known_user(
            values.get("manager", ""), row, "manager", users, result, required=False
        )
        for column, person in (("diensthoofd", head), ("manager", manager)):
            if _grants_self(by, person):
                result.errors.append(RowError(row, column, SELF_GRANT))
        cluster = values["cluster"]
        if manager and cluster:
            earlier = cluster_managers.setdefault(cluster.lower(), (manager, row))
            if earlier[0] != manager:
                result.errors.append(
                    RowError(
                        row,
                        "manager",
                        _("Row %(row)d gives this cluster another manager.") % {"row": earlier[1]},
                    )
                )
        plan.append((name, cluster, values["beleidsdomein"], head, manager))
    return plan


def _validate_mandates(rows, result, by=None):
    users = {u.email.lower(): u for u in User.objects.all()}
    domains = {d.name.lower(): d for d in Beleidsdomein.objects.all()}
    organen = {o.type: o for o in Orgaan.objects.all()}
    plan, seen = [], {}
    for row, values in rows:
        user = _known_user(values["e-mail"], row, "e-mail", users, result, required=True)
        if _grants_self(by, user):
            result.errors.append(RowError(row, "e-mail", SELF_GRANT))
        orgaan_type = ORGAAN_NAMES.get(_key(values["orgaan"]))
        if orgaan_type is None:
            result.errors.append(
                RowError(
                    row,
                    "orgaan",
                    _("Unknown body “%(value)s”. Use one of: %(names)s.")
                    % {"value": values["orgaan"], "names": ", ".join(OrgaanType.values)},
                )
            )
        function = FUNCTION_NAMES.get(_key(values["functie"]))
        if function is None:
            result.errors.append(
                RowError(
                    row,
                    "functie",
                    _("Unknown function “%(value)s”. Use one of: %(names)s.")
                    % {"value": values["functie"], "names": ", ".join(Function.values)},
                )
            )
        elif orgaan_type and function not in ALLOWED_FUNCTIONS[orgaan_type]:
            result.errors.append(
                RowError(
                    row,
                    "functie",
                    _("A %(orgaan)s has no seat with the function %(function)s.")
                    % {"orgaan": orgaan_type.label, "function": function.label},
                )
            )
        start = _parse_date(values["begin"]) if values["begin"] else None
        if start is None:
            result.errors.append(
                RowError(
                    row,
                    "begin",
                    _("“%(value)s” is not a date; write 2025-01-01 or 01/01/2025.")
                    % {"value": values["begin"]},
                )
            )
        if date_outside_window(start):
            result.errors.append(RowError(row, "begin", date_outside_window(start)))
        end = None
        if values.get("einde"):
            end = _parse_date(values["einde"])
            if end is None:
                result.errors.append(
                    RowError(
                        row,
                        "einde",
                        _("“%(value)s” is not a date; write 2025-01-01 or 01/01/2025.")
                        % {"value": values["einde"]},
                    )
                )
            elif date_outside_window(end):
                result.errors.append(RowError(row, "einde", date_outside_window(end)))
            elif start and end < start:
                result.errors.append(
                    RowError(row, "einde", _("The end date cannot be before the start date."))
                )
        portfolio = []
        names = [n.strip() for n in values.get("beleidsdomeinen", "").replace(";", ",").split(",")]
        names = [n for n in names if n]
        if names and orgaan_type and orgaan_type not in PORTFOLIO_ORGAAN_TYPES:
            result.errors.append(
                RowError(
                    row, "beleidsdomeinen", _("Only a seat in the college has policy domains.")
                )
            )
        for name in names:
            domain = domains.get(name.lower())
            if domain is None:
                result.errors.append(
                    RowError(
                        row,
                        "beleidsdomeinen",
                        _("Unknown policy domain “%(value)s”.") % {"value": name},
                    )
                )
            portfolio.append(domain)
        if user and orgaan_type and function and start and not (end and start and end < start):
            # validation writes nothing: a body not created yet simply has no seats yet
            seat = Mandate(
                user=user, orgaan=organen.get(orgaan_type), function=function, start=start, end=end
            )
            conflict = seat.conflict() or _file_conflict(seat, orgaan_type, plan)
            if conflict:
                result.errors.append(RowError(row, "begin", conflict))
        key = (user and user.pk, orgaan_type, function, start)
        if all(key) and key in seen:
            result.errors.append(
                RowError(
                    row, "–", _("The same mandate is already on row %(row)d.") % {"row": seen[key]}
                )
            )
        elif all(key):
            seen[key] = row
        plan.append(
            (user, orgaan_type, function, start, end, portfolio, "beleidsdomeinen" in values)
        )
    return plan


def _file_conflict(seat, orgaan_type, plan):
    """The same check as Mandate.conflict() against the rows above it in the file."""
    far = datetime.date.max
    for user, row_type, function, start, end, *_rest in plan:
        if not (user and start) or row_type != orgaan_type or function != seat.function:
            continue
        if not (start <= (seat.end or far) and seat.start <= (end or far)):
            continue
        if user == seat.user and start != seat.start:
            return _("This person already holds this seat in (part of) this period.")
        if user != seat.user and function in SINGLE_SEAT_FUNCTIONS:
            return _(
                "%(name)s holds this function in (part of) this period. End that mandate first."
            ) % {"name": user}
    return None


def _write_people(plan, result):
    for email, name, title in plan:
        _user, created = User.objects.update_or_create(
            email=email, defaults={"full_name": name, "job_title": title}
        )
        if created:
            # A random password nobody knows: they choose their own with "forgot password"
            # (Django sends no reset mail to accounts with an unusable password).
            _user.set_password(secrets.token_urlsafe(32))
            _user.save(update_fields=["password"])
        result.created += created
        result.updated += not created


def _write_diensten(plan, result):
    for name, cluster_name, domain_name, head, manager in plan:
        cluster, _c = Cluster.objects.get_or_create(name=cluster_name)
        if manager and cluster.manager_id != manager.pk:
            cluster.manager = manager
            cluster.save(update_fields=["manager"])
        domain, _d = Beleidsdomein.objects.get_or_create(name=domain_name)
        _dienst, created = Dienst.objects.update_or_create(
            name=name, defaults={"cluster": cluster, "domain": domain, "head": head}
        )
        result.created += created
        result.updated += not created


def _write_mandates(plan, result):
    for user, orgaan_type, function, start, end, portfolio, has_portfolio in plan:
        mandate, created = Mandate.objects.update_or_create(
            user=user,
            orgaan=Orgaan.objects.of_type(orgaan_type),
            function=function,
            start=start,
            defaults={"end": end},
        )
        if has_portfolio:
            mandate.domains.set(portfolio)
        result.created += created
        result.updated += not created


_STEPS = {
    ImportKind.PEOPLE: (_validate_people, _write_people),
    ImportKind.DIENSTEN: (_validate_diensten, _write_diensten),
    ImportKind.MANDATES: (_validate_mandates, _write_mandates),
}


def organisation_import(*, kind: str, data: bytes, by=None) -> ImportResult:
    """Check every row of the file; import all of it in one transaction, or nothing.

    `by` is the person importing (None for the management command); the audit trail records
    the import with its counts.
    """
    kind = ImportKind(kind)
    result = ImportResult()
    rows = _read(decode(data), kind, result)
    if result.errors:
        return result
    validate, write = _STEPS[kind]
    plan = validate(rows, result, by)
    if result.errors:
        return result
    with transaction.atomic():
        write(plan, result)
        organisation_imported.send(
            sender=ImportKind,
            by=by,
            kind=kind.value,
            created=result.created,
            updated=result.updated,
        )
    return result
