"""What a reader meets on first use (issue #13, points 1-9), in Debian's chromium against the
real service, with and without JavaScript."""

from __future__ import annotations

import pytest
import requests
from browsing import CHROMIUM_ARGS
from playwright.sync_api import Page, expect

from comments import store

pytestmark = pytest.mark.browser

# Rate limits on (one address: three tries an hour); no test but the 429 one sends more.
SERVICE_SETTINGS = {
    "PUBLISH_FULL_BUILD": False,
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_SUBMIT_PER_IP": "1000 per hour",
    "RATELIMIT_SUBMIT_PER_EMAIL": "3 per hour",
}
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
        db.close()


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


# --- 5. what the policy found is shown before anything is stored --------------------------------

RUDE = "Tämä on ihan paskaa. " + BODY


def test_with_javascript_the_reader_sees_the_word_and_edits_it_away(enhanced_page: Page, service):
    page = enhanced_page
    email = "sari.laine@lukijat-vastine.fi"
    page.goto(f"{service.url}/{SLUG}/")
    fill_form(page, "Sari Laine", email, RUDE)
    send(page)
    review = page.locator("#lomake-tarkistus")
    expect(review.locator("mark")).to_have_text("paskaa")
    expect(review).to_contain_text("Kritiikki on tervetullutta")
    expect(review.get_by_role("link", name="Lue kommentointiohjeet")).to_have_attribute(
        "href", "/sivut/kommentointiohjeet/"
    )
    expect(review).to_be_focused()
    assert stored(service, email) == []
    # Enter in a field presses the form's own button, never "send anyway": reviewed again.
    with page.expect_response(f"{service.url}/api/comments") as answer:
        textbox(page, "Nimi").press("Enter")
    assert answer.value.status == 422
    expect(review.locator("mark")).to_have_text("paskaa")
    assert stored(service, email) == []
    textbox(page, "Kommentti").fill(BODY)  # the reader edits the word away
    send(page)
    expect(page.locator("#lomake-tila")).to_contain_text("Kiitos!")
    expect(page.locator("#lomake-tarkistus")).to_have_count(0)
    [comment] = stored(service, email)
    assert comment["body"] == BODY


def test_without_javascript_the_reader_sends_it_anyway(plain_page: Page, service):
    page = plain_page
    email = "oskari.salo@lukijat-vastine.fi"
    page.goto(f"{service.url}/{SLUG}/")
    fill_form(page, "Oskari Salo", email, RUDE)
    send(page)
    expect(page.locator("#lomake-tarkistus mark")).to_have_text("paskaa")
    expect(textbox(page, "Kommentti")).to_have_value(RUDE)
    assert stored(service, email) == []
    page.get_by_role("button", name="Lähetä silti moderaattorille").click()
    page.wait_for_url(f"**/{SLUG}/#kiitos-vahvista")
    [comment] = stored(service, email)
    codes = [finding["code"] for finding in comment["findings"]]
    assert "civility.vulgar" in codes and "review.sent_anyway" in codes


# --- 2. the limit is shown and counted, nothing is cut -----------------------------------------

LONG = ("Palautteen käsittely vaatii omistajan. " * 140).strip()  # over 5,000 characters


def test_without_javascript_a_long_comment_is_kept_and_told(plain_page: Page, service):
    page = plain_page
    email = "pitka.kommentti@lukijat-vastine.fi"
    page.goto(f"{service.url}/{SLUG}/")
    expect(page.locator("#ohje-body")).to_contain_text("Enintään 5000 merkkiä")
    fill_form(page, "Pia Pitkänen", email, LONG)
    expect(textbox(page, "Kommentti")).to_have_value(LONG)  # nothing cut while typing
    send(page)
    expect(page.locator("#lomake-body ~ #virhe-body")).to_have_text(
        f"Kommentti on liian pitkä: siinä on {len(LONG)} merkkiä, enintään 5000 mahtuu."
    )
    expect(textbox(page, "Kommentti")).to_have_value(LONG)
    assert stored(service, email) == []


def test_with_javascript_the_count_is_live_and_polite(enhanced_page: Page, service):
    page = enhanced_page
    email = "pitka.kommentti@lukijat-vastine.fi"
    page.goto(f"{service.url}/{SLUG}/")
    count = page.locator("#laskuri-body")
    expect(count).to_have_attribute("aria-live", "polite")
    textbox(page, "Kommentti").fill("Lyhyt.")
    expect(count).to_have_text("6 / 5000 merkkiä")
    fill_form(page, "Pia Pitkänen", email, LONG)
    expect(count).to_have_text(f"{len(LONG)} / 5000 merkkiä – {len(LONG) - 5000} liikaa")
    send(page)
    expect(page.locator("#virhe-body")).to_contain_text(f"siinä on {len(LONG)} merkkiä")
    expect(textbox(page, "Kommentti")).to_have_value(LONG)
    assert stored(service, email) == []


# --- 3. Finnish field errors, also in a browser whose interface is English ---------------------


@pytest.fixture(scope="module")
def english_browser(launch_browser):
    browser = launch_browser(args=[*CHROMIUM_ARGS, "--lang=en-US"])
    yield browser
    browser.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_empty_and_bad_fields_get_finnish_messages_next_to_them(
    english_browser, service, javascript: bool
):
    context = english_browser.new_context(locale="en-US", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{service.url}/{SLUG}/")
    textbox(page, "Verkkosivu (vapaaehtoinen)").fill("Kernel.exit(1)")
    send(page)
    expect(page.locator("#lomake-name ~ #virhe-name")).to_have_text(
        "Kirjoita nimesi: etu- ja sukunimi tai tunnistettu nimimerkki."
    )
    expect(page.locator("#lomake-email ~ #virhe-email")).to_contain_text(
        "Kirjoita sähköpostiosoitteesi"
    )
    expect(page.locator("#lomake-website ~ #virhe-website")).to_contain_text(
        "joita siinä ei voi olla: ( )"
    )
    expect(page.locator("#lomake-body ~ #virhe-body")).to_have_text("Kirjoita kommenttisi.")
    expect(textbox(page, "Verkkosivu (vapaaehtoinen)")).to_have_value("Kernel.exit(1)")
    assert "Please" not in page.locator("#kommenttilomake").inner_text()
    context.close()


# --- 4. a website that is not an address is refused with the reason ---------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_website_with_a_space_is_refused_with_the_reason(
    browser, browser_context_args, service, javascript: bool
):
    context = browser.new_context(**browser_context_args, java_script_enabled=javascript)
    page = context.new_page()
    email = "verkkosivu@lukijat-vastine.fi"
    page.goto(f"{service.url}/{SLUG}/")
    fill_form(page, "Veera Virtanen", email)
    textbox(page, "Verkkosivu (vapaaehtoinen)").fill("https://veeran sivu.fi")
    send(page)
    expect(page.locator("#virhe-website")).to_contain_text("osoitteessa on välilyönti")
    assert stored(service, email) == []
    context.close()


# --- 7. one confirmation mail per address per ten minutes, and the reader is told -------------


def test_a_second_comment_waits_for_the_same_link(plain_page: Page, enhanced_page: Page, service):
    email = "toistuva.kommentoija@lukijat-vastine.fi"
    plain_page.goto(f"{service.url}/{SLUG}/")
    fill_form(plain_page, "Tuula Toivonen", email)
    send(plain_page)
    plain_page.wait_for_url(f"**/{SLUG}/#kiitos-vahvista")
    plain_page.goto(f"{service.url}/{SLUG}/")
    fill_form(plain_page, "Tuula Toivonen", email, "Vielä lisäys: " + BODY)
    send(plain_page)
    plain_page.wait_for_url(f"**/{SLUG}/#kiitos-odottaa")
    expect(plain_page.locator("#kiitos-odottaa")).to_be_visible()
    expect(plain_page.locator("#kiitos-vahvista")).to_be_hidden()
    enhanced_page.goto(f"{service.url}/{SLUG}/")
    fill_form(enhanced_page, "Tuula Toivonen", email, "Kolmas ajatus: " + BODY)
    send(enhanced_page)
    expect(enhanced_page.locator("#lomake-tila")).to_contain_text("odottaa samaa vahvistusta")
    assert len(stored(service, email)) == 3
    assert len(service.mail.to(email, timeout=10)) == 1


# --- 6. a rate limit says how long to wait, and the form keeps the text -----------------------


def test_a_rate_limit_tells_the_wait_and_keeps_the_text(
    plain_page: Page, enhanced_page: Page, service
):
    email = "kiireinen@lukijat-vastine.fi"
    for _ in range(3):  # three tries (empty comments, refused) use up the address's hour
        tried = requests.post(
            f"{service.url}/api/comments",
            json={"name": "Kalle Kiireinen", "email": email, "body": "", "article": SLUG},
            timeout=30,
        )
        assert tried.status_code == 422
    plain_page.goto(f"{service.url}/{SLUG}/")
    fill_form(plain_page, "Kalle Kiireinen", email)
    with plain_page.expect_response(f"{service.url}/api/comments") as answer:
        send(plain_page)
    assert answer.value.status == 429
    assert 3500 < int(answer.value.headers["retry-after"]) <= 3600
    expect(plain_page.locator("#lomake-virhe")).to_contain_text("Odota 1 tunti")
    expect(textbox(plain_page, "Kommentti")).to_have_value(BODY)
    expect(textbox(plain_page, "Sähköposti")).to_have_value(email)

    enhanced_page.goto(f"{service.url}/{SLUG}/")
    fill_form(enhanced_page, "Kalle Kiireinen", email)
    send(enhanced_page)
    expect(enhanced_page.locator("#lomake-virhe")).to_contain_text("Odota 1 tunti")
    expect(textbox(enhanced_page, "Kommentti")).to_have_value(BODY)
    assert stored(service, email) == []


# --- 9. Finnish error pages, with the favicon -----------------------------------------------------


def test_an_unknown_address_gets_a_finnish_page(english_browser, service):
    context = english_browser.new_context(locale="en-US", java_script_enabled=False)
    page = context.new_page()
    response = page.goto(f"{service.url}/kommentit/ei-tallaista-sivua")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Sivua ei löytynyt")
    expect(page.locator("link[rel=icon]")).to_have_attribute("href", "/theme/favicon.svg")
    assert page.request.get(f"{service.url}/theme/favicon.svg").ok
    context.close()
