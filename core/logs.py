"""Logs a person can read: every line carries its request's id; a 403 or 404 is one line
(who asked for what), never a traceback; a 500 keeps its traceback."""

from __future__ import annotations

import contextvars
import logging

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # django.request logs a 404 after the middleware finished; its record has the request
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id.get()
        return True


class QuietClientErrors(logging.Filter):
    """django.request logs a refused permission with its traceback; a client's 4xx is not a
    fault of the application, so keep the line and drop the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
