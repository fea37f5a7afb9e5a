# Issue 17: a term has at most one decree nota in progress. A term with two decree notas in
# progress stops the migration with their numbers (finish or delete one in the admin first:
# which one stays is the algemeen directeur's choice, not a migration's).

from django.db import migrations, models
from django.db.models import Count

IN_PROGRESS = ["concept", "in_bespreking", "ter_goedkeuring", "goedgekeurd"]


def check_one_in_progress(apps, schema_editor):
    Afsprakennota = apps.get_model("afsprakennota", "Afsprakennota")
    doubled = (
        Afsprakennota.objects.filter(kind="decreet", state__in=IN_PROGRESS)
        .values("term_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    clashes = [
        list(
            Afsprakennota.objects.filter(
                kind="decreet", state__in=IN_PROGRESS, term_id=row["term_id"]
            ).values_list("pk", flat=True)
        )
        for row in doubled
    ]
    if clashes:
        raise RuntimeError(
            "A term has more than one decree afsprakennota in progress (notas "
            + "; ".join(", ".join(map(str, pks)) for pks in clashes)
            + "). Keep one per term: delete the others in the admin, then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_history"),
        ("afsprakennota", "0004_required_sections"),
    ]

    operations = [
        migrations.RunPython(check_one_in_progress, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="afsprakennota",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "decreet"), ("state__in", IN_PROGRESS)),
                fields=("term",),
                name="one_decree_nota_in_progress_per_term",
            ),
        ),
    ]
