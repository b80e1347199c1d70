"""Publishing approved comments: the fast path, the full build, and how they meet.

Real Pelican builds (child processes) and a real SQLite file (the tests marked with ``store_url``
also a real PostgreSQL database, whose locks and build journal live in it); the site is the
project's own.
"""

from __future__ import annotations

import difflib
import logging
import shutil
import threading
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from comment_fixtures import add_comment

from comments import PROJECT_ROOT, store
from comments.policy import Submission, evaluate
from comments.render import render_comment
from comments.site.articles import END_MARKER, START_MARKER, article_page
from comments.site.publish import (
    BuildScheduler,
    build_site,
    publish_article_comments,
    wait_for_builds,
)
from comments.site.sample_comments import load_sample_comments, sample_entries

SLUG = "nps-ja-sen-rajat"
OTHER_SLUG = "asiakaspolun-kartoitus"


@pytest.fixture(autouse=True)
def no_build_left_running(request):
    """No background build of a test's site may outlive the test."""
    app = request.getfixturevalue("app") if "app" in request.fixturenames else None
    yield
    if app is not None:
        assert wait_for_builds(app.config["SITE_OUTPUT"], timeout=120)


def add(db, body: str, status: str = "pending", **fields) -> int:
    fields = {
        "name": "Matti Virtanen",
        "email": "matti.virtanen@example.fi",
        "article": SLUG,
    } | fields
    return add_comment(db, body, status=status, **fields)


def approve(app, db, comment_id: int) -> None:
    assert store.decide(db, comment_id, "approved", actor="moderaattori")
    with app.app_context():
        publish_article_comments(store.get_comment(db, comment_id)["article"])


def page(app, slug: str = SLUG) -> Path:
    return article_page(app.config["SITE_OUTPUT"], slug)


def assert_same_page(fast: Path, full: Path) -> None:
    """Byte equality, with the differing lines shown when it fails."""
    if fast.read_bytes() != full.read_bytes():
        diff = difflib.unified_diff(
            full.read_text(encoding="utf-8").splitlines(),
            fast.read_text(encoding="utf-8").splitlines(),
            "full build",
            "fast path",
            lineterm="",
        )
        pytest.fail(f"{fast} differs from {full}:\n" + "\n".join(diff))


def full_build_elsewhere(app, tmp_path: Path) -> Path:
    """A full build of the same store into a fresh directory; returns that output."""
    output = tmp_path / "full-build" / "output"
    build_site({**app.config, "SITE_OUTPUT": str(output)})
    return output


@pytest.mark.usefixtures("store_url")
def test_fast_path_and_full_build_give_byte_identical_pages(app, db, tmp_path):
    app.config["PUBLISH_FULL_BUILD"] = False
    first = add(db, "NPS kertoo **suunnan**, ei syytä. <script>alert(1)</script> & muuta.")
    reply = add(db, "Samaa mieltä.", parent_id=first, name="Liisa Korhonen", email="l@example.fi")
    third = add(db, "Kolmas taso: vastaus vastaukseen.", parent_id=reply, name="Aino Lehtinen")
    other = add(db, "Toinen artikkeli.", article=OTHER_SLUG)
    add(db, "Tämä odottaa vielä.")
    for comment_id in (first, reply, third, other):
        approve(app, db, comment_id)

    full = full_build_elsewhere(app, tmp_path)

    for slug in (SLUG, OTHER_SLUG):
        assert_same_page(page(app, slug), article_page(full, slug))
    assert "Kolmas taso" in page(app).read_text(encoding="utf-8")


def test_fast_path_after_edit_and_delete_matches_full_build(app, db, tmp_path):
    app.config["PUBLISH_FULL_BUILD"] = False
    kept = add(db, "Alkuperäinen teksti.")
    removed = add(db, "Tämä poistetaan myöhemmin.", name="Petri Salonen", email="p@example.fi")
    for comment_id in (kept, removed):
        approve(app, db, comment_id)
    store.edit_comment(db, kept, "Muokattu teksti.", render_comment("Muokattu teksti."), "m")
    store.delete_comment(db, removed, "m")
    with app.app_context():
        publish_article_comments(SLUG)

    text = page(app).read_text(encoding="utf-8")
    assert "Muokattu teksti." in text
    assert "Alkuperäinen teksti." not in text
    assert "Tämä poistetaan" not in text
    assert_same_page(page(app), article_page(full_build_elsewhere(app, tmp_path), SLUG))


def test_page_is_never_seen_half_written(app, db):
    app.config["PUBLISH_FULL_BUILD"] = False
    target = page(app)
    mode = target.stat().st_mode
    seen: list[str] = []
    problems: list[str] = []
    done = threading.Event()

    def read_in_a_loop() -> None:
        while not done.is_set():
            text = target.read_text(encoding="utf-8")
            seen.append(text)
            if not text.rstrip().endswith("</html>") or text.count(END_MARKER) != 1:
                problems.append(text[-200:])

    reader = threading.Thread(target=read_in_a_loop)
    reader.start()
    try:
        for number in range(50):
            approve(app, db, add(db, f"Kommentti numero {number} julkaistaan heti."))
    finally:
        done.set()
        reader.join()

    assert problems == []
    assert len(seen) >= 50
    final = target.read_text(encoding="utf-8")
    assert all(f"Kommentti numero {n} julkaistaan" in final for n in range(50))
    assert target.stat().st_mode == mode
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_missing_marker_falls_back_to_full_build(app, db, caplog):
    app.config["PUBLISH_FULL_BUILD"] = True
    target = page(app)
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace(START_MARKER, ""), encoding="utf-8")
    comment_id = add(db, "Näkyy vasta täyden rakennuksen jälkeen.")

    with caplog.at_level(logging.WARNING, logger="comments.site.publish"):
        approve(app, db, comment_id)
    assert any("full build instead" in r.getMessage() for r in caplog.records)
    assert wait_for_builds(app.config["SITE_OUTPUT"])

    rebuilt = target.read_text(encoding="utf-8")
    assert START_MARKER in rebuilt
    assert "Näkyy vasta täyden rakennuksen jälkeen." in rebuilt


def test_missing_output_falls_back_to_full_build(app, db, caplog):
    app.config["PUBLISH_FULL_BUILD"] = True
    shutil.rmtree(app.config["SITE_OUTPUT"])
    comment_id = add(db, "Sivusto rakennetaan kokonaan uudelleen.")

    with caplog.at_level(logging.WARNING, logger="comments.site.publish"):
        approve(app, db, comment_id)
    assert any("no built page" in r.getMessage() for r in caplog.records)
    assert wait_for_builds(app.config["SITE_OUTPUT"])

    assert "Sivusto rakennetaan kokonaan uudelleen." in page(app).read_text(encoding="utf-8")
    assert (Path(app.config["SITE_OUTPUT"]) / "index.html").is_file()


def test_unknown_or_malformed_slug_never_raises(app, caplog):
    app.config["PUBLISH_FULL_BUILD"] = False
    with app.app_context(), caplog.at_level(logging.WARNING, logger="comments.site.publish"):
        publish_article_comments("ei-tallaista-artikkelia")
        publish_article_comments("../../etc/passwd")
    messages = [r.getMessage() for r in caplog.records]
    assert any("no built page" in m for m in messages)
    assert any("malformed slug" in m for m in messages)


def test_replies_nest_three_levels_oldest_first(app, db):
    app.config["PUBLISH_FULL_BUILD"] = False
    stamps = iter(f"2026-02-0{day}T10:00:00+00:00" for day in range(1, 10))
    first = add(db, "Ensimmäinen.", created_at=next(stamps))
    second = add(db, "Toinen juuritason kommentti.", created_at=next(stamps))
    reply = add(db, "Vastaus ensimmäiseen.", parent_id=first, created_at=next(stamps))
    deeper = add(db, "Vastaus vastaukseen.", parent_id=reply, created_at=next(stamps))
    later_reply = add(db, "Myöhempi vastaus.", parent_id=first, created_at=next(stamps))
    # Approved in another order than written: the page follows the writing order.
    for comment_id in (deeper, later_reply, second, reply, first):
        approve(app, db, comment_id)

    soup = BeautifulSoup(page(app).read_text(encoding="utf-8"), "html.parser")
    top = soup.select_one(".comment-thread > ol.comment-list")

    def ids(listing) -> list[str]:
        return [li.find("article")["id"] for li in listing.find_all("li", recursive=False)]

    assert ids(top) == [f"kommentti-{first}", f"kommentti-{second}"]
    first_item = top.find("li", recursive=False)
    level2 = first_item.find("ol", recursive=False)
    assert ids(level2) == [f"kommentti-{reply}", f"kommentti-{later_reply}"]
    level3 = level2.find("li", recursive=False).find("ol", recursive=False)
    assert ids(level3) == [f"kommentti-{deeper}"]


def test_no_email_and_no_unapproved_text_anywhere_in_output(app, db):
    app.config["PUBLISH_FULL_BUILD"] = True
    approved = add(db, "Julkaistu kommentti näkyy.", email="julkaistu.kirjoittaja@example.fi")
    reply = add(db, "Julkaistu vastaus.", parent_id=approved, email="vastaaja@example.fi")
    hidden = {
        "pending": ("Odottava kommentti ei saa näkyä.", "odottava@example.fi"),
        "rejected": ("Hylätty kommentti ei saa näkyä.", "hylatty@example.fi"),
        "spam": ("Roskapostikommentti ei saa näkyä.", "roska@example.fi"),
    }
    for status, (body, email) in hidden.items():
        add(db, body, status=status, email=email)
    for comment_id in (approved, reply):
        approve(app, db, comment_id)
    assert wait_for_builds(app.config["SITE_OUTPUT"])

    forbidden = [
        "julkaistu.kirjoittaja@example.fi",
        "vastaaja@example.fi",
        *(email for _, email in hidden.values()),
        *(body for body, _ in hidden.values()),
    ]
    files = [p for p in Path(app.config["SITE_OUTPUT"]).rglob("*") if p.is_file()]
    assert len(files) > 20
    for path in files:
        content = path.read_bytes().decode("utf-8", errors="replace").lower()
        for needle in forbidden:
            assert needle.lower() not in content, f"{needle!r} in {path}"
    assert "Julkaistu kommentti näkyy." in page(app).read_text(encoding="utf-8")


def test_listings_show_counts_after_the_debounced_build(app, db):
    app.config["PUBLISH_FULL_BUILD"] = True
    for number in range(2):
        approve(app, db, add(db, f"Listauksen laskuri {number}."))
    assert wait_for_builds(app.config["SITE_OUTPUT"])

    output = Path(app.config["SITE_OUTPUT"])
    listings = [output / "index.html", *output.glob("kategoria/*/index.html")]
    counts = []
    for listing in listings:
        soup = BeautifulSoup(listing.read_text(encoding="utf-8"), "html.parser")
        counts += [
            link.get_text(strip=True)
            for link in soup.select("a.comment-count")
            if link["href"].endswith(f"/{SLUG}/#kommentit")
        ]
    assert counts.count("2 kommenttia") >= 2
    assert set(counts) == {"2 kommenttia"}


@pytest.mark.usefixtures("store_url")
def test_decision_during_full_build_survives_both(app, db, tmp_path):
    """A comment approved while Pelican is building (after the plugin read the store) is on the
    page when both have finished, and the page is complete and equal to a fresh full build."""
    app.config["PUBLISH_FULL_BUILD"] = False
    output = Path(app.config["SITE_OUTPUT"])
    builder = threading.Thread(target=build_site, args=(app.config,))
    builder.start()
    try:
        staged = _wait_for(lambda: list(output.parent.glob(f".{output.name}.build-*/{SLUG}")))
        assert staged, "the build never reached the article pages"
        approve(app, db, add(db, "Hyväksytty kesken rakennuksen."))
    finally:
        builder.join()

    text = page(app).read_text(encoding="utf-8")
    assert text.rstrip().endswith("</html>")
    assert "Hyväksytty kesken rakennuksen." in text
    assert not list(output.parent.glob(f".{output.name}.build-*"))
    full = full_build_elsewhere(app, tmp_path)
    assert_same_page(page(app), article_page(full, SLUG))
    # The feeds were moved in before the pages: the publication reached them too (issue #13).
    for feed in (f"{SLUG}/kommentit.atom.xml", "feeds/kommentit.atom.xml"):
        assert "Hyväksytty kesken rakennuksen." in (output / feed).read_text(encoding="utf-8")
        assert_same_page(output / feed, full / feed)
    # one host's files coordinate a SQLite site; a PostgreSQL site's coordination is in the store
    lock_files = list(output.parent.glob(f".{output.name}.*.lock"))
    assert len(lock_files) == (0 if store.is_postgresql(app.config["DATABASE"]) else 2)


def test_sample_comments_load_once_into_an_empty_store(app, db):
    entries = sample_entries()
    articles = PROJECT_ROOT / "content" / "articles"
    slugs = {
        line.split(":", 1)[1].strip()
        for path in articles.glob("*.md")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("Slug:")
    }
    assert 3 <= len({e["article"] for e in entries}) <= 4
    assert {e["article"] for e in entries} <= slugs
    assert any(e.get("author") for e in entries)
    assert all(e.get("author") or e["email"].endswith("@example.fi") for e in entries)

    for entry in entries:
        evaluation = evaluate(
            Submission(entry["name"], entry.get("email") or "kirjoittaja@example.fi", entry["body"])
        )
        assert evaluation.decision == "pending", (entry["name"], evaluation.to_json())
        assert not [f for f in evaluation.findings if f.severity in {"strong", "refuse"}]

    assert load_sample_comments(db) == len(entries)
    assert load_sample_comments(db) == 0
    rows = store.approved_comments(db)
    assert len(rows) == len(entries)
    assert any(row["parent_id"] for row in rows)
    assert any(row["is_author"] and row["parent_id"] for row in rows)


def test_sample_comments_appear_in_a_full_build(app, db):
    load_sample_comments(db)
    build_site(app.config)
    for entry in sample_entries():
        text = page(app, entry["article"]).read_text(encoding="utf-8")
        assert entry["name"] in text
        if entry.get("email"):
            assert entry["email"] not in text


def _wait_for(condition, timeout: float = 60.0, interval: float = 0.005):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    return condition()


@pytest.mark.usefixtures("store_url")
def test_concurrent_publications_of_one_article_lose_nothing(app, db):
    app.config["PUBLISH_FULL_BUILD"] = False
    pending = [add(db, f"Rinnakkainen kommentti {number}.") for number in range(20)]

    def moderator(ids: list[int]) -> None:
        own = store.connect(app.config["DATABASE"])
        try:
            for comment_id in ids:
                approve(app, own, comment_id)
        finally:
            own.close()

    workers = [threading.Thread(target=moderator, args=(pending[n::2],)) for n in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    text = page(app).read_text(encoding="utf-8")
    assert all(f"Rinnakkainen kommentti {number}." in text for number in range(20))
    assert "Kommentit (20)" in text


def test_requests_during_a_build_coalesce_into_one_more_build(app):
    output = Path(app.config["SITE_OUTPUT"])
    scheduler = BuildScheduler()
    config = dict(app.config)
    scheduler.request(config, 0.0)
    assert _wait_for(lambda: list(output.parent.glob(f".{output.name}.build-*")))
    for _ in range(5):
        scheduler.request(config, 0.0)
    assert scheduler.wait_idle(timeout=120)
    assert scheduler.builds == 2


def test_one_articles_comments_match_the_general_query(db):
    store.migrate(db)
    first = add(db, "Ensimmäinen.", status="approved")
    add(db, "Vastaus.", status="approved", parent_id=first)
    add(db, "Odottaa.")
    add(db, "Toisen artikkelin.", status="approved", article=OTHER_SLUG)
    rows = store.approved_comments(db, SLUG)
    assert rows == [row for row in store.approved_comments(db) if row["article"] == SLUG]
    assert [row["id"] for row in rows] == [first, first + 1]
