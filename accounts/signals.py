from django.dispatch import Signal

# Sent inside the import's transaction once a CSV import has been written.
# Arguments: by (the user, or None for the command), kind, created, updated.
organisation_imported = Signal()
