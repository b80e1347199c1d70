"""A trusted commenter in Debian's chromium, with AUTO_APPROVE_TRUSTED on: the comment is on the
article page as soon as it is sent, with and without JavaScript."""

from __future__ import annotations

import pytest
from comment_fixtures import commenter_with_history
from playwright.sync_api import expect

from comments import store

pytestmark = pytest.mark.browser

SERVICE_SETTINGS = {"AUTO_APPROVE_TRUSTED": True, "TRUSTED_MIN_APPROVED": 1}
SLUG = "asiakaspalautteen-kasittely"
COMMENTER = {"name": "Outi Salminen", "email": "outi.salminen@lukijat-vastine.fi"}


@pytest.fixture(scope="module", autouse=True)
def trusted(service) -> None:
    """The commenter has proven her address and has one comment approved by a moderator."""
    commenter_with_history(service.process.database, "approved", article=SLUG, **COMMENTER)


def send(page, body: str) -> None:
    page.get_by_role("textbox", name="Nimi").fill(COMMENTER["name"])
    page.get_by_role("textbox", name="Sähköposti").fill(COMMENTER["email"])
    page.get_by_role("textbox", name="Kommentti").fill(body)
    page.get_by_role("button", name="Lähetä kommentti").click()


def newest_comment(service) -> dict:
    db = store.connect(service.process.database, readonly=True)
    try:
        return store.comments_by_email(db, COMMENTER["email"])[-1]
    finally:
        db.close()


def test_with_javascript_the_page_shows_the_comment(browser, browser_context_args, service):
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.goto(f"{service.url}/{SLUG}/")
    expect(page.locator("#kommenttilomake input[name=form_token]")).not_to_have_value("")
    body = "Toinen kommenttini: kanavien yhdistäminen auttoi, koska asiakas kertoi asiansa kerran."

    send(page, body)

    page.wait_for_url(f"**/{SLUG}/#kommentti-*")
    comment = newest_comment(service)
    assert page.url.endswith(f"/{SLUG}/#kommentti-{comment['id']}")
    assert comment["status"] == "approved" and comment["body"] == body
    published = page.locator(f"#kommentti-{comment['id']}")
    expect(published).to_contain_text(body)
    expect(published).to_be_in_viewport()
    context.close()


def test_without_javascript_the_redirect_shows_the_comment(browser, browser_context_args, service):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{service.url}/{SLUG}/")
    body = "Kolmas kommenttini ilman JavaScriptiä: jonotusajan näyttäminen rauhoitti asiakkaita."

    send(page, body)  # one press: the plain form needs no form token

    page.wait_for_url(f"**/{SLUG}/#kommentti-*")
    comment = newest_comment(service)
    assert page.url.endswith(f"/{SLUG}/#kommentti-{comment['id']}")
    assert comment["status"] == "approved" and comment["body"] == body
    expect(page.locator(f"#kommentti-{comment['id']}")).to_contain_text(body)
    context.close()
