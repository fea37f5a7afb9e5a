"""A btree index on the advice's category, for the advice list's category filter.

With a search, PostgreSQL combines it with the search's GIN index (0004) in a BitmapAnd and
reads only the matching advices of that category: at the centrumstad scale, 634 table pages
instead of 3,336 for "contract" in operating costs (docs/performance.md).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("optimalisatie", "0004_advies_search_index")]

    operations = [
        migrations.AddIndex(
            model_name="advies",
            index=models.Index(fields=["category"], name="advies_category"),
        ),
    ]
