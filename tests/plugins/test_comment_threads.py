"""The comment_threads Pelican plugin: real Pelican articles and builds, a real store (each test
with ``comment_store`` on SQLite and on PostgreSQL), read-only."""

from __future__ import annotations

import logging
import sys
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from comment_fixtures import add_comment
from pelican.contents import Article
from pelican.settings import read_settings

from comments import PROJECT_ROOT, store
from comments.site.articles import find_article
from comments.site.publish import build_site

# Loaded from PLUGIN_PATHS as Pelican does: plugins/ is a directory of plugins, not a package.
sys.path.insert(0, str(PROJECT_ROOT / "plugins"))
from comment_threads import approved_by_article, attach_comment_threads  # noqa: E402


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return read_settings(str(PROJECT_ROOT / "pelicanconf.py"))


@pytest.fixture
def comment_store(store_url) -> str:
    db = store.connect(store_url)
    store.migrate(db)
    db.close()
    return store_url


def add(path: str, article: str, body: str, status: str = "approved", **fields) -> int:
    fields = {"name": "Sanna Mäkelä", "email": "sanna.makela@example.fi"} | fields
    return add_comment(path, body, status=status, article=article, **fields)


def article(settings, slug: str, title: str = "Otsikko", **metadata) -> Article:
    return Article(
        "<p>Sisältö.</p>",
        metadata={"title": title, "slug": slug, "date": datetime(2026, 1, 1, 9, 0)} | metadata,
        settings=settings,
        source_path=f"{slug}.md",
    )


def generator(settings, database: str | Path, articles: list[Article]) -> SimpleNamespace:
    """What the plugin uses of Pelican's ArticlesGenerator."""
    return SimpleNamespace(
        settings={**settings, "COMMENTS_DATABASE": str(database)},
        articles=articles,
        translations=[],
        context={},
    )


def test_threads_and_counts_are_attached_from_one_read(settings, comment_store, monkeypatch):
    first = add(comment_store, "eka", "Juuritason kommentti.")
    add(comment_store, "eka", "Vastaus siihen.", parent_id=first, name="Ville Koskinen")
    add(comment_store, "toka", "Toisen artikkelin kommentti.")
    add(comment_store, "eka", "Odottaa vielä.", status="pending")
    reads = []
    original = store.approved_comments
    monkeypatch.setattr(
        store, "approved_comments", lambda db, *a: reads.append(a) or original(db, *a)
    )
    articles = [article(settings, slug) for slug in ("eka", "toka", "kolmas")]

    attach_comment_threads(generator(settings, comment_store, articles))

    assert reads == [()]
    assert [a.comment_count for a in articles] == [2, 1, 0]
    soup = BeautifulSoup(str(articles[0].comment_block), "html.parser")
    root = soup.select_one(".comment-thread")
    assert root["data-article-slug"] == "eka"
    reply = root.select_one("ol.comment-list--replies")
    assert "Vastaus siihen." in reply.get_text()
    assert "Odottaa vielä." not in str(articles[0].comment_block)
    assert "sanna.makela@example.fi" not in str(articles[0].comment_block)


def test_root_element_carries_what_articles_py_parses(settings, comment_store, tmp_path):
    """The block's root attributes survive escaping: find_article reads back the same title."""
    title = 'Laatu & "hinta" <vertailu>'
    item = article(settings, "laatu", title)
    attach_comment_threads(generator(settings, comment_store, [item]))
    page = tmp_path / "output" / "laatu" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        f"<!-- vastine:comments:start -->{item.comment_block}<!-- vastine:comments:end -->",
        encoding="utf-8",
    )
    ref = find_article(tmp_path / "output", "laatu")
    assert ref is not None
    assert (ref.slug, ref.title, ref.url) == ("laatu", title, item.url)


def test_comments_closed_in_the_metadata_keep_the_thread_and_drop_the_form(
    settings, comment_store, tmp_path
):
    add(comment_store, "suljettu", "Vanha keskustelu jää näkyviin.")
    add(comment_store, "auki", "Tähän saa vielä vastata.")
    closed = article(settings, "suljettu", comments="closed")
    still_open = article(settings, "auki")
    attach_comment_threads(generator(settings, comment_store, [closed, still_open]))

    block = str(closed.comment_block)
    assert "Vanha keskustelu jää näkyviin." in block
    assert "Kommentointi on suljettu." in block
    assert "<form" not in block and "reply-link" not in block and "Kiitos!" not in block
    open_block = str(still_open.comment_block)
    assert "<form" in open_block and "reply-link" in open_block
    assert "Kommentointi on suljettu" not in open_block

    page = tmp_path / "output" / "suljettu" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        f"<!-- vastine:comments:start -->{block}<!-- vastine:comments:end -->", encoding="utf-8"
    )
    ref = find_article(tmp_path / "output", "suljettu")
    assert (ref.closed, ref.published) == (True, "2026-01-01")


def test_comments_close_after_the_set_number_of_days(settings, comment_store):
    from datetime import date

    old = article(settings, "vanha", date=datetime(2025, 1, 1, 9, 0))
    new = article(settings, "uusi", date=datetime.combine(date.today(), datetime.min.time()))
    attach_comment_threads(
        generator({**settings, "COMMENTS_CLOSE_AFTER_DAYS": 30}, comment_store, [old, new])
    )
    assert "Kommentointi on suljettu." in str(old.comment_block)
    assert "<form" in str(new.comment_block)


def test_missing_store_means_no_comments(settings, tmp_path, caplog):
    item = article(settings, "eka")
    with caplog.at_level(logging.INFO):
        attach_comment_threads(generator(settings, tmp_path / "ei-ole.sqlite3", [item]))
    assert item.comment_count == 0
    assert "Kommentit (0)" in str(item.comment_block)
    assert any("not found" in record.getMessage() for record in caplog.records)


def test_unreadable_store_is_logged_not_fatal(tmp_path, caplog):
    empty = tmp_path / "tyhja.sqlite3"
    empty.write_bytes(b"")
    with caplog.at_level(logging.WARNING):
        assert approved_by_article(str(empty)) == {}
    assert any("unreadable" in record.getMessage() for record in caplog.records)


def test_unreachable_postgresql_store_is_logged_not_fatal(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        assert approved_by_article(f"postgresql://vastine@/vastine?host={tmp_path}") == {}
    assert any("unreadable" in record.getMessage() for record in caplog.records)


def test_the_plugin_reads_the_store_read_only(comment_store):
    add(comment_store, "eka", "Luettava kommentti.")
    db = store.connect(comment_store, readonly=True)
    try:
        assert [row["body"] for row in store.comments_by_email(db, "sanna.makela@example.fi")] == [
            "Luettava kommentti."
        ]
        with pytest.raises(store.database_errors(comment_store)):
            store.audit(db, "pelican", "write")
    finally:
        db.close()
    assert approved_by_article(comment_store)["eka"][0]["name"] == "Sanna Mäkelä"


def test_built_site_without_store_has_empty_blocks(built_site, article_slugs):
    assert len(article_slugs) >= 3
    for slug in article_slugs:
        text = (built_site / slug / "index.html").read_text(encoding="utf-8")
        assert "Kommentit (0)" in text
        assert 'name="body"' in text


def test_full_build_shows_threads_and_listing_counts(comment_store, tmp_path):
    slug = "organisaatiosiilot"
    first = add(comment_store, slug, "Siilot näkyvät asiakkaalle joka päivä.")
    add(comment_store, slug, "Niin näkyvät.", parent_id=first, name="Aino Lehtinen", is_author=True)
    add(comment_store, slug, "Hylätty teksti.", status="rejected", email="hylatty@example.fi")
    output = tmp_path / "output"
    build_site(
        {
            "PELICAN_SETTINGS": str(PROJECT_ROOT / "pelicanconf.py"),
            "SITE_OUTPUT": str(output),
            "DATABASE": comment_store,
        }
    )

    page = BeautifulSoup((output / slug / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("#kommentit-otsikko").get_text() == "Kommentit (2)"
    author_reply = page.select_one("ol.comment-list--replies li.comment--author")
    assert "Niin näkyvät." in author_reply.get_text()
    counts = [
        link.get_text(strip=True)
        for listing in output.rglob("*.html")
        for link in BeautifulSoup(listing.read_text(encoding="utf-8"), "html.parser").select(
            "a.comment-count"
        )
        if link["href"] == f"/{slug}/#kommentit"
    ]
    assert len(counts) >= 2
    assert set(counts) == {"2 kommenttia"}
    assert "Hylätty teksti." not in "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in output.rglob("*.html")
    )
