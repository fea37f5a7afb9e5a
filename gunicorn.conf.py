"""gunicorn's settings when it is started from the project folder (README, Production).

The request line is not limited here: the app answers an address longer than MAX_URI_LENGTH
with its own Dutch page (414), where gunicorn's limit would send a bare English one."""

limit_request_line = 0
