"""Start the test OpenID provider: `python -m tests.oidc_provider.serve PORT DB REDIRECT_URI
USERS_JSON`. It migrates its own SQLite database, makes the users (username, password,
e-mail, name) and one confidential client ("gemeente-app", secret "geheim") for the redirect
URI, prints READY and serves on 127.0.0.1:PORT until it is stopped."""

from __future__ import annotations

import json
import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

CLIENT_ID = "gemeente-app"
CLIENT_SECRET = "geheim"


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def _key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def main(port: int, db: str, redirect_uri: str, users: list[dict]) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    os.environ["OIDC_TEST_DB"] = db
    os.environ["OIDC_TEST_PORT"] = str(port)
    os.environ.setdefault("OIDC_TEST_KEY", _key())
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for person in users:
        first, _sp, last = person.get("name", "").partition(" ")
        User.objects.create_user(
            username=person["username"],
            password=person["password"],
            email=person["email"],
            first_name=first,
            last_name=last,
        )
    Application.objects.create(
        name="Gemeente",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server = make_server(
        "127.0.0.1", port, get_wsgi_application(), server_class=_Server, handler_class=_Quiet
    )
    print("READY", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3], json.loads(sys.argv[4]))
