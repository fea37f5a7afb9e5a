# The afsprakennota's audit action codes in English (issue 15); stored rows follow, so that a
# nota's history reads the same before and after.

from django.db import migrations

CODES = {
    "nota.bespreken": "nota.open-discussion",
    "nota.ter-goedkeuring": "nota.submit-for-approval",
    "nota.terug": "nota.back-to-discussion",
    "nota.article-omhoog": "nota.article-up",
    "nota.article-omlaag": "nota.article-down",
    "nota.article-verwijderen": "nota.article-delete",
}


def rename(apps, codes):
    AuditEntry = apps.get_model("core", "AuditEntry")
    for old, new in codes.items():
        AuditEntry.objects.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    rename(apps, CODES)


def backwards(apps, schema_editor):
    rename(apps, {new: old for old, new in CODES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_stamp"),
        ("afsprakennota", "0002_article_lock_version_sealedpdf"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
