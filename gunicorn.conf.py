"""gunicorn's settings when it is started from the project folder (README, Production).

The request line is not limited here: the app answers an address longer than MAX_URI_LENGTH
with its own Dutch page (414), where gunicorn's limit would send a bare English one."""

limit_request_line = 0


def post_worker_init(worker):
    """Once the worker has loaded the app, everything start-up made (modules, URL patterns,
    settings, some 120.000 objects) moves out of the garbage collector's reach: its full
    passes then walk only what requests made, instead of pausing a request every few
    requests for tens of milliseconds (measured in bench/, docs/performance.md)."""
    import gc

    gc.freeze()
