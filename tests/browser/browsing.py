"""What the browser tests share: chromium's settings, accounts, viewports and page helpers."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from comments import PROJECT_ROOT

SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MODERATOR = ("moderaattori", "moderaattorin-salasana-1")
ADMIN = ("paakayttaja", "paakayttajan-salasana-1")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Rate limits and the form token's minimum age are proven in tests/test_attacks.py.
BROWSER_SETTINGS = {"RATELIMIT_ENABLED": False, "FORM_MIN_SECONDS": 0}


def log_in(page: Page, url: str, account: tuple[str, str] = MODERATOR) -> None:
    """Log in through the login form, as a moderator would."""
    page.goto(f"{url}/moderointi/kirjaudu")
    page.get_by_label("Käyttäjätunnus").fill(account[0])
    page.get_by_label("Salasana").fill(account[1])
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url(f"{url}/moderointi/")


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot in artifacts/screenshots/ for people to review."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
