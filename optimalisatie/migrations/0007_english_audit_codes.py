# The optimisation's audit action codes in English (issue 15): the steps of an advice (the
# implementation's included, which uitvoering used to write), bundles, priorities and
# standpoints, the schepenen's own advices and the college's outcomes. Stored rows follow, so
# that an advice's history reads the same before and after.

from django.db import migrations

from core.migration_operations import rename_audit_actions

CODES = {
    "advies.indienen": "advies.submit",
    "advies.terugsturen": "advies.return",
    "advies.voorleggen": "advies.forward",
    "advies.mt-terug-manager": "advies.mt-return-to-manager",
    "advies.mt-terug-auteur": "advies.mt-return-to-author",
    "advies.niet-weerhouden": "advies.refuse",
    "advies.valideren": "advies.validate",
    "advies.klaar-voor-college": "advies.ready-for-college",
    "advies.intrekken": "advies.withdraw",
    "advies.in-uitvoering": "advies.start-implementation",
    "advies.gerealiseerd": "advies.realise",
    "advies.stopgezet": "advies.stop",
    "advies.bundelen": "advies.bundle",
    "advies.prioriteit": "advies.priority",
    "advies.standpunt": "advies.standpoint",
    "bundle.klaar-voor-college": "bundle.ready-for-college",
    "schepenadvies.create": "schepen-input.create",
    "college.goedgekeurd": "college.approved",
    "college.afgewezen": "college.rejected",
    "college.uitgesteld": "college.postponed",
}



class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_form_submission"),
        ("optimalisatie", "0006_cycle_phase_fsm"),
    ]

    operations = [rename_audit_actions(CODES)]
