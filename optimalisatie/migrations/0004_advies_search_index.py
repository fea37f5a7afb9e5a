"""PostgreSQL: a GIN index on the advice list's full-text search (selectors.search).

The expression is exactly the one Django writes for SearchVector("title", "proposal",
"substantiation", "current_situation", config="dutch"), so the planner uses the index instead
of building every advice's vector on each search: at the centrumstad scale (60,000 advices)
the filtered advice list went from about 2 s to 0.1 s (docs/performance.md). SQLite has no
such index and searches with LIKE, as before.
"""

from django.db import migrations

INDEX = "advies_search_dutch"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON optimalisatie_advies USING gin ("
    "to_tsvector('dutch'::regconfig, COALESCE(title, '') || ' ' || COALESCE(proposal, '') "
    "|| ' ' || COALESCE(substantiation, '') || ' ' || COALESCE(current_situation, '')))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("optimalisatie", "0003_cycle_afsprakennota")]

    operations = [migrations.RunPython(create, drop)]
