"""The advice list's full-text search can use its GIN index (migration 0004): the index's
expression must stay the one Django writes for selectors.search, or PostgreSQL silently
falls back to building every advice's vector on each search (2 s at 60,000 advices)."""

import pytest
from django.db import connection

from optimalisatie.models import Advies
from optimalisatie.selectors import search

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text index"),
]


def test_the_search_filter_matches_the_index_expression():
    queryset = search(Advies.objects.all(), "contract")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would not need it
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "advies_search_dutch" in plan
