"""The service's own pages in Debian's chromium: the no-JS form round trip (the static form has no
token, the service's page hands one out), and every public page free of serious accessibility
problems and of Content-Security-Policy violations (the CSP allows no inline code)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright
from service_process import MailSink, ServiceProcess

from comments import store

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
EMAIL = "sanni.virtanen@esimerkki.fi"
CONFIRM_LINK = re.compile(r"http://127\.0\.0\.1:\d+(/kommentit/vahvista/\S+)")
PRIVACY_LINK = re.compile(r"http://127\.0\.0\.1:\d+(/kommentit/omat-tiedot/\S+)")


@pytest.fixture(scope="module")
def mail() -> Iterator[MailSink]:
    with MailSink() as sink:
        yield sink


@pytest.fixture(scope="module")
def service(tmp_path_factory, built_site, mail) -> Iterator[ServiceProcess]:
    root = tmp_path_factory.mktemp("pages")
    settings = {"FORM_MIN_SECONDS": 0, "PUBLISH_FULL_BUILD": False}
    with ServiceProcess(root, built_site, smtp_port=mail.port, workers=1, settings=settings) as svc:
        yield svc


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="fi-FI", timezone_id="Europe/Helsinki")
    # The reader without JavaScript: the site's enhancement never loads (axe still can run).
    context.route("**/theme/js/*.js", lambda route: route.abort())
    page = context.new_page()
    page.csp_problems = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda message: (
            page.csp_problems.append(message.text)  # type: ignore[attr-defined]
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()


def check_page(page: Page) -> None:
    """No serious axe-core violations, no CSP violations, the theme's stylesheet applied."""
    results = Axe().run(page)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert problems == [], page.url
    assert page.csp_problems == [], page.url  # type: ignore[attr-defined]
    skip_link = page.locator(".skip-link")  # positioned by the theme's stylesheet
    assert skip_link.evaluate("e => getComputedStyle(e).position") == "absolute", page.url


def test_no_js_comment_round_trip_and_confirmation(page: Page, service, mail, article_slugs):
    slug = article_slugs[0]
    page.goto(f"{service.url}/{slug}/")
    page.get_by_role("textbox", name="Nimi").fill("Sanni Virtanen")
    page.get_by_role("textbox", name="Sähköposti").fill(
        "sanni.virtanen@esimerkki"
    )  # the browser accepts it
    page.get_by_role("textbox", name="Kommentti").fill(
        "Selkeä kirjoitus. Meillä kävi samoin, kun kartoitimme asiakaspolun ensimmäistä kertaa."
    )
    page.get_by_role("button", name="Lähetä kommentti").click()

    page.wait_for_url(f"{service.url}/api/comments")
    assert "Tarkista sähköpostiosoite" in page.locator("#virhe-email").inner_text()
    assert page.get_by_role("textbox", name="Nimi").input_value() == "Sanni Virtanen"
    check_page(page)

    page.get_by_role("textbox", name="Sähköposti").fill(EMAIL)
    page.get_by_role("button", name="Lähetä kommentti").click()
    page.wait_for_url(f"**/{slug}/#kiitos-vahvista")

    [message] = mail.to(EMAIL, timeout=10)
    path = CONFIRM_LINK.search(message.get_content()).group(1)
    page.goto(service.url + path)
    check_page(page)
    page.get_by_role("button", name="Vahvista osoite").click()
    assert "Kiitos, osoite on vahvistettu!" in page.locator("h1").inner_text()
    check_page(page)
    db = store.connect(service.database, readonly=True)
    try:
        assert store.get_commenter(db, EMAIL)["confirmed_at"]
    finally:
        db.close()


def test_privacy_pages(page: Page, service, mail, article_slugs):
    address = "pirkko.laine@esimerkki.fi"
    db = service.connect()
    try:
        store.add_comment(
            db,
            article=article_slugs[1],
            name="Pirkko Laine",
            email=address,
            body="Kommentti, jonka haluan nähdä.",
            html="<p>Kommentti, jonka haluan nähdä.</p>",
            status="pending",
        )
    finally:
        db.close()
    page.goto(f"{service.url}/kommentit/omat-tiedot/")
    check_page(page)
    page.get_by_role("textbox", name="Sähköposti").fill(address)
    page.get_by_role("button", name="Lähetä linkki").click()
    assert "Tarkista sähköpostisi" in page.locator("h1").inner_text()
    check_page(page)
    [message] = mail.to(address, timeout=10)
    page.goto(service.url + PRIVACY_LINK.search(message.get_content()).group(1))
    assert "Omat kommenttini" in page.locator("h1").inner_text()
    assert "Kommentti, jonka haluan nähdä." in page.locator("main").inner_text()
    check_page(page)


def test_form_page_and_error_pages(page: Page, service, article_slugs):
    page.goto(f"{service.url}/kommentit/{article_slugs[0]}/uusi")
    check_page(page)
    page.goto(f"{service.url}/kommentit/vahvista/vanhentunut")
    assert "Vahvistuslinkki ei kelpaa" in page.locator("h1").inner_text()
    check_page(page)
