# The implementation's audit action codes in English (issue 15); stored rows follow, so that
# the history of a plan reads the same before and after. The keys of the reminders sent too
# (one reminder per key, person and day).

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from core.migration_operations import rename_audit_actions

CODES = {
    "plan.indienen": "plan.submit",
    "plan.goedkeuren": "plan.approve",
    "plan.terugsturen": "plan.send-back",
    "plan.herzien": "plan.revise",
    "plan.gezondheid": "plan.health",
    "plan.verwachte-besparingen": "plan.expected-savings",
    "actie.create": "action.create",
    "actie.edit": "action.edit",
    "actie.delete": "action.delete",
    "actie.status": "action.status",
    "mijlpaal.create": "milestone.create",
    "mijlpaal.delete": "milestone.delete",
    "mijlpaal.bereikt": "milestone.reached",
    "mijlpaal.niet-bereikt": "milestone.not-reached",
    "besparing.create": "saving.create",
    "besparing.opnieuw": "saving.resubmit",
    "besparing.gevalideerd": "saving.validate",
    "besparing.teruggestuurd": "saving.send-back",
    "voortgangsrapport.create": "progress-report.create",
    "voortgangsrapport.kennis_genomen": "progress-report.noted",
    "voortgangsrapport.afgewezen": "progress-report.rejected",
}


REMINDER_PREFIXES = {"actie:": "action:", "besparing:": "saving:"}


def rename_reminders(apps, prefixes):
    Reminder = apps.get_model("uitvoering", "Reminder")
    for old, new in prefixes.items():
        Reminder.objects.filter(key__startswith=old).update(
            key=Concat(Value(new), Substr("key", len(old) + 1))
        )


def forwards(apps, schema_editor):
    rename_reminders(apps, REMINDER_PREFIXES)


def backwards(apps, schema_editor):
    rename_reminders(apps, {new: old for old, new in REMINDER_PREFIXES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_kept_upload"),
        ("uitvoering", "0003_action_status_fsm"),
    ]

    operations = [rename_audit_actions(CODES), migrations.RunPython(forwards, backwards)]
