"""Pages in headless Chromium (Debian's package), driven by Playwright.

Skipped, saying so, where Chromium is not installed; CI installs it (.ci/run).
"""

import os
import shutil

import pytest
from django.conf import settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# The flags this machine needs: no sandbox as root, no outside network.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium): browser tests skipped")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the tests' own ORM calls
    # run beside it synchronously (Django's documented switch for this case).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_as(browser, live_server, client):
    """A browser page logged in as ``user`` (the test client's session cookie)."""
    pages = []

    def open_as(user, width=1400, height=900):
        client.force_login(user)
        context = browser.new_context(viewport={"width": width, "height": height},
                                      locale="zh-CN")
        context.add_cookies([{
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url,
        }])
        page = context.new_page()
        page.console_messages = []
        page.on("console", lambda message: page.console_messages.append(message))
        pages.append(context)
        return page

    yield open_as
    for context in pages:
        context.close()
