"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

- The browser is `/usr/bin/chromium` (`CHROMIUM_PATH` to change it); Playwright never downloads one.
  A missing Chromium fails the test: `apt-get install chromium` (scripts/system-deps.sh does it).
- `live_server` runs the site in a thread on a transactional database, which Django empties after each
  test; `serialized_rollback` and `_restore_migrated_data` put back the page tree, groups and
  workflows that migrations created, for the next browser test, the tests after and a reused database.
- Playwright's sync API keeps an event loop in this thread, which Django's ORM would take for async
  code; DJANGO_ALLOW_ASYNC_UNSAFE is set for the duration of each browser test only.
- When a test fails, a full-page screenshot and the page's HTML go to test-artifacts/ (git-ignored).
- Every console message that reports a Content-Security-Policy violation fails the test.

Use the `browser_page` fixture; `sign_in(page, base_url, username, password)` signs in through the admin form.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from django.conf import settings
from django.db import connections

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
BROWSER_TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_TESTS in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="module", autouse=True)
def _restore_migrated_data(django_db_blocker):
    """Django restores serialized data at the start of the next serialized test only; restore it at once."""
    yield
    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_test_failed = report.failed
    return report


@pytest.fixture
def browser_page(request, live_server, monkeypatch):
    """A fresh Chromium page; `page.base_url` is the live server's address."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not at {CHROMIUM}: run `apt-get install chromium` (or set CHROMIUM_PATH).")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base_url = live_server.url
        csp_violations = []
        page.on(
            "console",
            lambda message: (
                csp_violations.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        try:
            yield page
        finally:
            if getattr(request.node, "browser_test_failed", False):
                _save_artifacts(request.node.nodeid, page)
            context.close()
            browser.close()
    assert not csp_violations, "Content-Security-Policy violations:\n" + "\n".join(csp_violations)


def _save_artifacts(nodeid, page):
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", nodeid)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")


def sign_in(page, username, password):
    page.goto(f"{page.base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{page.base_url}/admin/")
