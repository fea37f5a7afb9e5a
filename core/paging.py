"""Paging for lists whose count the page already knows (from a grouped query or a window
count): Django's Paginator would ask the database again. Drawn by core/_pagination.html."""

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator given its count: no COUNT query."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # the cached_property's value


# No list has more pages than this; a larger number is a typo or a probe, never an OFFSET.
MAX_PAGE = 100_000


def page_number(request, name: str = "pagina") -> int:
    """The requested page number, clamped to 1..MAX_PAGE ("abc", "-3" and a 20-digit
    number included): every paged view reads it through here, then Paginator.get_page
    clamps it to the last page."""
    raw = (request.GET.get(name) or "").strip()
    digits = raw.isascii() and raw.isdigit()  # "²" is a digit to Python, not to int()
    if not digits or len(raw) > len(str(MAX_PAGE)):
        return MAX_PAGE if digits else 1
    return min(max(int(raw), 1), MAX_PAGE)
