"""What a reader meets on first use (issue #13, points 1-9), in Debian's chromium against the
real service, with and without JavaScript. The service keeps the form's real minimum age, so a
plain form post proves that no form token and no second press are needed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from comments import store

pytestmark = pytest.mark.browser

SERVICE_SETTINGS = {"FORM_MIN_SECONDS": 3, "PUBLISH_FULL_BUILD": False}
SLUG = "asiakaspalautteen-kasittely"
BODY = (
    "Luin tämän kahdesti. Meillä asiakaspalautteen käsittely parani, kun jokainen palaute "
    "kirjattiin yhteen paikkaan ja sille nimettiin vastuuhenkilö."
)


@pytest.fixture
def plain_page(browser, browser_context_args) -> Page:
    """A reader without JavaScript."""
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def enhanced_page(browser, browser_context_args) -> Page:
    """A reader with JavaScript."""
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


def textbox(page: Page, name: str):
    return page.get_by_role("textbox", name=name)


def fill_form(page: Page, name: str, email: str, body: str = BODY) -> None:
    textbox(page, "Nimi").fill(name)
    textbox(page, "Sähköposti").fill(email)
    textbox(page, "Kommentti").fill(body)


def send(page: Page) -> None:
    page.get_by_role("button", name="Lähetä kommentti").click()


def stored(service, email: str) -> list[dict]:
    db = store.connect(service.process.database, readonly=True)
    try:
        return store.comments_by_email(db, email)
    finally:
        db.conn.close()


# --- 1. the plain form takes a comment on the first press ---------------------------------------


def test_without_javascript_one_press_takes_the_comment(plain_page: Page, service):
    plain_page.goto(f"{service.url}/{SLUG}/")
    fill_form(plain_page, "Ville Nieminen", "ville.nieminen@lukijat-vastine.fi")
    send(plain_page)
    plain_page.wait_for_url(f"**/{SLUG}/#kiitos-vahvista")
    expect(plain_page.locator("#kiitos-vahvista")).to_be_visible()
    assert [c["status"] for c in stored(service, "ville.nieminen@lukijat-vastine.fi")] == [
        "pending"
    ]
    assert service.mail.to("ville.nieminen@lukijat-vastine.fi", timeout=10)


def test_without_javascript_the_policy_refuses_on_the_first_press(plain_page: Page, service):
    plain_page.goto(f"{service.url}/{SLUG}/")
    fill_form(plain_page, "Ville Nieminen", "ville@mailinator.com")
    send(plain_page)
    expect(plain_page.locator("#virhe-email")).to_be_visible()
    expect(plain_page.locator("#lomake-virhe")).not_to_contain_text("uudelleen")
    expect(textbox(plain_page, "Kommentti")).to_have_value(BODY)
    assert stored(service, "ville@mailinator.com") == []
