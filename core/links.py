"""URLs for pages that link the same view hundreds of times (a thread's comments, a
meeting's agenda items): reverse() once, with the varying ids left as str.format fields, since
reverse() costs more than printing the row."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

_MARK = 9_000_000_000  # an id no table reaches


@dataclass(frozen=True)
class Slot:
    """An argument of url_pattern left open, as the str.format field `name`."""

    name: str


def url_pattern(viewname: str, *args, slots: tuple[str, ...] = ()) -> str:
    """The view's URL with each Slot among `args` (and each of `slots`, after them) left as a
    str.format field: url_pattern("x", 1, Slot("item"), "omhoog").format(item=7) is
    reverse("x", args=[1, 7, "omhoog"]). A slot must be a whole path segment."""
    args = [*args, *(Slot(name) for name in slots)]
    marks = {}
    for i, arg in enumerate(args):
        if isinstance(arg, Slot):
            marks[_MARK + len(marks)] = arg.name
            args[i] = _MARK + len(marks) - 1
    url = reverse(viewname, args=args)
    for mark, name in marks.items():
        if f"/{mark}/" not in url:
            raise ValueError(f"{viewname}: {name} is not a path segment of {url}")
        url = url.replace(f"/{mark}/", f"/{{{name}}}/")
    return url
