"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

- The browser is `/usr/bin/chromium` (`CHROMIUM_PATH` to change it); Playwright never downloads one.
  A missing Chromium fails the test: `apt-get install chromium` (scripts/system-deps.sh does it).
- `live_server` runs the site in a thread on a transactional database, which Django empties after each
  test; `serialized_rollback` and `_restore_migrated_data` put back the page tree, groups and
  workflows that migrations created, for the next browser test, the tests after and a reused database.
- One Chromium serves every test of this package (starting it costs a second or two); each test gets a
  context of its own, so no cookie, session or storage passes from one test to the next.
- Playwright's sync API keeps an event loop running in this thread while the browser lives, which Django's
  ORM would take for async code: DJANGO_ALLOW_ASYNC_UNSAFE is set while this package's tests run only, and
  the thread keeps its database connections (see `chromium`).
- When a test fails, a full-page screenshot and the page's HTML go to test-artifacts/ (git-ignored); when it
  passes, its earlier ones are removed.
- Every console message that reports a Content-Security-Policy violation fails the test.

Use the `browser_page` fixture (`axe_page` for the accessibility scans: its context ignores the CSP so that
axe-core can be injected); `sign_in(page, username, password)` signs in through the admin form.
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


@pytest.fixture(scope="package")
def chromium(django_db_setup):
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not at {CHROMIUM}: run `apt-get install chromium` (or set CHROMIUM_PATH).")
    test_database_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # With a loop running, asgiref hands out new connections per context; keep the ones that hold the
        # serialized migrated data, or each test's flush would run post_migrate on an empty database.
        for alias, connection in test_database_connections.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(request, chromium, live_server):
    """A fresh Chromium page in a context of its own; `page.base_url` is the live server's address.

    `@pytest.mark.browser_context(java_script_enabled=False)` passes options to the context."""
    marker = request.node.get_closest_marker("browser_context")
    yield from _page_in_new_context(request, chromium, live_server, **(marker.kwargs if marker else {}))


@pytest.fixture
def axe_page(request, chromium, live_server):
    """Like `browser_page`, but the context ignores Content-Security-Policy so that axe-core can be injected."""
    yield from _page_in_new_context(request, chromium, live_server, bypass_csp=True)


def _page_in_new_context(request, browser, live_server, **context_options):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}, **context_options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    try:
        yield page
    finally:
        if getattr(request.node, "browser_test_failed", False):
            _save_artifacts(request.node.nodeid, page)
        else:
            _remove_artifacts(request.node.nodeid)
        context.close()
    assert not csp_violations, "Content-Security-Policy violations:\n" + "\n".join(csp_violations)


def _artifact_name(nodeid):
    return re.sub(r"[^\w.-]+", "_", nodeid)


def _save_artifacts(nodeid, page):
    ARTIFACTS.mkdir(exist_ok=True)
    name = _artifact_name(nodeid)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")


def _remove_artifacts(nodeid):
    """A test that passes now leaves no screenshot of an earlier failure behind."""
    for suffix in (".png", ".html"):
        (ARTIFACTS / f"{_artifact_name(nodeid)}{suffix}").unlink(missing_ok=True)


def sign_in(page, username, password):
    page.goto(f"{page.base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{page.base_url}/admin/")


@pytest.fixture
def site_content(settings, tmp_path):
    """The fixed site of tests/browser/content.py, searched with the database engine."""
    from tests.browser.content import build_site_content

    settings.SEARCH_BACKEND = "database"
    return build_site_content(settings, tmp_path)
