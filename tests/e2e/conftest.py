"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every page a test visits is checked with axe-core (`check_a11y`); serious or critical
violations fail the test, as do Content-Security-Policy violations in the console.
Without /usr/bin/chromium these tests skip on a developer's machine, but under CI=true a
missing browser is an error.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in this thread

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + ": under CI=true a missing browser is an error.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class BrowserPage:
    """A Playwright page bound to the live server, which checks every page it visits."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.csp_errors = []
        page.on("console", self._on_console)

    def _on_console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_errors.append(message.text)

    def goto(self, path):
        self.page.goto(self.base_url + path)
        self.check_a11y()

    def check_a11y(self):
        """axe-core on the current page; serious or critical problems fail the test."""
        results = self._axe()
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(node["target"]) for node in v["nodes"][:5])
            for v in results.response["violations"]
            if v["impact"] in BLOCKING_IMPACTS
        ]
        assert not problems, f"Accessibility problems on {self.page.url}:\n" + "\n".join(problems)
        assert not self.csp_errors, f"CSP violations on {self.page.url}: {self.csp_errors}"

    def _axe(self):
        """Run axe once the page has settled; a navigation still under way restarts it."""
        from playwright.sync_api import Error

        for _attempt in range(5):
            self.page.wait_for_load_state("load")
            try:
                return Axe().run(self.page)
            except Error as error:
                if "context was destroyed" not in str(error):
                    raise
        raise AssertionError(f"{self.page.url} kept navigating; axe could not run")

    def follow(self, locator):
        """Click a link or submit button, wait for the next page, and check it."""
        with self.page.expect_navigation():
            locator.click()
        self.check_a11y()

    def login(self, email, password):
        self.goto("/aanmelden/")
        self.page.get_by_label("E-mailadres").fill(email)
        self.page.get_by_label("Wachtwoord").fill(password)
        self.follow(self.page.get_by_role("button", name="Aanmelden"))

    def open_account_menu(self):
        """The account menu in the header (a <details>): password change and logout."""
        menu = self.page.locator("header .user-menu details")
        if not menu.evaluate("element => element.open"):
            toggler = self.page.locator("header .navbar-toggler")
            if toggler.is_visible():  # a narrow window: the menu is collapsed
                toggler.click()
            menu.locator("summary").click()

    def logout(self):
        self.open_account_menu()
        self.follow(self.page.get_by_role("button", name="Afmelden"))

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (no cookies) for each user in a test."""
    contexts = []

    def make():
        # reduced motion: no button transitions half-way when axe measures contrast
        context = browser.new_context(
            locale="nl-BE", timezone_id="Europe/Brussels", reduced_motion="reduce"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return BrowserPage(context.new_page(), live_server.url)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
