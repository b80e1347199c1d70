"""A reader and a moderator in Debian's chromium against the real service and the built site:
commenting with and without JavaScript, confirming by mail, moderating, threading, errors,
keyboard-only use, axe-core, and screenshots for review.

The tests of this module share one service and run in order: the moderator approves what the
readers wrote before.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import ADMIN, VIEWPORTS, log_in, screenshot
from playwright.sync_api import BrowserContext, Page, expect

from comments import store

pytestmark = pytest.mark.browser

SLUG = "asiakaspalautteen-kasittely"
READER = {
    "name": "Aino Lehtinen",
    "email": "aino.lehtinen@lukijat-vastine.fi",
    "body": (
        "Helvetin hyvä jäsennys. Meillä palautteen käsittely nopeutui, kun jokainen palaute sai "
        "omistajan ja asiakkaalle kerrottiin, mitä hänen palautteelleen tapahtui."
    ),
}
NO_JS_READER = {
    "name": "Eero Korhonen",
    "email": "eero.korhonen@lukijat-vastine.fi",
    "body": (
        "Kirjoitan ilman JavaScriptiä. Palautteen luokittelu auttoi meitä, koska samat "
        "ongelmat toistuivat eri kanavissa eri sanoin."
    ),
}
REPLY = (
    "Samaa mieltä. Esimerkiksi meillä omistajuus ratkaisi sen, ettei palaute jäänyt "
    "kenenkään pöydälle."
)
KEYBOARD_READER = {
    "name": "Helmi Virtanen",
    "email": "helmi.virtanen@lukijat-vastine.fi",
    "body": "Kirjoitin tämän pelkällä näppäimistöllä. Lomake toimi hyvin ilman hiirtä.",
}
ASK_TO_CONFIRM = "Kiitos! Vahvista vielä sähköpostiosoitteesi"
CONFIRM_LINK = re.compile(r"http://127\.0\.0\.1:\d+/kommentit/vahvista/\S+")


@pytest.fixture(scope="module")
def reader(browser, browser_context_args) -> BrowserContext:
    """The reader's browser (with JavaScript), kept for the whole module: cookies persist."""
    context = browser.new_context(**browser_context_args)
    yield context
    context.close()


@pytest.fixture(scope="module")
def moderator(browser, browser_context_args, service) -> Page:
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    log_in(page, service.url)
    yield page
    context.close()


def article_url(service) -> str:
    return f"{service.url}/{SLUG}/"


def textbox(page: Page, name: str):
    return page.get_by_role("textbox", name=name)


def wait_for_form_token(page: Page) -> None:
    """The enhanced form fetches its token after the page has loaded; a reader is slower."""
    expect(page.locator("#kommenttilomake input[name=form_token]")).not_to_have_value("")


def fill_form(page: Page, values: dict[str, str]) -> None:
    textbox(page, "Nimi").fill(values["name"])
    textbox(page, "Sähköposti").fill(values["email"])
    textbox(page, "Kommentti").fill(values["body"])


def confirm_by_mail(page: Page, service, address: str) -> None:
    """Open the link of the confirmation mail and press the button, as the reader would."""
    messages = service.mail.to(address, timeout=10)
    assert messages, f"no confirmation mail to {address}"
    message = messages[-1]
    assert message["Subject"].startswith("Vahvista sähköpostiosoitteesi")
    link = CONFIRM_LINK.search(message.get_content())
    assert link, message.get_content()
    page.goto(link.group(0))
    page.get_by_role("button", name="Vahvista osoite").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiitos, osoite on vahvistettu!")


def stored(service, email: str) -> list[dict]:
    db = store.connect(service.process.database, readonly=True)
    try:
        return store.comments_by_email(db, email)
    finally:
        db.close()


def axe_problems(page: Page) -> list[str]:
    """Serious and critical axe-core violations on the page, one line each."""
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"{[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


# --- readers -------------------------------------------------------------------------------------


def test_reader_comments_with_javascript_and_confirms(reader: BrowserContext, service):
    page = reader.new_page()
    page.goto(article_url(service))
    wait_for_form_token(page)
    fill_form(page, READER)
    page.get_by_role("button", name="Lähetä kommentti").click()
    # "Helvetin" is shown to the reader first; they keep it and send it anyway.
    expect(page.locator("#lomake-tarkistus mark")).to_have_text("Helvetin")
    assert stored(service, READER["email"]) == []
    page.get_by_role("button", name="Lähetä silti moderaattorille").click()
    expect(page.locator("#lomake-tila")).to_contain_text(ASK_TO_CONFIRM)
    expect(page.locator("#lomake-tarkistus")).to_have_count(0)
    expect(textbox(page, "Nimi")).to_have_value("")

    [comment] = stored(service, READER["email"])
    assert comment["status"] == "pending"
    assert comment["body"] == READER["body"]
    confirm_by_mail(page, service, READER["email"])
    assert stored(service, READER["email"])[0]["email_confirmed_at"]
    page.close()


def test_reader_comments_without_javascript_and_confirms(browser, browser_context_args, service):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.goto(article_url(service))
    fill_form(page, NO_JS_READER)
    # The static page has no form token, and needs none: one press takes the comment.
    page.get_by_role("button", name="Lähetä kommentti").click()

    page.wait_for_url(f"**/{SLUG}/#kiitos-vahvista")
    expect(page.locator("#kiitos-vahvista")).to_be_visible()
    expect(page.locator("#kiitos-vahvista")).to_contain_text(ASK_TO_CONFIRM)
    expect(page.locator("#kiitos")).to_be_hidden()
    assert [c["status"] for c in stored(service, NO_JS_READER["email"])] == ["pending"]
    confirm_by_mail(page, service, NO_JS_READER["email"])
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_bad_submission_shows_the_error_next_to_the_field(
    browser, browser_context_args, service, javascript: bool
):
    context = browser.new_context(**browser_context_args, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(article_url(service))
    # Valid for the browser's own check (type=email), not for the service: no dot in the domain.
    values = READER | {"email": "aino.lehtinen@lukijat", "name": "Aino Virheellinen"}
    fill_form(page, values)
    page.get_by_role("button", name="Lähetä kommentti").click()
    assert_email_error_shown(page, values)
    if javascript:
        # axe needs JavaScript, so the server-rendered error page is checked from here: the
        # form's native submit skips the enhancement, exactly as without JavaScript.
        assert axe_problems(page) == [], "the enhanced form in its error state"
        with page.expect_navigation():
            page.evaluate("document.getElementById('kommenttilomake').submit()")
        assert_email_error_shown(page, values)
        assert axe_problems(page) == [], "the form page in its error state"
    assert stored(service, values["email"]) == []
    context.close()


def assert_email_error_shown(page: Page, values: dict[str, str]) -> None:
    """The Finnish error is next to the email field, tied to it, and nothing typed is lost."""
    error = page.locator("#lomake-email ~ #virhe-email")
    expect(error).to_have_text(
        "Tarkista sähköpostiosoite: sen pitää olla muotoa nimi@esimerkki.fi."
    )
    email_field = textbox(page, "Sähköposti")
    expect(email_field).to_have_attribute("aria-invalid", "true")
    expect(email_field).to_have_attribute("aria-describedby", re.compile(r"virhe-email"))
    expect(email_field).to_have_value(values["email"])
    expect(textbox(page, "Nimi")).to_have_value(values["name"])
    expect(textbox(page, "Kommentti")).to_have_value(values["body"])


# --- the moderator --------------------------------------------------------------------------------


def test_moderator_finds_the_comment_with_findings_and_approves(moderator: Page, service):
    [comment] = stored(service, READER["email"])
    moderator.goto(f"{service.url}/moderointi/")
    item = moderator.locator(f"article#kommentti-{comment['id']}")
    expect(item).to_contain_text(READER["name"])
    expect(item).to_contain_text("vahvistettu")
    expect(item.get_by_role("heading", name="Havainnot")).to_be_visible()
    # A mild word is a finding for the moderator, not a refusal for the reader.
    expect(item.locator(".findings")).to_contain_text("civility.vulgar")
    expect(item.locator(".findings")).to_contain_text("Alatyylistä kieltä")
    expect(item.locator(".preview")).to_contain_text("palautteen käsittely nopeutui")
    assert axe_problems(moderator) == [], "the moderator queue"
    item.get_by_role("button", name="Hyväksy").click()
    expect(moderator.locator(f"article#kommentti-{comment['id']}")).to_have_count(0)
    assert stored(service, READER["email"])[0]["status"] == "approved"


def test_reader_sees_the_comment_and_a_reply_threads_under_it(
    reader: BrowserContext, moderator: Page, service
):
    [parent] = stored(service, READER["email"])
    page = reader.new_page()
    page.goto(article_url(service))
    published = page.locator(f"#kommentti-{parent['id']}")
    expect(published).to_contain_text("palautteen käsittely nopeutui")
    expect(published.locator(".comment__author")).to_have_text(READER["name"])
    assert READER["email"] not in page.content()

    wait_for_form_token(page)
    published.get_by_role("link", name=re.compile("^Vastaa")).click()
    expect(page.locator("#vastaus-kohde")).to_contain_text(READER["name"])
    fill_form(page, READER | {"body": REPLY})
    page.get_by_role("button", name="Lähetä kommentti").click()
    expect(page.locator("#lomake-tila")).to_contain_text("Kiitos! Kommenttisi odottaa moderointia")
    reply = next(c for c in stored(service, READER["email"]) if c["body"] == REPLY)
    assert reply["parent_id"] == parent["id"]
    assert reply["status"] == "pending"  # this browser confirmed the address already

    moderator.goto(f"{service.url}/moderointi/")
    moderator.locator(f"article#kommentti-{reply['id']}").get_by_role(
        "button", name="Hyväksy"
    ).click()
    expect(moderator.locator(f"article#kommentti-{reply['id']}")).to_have_count(0)

    page.reload()
    threaded = page.locator(
        f"li:has(> #kommentti-{parent['id']}) > ol.comment-list--replies #kommentti-{reply['id']}"
    )
    expect(threaded).to_contain_text("omistajuus ratkaisi")
    assert axe_problems(page) == [], "the article with comments"
    for name, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        screenshot(page, f"article-{name}")
    page.close()


def test_reply_without_javascript_threads_under_its_parent(
    browser, browser_context_args, moderator: Page, service
):
    [parent] = stored(service, READER["email"])[:1]
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.goto(article_url(service))
    page.locator(f"#kommentti-{parent['id']}").get_by_role(
        "link", name=re.compile("^Vastaa")
    ).click()
    # The service's own form page, with the comment being answered named.
    expect(page.locator("#vastaus-kohde")).to_contain_text(READER["name"])
    body = "Vastaan ilman JavaScriptiä: sama havainto, palautteen omistaja ratkaisi paljon."
    fill_form(page, NO_JS_READER | {"body": body})
    page.get_by_role("button", name="Lähetä kommentti").click()
    page.wait_for_url(f"**/{SLUG}/#kiitos")
    expect(page.locator("#kiitos")).to_be_visible()
    reply = next(c for c in stored(service, NO_JS_READER["email"]) if c["body"] == body)
    assert reply["parent_id"] == parent["id"]

    moderator.goto(f"{service.url}/moderointi/")
    moderator.locator(f"article#kommentti-{reply['id']}").get_by_role(
        "button", name="Hyväksy"
    ).click()
    expect(moderator.locator(f"article#kommentti-{reply['id']}")).to_have_count(0)
    page.goto(article_url(service))
    expect(
        page.locator(
            f"li:has(> #kommentti-{parent['id']}) > ol.comment-list--replies "
            f"#kommentti-{reply['id']}"
        )
    ).to_contain_text("palautteen omistaja")
    context.close()


def test_queue_screenshots_and_index_accessibility(moderator: Page, service):
    assert "pending" in [c["status"] for c in stored(service, NO_JS_READER["email"])]
    moderator.goto(f"{service.url}/moderointi/")
    expect(moderator.locator("article.queue-item")).not_to_have_count(0)
    for name, size in VIEWPORTS.items():
        moderator.set_viewport_size(size)
        screenshot(moderator, f"queue-{name}")
    moderator.set_viewport_size(VIEWPORTS["desktop"])
    moderator.goto(f"{service.url}/")
    assert axe_problems(moderator) == [], "the index"


# --- keyboard only -------------------------------------------------------------------------------


def test_keyboard_only_comment_and_approval(browser, browser_context_args, service):
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.goto(article_url(service))
    wait_for_form_token(page)
    tab_to(page, "#lomake-name")
    page.keyboard.type(KEYBOARD_READER["name"])
    page.keyboard.press("Tab")
    page.keyboard.type(KEYBOARD_READER["email"])
    tab_to(page, "#lomake-body")
    page.keyboard.type(KEYBOARD_READER["body"])
    tab_to(page, "#kommenttilomake button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#lomake-tila")).to_contain_text(ASK_TO_CONFIRM)
    [comment] = stored(service, KEYBOARD_READER["email"])

    page.goto(f"{service.url}/moderointi/kirjaudu")
    expect(page.locator("#username")).to_be_focused()  # autofocus: no Tab needed
    page.keyboard.type(ADMIN[0])
    page.keyboard.press("Tab")
    page.keyboard.type(ADMIN[1])
    page.keyboard.press("Enter")
    page.wait_for_url(f"{service.url}/moderointi/")
    # The address is not confirmed, so the comment waits under its own filter (issue #13).
    tab_to(page, 'a.count-link[href="/moderointi/?tila=unconfirmed"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"{service.url}/moderointi/?tila=unconfirmed")
    tab_to(page, f"#ohita-{comment['id']}")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert _focused(page) == f"approve:{comment['id']}"
    page.keyboard.press("Enter")
    expect(page.locator(f"article#kommentti-{comment['id']}")).to_have_count(0)
    assert stored(service, KEYBOARD_READER["email"])[0]["status"] == "approved"
    context.close()


def tab_to(page: Page, selector: str, limit: int = 400) -> None:
    """Press Tab until the element matching ``selector`` has focus (and is visibly focused)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            outline = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; }"
            )
            assert outline, f"{selector} has focus but no visible focus indicator"
            return
    raise AssertionError(f"Tab never reached {selector}")


def _focused(page: Page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement; const f = e.closest('article');"
        " return (e.value || e.id) + ':' + (f ? f.dataset.commentId : ''); }"
    )
