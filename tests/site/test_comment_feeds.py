"""Atom feeds of approved comments (issue #13): one per article and one of the latest comments
site-wide, linked from the pages, written by the full build and rewritten by the fast path with
the same bytes. Real Pelican builds on a real SQLite file and a real PostgreSQL database
(``store_url``); feeds parsed as XML."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from comment_fixtures import add_comment, open_store

from comments import store
from comments.site.articles import article_page
from comments.site.publish import build_site, publish_article_comments

pytestmark = pytest.mark.usefixtures("store_url")

ATOM = "{http://www.w3.org/2005/Atom}"
SLUG = "nps-ja-sen-rajat"
OTHER = "asiakaspolun-kartoitus"
SITE_URL = "https://blogi.example.fi"


@pytest.fixture
def feed_app(make_app):
    return make_app(SITE_URL=SITE_URL, PUBLISH_FULL_BUILD=False)


def comment(app, body: str, status: str, article: str = SLUG, **fields) -> int:
    fields = {"name": "Liisa Korhonen", "email": f"{status}.{article}@example.fi"} | fields
    return add_comment(app, body, status=status, article=article, **fields)


def entries(path: Path) -> list[dict[str, str]]:
    feed = ElementTree.parse(path).getroot()  # noqa: S314 (the build's own output)
    assert feed.tag == f"{ATOM}feed"
    return [
        {
            "id": entry.findtext(f"{ATOM}id"),
            "title": entry.findtext(f"{ATOM}title"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "content": entry.findtext(f"{ATOM}content"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_full_build_writes_feeds_of_approved_comments_only_and_links_them(feed_app):
    shown = comment(feed_app, "Syötteeseen kuuluva kommentti.", "approved")
    comment(feed_app, "Toisen artikkelin kommentti.", "approved", article=OTHER)
    for status in ("pending", "rejected", "spam"):
        comment(feed_app, f"Ei syötteeseen: {status}.", status)
    build_site(feed_app.config)
    output = Path(feed_app.config["SITE_OUTPUT"])

    [entry] = entries(output / SLUG / "kommentit.atom.xml")
    assert entry["id"] == f"{SITE_URL}/{SLUG}/#kommentti-{shown}"
    assert entry["author"] == "Liisa Korhonen"
    assert "<p>Syötteeseen kuuluva kommentti.</p>" in entry["content"]
    latest = entries(output / "feeds" / "kommentit.atom.xml")
    assert len(latest) == 2 and "artikkeliin" in latest[0]["title"]
    for feed in (output / SLUG / "kommentit.atom.xml", output / "feeds" / "kommentit.atom.xml"):
        text = feed.read_text(encoding="utf-8")
        assert "@example.fi" not in text and "Ei syötteeseen" not in text

    head = BeautifulSoup(article_page(output, SLUG).read_text(encoding="utf-8"), "html.parser")
    feeds = {
        link["href"] for link in head.select('link[rel=alternate][type="application/atom+xml"]')
    }
    assert {f"/{SLUG}/kommentit.atom.xml", "/feeds/kommentit.atom.xml"} <= feeds
    front = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert front.select_one('link[rel=alternate][href="/feeds/kommentit.atom.xml"]')


def test_fast_path_updates_the_feeds_as_the_full_build_would(feed_app, tmp_path):
    build_site(feed_app.config)
    output = Path(feed_app.config["SITE_OUTPUT"])
    assert entries(output / SLUG / "kommentit.atom.xml") == []
    approved = comment(feed_app, "Hyväksytty juuri nyt.", "pending")
    reply = comment(
        feed_app,
        "Kirjoittajan vastaus.",
        "approved",
        parent_id=approved,
        name="Aino Lehtinen",
        email=None,
        is_author=True,
    )
    with open_store(feed_app) as db:
        assert store.decide(db, approved, "approved", "moderaattori")
    with feed_app.app_context():
        publish_article_comments(SLUG)

    feed = entries(output / SLUG / "kommentit.atom.xml")
    assert [e["id"].rsplit("-", 1)[1] for e in feed] == [str(approved), str(reply)]
    assert feed[1]["author"] == "Aino Lehtinen (kirjoittaja)"
    assert entries(output / "feeds" / "kommentit.atom.xml")[0]["title"].startswith("Aino Lehtinen")
    full = tmp_path / "full" / "output"
    build_site({**feed_app.config, "SITE_OUTPUT": str(full)})
    for relative in (f"{SLUG}/kommentit.atom.xml", "feeds/kommentit.atom.xml"):
        assert (output / relative).read_bytes() == (full / relative).read_bytes(), relative

    with open_store(feed_app) as db:
        store.delete_comment(db, approved, "moderaattori")
    with feed_app.app_context():
        publish_article_comments(SLUG)
    assert "Hyväksytty juuri nyt." not in (output / SLUG / "kommentit.atom.xml").read_text(
        encoding="utf-8"
    )
