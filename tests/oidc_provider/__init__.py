"""A real OpenID Connect provider for the tests (issue 21): django-oauth-toolkit in its own
process, with its own SQLite database, started on 127.0.0.1 by `serve` and stopped by its
PID. It stands in for the Flemish government's ACM/IDM or Microsoft Entra ID."""
