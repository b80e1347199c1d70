"""``flask --app comments move-store --to postgresql://...``: a SQLite store copied into an
empty PostgreSQL database with the same ids, verified, and the target's ids carrying on; a
non-empty target refused with nothing copied."""

from __future__ import annotations

from comment_fixtures import STORE_TABLES as TABLES
from comment_fixtures import add_comment

from comments import store


def fill(database: str) -> dict[str, int]:
    """A little of everything, including a reply stored before its parent (imports do that)."""
    db = store.connect(database)
    try:
        store.migrate(db)
        store.add_moderator(db, "veera", "hash", "admin", email="veera@esimerkki.fi")
        ids = {}
        approved = {"article": "polku", "status": "approved"}
        ids["reply"] = add_comment(
            db, "Vastaus", name="Eero Kivi", email="eero@esimerkki.fi", actor="veera", **approved
        )
        ids["root"] = add_comment(
            db, "Juuri – ä", name="Aino Aalto", email="aino@esimerkki.fi", substance=55,
            findings=[{"code": "ads.link", "spans": [[1, 2]]}], **approved,
        )  # fmt: skip
        db.execute("UPDATE comments SET parent_id = ? WHERE id = ?", [ids["root"], ids["reply"]])
        ids["pending"] = add_comment(
            db, "Odottaa", article="toinen", name="Liisa Koski", email="liisa@esimerkki.fi"
        )
        store.confirm_email(db, "aino@esimerkki.fi")
        store.set_nickname(db, "eero@esimerkki.fi", "Kivimies", "veera")
        store.add_list_entry(db, "block_domain", "roskaa.example", "veera")
        store.hit_rate_limit(db, "avain", 3600)
        spam = add_comment(db, "x", article="polku", name="Pois Meni", status="spam")
        store.delete_comment(db, spam, "veera")
        return ids
    finally:
        db.close()


def contents(database: str) -> dict[str, list[dict]]:
    db = store.connect(database)
    try:
        return {table: db.rows(table) for table in TABLES}
    finally:
        db.close()


def test_the_store_moves_with_its_ids_and_is_verified(runner, app, postgres_url):
    ids = fill(app.config["DATABASE"])
    before = contents(app.config["DATABASE"])
    result = runner.invoke(args=["move-store", "--to", postgres_url])
    assert result.exit_code == 0, result.output
    assert "Kaikki taulut siirretty ja tarkistettu" in result.output
    assert f"DATABASE = {postgres_url!r}" in result.output
    for table in TABLES:
        assert f"{table} " in result.output
    assert contents(postgres_url) == before
    db = store.connect(postgres_url)
    try:
        assert store.get_comment(db, ids["reply"])["parent_id"] == ids["root"]
        assert store.queue_findings(db, status=None) == {"ads.link": 1}
        later = add_comment(
            db, "Uusi", article="polku", name="Uusi Tulija", email="uusi@esimerkki.fi"
        )
        assert later > max(row["id"] for row in before["comments"])
        assert store.add_moderator(db, "aatu", "hash") == 2
        assert len(store.audit_entries(db, limit=100)) == len(before["audit_log"]) + 1
    finally:
        db.close()


def test_a_target_with_rows_is_refused_and_left_as_it_was(runner, app, postgres_url):
    fill(app.config["DATABASE"])
    db = store.connect(postgres_url)
    store.migrate(db)
    store.add_list_entry(db, "block_word", "jo-täällä", "toinen")
    db.close()
    result = runner.invoke(args=["move-store", "--to", postgres_url])
    assert result.exit_code != 0
    assert "Kohdetietokanta ei ole tyhjä (taulussa audit_log on 1 riviä)" in result.output
    assert {t: len(rows) for t, rows in contents(postgres_url).items()} == {
        "audit_log": 1,
        "commenters": 0,
        "comments": 0,
        "import_sources": 0,
        "mail_outbox": 0,
        "moderators": 0,
        "policy_lists": 1,
        "publish_journal": 0,
        "rate_limits": 0,
    }


def test_only_sqlite_moves_and_only_into_postgresql(runner, app, make_app, postgres_url):
    result = runner.invoke(args=["move-store", "--to", "/tmp/toinen.sqlite3"])
    assert result.exit_code != 0 and "PostgreSQL-osoite" in result.output
    moved = make_app(DATABASE=postgres_url)
    result = moved.test_cli_runner().invoke(args=["move-store", "--to", postgres_url])
    assert result.exit_code != 0 and "on jo PostgreSQL-tietokanta" in result.output


def test_an_unreachable_target_gets_a_finnish_error(runner, app, tmp_path):
    result = runner.invoke(args=["move-store", "--to", f"postgresql://x@/x?host={tmp_path}"])
    assert result.exit_code != 0
    assert "PostgreSQL-tietokantaan ei saatu yhteyttä" in result.output


def test_a_checksum_changes_with_any_value(app):
    fill(app.config["DATABASE"])
    db = store.connect(app.config["DATABASE"])
    try:
        first = store.transfer.table_checksum(db, "comments")
        db.execute("UPDATE comments SET body = body || ' ' WHERE id = 1")
        changed = store.transfer.table_checksum(db, "comments")
        assert first.rows == changed.rows == 3  # four added, one deleted
        assert first.checksum != changed.checksum
    finally:
        db.close()
