"""Operations that data migrations of several apps share."""

from django.db import migrations


def rename_audit_actions(codes: dict[str, str]) -> migrations.RunPython:
    """Rewrite stored audit action codes (old -> new), reversibly, so that a history reads
    the same before and after a code is renamed."""

    def rename(apps, mapping):
        audit_entry = apps.get_model("core", "AuditEntry")
        for old, new in mapping.items():
            audit_entry.objects.filter(action=old).update(action=new)

    return migrations.RunPython(
        lambda apps, schema_editor: rename(apps, codes),
        lambda apps, schema_editor: rename(apps, {new: old for old, new in codes.items()}),
    )
