"""make smoke-multi: the application as a hoster runs it, on several processes (issue 20).

Starts on 127.0.0.1, each stopped again by its PID: a fresh PostgreSQL database (on the server
DATABASE_URL names), a Redis or Valkey server, moto's S3 server, a real SMTP server (aiosmtpd),
two gunicorn instances A and B (two workers each, production settings) and one task worker.
Then it checks, through HTTP as a browser would:
1. a change made through A is visible at once through B, the kept figures of the cycle's
   dashboard included;
2. a mail asked for while the SMTP server is down arrives once it is back;
3. the daily digest is sent exactly once when two schedulers start it at the same moment;
4. wrk over both instances for 30 seconds gives no error.
Exit 0 when all hold; a clear message and exit 1 otherwise.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

from tests.servers import SmtpServer, free_port, redis_server, s3_server, wait_for_port

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DOMAIN = "heuvelbeke.example"
PASSWORD = None  # the demo's, read from its command
WRK_SECONDS = int(os.environ.get("SMOKE_WRK_SECONDS", "30"))


class SmokeFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise SmokeFailed(message)
    print(f"  ok: {message}")


# --- HTML forms ----------------------------------------------------------------------------------


class Forms(HTMLParser):
    """Every form of a page: its action and the values its inputs would send."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1]["fields"][a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select:
            fields = self.forms[-1]["fields"]
            if self._select not in fields and a.get("value"):
                fields[self._select] = a["value"]
            if "selected" in a:
                fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form_of(html: str, action_contains: str) -> dict:
    """The form whose action holds `action_contains`, or with "=name" the one with that field
    (the page's own form: the header's logout form comes first)."""
    parser = Forms()
    parser.feed(html)
    for form in parser.forms:
        if action_contains.startswith("="):
            if action_contains[1:] in form["fields"]:
                return form
        elif action_contains in form["action"]:
            return form
    (Path(__file__).resolve().parents[1] / ".bench" / "smoke-page.html").write_text(html)
    actions = [form["action"] for form in parser.forms]
    raise SmokeFailed(f"no form posting to {action_contains!r} on the page, only to {actions}")


# --- a browser over plain HTTP behind an assumed TLS proxy ---------------------------------------


class Browser:
    """Production cookies are Secure: the proxy's X-Forwarded-Proto makes the app see HTTPS,
    and the cookies are sent by hand over plain HTTP on 127.0.0.1."""

    def __init__(self, base):
        self.base = base
        self.cookies: dict[str, str] = {}

    def _headers(self, base):
        return {"X-Forwarded-Proto": "https", "Origin": base.replace("http://", "https://")}

    def get(self, path, base=None, **kw):
        base = base or self.base
        response = requests.get(
            base + path, headers=self._headers(base), cookies=self.cookies, timeout=30,
            allow_redirects=False, **kw,
        )  # fmt: skip
        self.cookies.update(response.cookies.get_dict())
        return response

    def post(self, path, data, base=None):
        base = base or self.base
        response = requests.post(
            base + path, data=data, headers=self._headers(base), cookies=self.cookies,
            timeout=30, allow_redirects=False,
        )  # fmt: skip
        self.cookies.update(response.cookies.get_dict())
        return response

    def submit(self, page_path, action_contains, changes=None, base=None):
        page = self.get(page_path, base=base)
        if page.status_code != 200:
            raise SmokeFailed(f"{page_path} answered {page.status_code}")
        form = form_of(page.text, action_contains)
        action = form["action"] or page_path
        return self.post(action, {**form["fields"], **(changes or {})}, base=base)

    def login(self, login):
        response = self.submit(
            "/aanmelden/", "=username", {"username": f"{login}@{DOMAIN}", "password": PASSWORD}
        )
        if response.status_code != 302:
            raise SmokeFailed(f"{login} could not log in ({response.status_code})")
        return self


# --- the installation ----------------------------------------------------------------------------


def database_urls() -> tuple[str, str]:
    """(the server's maintenance URL, the smoke database's URL)."""
    base = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(base)
    if not parts.scheme.startswith("postgres"):
        raise SmokeFailed("smoke-multi needs PostgreSQL: set DATABASE_URL=postgres://…")
    name = f"afsprakennota_smoke_{uuid.uuid4().hex[:8]}"
    return base, urlunsplit(parts._replace(path=f"/{name}"))


def create_database(admin_url, url):
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(admin_url, url):
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args, check_ok=True):
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=600,
    )  # fmt: skip
    if check_ok and result.returncode:
        raise SmokeFailed(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result


def start(stack, env, command, log_name):
    log = open(ROOT / ".bench" / log_name, "w")  # noqa: SIM115 - closed by the stack
    stack.callback(log.close)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def stop():
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()

    stack.callback(stop)
    return process


def wait_until(condition, seconds, message):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise SmokeFailed(message)


# --- the checks ----------------------------------------------------------------------------------


def funnel(html: str) -> str:
    found = re.search(r'<desc id="funnel-desc">(.*?)</desc>', html, re.S)
    if not found:
        (ROOT / ".bench" / "smoke-page.html").write_text(html)
        raise SmokeFailed("the cycle page shows no funnel of figures (.bench/smoke-page.html)")
    return " ".join(found.group(1).split())


def change_is_seen_through_the_other_instance(a, b, database_url):
    print("1. a change through A, seen at once through B (kept figures included)")
    import psycopg

    with psycopg.connect(database_url) as connection:  # the cycle new advices go to
        cycle = connection.execute(
            "select id from optimalisatie_cycle where phase != 'afgesloten' "
            "order by created_at desc limit 1"
        ).fetchone()[0]
    cycle_path = f"/optimalisatie/cycli/{cycle}/"
    head = Browser(a).login("dh.sociale.dienst")
    new = "/optimalisatie/adviezen/nieuw/"
    form = form_of(head.get(new).text, "=title")
    # the diensthoofd's figures count their own submitted advices; B computes and keeps them
    viewer = Browser(b).login("dh.sociale.dienst")
    before = funnel(viewer.get(cycle_path).text)
    title = f"Rookproef {uuid.uuid4().hex[:6]}"
    created = head.post(
        form["action"] or new,
        {
            **form["fields"],
            "title": title,
            "current_situation": "Twee aparte contracten voor schoonmaak.",
            "proposal": "Eén raamcontract.",
            "substantiation": "Offertes 2026.",
            "category": "werking",
            "savings_one_off": "0",
            "savings_recurring": "12.345",
            "fte_impact": "0",
            "investment_cost": "0",
            "start_year": "2027",
        },
    )
    advice_path = urlsplit(created.headers.get("Location", "")).path
    check(
        created.status_code == 302 and advice_path.startswith("/optimalisatie/adviezen/"),
        f"the diensthoofd created “{title}” through A",
    )
    submitted = head.submit(advice_path, "/stap/indienen/")
    check(submitted.status_code == 302, "and submitted it through A")
    after_b = funnel(viewer.get(cycle_path).text)
    after_a = funnel(viewer.get(cycle_path, base=a).text)
    check(after_b != before, f"B's dashboard figures changed at once: {after_b}")
    check(after_b == after_a, "A and B show the same figures")
    check(title in viewer.get("/optimalisatie/adviezen/").text, "B lists the advice")


def mail_waits_for_the_server(a, smtp, address):
    print("2. a mail asked for while the SMTP server is down arrives once it is back")
    smtp.stop()
    response = Browser(a).submit("/wachtwoord/vergeten/", "=email", {"email": address})
    check(response.status_code == 302, "the request succeeds with the mail server down")
    time.sleep(3)  # the worker tries and fails meanwhile
    smtp.start()
    wait_until(
        lambda: any(address in e.rcpt_tos for e in smtp.received),
        90,
        "the reset mail did not arrive after the mail server came back",
    )
    check(True, "the mail arrived after the server came back")


def digest_once(env, smtp, manager_address):
    print("3. two schedulers at once send the daily digest once")
    commands = [
        subprocess.Popen(
            [str(BIN / "python"), "manage.py", "send_digests"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in commands]
    check(
        sum("already sent" in out for out in outputs) == 1,
        f"one scheduler claimed the day, the other found it taken: {outputs}",
    )

    def digests():
        return [e for e in smtp.received if manager_address in e.rcpt_tos]

    wait_until(lambda: digests(), 60, "no digest reached the manager")
    time.sleep(5)  # a second digest would come now
    check(len(digests()) == 1, "the manager got exactly one digest")


def wrk_without_errors(a, b, cookie):
    print(f"4. wrk over both instances for {WRK_SECONDS} s")
    runs = [
        subprocess.Popen(
            [
                "wrk",
                "-t2",
                "-c8",
                f"-d{WRK_SECONDS}s",
                "--latency",
                "-H",
                "X-Forwarded-Proto: https",
                "-H",
                f"Cookie: {cookie}",
                f"{base}/",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        for base in (a, b)
    ]
    for base, run in zip((a, b), runs, strict=True):
        out = run.communicate(timeout=WRK_SECONDS + 60)[0]
        print("    " + "\n    ".join(out.strip().splitlines()))
        requests_done = re.search(r"(\d+) requests in", out)
        check(run.returncode == 0 and requests_done, f"wrk ran against {base}")
        check(int(requests_done.group(1)) > 0, f"{base} answered requests")
        check("Non-2xx" not in out and "Socket errors" not in out, f"{base}: no errors")


def main() -> int:
    global PASSWORD
    from accounts.management.commands.demo import DEMO_PASSWORD

    PASSWORD = DEMO_PASSWORD
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's every connection
    (ROOT / ".bench").mkdir(exist_ok=True)
    admin_url, url = database_urls()
    with ExitStack() as stack:
        create_database(admin_url, url)
        stack.callback(drop_database, admin_url, url)
        cache_url, _redis = stack.enter_context(redis_server())
        s3_endpoint, _s3 = stack.enter_context(s3_server())
        smtp = SmtpServer().start()
        stack.callback(smtp.stop)
        import boto3

        boto3.client(
            "s3", endpoint_url=s3_endpoint, region_name="us-east-1",
            aws_access_key_id="smoke", aws_secret_access_key="smoke",
        ).create_bucket(Bucket="afsprakennota-smoke")  # fmt: skip
        env = {
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "smoke-" + uuid.uuid4().hex * 2,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": url,
            "DATABASE_POOL_MAX_SIZE": "4",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
            "CACHE_URL": cache_url,
            "AWS_STORAGE_BUCKET_NAME": "afsprakennota-smoke",
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "smoke",
            "AWS_SECRET_ACCESS_KEY": "smoke",
            "TASKS_BACKEND": "database",
            "MAIL_RETRY_FIRST_SECONDS": "2",
            "SITE_URL": "https://127.0.0.1",
            "LOG_FORMAT": "plain",
            "NOTA_SEAL_PKCS12": str(ROOT / ".bench" / "smoke-zegel.p12"),
            "NOTA_SEAL_PASSWORD": "smoke",
            "STATIC_ROOT": str(ROOT / ".bench" / "smoke-static"),
        }
        print("Setting up: migrate, static files and the demo municipality")
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "seal_certificate", "--path", env["NOTA_SEAL_PKCS12"], "--password", "smoke",
               "--force")  # fmt: skip
        manage(env, "demo", "--force")
        manager = f"manager.mens@{DOMAIN}"
        manage(
            env, "shell", "-c",
            "from accounts.models import User\n"
            f"User.objects.filter(email='{manager}').update(mail_frequency='dagelijks')",
        )  # fmt: skip
        ports = [free_port(), free_port()]
        instances = []
        for name, port in zip("AB", ports, strict=True):
            process = start(
                stack, env,
                [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
                 "--workers", "2"],
                f"smoke-gunicorn-{name}.log",
            )  # fmt: skip
            instances.append((port, process))
        start(stack, env, [str(BIN / "python"), "manage.py", "db_worker"], "smoke-worker.log")
        for port, process in instances:
            wait_for_port(port, process, seconds=60)
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        for base in (a, b):
            ready = requests.get(f"{base}/gezondheid/klaar/", timeout=30)
            check(ready.status_code == 200, f"{base} is ready: {ready.text}")

        change_is_seen_through_the_other_instance(a, b, url)
        mail_waits_for_the_server(a, smtp, f"algemeen.directeur@{DOMAIN}")
        digest_once(env, smtp, manager)
        director = Browser(a).login("algemeen.directeur")
        for base in (a, b):  # wrk's requests are the director's, logged in on both
            check(director.get("/", base=base).status_code == 200, f"{base}: Mijn werk is 200")
        cookie = "; ".join(f"{k}={v}" for k, v in director.cookies.items())
        wrk_without_errors(a, b, cookie)
    print("smoke-multi passed; everything it started is stopped.")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    try:
        sys.exit(main())
    except SmokeFailed as failure:
        print(f"smoke-multi FAILED: {failure}  (logs in .bench/smoke-*.log)")
        sys.exit(1)
