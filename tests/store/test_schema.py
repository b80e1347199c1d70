"""comments/store/schema.py and connection.py on both engines: the same migrations, numbered
the same, a version that says where a store is, and the DATABASE forms accepted."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest
from comment_fixtures import STORE_TABLES as TABLES
from comment_fixtures import add_comment

from comments import store


def test_an_empty_store_is_migrated_to_the_last_version(store_url):
    db = store.connect(store_url)
    try:
        assert store.schema_version(db) == 0
        assert store.migrate(db) == len(store.MIGRATIONS)
        assert store.migrate(db) == len(store.MIGRATIONS)
        assert [t for t in db.table_names() if t != "schema_version"] == TABLES
        assert db.count("comments") == 0
    finally:
        db.close()


def test_workers_starting_at_once_migrate_once(store_url):
    def start(_):
        db = store.connect(store_url)
        try:
            return store.migrate(db)
        finally:
            db.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert set(pool.map(start, range(4))) == {len(store.MIGRATIONS)}


def test_a_store_half_way_is_brought_up_to_date(store_url):
    db = store.connect(store_url)
    try:
        with store.transaction(db) as conn:
            for statement in store.MIGRATIONS[0]:
                conn.execute(statement.format(id=db.dialect.id_column))
            store.schema.set_version(db, conn, 1)
        assert store.schema_version(db) == 1
        assert "rate_limits" not in db.table_names()
        assert store.migrate(db) == len(store.MIGRATIONS)
        assert store.hit_rate_limit(db, "avain", 60) == 1
    finally:
        db.close()


def test_ids_are_generated_and_given_ids_are_kept(db):
    with store.transaction(db) as conn:
        conn.execute(
            "INSERT INTO commenters (id, email, created_at) VALUES (?, ?, ?)",
            [41, "a@esimerkki.fi", store.now()],
        )
        cursor = conn.execute(
            "INSERT INTO policy_lists (kind, value, created_at) VALUES (?, ?, ?)",
            ["block_word", "x", store.now()],
        )
        assert cursor.lastrowid == 1
    assert db.rows("commenters")[0]["id"] == 41


def test_an_existing_sqlite_file_of_version_3_keeps_working(tmp_path):
    """A file made by the sqlite-utils migrations of earlier releases (user_version 3)."""
    path = tmp_path / "vanha.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(
        """CREATE TABLE "commenters" ("id" INTEGER PRIMARY KEY, "email" TEXT NOT NULL,
             "confirmed_at" TEXT, "nickname" TEXT, "created_at" TEXT NOT NULL);
           CREATE UNIQUE INDEX "idx_commenters_email" ON "commenters" ("email");
           CREATE TABLE "comments" ("id" INTEGER PRIMARY KEY, "article" TEXT NOT NULL,
             "parent_id" INTEGER REFERENCES "comments"("id"),
             "commenter_id" INTEGER REFERENCES "commenters"("id"), "name" TEXT NOT NULL,
             "website" TEXT DEFAULT '', "body" TEXT NOT NULL, "html" TEXT NOT NULL,
             "status" TEXT NOT NULL, "findings" TEXT DEFAULT '[]', "substance" INTEGER DEFAULT 0,
             "substance_reasons" TEXT DEFAULT '[]', "risk" INTEGER DEFAULT 0, "ip_hash" TEXT,
             "fingerprint" TEXT, "notify_replies" INTEGER DEFAULT 0,
             "is_author" INTEGER DEFAULT 0, "created_at" TEXT NOT NULL, "updated_at" TEXT,
             "decided_at" TEXT, "decided_by" TEXT, "reason" TEXT);
           CREATE INDEX "idx_comments_article_status" ON "comments" ("article", "status");
           CREATE TABLE "audit_log" ("id" INTEGER PRIMARY KEY, "at" TEXT NOT NULL,
             "actor" TEXT NOT NULL, "action" TEXT NOT NULL, "target_type" TEXT,
             "target_id" TEXT, "before" TEXT, "after" TEXT);
           CREATE TABLE "moderators" ("id" INTEGER PRIMARY KEY, "username" TEXT NOT NULL,
             "password_hash" TEXT NOT NULL, "role" TEXT NOT NULL, "email" TEXT DEFAULT '',
             "display_name" TEXT DEFAULT '', "notify" TEXT DEFAULT 'immediate',
             "last_digest_at" TEXT, "created_at" TEXT NOT NULL);
           CREATE UNIQUE INDEX "idx_moderators_username" ON "moderators" ("username");
           CREATE TABLE "policy_lists" ("id" INTEGER PRIMARY KEY, "kind" TEXT NOT NULL,
             "value" TEXT NOT NULL, "created_by" TEXT, "created_at" TEXT NOT NULL);
           CREATE TABLE "rate_limits" ("key" TEXT PRIMARY KEY, "hits" INTEGER NOT NULL,
             "expires_at" FLOAT NOT NULL);
           INSERT INTO moderators (username, password_hash, role, created_at)
             VALUES ('aino', 'x', 'admin', '2025-01-01');
           INSERT INTO comments (article, name, body, html, status, created_at)
             VALUES ('polku', 'Aino Aalto', 'Vanha', '<p>Vanha</p>', 'approved', '2025-01-01');
           PRAGMA user_version = 3;"""
    )
    conn.close()
    db = store.connect(f"sqlite:///{path}")
    try:
        assert store.migrate(db) == len(store.MIGRATIONS)
        assert {"mail_outbox", "publish_journal"} <= set(db.table_names())
        assert store.get_moderator(db, "aino")["session_generation"] == 0
        [old] = store.approved_comments(db, "polku")
        new = add_comment(db, "Uusi", article="polku", name="Eero Kivi", status="approved",
                          email="eero@esimerkki.fi", actor="aino")  # fmt: skip
        assert [r["id"] for r in store.approved_comments(db, "polku")] == [old["id"], new]
    finally:
        db.close()


@pytest.mark.parametrize("version", [4, 5, 6, 7])
def test_a_sqlite_file_made_by_mains_migrations_gets_the_build_journal(tmp_path, version):
    """Versions 4 to 7 (the mail outbox, moderators' session generations, import sources,
    confirmation mail times and audit entries' commenters) came before the PostgreSQL store's
    publish_journal: such a file keeps what it has and gains only what it lacks."""
    db = store.connect(tmp_path / f"versio-{version}.sqlite3")
    try:
        for number, statements in enumerate(store.MIGRATIONS[:version], start=1):
            with store.transaction(db) as conn:
                for statement in statements:
                    conn.execute(statement.format(id=db.dialect.id_column))
                store.schema.set_version(db, conn, number)
        with store.transaction(db) as conn:
            conn.execute(
                """INSERT INTO moderators (username, password_hash, role, created_at)
                   VALUES ('aino', 'x', 'admin', '2026-01-01')"""
            )
        store.queue_mail(db, recipient="a@esimerkki.fi", subject="Vahvista", body="..", headers={})
        assert "publish_journal" not in db.table_names()
        assert store.migrate(db) == len(store.MIGRATIONS) == 8
        assert {"import_sources", "publish_journal"} <= set(db.table_names())
        moderator = store.get_moderator(db, "aino")
        assert store.end_sessions(db, moderator["id"], actor="aino")
        assert store.get_moderator(db, "aino")["session_generation"] == 1
        assert [mail["subject"] for mail in store.mail_rows(db)] == ["Vahvista"]
        store.add_comment(db, article="polku", name="Eero Kivi", body="x", html="<p>x</p>",
                          status="pending", email="eero@esimerkki.fi")  # fmt: skip
        assert store.claim_confirmation_mail(db, "eero@esimerkki.fi", not_since=store.now())
    finally:
        db.close()


@pytest.mark.parametrize(
    ("database", "engine", "path"),
    [
        ("/srv/vastine/kommentit.sqlite3", "sqlite", "/srv/vastine/kommentit.sqlite3"),
        ("sqlite:////srv/vastine/kommentit.sqlite3", "sqlite", "/srv/vastine/kommentit.sqlite3"),
        ("sqlite:///instance/kommentit.sqlite3", "sqlite", "instance/kommentit.sqlite3"),
        ("postgresql://vastine@db.example/vastine", "postgresql", None),
        ("postgresql://vastine@/vastine?host=/run/postgresql", "postgresql", None),
        ("postgres://vastine@localhost/vastine", "postgresql", None),
    ],
)
def test_database_settings_name_their_engine(database, engine, path):
    assert store.is_postgresql(database) == (engine == "postgresql")
    if path:
        assert store.sqlite_path(database) == path


def test_placeholders_inside_quotes_stay_as_written(db):
    row = db.execute("SELECT '?%' || ? AS merkit, ? * 2", ["!", 21]).fetchone()
    assert tuple(row) == ("?%!", 42)
    assert list(db.query("SELECT 'sata %' AS teksti")) == [{"teksti": "sata %"}]


def test_a_write_transaction_inside_another_is_refused(db):
    nested = pytest.raises((RuntimeError, sqlite3.OperationalError))
    with store.transaction(db), nested, store.transaction(db):
        pass
