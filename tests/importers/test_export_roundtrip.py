"""The way out: ``export --format wxr|disqus`` through the real command, proven by importing the
export into a new site: the same posts, the same threads and the same statuses, rejected
comments too (WordPress's ``trash`` / Disqus's ``isDeleted`` with Vastine's own mark, which other
systems pass by) with their reasons."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from import_site import DATA, ImportSite

from comments import store
from comments.importers.export_site import post_date
from comments.importers.post_files import read_site
from comments.render import render_comment


@pytest.fixture
def original(site, app) -> ImportSite:
    """A site with two imported blogs and comments of every status, a rejected one too."""
    site.imported(str(DATA / "wordpress-1.2.xml"))
    site.imported(str(DATA / "blogger-classic.xml"))
    db = store.connect(app.config["DATABASE"])
    try:
        parent = store.approved_comments(db, "vakioasiakkaan-nimi-muistiin")[0]["id"]
        body = "Vastaus vanhaan ketjuun: nimi muistetaan meilläkin."
        reply = store.add_comment(
            db,
            article="vakioasiakkaan-nimi-muistiin",
            name="Ilkka Saari",
            email="ilkka.saari@example.com",
            body=body,
            html=render_comment(body),
            status="pending",
            parent_id=parent,
        )
        store.decide(db, reply, "rejected", "moderaattori", reason=REJECTION_REASON)
        store.add_comment(
            db,
            article="vakioasiakkaan-nimi-muistiin",
            name="Outi Rauta",
            email="outi.rauta@example.com",
            body="Odottaa vielä.",
            html=render_comment("Odottaa vielä."),
            status="pending",
            parent_id=parent,
        )
    finally:
        db.close()
    return site


REJECTION_REASON = "Ei liity kirjoitukseen & toistaa <aiempaa>."


def new_site(make_app, tmp_path: Path, name: str, content_from: Path | None = None) -> ImportSite:
    app = make_app(DATABASE=str(tmp_path / f"{name}.sqlite3"))
    content = tmp_path / name
    if content_from is None:
        (content / "articles").mkdir(parents=True)
    else:
        shutil.copytree(content_from, content, ignore=shutil.ignore_patterns("redirects.tsv"))
    return ImportSite(app, app.test_cli_runner(), content)


def posts(content: Path) -> dict:
    """Slug -> what a reader sees of the post: title, date, category, tags, draft, summary
    and text."""
    seen = {}
    for post in read_site(content):
        text = BeautifulSoup(markdown.markdown(post.body, extensions=["extra"]), "html.parser")
        seen[post.slug] = {
            "kind": post.kind,
            "title": post.title,
            "date": post_date(post),
            "category": post.metadata.get("category"),
            "tags": sorted(post.tags),
            "draft": post.draft,
            "summary": post.metadata.get("summary", ""),
            "text": " ".join(text.get_text(" ").split()),
        }
    return seen


def threads(rows: list[dict], statuses=("approved", "pending", "spam", "rejected")) -> set[tuple]:
    """Each comment as (article, name, time, status, text, its parent's name and time); times
    to the second, as WXR and Disqus write them."""
    by_id = {row["id"]: row for row in rows}

    def key(row):
        text = " ".join(BeautifulSoup(row["html"], "html.parser").get_text(" ").split())
        return (row["article"], row["name"], row["created_at"][:19], row["status"], text)

    return {
        (*key(row), key(by_id[row["parent_id"]])[1:3] if row["parent_id"] else None)
        for row in rows
        if row["status"] in statuses
    }


def rejection_reasons(site: ImportSite) -> list[str]:
    return [row["reason"] for row in site.comments() if row["status"] == "rejected"]


def test_wxr_export_imported_again_gives_the_same_posts_threads_and_statuses(
    original, make_app, tmp_path
):
    exported = tmp_path / "vienti.xml"
    result = original.export(exported, "wxr")
    assert result.exit_code == 0, result.output
    assert "Vietiin 7 kirjoitusta ja 11 kommenttia." in result.stderr
    copy = new_site(make_app, tmp_path, "kopio")
    report = copy.imported(str(exported))
    assert report["format"] == "wxr"
    assert posts(copy.content) == posts(original.content)
    assert threads(copy.comments()) == threads(original.comments())
    assert report["comments"] == {"approved": 7, "pending": 2, "spam": 1, "rejected": 1}
    assert report["skipped"] == {}
    assert {row["email"] for row in copy.comments()} == {
        row["email"] for row in original.comments()
    }
    assert rejection_reasons(copy) == [REJECTION_REASON]


def test_wxr_export_has_what_wordpress_reads(original, tmp_path):
    exported = tmp_path / "vienti.xml"
    assert original.export(exported, "wxr").exit_code == 0
    text = exported.read_text(encoding="utf-8")
    assert "<wp:wxr_version>1.2</wp:wxr_version>" in text
    assert 'xmlns:wp="http://wordpress.org/export/1.2/"' in text
    assert "<wp:post_name><![CDATA[aitienpaivan-asiakaspalvelu]]></wp:post_name>" in text
    assert "<wp:post_type>page</wp:post_type>" in text
    assert "<wp:status>draft</wp:status>" in text
    assert "<wp:comment_approved>spam</wp:comment_approved>" in text
    assert "<wp:comment_approved>trash</wp:comment_approved>" in text
    assert text.count("<wp:meta_key><![CDATA[vastine_status]]></wp:meta_key>") == 1
    assert "<![CDATA[<h2>Mitä teimme toisin</h2>" in text or "<h2>Mitä teimme toisin</h2>" in text


def test_disqus_export_imported_into_the_same_articles_gives_the_same_threads(
    original, make_app, tmp_path
):
    exported = tmp_path / "disqus.xml"
    result = original.export(exported, "disqus")
    assert result.exit_code == 0, result.output
    copy = new_site(make_app, tmp_path, "disqus-kopio", content_from=original.content)
    report = copy.imported(str(exported))
    assert report["format"] == "disqus"
    assert report["unmatched_threads"] == []
    assert threads(copy.comments()) == threads(original.comments())
    assert report["comments"]["rejected"] == 1
    assert report["skipped"] == {}
    assert rejection_reasons(copy) == [REJECTION_REASON]
    assert exported.read_text(encoding="utf-8").count("<isDeleted>true</isDeleted>") == 1


def test_json_export_stays_the_default(original):
    with original.app.app_context():
        result = original.runner.invoke(args=["export"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["comments"]) == 11
    assert "ilkka.saari@example.com" in {row["email"] for row in data["comments"]}
