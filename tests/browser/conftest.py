"""Browser fixtures: Debian's chromium through pytest-playwright, and the real service.

Playwright lives for one module at a time here (pytest-playwright keeps it for the whole
session), so that other modules may run Playwright's sync API on their own before or after.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browsing import ADMIN, BROWSER_SETTINGS, CHROMIUM, CHROMIUM_ARGS, MODERATOR, VIEWPORTS
from playwright.sync_api import Browser, BrowserType, Playwright, sync_playwright
from service_process import MailSink, ServiceProcess


@pytest.fixture(scope="module")
def browser_type_launch_args() -> dict:
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser_type(playwright: Playwright) -> BrowserType:
    return playwright.chromium


@pytest.fixture(scope="module")
def launch_browser(browser_type_launch_args: dict, browser_type: BrowserType):
    def launch(**kwargs) -> Browser:
        return browser_type.launch(**(browser_type_launch_args | kwargs))

    return launch


@pytest.fixture(scope="module")
def browser(launch_browser) -> Iterator[Browser]:
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def browser_context_args() -> dict:
    return {"locale": "fi-FI", "timezone_id": "Europe/Helsinki", "viewport": VIEWPORTS["desktop"]}


@dataclass
class RunningService:
    """The service a browser module talks to, with its mail server and accounts."""

    process: ServiceProcess
    mail: MailSink

    @property
    def url(self) -> str:
        return self.process.url


@pytest.fixture(scope="module")
def service(request, tmp_path_factory, built_site: Path) -> Iterator[RunningService]:
    """The real service under gunicorn with a moderator and an admin, one per module; a module
    may add settings in ``SERVICE_SETTINGS``."""
    with MailSink() as mail:
        process = ServiceProcess(
            tmp_path_factory.mktemp("browser-service"),
            built_site,
            smtp_port=mail.port,
            workers=2,
            settings=BROWSER_SETTINGS | getattr(request.module, "SERVICE_SETTINGS", {}),
        )
        process.add_moderator(*MODERATOR, role="moderator")
        process.add_moderator(*ADMIN, role="admin")
        with process:
            yield RunningService(process, mail)
