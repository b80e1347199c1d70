"""The real site, built by Pelican with the theme and plugins from a real SQLite comment store."""

from __future__ import annotations

import importlib.util
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from jinja2 import Environment
from playwright.sync_api import Browser, Page, sync_playwright
from site_build import PROJECT_ROOT, build_site

from comments import store
from comments.site import comment_block
from comments.site.finnish_dates import format_date, format_datetime

ATOM = "{http://www.w3.org/2005/Atom}"
MONTHS = (
    "tammikuuta|helmikuuta|maaliskuuta|huhtikuuta|toukokuuta|kesäkuuta|"
    "heinäkuuta|elokuuta|syyskuuta|lokakuuta|marraskuuta|joulukuuta"
)
FINNISH_DATE = re.compile(rf"\b\d{{1,2}}\. (?:{MONTHS}) \d{{4}}\b")
START_MARKER = "<!-- vastine:comments:start -->"
END_MARKER = "<!-- vastine:comments:end -->"
# Paths answered by the comment service, not by files of the static site.
SERVICE_PATHS = ("/api/", "/kommentit/")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)

COMMENTED = "asiakaspolun-kartoitus"
COMMENTER_EMAIL = "maija.virtanen@example.fi"


@pytest.fixture(scope="session")
def comment_db(tmp_path_factory) -> Path:
    """A real comment store: a thread of three approved comments, one more elsewhere, one
    pending comment that must never be published."""
    path = tmp_path_factory.mktemp("store") / "comments.sqlite3"
    db = store.connect(path)
    store.migrate(db)
    ids = {}
    ids["first"] = store.add_comment(
        db,
        article=COMMENTED,
        name="Maija Virtanen",
        email=COMMENTER_EMAIL,
        website="https://example.org/maija",
        body="Hyvä kirjoitus.",
        html="<p>Hyvä kirjoitus. Meillä <em>työpaja</em> toimi juuri näin.</p>",
        status="approved",
        created_at="2026-03-02T09:30:00+00:00",
    )
    ids["author"] = store.add_comment(
        db,
        article=COMMENTED,
        name="Aino Lehtinen",
        body="Kiitos!",
        html="<p>Kiitos, hienoa kuulla!</p>",
        status="approved",
        parent_id=ids["first"],
        is_author=True,
        created_at="2026-03-02T12:05:00+00:00",
    )
    ids["nested"] = store.add_comment(
        db,
        article=COMMENTED,
        name="Pekka <script>alert(1)</script> Korhonen",
        email="pekka.korhonen@example.fi",
        body="Samaa mieltä.",
        html="<p>Samaa mieltä.</p>",
        status="approved",
        parent_id=ids["author"],
        created_at="2026-03-03T22:15:00+00:00",
    )
    store.add_comment(
        db,
        article="nps-ja-sen-rajat",
        name="Ville Nieminen",
        email="ville.nieminen@example.fi",
        body="NPS on silti hyödyllinen.",
        html="<p>NPS on silti hyödyllinen.</p>",
        status="approved",
        created_at="2026-04-01T06:00:00+00:00",
    )
    store.add_comment(
        db,
        article=COMMENTED,
        name="Odottava Kommentoija",
        email="odottava@example.fi",
        body="Tämä odottaa moderointia.",
        html="<p>Tämä odottaa moderointia.</p>",
        status="pending",
    )
    db.close()
    return path


@pytest.fixture(scope="session")
def site(tmp_path_factory, comment_db) -> Path:
    """The site built once; `build_site` fails on any logged warning or error."""
    return build_site(tmp_path_factory.mktemp("site") / "output", comment_db)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article_paths(site: Path) -> list[Path]:
    """Article pages, found through the entries of the site-wide feed."""
    feed = ET.parse(site / "feeds" / "kaikki.atom.xml").getroot()  # noqa: S314 (our own build)
    paths = []
    for entry in feed.iter(f"{ATOM}entry"):
        href = entry.find(f"{ATOM}link").get("href")
        paths.append(site / urlsplit(href).path.strip("/") / "index.html")
    return paths


def resolve(site: Path, page: Path, url: str) -> Path:
    """The file that serves the internal `url` written on `page`."""
    path = unquote(urlsplit(url).path)
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


# --- the build ----------------------------------------------------------------------------------


def test_build_is_clean_and_complete(site: Path) -> None:
    articles = list((PROJECT_ROOT / "content" / "articles").glob("*.md"))
    assert len(article_paths(site)) == len(articles) > 0
    for path in article_paths(site):
        assert path.is_file(), path
    for slug in ("kommentointiohjeet", "tietosuoja", "tietoa"):
        assert (site / "sivut" / slug / "index.html").is_file()
    assert (site / "theme" / "css" / "style.css").is_file()
    assert (site / "theme" / "js" / "comments.js").is_file()


def test_two_builds_are_byte_identical(site: Path, comment_db: Path, tmp_path: Path) -> None:
    again = build_site(tmp_path / "again", comment_db)
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    differing = [str(name) for name in first if first[name] != second[name]]
    assert differing == []


# --- every page ---------------------------------------------------------------------------------


def test_every_internal_link_resolves(site: Path) -> None:
    broken = []
    checked = 0
    for page in html_pages(site):
        document = soup(page)
        for tag, attribute in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
            for element in document.find_all(tag, attrs={attribute: True}):
                url = element[attribute]
                if EXTERNAL.match(url) or url.startswith(SERVICE_PATHS):
                    continue
                checked += 1
                target = page if url.startswith("#") else resolve(site, page, url)
                if not target.is_relative_to(site) or not target.is_file():
                    broken.append(f"{page.relative_to(site)}: {url}")
                    continue
                fragment = urlsplit(url).fragment
                if fragment and target.suffix == ".html" and soup(target).find(id=fragment) is None:
                    broken.append(f"{page.relative_to(site)}: {url} (no id {fragment!r})")
    assert checked > 500
    assert broken == []


def test_no_external_resources(site: Path) -> None:
    """The site works offline: no fonts, styles, scripts or images from elsewhere."""
    external = []
    for page in html_pages(site):
        document = soup(page)
        for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
            for element in document.find_all(tag, attrs={attribute: True}):
                if EXTERNAL.match(element[attribute]):
                    external.append(f"{page.relative_to(site)}: <{tag}> {element[attribute]}")
        for element in document.find_all(style=True):
            external += [
                f"{page.relative_to(site)}: style {u}" for u in _css_urls(element["style"])
            ]
        for element in document.find_all("style"):
            external += [f"{page.relative_to(site)}: <style> {u}" for u in _css_urls(element.text)]
    for stylesheet in site.rglob("*.css"):
        external += [
            f"{stylesheet.relative_to(site)}: {u}" for u in _css_urls(stylesheet.read_text())
        ]
    assert external == []


def _css_urls(css: str) -> list[str]:
    urls = [a or b for a, b in CSS_URL.findall(css)]
    return [url for url in urls if EXTERNAL.match(url) and not url.startswith("data:")]


def test_every_page_is_finnish_with_one_h1_and_landmarks(site: Path) -> None:
    for page in html_pages(site):
        document = soup(page)
        name = page.relative_to(site)
        assert document.html.get("lang") == "fi", name
        assert len(document.find_all("h1")) == 1, name
        for landmark in ("header", "nav", "main", "footer"):
            assert document.find(landmark) is not None, (name, landmark)
        skip = document.find("a", class_="skip-link")
        assert skip is not None and skip.get_text() == "Siirry sisältöön", name
        assert document.find(id=skip["href"][1:]) is not None, name
        feed = document.find("link", rel="alternate", type="application/atom+xml")
        assert feed is not None, name
        assert document.select_one("footer a[href='/sivut/kommentointiohjeet/']"), name
        assert document.select_one("footer a[href='/sivut/tietosuoja/']"), name
        assert document.select_one("footer a[href='/sivut/tietoa/']"), name


def test_no_email_address_reaches_the_site(site: Path) -> None:
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml"}:
            text = path.read_text(encoding="utf-8")
            assert COMMENTER_EMAIL not in text, path
            assert "@example.fi" not in text, path


# --- article pages ------------------------------------------------------------------------------


def test_article_pages_have_dates_markers_and_comment_area(site: Path) -> None:
    for path in article_paths(site):
        text = path.read_text(encoding="utf-8")
        document = BeautifulSoup(text, "html.parser")
        header = document.select_one("article.entry header")
        assert header is not None, path
        assert FINNISH_DATE.search(header.get_text()), path
        time = header.find("time")
        datetime.fromisoformat(time["datetime"])
        assert FINNISH_DATE.fullmatch(time.get_text())
        assert re.search(r"Lukuaika noin \d+ min", header.get_text()), path
        assert text.count(START_MARKER) == 1 and text.count(END_MARKER) == 1, path
        assert text.index(START_MARKER) < text.index(END_MARKER)
        section = document.find("section", id="kommentit")
        assert section is not None and "comments" in section["class"], path
        assert START_MARKER in str(section) and END_MARKER in str(section)
        assert document.find(id=section["aria-labelledby"]) is not None, path


def test_article_pages_link_to_neighbours(site: Path) -> None:
    paths = article_paths(site)  # newest first
    newest, middle, oldest = paths[0], paths[1], paths[-1]
    nav = soup(middle).find("nav", class_="post-nav")
    labels = nav.get_text(" ", strip=True)
    assert "Edellinen artikkeli" in labels and "Seuraava artikkeli" in labels
    assert resolve(site, middle, nav.find("a", rel="prev")["href"]) == paths[2].resolve()
    assert resolve(site, middle, nav.find("a", rel="next")["href"]) == newest.resolve()
    assert soup(newest).find("a", rel="next", href=re.compile("^/[^#]*/$")) is None
    assert soup(oldest).select_one(".post-nav a[rel=prev]") is None


def test_comment_thread_is_rendered_nested_and_escaped(site: Path) -> None:
    page = site / COMMENTED / "index.html"
    text = page.read_text(encoding="utf-8")
    document = BeautifulSoup(text, "html.parser")
    section = document.find("section", id="kommentit")
    assert section.find("h2", id="kommentit-otsikko").get_text() == "Kommentit (3)"
    comments = section.select("article[id^=kommentti-]")
    assert len(comments) == 3
    first, author, nested = comments
    assert author in first.parent.select("ol article")
    assert nested in author.parent.select("ol article")
    assert first.find("a", href="https://example.org/maija")["rel"] == [
        "nofollow",
        "ugc",
        "noopener",
    ]
    assert "Kirjoittaja" in author.get_text() and "Kirjoittaja" not in first.get_text()
    permalink = first.find("a", href=f"#{first['id']}")
    assert permalink.get_text() == "2. maaliskuuta 2026 klo 11.30"
    assert permalink.find("time")["datetime"].startswith("2026-03-02T09:30:00")
    reply = first.find("a", class_="reply-link")
    comment_id = first["id"].removeprefix("kommentti-")
    assert reply["href"] == f"/kommentit/{COMMENTED}/uusi?vastaa={comment_id}#kommenttilomake"
    assert "<script>alert(1)</script>" not in text
    assert "Pekka &lt;script&gt;alert(1)&lt;/script&gt; Korhonen" in text
    assert "Odottava Kommentoija" not in text and "odottaa moderointia.</p>" not in text
    assert section.find("form", id="kommenttilomake") is not None


def test_thank_you_notices_are_hidden_until_targeted(site: Path) -> None:
    document = soup(site / COMMENTED / "index.html")
    for notice_id in ("kiitos", "kiitos-vahvista"):
        notice = document.find(id=notice_id)
        assert notice["role"] == "status" and "notice" in notice["class"]
    css = (site / "theme" / "css" / "style.css").read_text()
    assert re.search(r"\.notice\s*\{[^}]*display:\s*none", css)
    assert re.search(r"\.notice:target\s*\{[^}]*display:\s*block", css)


def test_listings_show_comment_counts(site: Path) -> None:
    archive = soup(site / "arkisto" / "index.html")
    counts = {
        link["href"]: link.get_text() for link in archive.find_all("a", class_="comment-count")
    }
    assert counts[f"/{COMMENTED}/#kommentit"] == "3 kommenttia"
    assert counts["/nps-ja-sen-rajat/#kommentit"] == "1 kommentti"
    assert list(counts.values()).count("Ei kommentteja") == len(counts) - 2
    listed = 0
    for listing in [site / "index.html", *site.glob("sivu/*/index.html")]:
        listed += len(soup(listing).find_all("a", class_="comment-count"))
    assert listed == len(counts)


def test_pagination_is_in_finnish(site: Path) -> None:
    pages = 1 + len(list(site.glob("sivu/*/index.html")))
    assert pages >= 2
    last = soup(site / "sivu" / str(pages) / "index.html")
    assert f"Sivu {pages}/{pages}" in last.get_text()
    assert last.find("a", rel="prev") is not None


# --- feeds --------------------------------------------------------------------------------------


def test_feeds_are_atom(site: Path) -> None:
    feeds = sorted((site / "feeds").glob("*.xml"))
    assert len(feeds) >= 2
    for feed in feeds:
        root = ET.parse(feed).getroot()  # noqa: S314 (our own build)
        assert root.tag == f"{ATOM}feed", feed
        entries = root.findall(f"{ATOM}entry")
        assert entries, feed
        for entry in entries:
            for child in ("title", "link", "id", "updated"):
                assert entry.find(f"{ATOM}{child}") is not None, (feed, child)


# --- templates rendered outside Pelican ----------------------------------------------------------


class Article:
    slug = "asiakaspolun-kartoitus"
    title = "Asiakaspolun kartoitus"
    url = "asiakaspolun-kartoitus/"


@pytest.fixture(scope="module")
def templates() -> Environment:
    """The environment the comment block is rendered in: theme templates, escaping, helpers."""
    return comment_block.environment(str(PROJECT_ROOT / "theme" / "templates"))


def test_comment_form_shows_server_errors_and_keeps_values(templates: Environment) -> None:
    html = templates.get_template("comment_form.html").render(
        article=Article,
        service_url="https://kommentit.example.fi",
        form={"name": 'Maija "M" <b>', "email": "maija@", "body": "Teksti", "notify_replies": "1"},
        errors={"email": "Tarkista sähköpostiosoite.", "form": "Lomake vanhentui."},
        form_token="abc123",
        parent=7,
        parent_name="Pekka Korhonen",
    )
    form = BeautifulSoup(html, "html.parser").find("form", id="kommenttilomake")
    assert form["action"] == "https://kommentit.example.fi/api/comments"
    assert form["method"] == "post"
    email = form.find("input", attrs={"name": "email"})
    assert email["aria-invalid"] == "true"
    assert email["aria-describedby"].split() == ["ohje-email", "virhe-email"]
    assert form.find(id="virhe-email").get_text() == "Tarkista sähköpostiosoite."
    assert "field-error" in form.find(id="virhe-email")["class"]
    assert form.find(role="alert").get_text(strip=True) == "Lomake vanhentui."
    name = form.find("input", attrs={"name": "name"})
    assert name["value"] == 'Maija "M" <b>' and not name.has_attr("aria-invalid")
    assert '<b>"' not in html
    assert form.find("textarea", attrs={"name": "body"}).get_text() == "Teksti"
    assert form.find("input", attrs={"name": "notify_replies"}).has_attr("checked")
    assert form.find("input", attrs={"name": "parent"})["value"] == "7"
    assert form.find("input", attrs={"name": "form_token"})["value"] == "abc123"
    assert form.find("input", attrs={"name": "article"})["value"] == Article.slug
    assert "Vastaat kommenttiin: Pekka Korhonen" in form.get_text()


def test_comment_form_without_optional_variables(templates: Environment) -> None:
    html = templates.get_template("comment_form.html").render(article=Article, service_url="")
    form = BeautifulSoup(html, "html.parser").find("form", id="kommenttilomake")
    assert form["action"] == "/api/comments"
    assert (
        form.find(class_="field-error") is None and form.find(attrs={"aria-invalid": True}) is None
    )
    names = {field["name"] for field in form.find_all(["input", "textarea"])}
    assert names == {
        "name", "email", "website", "body", "notify_replies",
        "homepage", "article", "parent", "form_token",
    }  # fmt: skip
    honeypot = form.find("input", attrs={"name": "homepage"})
    assert honeypot["tabindex"] == "-1" and honeypot["autocomplete"] == "off"
    assert "hp" in honeypot.parent["class"]
    assert (
        form.find("label", attrs={"for": honeypot["id"]}).get_text() == "Jätä tämä kenttä tyhjäksi"
    )
    for field in form.find_all(["input", "textarea"]):
        if field.get("type") != "hidden":
            assert form.find("label", attrs={"for": field["id"]}) is not None, field["name"]
    # No silent truncation: the limit is stated and the service tells when it is passed.
    assert not form.find("textarea").has_attr("maxlength")
    assert "Enintään 5000 merkkiä" in form.find(id="ohje-body").text
    assert form.has_attr("novalidate")
    assert form.find("a", href="/sivut/kommentointiohjeet/") is not None
    assert form.find(id="vastaus-kohde").has_attr("hidden")


# --- dates and reading time ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 11, 25), "25. marraskuuta 2026"),
        (datetime(2026, 1, 5, 8, 0), "5. tammikuuta 2026"),
        (datetime(2026, 11, 24, 22, 30, tzinfo=UTC), "25. marraskuuta 2026"),
        ("2026-07-01T21:30:00Z", "2. heinäkuuta 2026"),
        ("2026-12-31", "31. joulukuuta 2026"),
    ],
)
def test_format_date(value, expected: str) -> None:
    assert format_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2026, 11, 25, 12, 5, tzinfo=UTC), "25. marraskuuta 2026 klo 14.05"),
        (datetime(2026, 7, 1, 12, 5, tzinfo=UTC), "1. heinäkuuta 2026 klo 15.05"),
        (datetime(2026, 7, 1, 9, 0), "1. heinäkuuta 2026 klo 9.00"),
        (
            datetime(2026, 3, 1, 1, 0, tzinfo=timezone(timedelta(hours=-5))),
            "1. maaliskuuta 2026 klo 8.00",
        ),
        ("2026-03-02T09:30:00+00:00", "2. maaliskuuta 2026 klo 11.30"),
        (date(2026, 5, 1), "1. toukokuuta 2026"),
    ],
)
def test_format_datetime(value, expected: str) -> None:
    assert format_datetime(value) == expected


def test_every_month_is_in_the_genitive() -> None:
    for month in range(1, 13):
        assert FINNISH_DATE.fullmatch(format_date(date(2026, month, 1)))


def test_format_date_refuses_other_types() -> None:
    with pytest.raises(TypeError):
        format_date(20261125)


def test_reading_time_counts_words_not_markup_or_code() -> None:
    spec = importlib.util.spec_from_file_location(
        "reading_time", PROJECT_ROOT / "plugins" / "reading_time" / "__init__.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    reading_minutes = module.reading_minutes
    words = " ".join(["asiakaskokemus"] * 360)
    assert reading_minutes(f"<p>{words}</p>") == 2
    assert reading_minutes(f"<p>{words} lisää</p>") == 3
    assert reading_minutes(f"<p>{words}</p><pre><code>{words}</code></pre>") == 2
    assert reading_minutes('<p class="a b c d e f">&nbsp;</p>') == 1
    assert reading_minutes("") == 1


# --- in a browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 (no comment service behind it)."""

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        yield browser
        browser.close()


def open_page(chromium: Browser, url: str, width: int = 1280, dark: bool = False) -> Page:
    context = chromium.new_context(
        viewport={"width": width, "height": 900}, color_scheme="dark" if dark else "light"
    )
    page = context.new_page()
    page.goto(url)
    return page


@pytest.mark.browser
@pytest.mark.parametrize(
    "path", ["/", f"/{COMMENTED}/", "/arkisto/", "/avainsanat/", "/sivut/kommentointiohjeet/"]
)
def test_pages_pass_axe_and_fit_a_phone(chromium: Browser, site_url: str, path: str) -> None:
    problems = []
    for width, dark in ((1280, False), (390, False), (390, True)):
        page = open_page(chromium, site_url + path, width, dark)
        results = Axe().run(page)
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]]
            problems.append(f"{width}px dark={dark}: {violation['id']} {targets}")
        overflow = page.evaluate("document.documentElement.scrollWidth")
        if overflow > width:
            problems.append(f"{width}px: page is {overflow}px wide")
        page.context.close()
    assert problems == []


@pytest.mark.browser
def test_no_page_is_wider_than_a_phone(chromium: Browser, site: Path, site_url: str) -> None:
    page = open_page(chromium, site_url + "/", width=360)
    too_wide = []
    for path in html_pages(site):
        url = "/" + str(path.relative_to(site)).removesuffix("index.html")
        page.goto(site_url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide.append(f"{url}: {width}px")
    assert too_wide == []
    page.context.close()


@pytest.mark.browser
def test_reply_link_moves_the_form_and_cancel_restores_it(chromium: Browser, site_url: str) -> None:
    errors: list[str] = []
    page = open_page(chromium, f"{site_url}/{COMMENTED}/", width=390)
    page.on("pageerror", lambda error: errors.append(str(error)))
    reply = page.locator("a.reply-link").nth(1)
    parent_id = reply.locator("xpath=ancestor::article[1]").get_attribute("id").split("-")[1]
    reply.click()
    assert page.input_value("#kommenttilomake input[name=parent]") == parent_id
    assert page.locator(f"li:has(> #kommentti-{parent_id}) > #kommenttilomake").count() == 1
    assert "Vastaat kommenttiin: Aino Lehtinen" in page.text_content("#vastaus-kohde")
    assert page.evaluate("document.activeElement.name") == "name"
    page.get_by_role("button", name="Peru vastaus").click()
    assert page.input_value("#kommenttilomake input[name=parent]") == ""
    assert page.locator("#vastaus-kohde").is_hidden()
    assert page.locator(".comment-thread > #kommenttilomake").count() == 1
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_thank_you_notice_shows_only_when_targeted(chromium: Browser, site_url: str) -> None:
    page = open_page(chromium, f"{site_url}/{COMMENTED}/")
    assert page.locator("#kiitos").is_hidden() and page.locator("#kiitos-vahvista").is_hidden()
    page.goto(f"{site_url}/{COMMENTED}/#kiitos-vahvista")
    assert page.locator("#kiitos-vahvista").is_visible()
    assert page.locator("#kiitos").is_hidden()
    page.context.close()


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", "JavaScript:alert(1)", " data:text/html,x", "ftp://x.fi"]
)
def test_comment_block_links_only_http_websites(website: str) -> None:
    """Defence in depth: a stored website that is not http(s) (an import, an old row) is shown
    as plain text, never as a link."""
    from comments.site.articles import ArticleRef
    from comments.site.comment_block import render_comment_block

    row = {
        "id": 1,
        "parent_id": None,
        "name": "Aino Lehtinen",
        "website": website,
        "html": "<p>Hyvä huomio.</p>",
        "is_author": 0,
        "created_at": "2026-11-20T10:00:00+00:00",
    }
    html = render_comment_block(
        ArticleRef("testi", "Testi", "testi/"), [row], PROJECT_ROOT / "theme" / "templates"
    )
    author = BeautifulSoup(html, "html.parser").find(class_="comment__author")
    assert author.get_text() == "Aino Lehtinen"
    assert author.find("a") is None
    row["website"] = "https://aino.example.fi/"
    html = render_comment_block(
        ArticleRef("testi", "Testi", "testi/"), [row], PROJECT_ROOT / "theme" / "templates"
    )
    link = BeautifulSoup(html, "html.parser").find(class_="comment__author").find("a")
    assert link["href"] == "https://aino.example.fi/"
