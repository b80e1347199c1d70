"""A large import prepares its comments in worker processes: the store must end up exactly as
when one process does everything (same ids, threads, texts, findings, report), an error must
leave nothing written and no worker behind, and a small import starts no workers."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from comments import store
from comments.importers.comment_preparation import BATCH, Draft, Preparer, prepare
from comments.importers.importing import ImportOptions, import_blog
from comments.importers.model import ImportRefused
from comments.policy.context import build_policy_context

COMMENTS = 2 * BATCH + 120
TEXTS = (
    "Hyvä huomio jonojen näkyvyydestä.",
    "Olen eri mieltä: <em>asiakas</em> ei lue kylttejä.",
    "Meillä tämä kokeiltiin\n\nja toinen kappale kertoo, miten kävi.",
    "Lue lisää osoitteesta https://esimerkki.example/opas tai www.esimerkki.example",
    "OSTA HALVALLA!!! Halvat lainat heti tililtä, klikkaa http://laina.example",
    "&lt;script&gt; ei ole tagi, [ei linkki] ja *tähti*",
    "",  # an empty comment is reported, not stored
)
STATUSES = ("1", "1", "1", "0", "spam", "trash", "1")

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods() or len(os.sched_getaffinity(0)) < 2,
    reason="worker processes need fork and two cores",
)


def comment_text(number: int) -> str:
    text = TEXTS[number % len(TEXTS)]
    return f"{text} ({number})" if text else ""


def write_export(path: Path, posts: int = 12, comments: int = COMMENTS) -> None:
    """A WXR file whose comments are spread over ``posts`` posts, a third of them replies."""
    items = []
    number = 0
    for post in range(1, posts + 1):
        entries = []
        first = number + 1
        for _ in range(comments // posts + (post <= comments % posts)):
            number += 1
            parent = first + (number * 7) % (number - first) if number - first > 2 else 0
            entries.append(
                f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
                f"<wp:comment_author>Lukija {number % 37} Laine</wp:comment_author>"
                f"<wp:comment_author_email>lukija{number % 53}@example.com"
                "</wp:comment_author_email>"
                f"<wp:comment_author_url>{'https://koti.example' if number % 5 else ''}"
                "</wp:comment_author_url>"
                f"<wp:comment_date_gmt>2020-03-{1 + post:02d} 10:{number % 60:02d}:00"
                "</wp:comment_date_gmt>"
                f"<wp:comment_content><![CDATA[{comment_text(number)}]]></wp:comment_content>"
                f"<wp:comment_approved>{STATUSES[number % len(STATUSES)]}</wp:comment_approved>"
                f"<wp:comment_parent>{parent if number % 3 == 0 else 0}</wp:comment_parent>"
                "</wp:comment>"
            )
        items.append(
            f"<item><title>Kirjoitus {post}</title>"
            f"<link>https://vanha.example/2020/03/kirjoitus-{post}/</link>"
            f"<content:encoded><![CDATA[Teksti {post}.]]></content:encoded>"
            f"<wp:post_id>{post}</wp:post_id><wp:post_date_gmt>2020-03-01 09:00:00"
            f"</wp:post_date_gmt><wp:post_name>kirjoitus-{post}</wp:post_name>"
            f"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
            f"{''.join(entries)}</item>"
        )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Rinnakkain</title>'
        f"<link>https://vanha.example</link>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )


def run_import(app, export: Path, content: Path, parallel_from: int, comments_progress=None):
    content.mkdir(parents=True, exist_ok=True)
    with app.app_context():
        db = store.get_db()
        policy = build_policy_context(
            store.policy_lists(db), store.recognised_nicknames(db), app.config
        )
        options = ImportOptions(path=export, content=content, parallel_from=parallel_from)
        return import_blog(db, options, policy, comments_progress=comments_progress)


def stored(app) -> list[dict]:
    db = store.connect(app.config["DATABASE"])
    try:
        rows = store.queue(db, status=None, limit=None)
    finally:
        db.close()
    volatile = {"decided_at", "updated_at"}  # the moment of the import
    return sorted(
        ({k: v for k, v in row.items() if k not in volatile} for row in rows),
        key=lambda row: row["id"],
    )


def test_workers_store_exactly_what_one_process_stores(make_app, tmp_path):
    export = tmp_path / "vienti.xml"
    write_export(export)
    alone = make_app(DATABASE=str(tmp_path / "yksin.sqlite3"))
    pooled = make_app(DATABASE=str(tmp_path / "rinnakkain.sqlite3"))
    report_alone = run_import(alone, export, tmp_path / "yksin", parallel_from=10**9)
    report_pooled = run_import(pooled, export, tmp_path / "rinnakkain", parallel_from=BATCH)
    rows = stored(pooled)
    assert rows == stored(alone)
    assert report_pooled.to_json() | {"files": []} == report_alone.to_json() | {"files": []}
    assert len(rows) > BATCH  # the drafts filled more than two batches
    assert {row["status"] for row in rows} == {"approved", "pending", "spam"}
    assert sum(row["parent_id"] is not None for row in rows) > 50
    assert report_pooled.skipped["kommentti: tyhjä"] > 0
    assert report_pooled.flagged > 0
    assert multiprocessing.active_children() == []


def test_a_second_run_with_workers_adds_nothing(make_app, tmp_path):
    export = tmp_path / "vienti.xml"
    write_export(export)
    app = make_app(DATABASE=str(tmp_path / "kahdesti.sqlite3"))
    first = run_import(app, export, tmp_path / "sisalto", parallel_from=BATCH)
    before = stored(app)
    again = run_import(app, export, tmp_path / "sisalto", parallel_from=BATCH)
    assert stored(app) == before
    assert sum(again.comments.values()) == 0
    assert again.already_imported["kommentteja"] == sum(first.comments.values())


def test_the_progress_bar_is_told_how_many_comments_are_stored(make_app, tmp_path):
    export = tmp_path / "vienti.xml"
    write_export(export)
    counts: list[int] = []
    app = make_app(DATABASE=str(tmp_path / "edistyminen.sqlite3"))
    report = run_import(app, export, tmp_path / "sisalto", 10**9, comments_progress=counts.append)
    assert counts == sorted(counts)
    assert 0 < counts[-1] <= sum(report.comments.values())


def test_an_error_late_in_the_file_leaves_nothing_and_no_workers(make_app, tmp_path):
    export = tmp_path / "vienti.xml"
    write_export(export)
    text = export.read_text(encoding="utf-8")
    export.write_text(text[: int(len(text) * 0.9)], encoding="utf-8")  # cut off
    app = make_app(DATABASE=str(tmp_path / "katkennut.sqlite3"))
    content = tmp_path / "sisalto"
    with pytest.raises(ImportRefused, match="loppuu kesken"):
        run_import(app, export, content, parallel_from=BATCH)
    assert stored(app) == []
    assert list(content.rglob("*.md")) == []
    assert multiprocessing.active_children() == []


def test_the_preparer_uses_workers_only_from_enough_comments():
    policy = build_policy_context({}, {}, {})
    drafts = [
        Draft(f"Kommentti numero {n} jonoista.", True, "Aino Laine", "aino@example.com", "")
        for n in range(40)
    ]
    expected = [prepare(draft, policy, "WordPress") for draft in drafts]
    with Preparer(policy, "WordPress", pool_from=100) as small:
        done = list(small.submit("pieni", drafts)) + list(small.drain())
        assert not small.parallel
    assert done == [("pieni", expected)]
    with Preparer(policy, "WordPress", pool_from=30) as large:
        done = [*large.submit(1, drafts[:20]), *large.submit(2, drafts[20:]), *large.drain()]
        assert large.parallel
    assert done == [(1, expected[:20]), (2, expected[20:])]
    assert multiprocessing.active_children() == []
