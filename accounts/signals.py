from django.dispatch import Signal

# Sent inside the import's transaction once a CSV import has been written.
# Arguments: by (the user, or None for the command), kind, created, updated.
organisation_imported = Signal()

# Sent by `manage.py demo` after the demo organisation exists; other apps add their demo data.
# Arguments: stdout (to report on).
demo_loaded = Signal()

# Sent when a single sign-on linked an account to the identity provider's identifier (the
# first login, matched by e-mail address; accounts/oidc.py). Arguments: user.
sso_linked = Signal()
