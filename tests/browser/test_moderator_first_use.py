"""What a moderator meets on first use (issue #13), in Debian's chromium against the real service
under gunicorn: logging out ends the session on the server, "Poista" asks first (without
JavaScript too), bulk actions reach every matching comment after a confirmation and report each
outcome in its own colour, unconfirmed comments wait under their own filter, and the audit log
and the finding filter speak Finnish."""

from __future__ import annotations

import pytest
from browsing import MODERATOR, log_in
from playwright.sync_api import Page, expect

from comments import store
from comments.render import render_comment

pytestmark = pytest.mark.browser

SERVICE_SETTINGS = {"PUBLISH_FULL_BUILD": False}
BULK_ARTICLE = "nps-ja-sen-rajat"
OTHER_ARTICLE = "asiakaspolun-kartoitus"


def add_comments(service, count: int, article: str, *, confirmed: bool = True, **fields) -> list:
    """Pending comments straight into the service's store, each from its own commenter."""
    db = service.process.connect()
    try:
        ids = []
        for number in range(count):
            email = f"{article}.{number}.{confirmed}@lukijat-vastine.fi"
            body = fields.get("body", f"Selainkokeen kommentti {number} artikkeliin {article}.")
            ids.append(
                store.add_comment(
                    db,
                    article=article,
                    name=fields.get("name", f"Kommentoija Numero{number}"),
                    email=email,
                    body=body,
                    html=render_comment(body),
                    status="pending",
                    findings=fields.get("findings", []),
                )
            )
            if confirmed:
                store.confirm_email(db, email)
        return ids
    finally:
        db.close()


def status_of(service, comment_id: int) -> str | None:
    db = service.process.connect()
    try:
        row = store.get_comment(db, comment_id)
        return row["status"] if row else None
    finally:
        db.close()


@pytest.fixture
def moderator(browser, browser_context_args, service) -> Page:
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    log_in(page, service.url, MODERATOR)
    yield page
    context.close()


def test_a_copied_session_cookie_is_refused_after_logout(browser, browser_context_args, service):
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    log_in(page, service.url, MODERATOR)
    copied = context.cookies()
    assert any(cookie["name"] == "session" for cookie in copied)
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.locator(".messages")).to_contain_text("Olet kirjautunut ulos")

    thief = browser.new_context(**browser_context_args)
    thief.add_cookies(copied)
    stolen = thief.new_page()
    stolen.goto(f"{service.url}/moderointi/")
    expect(stolen).to_have_url(f"{service.url}/moderointi/kirjaudu?next=/moderointi/")
    expect(stolen.get_by_role("button", name="Kirjaudu sisään")).to_be_visible()
    thief.close()
    context.close()


def test_empty_forms_get_the_services_finnish_messages(moderator, service):
    """The browser's own validation bubbles would be in the browser's language: the service
    answers instead, in Finnish."""
    base = f"{service.url}/moderointi"
    moderator.goto(f"{base}/asetukset")
    moderator.get_by_role("button", name="Vaihda salasana").click()
    expect(moderator.locator(".messages")).to_contain_text("Nykyinen salasana oli väärin.")
    [comment_id] = add_comments(service, 1, OTHER_ARTICLE, body="Muokataan tyhjäksi.")
    moderator.goto(f"{base}/kommentti/{comment_id}")
    moderator.get_by_label("Kommentin teksti (Markdown)").fill("")
    moderator.get_by_role("button", name="Tallenna muutokset").click()
    expect(moderator.locator(".messages")).to_contain_text("Teksti ei voi olla tyhjä.")
    moderator.get_by_role("button", name="Kirjaudu ulos").click()
    moderator.goto(f"{base}/kirjaudu")
    moderator.get_by_role("button", name="Kirjaudu sisään").click()
    expect(moderator.get_by_text("Käyttäjätunnus tai salasana on väärin.")).to_be_visible()


def test_delete_asks_first_without_javascript(browser, browser_context_args, service):
    [comment_id] = add_comments(
        service, 1, OTHER_ARTICLE, body="Tämä poistetaan kahdessa vaiheessa."
    )
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    log_in(page, service.url, MODERATOR)
    page.goto(f"{service.url}/moderointi/kommentti/{comment_id}")
    page.get_by_role("button", name="Poista…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Poistetaanko kommentti #{comment_id}?"
    )
    expect(page.locator("main")).to_contain_text("Tätä ei voi perua")
    expect(page.locator("main")).to_contain_text("Tämä poistetaan kahdessa vaiheessa.")
    assert status_of(service, comment_id) == "pending"  # asking deleted nothing
    page.get_by_role("button", name="Poista lopullisesti").click()
    expect(page.locator(".message--success")).to_have_text("Kommentti poistettu.")
    assert status_of(service, comment_id) is None
    context.close()


def test_bulk_on_every_matching_comment_and_outcomes_in_their_own_colours(moderator, service):
    matching = add_comments(service, 30, BULK_ARTICLE)
    [elsewhere] = add_comments(service, 1, OTHER_ARTICLE)
    moderator.goto(f"{service.url}/moderointi/?artikkeli={BULK_ARTICLE}")
    moderator.get_by_label("Kaikki hakuehtoja vastaavat: 30 kommenttia (2 sivua)").check()
    moderator.get_by_label("Valituille kommenteille", exact=True).select_option("spam")
    moderator.get_by_role("button", name="Tee valituille").click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text(
        "Merkitse roskapostiksi 30 kommenttia?"
    )
    assert {status_of(service, i) for i in matching} == {"pending"}
    moderator.get_by_role("button", name="Kyllä, merkitse roskapostiksi 30 kommenttia").click()
    done = moderator.locator(".messages .message")
    expect(done).to_have_text("Valmis: 30 kommenttia merkittiin roskapostiksi.")
    assert {status_of(service, i) for i in matching} == {"spam"}
    assert status_of(service, elsewhere) == "pending"
    success_colour = done.evaluate("node => getComputedStyle(node).borderLeftColor")

    first, second = add_comments(service, 2, BULK_ARTICLE, name="Toinen Erä")
    moderator.goto(f"{service.url}/moderointi/?artikkeli={BULK_ARTICLE}")
    moderator.locator(f"#valitse-{first}").check()
    moderator.locator(f"#valitse-{second}").check()
    db = service.process.connect()
    try:
        assert store.decide(db, second, "approved", "toinen-moderaattori")  # meanwhile
    finally:
        db.close()
    moderator.get_by_label("Valituille kommenteille", exact=True).select_option("reject")
    moderator.get_by_role("button", name="Tee valituille").click()
    partly = moderator.locator(".messages .message")
    expect(partly).to_have_class("message message--partial")
    expect(partly).to_contain_text("Tehtiin osittain: 1 kommentti hylättiin. 1 jäi tekemättä.")
    assert partly.evaluate("node => getComputedStyle(node).borderLeftColor") != success_colour


def test_unconfirmed_comments_wait_apart_and_the_logs_speak_finnish(moderator, service):
    vulgar = [{"code": "civility.vulgar", "severity": "mild", "message": "Alatyylistä kieltä"}]
    [waiting] = add_comments(service, 1, OTHER_ARTICLE, confirmed=False, findings=vulgar)
    moderator.goto(f"{service.url}/moderointi/")
    expect(moderator.locator(f"#kommentti-{waiting}")).to_have_count(0)
    moderator.get_by_role("link", name="Odottavat osoitteen vahvistusta: 1").click()
    item = moderator.locator(f"#kommentti-{waiting}")
    expect(item).to_contain_text("odottanut osoitteen vahvistusta")
    expect(item).to_contain_text("perustelua ei voi lähettää kommentoijalle")
    expect(moderator.locator("#havainto")).to_contain_text("Alatyylinen kieli (1)")
    item.get_by_label("Perustelu").fill("Kirjoita asiallisemmin.")
    item.get_by_role("button", name="Hylkää").click()
    expect(moderator.locator(".messages")).to_contain_text("sitä ei lähetetty")
    moderator.goto(f"{service.url}/moderointi/tarkastusloki")
    log = moderator.locator("table.audit")
    expect(log).to_contain_text("tila: odottaa päätöstä")
    expect(log).to_contain_text("tila: hylätty; perustelu: Kirjoita asiallisemmin.")
    expect(log).not_to_contain_text("status:")


def test_reply_as_the_author_needs_a_name_and_then_shows_it(moderator, service):
    [parent] = add_comments(service, 1, OTHER_ARTICLE, body="Kysyisin kirjoittajalta yhtä asiaa.")
    db = service.process.connect()
    try:
        assert store.decide(db, parent, "approved", "moderaattori")
    finally:
        db.close()
    moderator.goto(f"{service.url}/moderointi/kommentti/{parent}")
    reply_section = moderator.locator("#vastaa")
    expect(reply_section).to_contain_text("et ole vielä antanut nimeä")
    expect(reply_section.get_by_role("button", name="Vastaa kirjoittajana")).to_have_count(0)
    reply_section.get_by_role("link", name="Lisää nimesi omiin asetuksiin").click()
    moderator.get_by_label("Nimi (näkyy kirjoittajan vastauksissa)").fill("Maija Moderaattori")
    moderator.get_by_label("Ei sähköposteja").check()
    moderator.get_by_role("button", name="Tallenna asetukset").click()
    expect(moderator.locator(".messages")).to_contain_text("Asetukset tallennettu.")

    moderator.goto(f"{service.url}/moderointi/kommentti/{parent}")
    moderator.get_by_label("Vastauksesi (Markdown)").fill("Hyvä kysymys, vastaan pian.")
    moderator.get_by_role("button", name="Vastaa kirjoittajana").click()
    expect(moderator.locator(".messages")).to_contain_text("Vastauksesi on julkaistu.")
    moderator.goto(f"{service.url}/{OTHER_ARTICLE}/")
    reply = moderator.locator("li.comment--author").filter(has_text="Hyvä kysymys, vastaan pian.")
    expect(reply.locator(".comment__author")).to_have_text("Maija Moderaattori")
    expect(reply).not_to_contain_text(MODERATOR[0])


def test_closed_article_and_comment_feeds_in_the_browser(moderator, service):
    """Last in the module: it rebuilds the service's site with comments closed by age."""
    from datetime import date

    from comments import PROJECT_ROOT
    from comments.site.publish import build_site

    build_site(
        {
            "SITE_OUTPUT": str(service.process.output),
            "DATABASE": str(service.process.database),
            "PELICAN_SETTINGS": str(PROJECT_ROOT / "pelicanconf.py"),
            "SITE_URL": service.url,
            "COMMENTS_CLOSE_AFTER_DAYS": (date.today() - date(2025, 6, 1)).days,
        }
    )
    moderator.goto(f"{service.url}/{OTHER_ARTICLE}/")  # published 2025-02-11
    thread = moderator.locator(".comment-thread")
    expect(thread).to_contain_text("Kommentointi on suljettu.")
    expect(thread).to_contain_text("Hyvä kysymys, vastaan pian.")  # the comments stay
    expect(moderator.get_by_role("textbox", name="Kommentti")).to_have_count(0)
    expect(thread.get_by_role("link", name="Vastaa")).to_have_count(0)
    feed_links = moderator.locator('head link[rel=alternate][type="application/atom+xml"]')
    hrefs = [feed_links.nth(n).get_attribute("href") for n in range(feed_links.count())]
    assert f"/{OTHER_ARTICLE}/kommentit.atom.xml" in hrefs and "/feeds/kommentit.atom.xml" in hrefs
    feed = moderator.request.get(f"{service.url}/{OTHER_ARTICLE}/kommentit.atom.xml")
    assert feed.ok and "Hyvä kysymys, vastaan pian." in feed.text()
    assert "@lukijat-vastine.fi" not in feed.text()

    moderator.goto(f"{service.url}/itsepalvelu-ilman-umpikujia/")  # published 2026-08-11
    expect(moderator.get_by_role("textbox", name="Kommentti")).to_be_visible()
