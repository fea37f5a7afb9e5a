"""Error reporting and administrators, from the environment (issue 20). Imported by the
settings, so nothing here imports Django models."""

from __future__ import annotations

from email.utils import parseaddr

from django.core.exceptions import ImproperlyConfigured

LOG_FORMATS = ("plain", "json")


def log_format(value: str) -> str:
    """LOG_FORMAT: plain lines for a person, json for a log collector."""
    if value not in LOG_FORMATS:
        raise ImproperlyConfigured(f"LOG_FORMAT={value!r}: use plain or json.")
    return value


def admins(entries: list[str]) -> list[tuple[str, str]]:
    """ADMINS="Jan Peeters <jan@heuvelbeke.be>,it@heuvelbeke.be" → Django's (name, address)
    pairs; they get the mail of a server error. Anything that is not an address is an error."""
    result = []
    for entry in entries:
        name, address = parseaddr(entry)
        if "@" not in address:
            raise ImproperlyConfigured(f"ADMINS: {entry!r} is not an e-mail address.")
        result.append((name, address))
    return result


def init_sentry(dsn: str, *, environment: str, release: str, traces_sample_rate: float) -> None:
    """Report unhandled errors to Sentry (or a compatible service such as GlitchTip).
    No personal data leaves: no user, no IP address, no request bodies or cookies."""
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        max_request_body_size="never",
    )
