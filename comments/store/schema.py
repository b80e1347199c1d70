"""The store's schema: numbered migrations, the same SQL on SQLite and PostgreSQL, applied in
order, each in its own write transaction.

The version is kept in ``PRAGMA user_version`` on SQLite (as since the first release, so
existing files carry on) and in the one-row table ``schema_version`` on PostgreSQL. ``{id}`` in
a statement is the dialect's generated key column (``INTEGER PRIMARY KEY`` on SQLite, an
identity column on PostgreSQL); every other column type is spelled the same for both.
"""

from __future__ import annotations

from comments.store.connection import Connection, Database, transaction

_V1 = [
    """CREATE TABLE commenters (
        id {id},
        email TEXT NOT NULL,
        confirmed_at TEXT,
        nickname TEXT,
        created_at TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX idx_commenters_email ON commenters (email)",
    """CREATE TABLE moderators (
        id {id},
        username TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL,
        email TEXT DEFAULT '',
        display_name TEXT DEFAULT '',
        notify TEXT DEFAULT 'immediate',
        last_digest_at TEXT,
        created_at TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX idx_moderators_username ON moderators (username)",
    """CREATE TABLE comments (
        id {id},
        article TEXT NOT NULL,
        parent_id BIGINT REFERENCES comments (id),
        commenter_id BIGINT REFERENCES commenters (id),
        name TEXT NOT NULL,
        website TEXT DEFAULT '',
        body TEXT NOT NULL,
        html TEXT NOT NULL,
        status TEXT NOT NULL,
        findings TEXT DEFAULT '[]',
        substance INTEGER DEFAULT 0,
        substance_reasons TEXT DEFAULT '[]',
        risk INTEGER DEFAULT 0,
        ip_hash TEXT,
        fingerprint TEXT,
        notify_replies INTEGER DEFAULT 0,
        is_author INTEGER DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT,
        decided_at TEXT,
        decided_by TEXT,
        reason TEXT)""",
    "CREATE INDEX idx_comments_status_created_at ON comments (status, created_at)",
    "CREATE INDEX idx_comments_status_substance ON comments (status, substance)",
    "CREATE INDEX idx_comments_status_risk ON comments (status, risk)",
    "CREATE INDEX idx_comments_article_status ON comments (article, status)",
    "CREATE INDEX idx_comments_commenter_id ON comments (commenter_id)",
    "CREATE INDEX idx_comments_parent_id ON comments (parent_id)",
    "CREATE INDEX idx_comments_fingerprint ON comments (fingerprint)",
    """CREATE TABLE audit_log (
        id {id},
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target_type TEXT,
        target_id TEXT,
        before TEXT,
        after TEXT)""",
    "CREATE INDEX idx_audit_log_at ON audit_log (at)",
    """CREATE TABLE policy_lists (
        id {id},
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX idx_policy_lists_kind_value ON policy_lists (kind, value)",
]

# Indexes for the moderation queue with thousands pending: the commenter's history and the
# per-article filter counts (measured in bench/moderation_queue.py).
_V2 = [
    """CREATE INDEX IF NOT EXISTS idx_comments_commenter_id_status
        ON comments (commenter_id, status)""",
    "CREATE INDEX IF NOT EXISTS idx_comments_status_article ON comments (status, article)",
]

# Rate-limit counters shared by every worker process (comments/rate_limit_storage.py); keys are
# keyed hashes, never addresses.
_V3 = [
    """CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY,
        hits INTEGER NOT NULL,
        expires_at FLOAT NOT NULL)""",
]

# The durable mail outbox (comments/store/outbox.py).
_V4 = [
    """CREATE TABLE mail_outbox (
        id {id},
        comment_id BIGINT,
        recipient TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        headers TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        claimed_by TEXT,
        claimed_until TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT)""",
    "CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at)",
    "CREATE INDEX mail_outbox_comment ON mail_outbox (comment_id)",
]

# A session generation per moderator (issue #13): every session carries the generation it
# started in, and logging out or an admin's "end sessions" raises it, so that a copied cookie
# stops working on the server, not only in the browser that logged out.
_V5 = [
    "ALTER TABLE moderators ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0",
]

# What each imported post and comment was called in the blog it came from, so that an import
# run twice adds nothing twice (comments/store/imports.py); the privacy purge asks whether a
# comment was imported, and when.
_V6 = [
    """CREATE TABLE import_sources (
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        source_id TEXT NOT NULL,
        target TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (source, kind, source_id))""",
    "CREATE INDEX import_sources_target ON import_sources (kind, target)",
]

# Issue #13: when a confirmation mail last went to each commenter's address (at most one per
# address per CONFIRMATION_MAIL_INTERVAL_MINUTES, however many workers), and whose comment an
# audit entry concerns (so a commenter's erasure can scrub their words from it).
_V7 = [
    "ALTER TABLE commenters ADD COLUMN confirmation_sent_at TEXT",
    "ALTER TABLE audit_log ADD COLUMN commenter_id BIGINT",
    "CREATE INDEX idx_audit_log_commenter_id ON audit_log (commenter_id)",
]

# The build journal of sites whose store is PostgreSQL (comments/store/coordination.py): a row
# with no slug while a full build runs, then one row per article the fast path published. Last,
# after main's migrations, so that SQLite files made by them (versions 3 to 7) carry on.
_V8 = [
    """CREATE TABLE publish_journal (
        id {id},
        site TEXT NOT NULL,
        slug TEXT)""",
    "CREATE INDEX idx_publish_journal_site ON publish_journal (site, id)",
]

MIGRATIONS = [_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8]


def schema_version(db: Database) -> int:
    """The version of the schema in the store (0: empty)."""
    if not db.is_postgresql:
        return db.execute("PRAGMA user_version").fetchone()[0]
    exists = db.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
    if not exists:
        return 0
    return db.execute("SELECT version FROM schema_version").fetchone()[0]


def migrate(db: Database) -> int:
    """Bring the schema up to date, one migration per transaction; returns the new version."""
    for number, statements in enumerate(MIGRATIONS, start=1):
        with transaction(db) as conn:
            # Checked inside the write lock: several workers may start at once.
            if schema_version(db) < number:
                for statement in statements:
                    conn.execute(statement.format(id=db.dialect.id_column))
                set_version(db, conn, number)
    return schema_version(db)


def set_version(db: Database, conn: Connection, number: int) -> None:
    """Record, inside the caller's transaction, that the schema is at version ``number``."""
    if not db.is_postgresql:
        conn.execute(f"PRAGMA user_version = {number}")
        return
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    conn.execute("DELETE FROM schema_version")
    conn.execute("INSERT INTO schema_version (version) VALUES (?)", [number])
