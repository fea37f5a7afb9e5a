# The afsprakennota's audit action codes in English (issue 15); stored rows follow, so that a
# nota's history reads the same before and after.

from django.db import migrations

from core.migration_operations import rename_audit_actions

CODES = {
    "nota.bespreken": "nota.open-discussion",
    "nota.ter-goedkeuring": "nota.submit-for-approval",
    "nota.terug": "nota.back-to-discussion",
    "nota.article-omhoog": "nota.article-up",
    "nota.article-omlaag": "nota.article-down",
    "nota.article-verwijderen": "nota.article-delete",
}



class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_stamp"),
        ("afsprakennota", "0002_article_lock_version_sealedpdf"),
    ]

    operations = [rename_audit_actions(CODES)]
