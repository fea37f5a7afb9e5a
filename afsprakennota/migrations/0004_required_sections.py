# Issue 17: the decree's three required sections are marked (they cannot be deleted, and a
# nota is not approved while one is empty or holds its guidance), and a term has at most one
# decree nota in progress (next migration). Stored notas: their top-level articles with a
# required heading are marked, with the template's guidance as it was then.

from django.db import migrations, models

# The template's required sections as they stood at this migration (services.DECREE_SECTIONS).
REQUIRED = {
    "Samenwerking om de beleidsdoelstellingen te realiseren": (
        "Hoe werken de algemeen directeur en de andere leden van het managementteam samen met "
        "het college, de burgemeester, het vast bureau en het BCSD om de beleidsdoelstellingen "
        "te realiseren? (verplicht)"
    ),
    "Omgangsvormen tussen bestuur en administratie": (
        "Hoe gaan bestuur en administratie met elkaar om? (verplicht)"
    ),
    "Uitoefening van gedelegeerde bevoegdheden (art. 57 en art. 85 DLB)": (
        "Hoe oefent de algemeen directeur de bevoegdheden uit die het college (art. 57) en het "
        "vast bureau (art. 85) aan hem of haar delegeren, en hoe rapporteert hij of zij erover? "
        "(verplicht)"
    ),
}


def mark_required(apps, schema_editor):
    Article = apps.get_model("afsprakennota", "Article")
    for heading, guidance in REQUIRED.items():
        Article.objects.filter(nota__kind="decreet", parent=None, heading=heading).update(
            required=True, guidance=guidance
        )


class Migration(migrations.Migration):
    dependencies = [
        ("afsprakennota", "0003_english_audit_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="guidance",
            field=models.TextField(blank=True, editable=False, verbose_name="guidance"),
        ),
        migrations.AddField(
            model_name="article",
            name="required",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="required by the decree"
            ),
        ),
        migrations.RunPython(mark_required, migrations.RunPython.noop),
    ]
