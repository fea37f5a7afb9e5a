"""Paging for lists whose count the page already knows (from a grouped query or a window
count): Django's Paginator would ask the database again. Drawn by core/_pagination.html."""

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator given its count: no COUNT query."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # the cached_property's value
