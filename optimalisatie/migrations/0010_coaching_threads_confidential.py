"""The threads already on advices become confidential coaching (access.coaching), except
those a college member started: they stay with everyone who sees the advice. The MT can
share any of them with the college afterwards."""

from django.db import migrations


def mark_coaching(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Thread = apps.get_model("core", "Thread")
    Mandate = apps.get_model("accounts", "Mandate")
    advies_type = ContentType.objects.filter(app_label="optimalisatie", model="advies").first()
    if advies_type is None:
        return
    college = Mandate.objects.filter(
        orgaan__type="college", function__in=["burgemeester", "schepen"]
    ).values("user_id")
    Thread.objects.filter(content_type=advies_type).exclude(created_by__in=college).update(
        confidential=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("optimalisatie", "0009_cycle_framework_decision"),
        ("core", "0007_thread_confidential_shared"),
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(mark_coaching, migrations.RunPython.noop)]
