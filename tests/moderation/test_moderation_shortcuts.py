"""The moderator pages in Debian's chromium against the real service: the queue's keyboard
shortcuts (moderation.js) and axe-core on every page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright
from service_process import ServiceProcess

from comments import store
from comments.render import render_comment

pytestmark = pytest.mark.browser

ACCOUNT = ("pikanappain", "pikanappaimen-salasana")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def service(tmp_path_factory, built_site) -> Iterator[ServiceProcess]:
    process = ServiceProcess(
        tmp_path_factory.mktemp("shortcuts"),
        built_site,
        workers=1,
        settings={"RATELIMIT_ENABLED": False, "PUBLISH_FULL_BUILD": False},
    )
    process.add_moderator(*ACCOUNT)
    with process:
        yield process


@pytest.fixture(scope="module")
def page(service) -> Iterator[Page]:
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(locale="fi-FI", timezone_id="Europe/Helsinki")
        page = context.new_page()
        page.goto(f"{service.url}/moderointi/kirjaudu")
        page.get_by_label("Käyttäjätunnus").fill(ACCOUNT[0])
        page.get_by_label("Salasana").fill(ACCOUNT[1])
        page.get_by_role("button", name="Kirjaudu sisään").click()
        page.wait_for_url(f"{service.url}/moderointi/")
        yield page
        browser.close()


def add_pending(service: ServiceProcess, count: int) -> list[int]:
    """Pending comments, best-argued first, so that the queue shows them in this order."""
    db = service.connect()
    try:
        ids = []
        for n in range(count):
            body = f"Pikanäppäinkommentti {n}."
            ids.append(
                store.add_comment(
                    db,
                    article="asiakaspolun-kartoitus",
                    name=f"Kommentoija Numero{n}",
                    email=f"kommentoija{n}@example.fi",
                    body=body,
                    html=render_comment(body),
                    status="pending",
                    substance=90 - n,
                )
            )
            store.confirm_email(db, f"kommentoija{n}@example.fi")
        return ids
    finally:
        db.close()


def status_of(service: ServiceProcess, comment_id: int) -> str | None:
    db = service.connect()
    try:
        row = store.get_comment(db, comment_id)
        return row["status"] if row else None
    finally:
        db.close()


def current(page: Page) -> str:
    return page.evaluate("() => document.activeElement.id")


def test_j_k_move_and_a_s_decide(page: Page, service: ServiceProcess):
    first, second, third = add_pending(service, 3)
    page.goto(f"{service.url}/moderointi/")
    page.keyboard.press("j")
    assert current(page) == f"kommentti-{first}"
    expect(page.locator(f"#kommentti-{first}")).to_have_class(re.compile(r"\bis-current\b"))
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert current(page) == f"kommentti-{third}"
    page.keyboard.press("k")
    assert current(page) == f"kommentti-{second}"
    page.keyboard.press("a")
    expect(page.locator(f"#kommentti-{second}")).to_have_count(0)
    assert status_of(service, second) == "approved"
    expect(page.locator(".message--success")).to_contain_text("Kommentti hyväksyttiin")
    page.keyboard.press("j")
    assert current(page) == f"kommentti-{first}"
    page.keyboard.press("s")
    expect(page.locator(f"#kommentti-{first}")).to_have_count(0)
    assert status_of(service, first) == "spam"


def test_r_asks_for_a_reason_then_rejects(page: Page, service: ServiceProcess):
    [comment] = add_pending(service, 1)
    page.goto(f"{service.url}/moderointi/?jarjestys=newest")
    page.keyboard.press("j")
    assert current(page) == f"kommentti-{comment}"
    page.keyboard.press("r")
    assert current(page) == f"perustelu-{comment}"
    page.keyboard.type("Ei liity artikkeliin; r ja a eivät tee tässä mitään.")
    assert status_of(service, comment) == "pending"
    page.keyboard.press("Enter")
    expect(page.locator(f"#kommentti-{comment}")).to_have_count(0)
    assert status_of(service, comment) == "rejected"


def test_x_selects_for_bulk_and_help_and_edit(page: Page, service: ServiceProcess):
    ids = add_pending(service, 2)
    page.goto(f"{service.url}/moderointi/?jarjestys=newest")
    page.keyboard.press("?")
    expect(page.locator("#pikanappaimet")).to_have_attribute("open", "")
    page.keyboard.press("?")
    expect(page.locator("#pikanappaimet")).not_to_have_attribute("open", "")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    assert page.locator(".select-box:checked").count() == 2
    page.get_by_label("Valitse kaikki tämän sivun kommentit").check()
    page.get_by_label("Valitse kaikki tämän sivun kommentit").uncheck()
    assert page.locator(".select-box:checked").count() == 0
    page.locator(f"#valitse-{ids[0]}").check()
    page.locator(f"#valitse-{ids[1]}").check()
    page.get_by_label("Valituille kommenteille", exact=True).select_option("spam")
    page.get_by_role("button", name="Tee valituille").click()
    expect(page.locator(".messages")).to_contain_text("2 kommenttia merkittiin roskapostiksi.")
    assert [status_of(service, i) for i in ids] == ["spam", "spam"]

    [comment] = add_pending(service, 1)
    page.goto(f"{service.url}/moderointi/?jarjestys=newest")
    page.keyboard.press("j")
    page.keyboard.press("e")
    page.wait_for_url(f"**/moderointi/kommentti/{comment}**")
    expect(page.get_by_role("heading", name="Muokkaa")).to_be_visible()


def test_every_moderator_page_passes_axe(page: Page, service: ServiceProcess):
    admin = ("saavutettavuus", "saavutettavuuden-salasana")
    service.add_moderator(*admin, role="admin")
    [parent, reply] = add_pending(service, 2)
    db = service.connect()
    try:
        store.decide(db, parent, "approved", "testi")
        store.edit_comment(
            db, reply, "Muokattu **teksti**.", render_comment("Muokattu **teksti**."), "t"
        )
        store.add_list_entry(db, "block_domain", "roska.example", "testi")
        store.set_nickname(db, "kettu@example.fi", "Kettu", "testi")
    finally:
        db.close()
    context = page.context.browser.new_context(locale="fi-FI")
    admin_page = context.new_page()
    admin_page.goto(f"{service.url}/moderointi/kirjaudu")
    problems = {"login": _axe(Axe, admin_page)}
    admin_page.get_by_label("Käyttäjätunnus").fill(admin[0])
    admin_page.get_by_label("Salasana").fill(admin[1])
    admin_page.get_by_role("button", name="Kirjaudu sisään").click()
    admin_page.wait_for_url(f"{service.url}/moderointi/")
    for path in (
        "/moderointi/",
        "/moderointi/?tila=approved",
        f"/moderointi/kommentti/{parent}",
        f"/moderointi/kommentti/{reply}",
        "/moderointi/tarkastusloki",
        "/moderointi/estolistat",
        "/moderointi/nimimerkit",
        "/moderointi/moderaattorit",
        "/moderointi/asetukset",
        "/moderointi/kommentti/999999",
    ):
        admin_page.goto(f"{service.url}{path}")
        problems[path] = _axe(Axe, admin_page)
    context.close()
    assert {path: found for path, found in problems.items() if found} == {}


def _axe(axe_class, page: Page) -> list[str]:
    results = axe_class().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"{[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical", "moderate"}
    ]


def test_queue_fits_a_phone_screen(page: Page, service: ServiceProcess):
    add_pending(service, 2)
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        for path in ("/moderointi/", "/moderointi/tarkastusloki", "/moderointi/asetukset"):
            page.goto(f"{service.url}{path}")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
