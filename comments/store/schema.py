"""The store's schema: numbered migrations, applied in order and recorded in
``PRAGMA user_version``; each runs in its own write transaction."""

from __future__ import annotations

import sqlite_utils

from comments.store.connection import transaction


def _v1(db: sqlite_utils.Database) -> None:
    db["commenters"].create(
        {"id": int, "email": str, "confirmed_at": str, "nickname": str, "created_at": str},
        pk="id",
        not_null={"email", "created_at"},
    )
    db["commenters"].create_index(["email"], unique=True)
    db["moderators"].create(
        {
            "id": int,
            "username": str,
            "password_hash": str,
            "role": str,
            "email": str,
            "display_name": str,
            "notify": str,
            "last_digest_at": str,
            "created_at": str,
        },
        pk="id",
        not_null={"username", "password_hash", "role", "created_at"},
        defaults={"notify": "immediate", "email": "", "display_name": ""},
    )
    db["moderators"].create_index(["username"], unique=True)
    db["comments"].create(
        {
            "id": int,
            "article": str,
            "parent_id": int,
            "commenter_id": int,
            "name": str,
            "website": str,
            "body": str,
            "html": str,
            "status": str,
            "findings": str,
            "substance": int,
            "substance_reasons": str,
            "risk": int,
            "ip_hash": str,
            "fingerprint": str,
            "notify_replies": int,
            "is_author": int,
            "created_at": str,
            "updated_at": str,
            "decided_at": str,
            "decided_by": str,
            "reason": str,
        },
        pk="id",
        not_null={"article", "name", "body", "html", "status", "created_at"},
        defaults={
            "website": "",
            "findings": "[]",
            "substance": 0,
            "substance_reasons": "[]",
            "risk": 0,
            "notify_replies": 0,
            "is_author": 0,
        },
        foreign_keys=[("parent_id", "comments", "id"), ("commenter_id", "commenters", "id")],
    )
    db["comments"].create_index(["status", "created_at"])
    db["comments"].create_index(["status", "substance"])
    db["comments"].create_index(["status", "risk"])
    db["comments"].create_index(["article", "status"])
    db["comments"].create_index(["commenter_id"])
    db["comments"].create_index(["parent_id"])
    db["comments"].create_index(["fingerprint"])
    db["audit_log"].create(
        {
            "id": int,
            "at": str,
            "actor": str,
            "action": str,
            "target_type": str,
            "target_id": str,
            "before": str,
            "after": str,
        },
        pk="id",
        not_null={"at", "actor", "action"},
    )
    db["audit_log"].create_index(["at"])
    db["policy_lists"].create(
        {"id": int, "kind": str, "value": str, "created_by": str, "created_at": str},
        pk="id",
        not_null={"kind", "value", "created_at"},
    )
    db["policy_lists"].create_index(["kind", "value"], unique=True)


def _v2(db: sqlite_utils.Database) -> None:
    """Indexes for the moderation queue with thousands pending: the commenter's history and
    the per-article filter counts (measured in bench/moderation_queue.py)."""
    db["comments"].create_index(["commenter_id", "status"], if_not_exists=True)
    db["comments"].create_index(["status", "article"], if_not_exists=True)


def _v3(db: sqlite_utils.Database) -> None:
    """Rate-limit counters shared by every worker process (comments/rate_limit_storage.py); keys are
    keyed hashes, never addresses."""
    db["rate_limits"].create(
        {"key": str, "hits": int, "expires_at": float},
        pk="key",
        not_null={"hits", "expires_at"},
    )


def _v4(db: sqlite_utils.Database) -> None:
    """The durable mail outbox (comments/store/outbox.py), in plain SQL that PostgreSQL runs
    too."""
    for statement in (
        """CREATE TABLE mail_outbox (
        id INTEGER PRIMARY KEY,
        comment_id INTEGER,
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
        finished_at TEXT
    )""",
        "CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at)",
        "CREATE INDEX mail_outbox_comment ON mail_outbox (comment_id)",
    ):
        db.execute(statement)


def _v5(db: sqlite_utils.Database) -> None:
    """A session generation per moderator (issue #13): every session carries the generation it
    started in, and logging out or an admin's "end sessions" raises it, so that a copied cookie
    stops working on the server, not only in the browser that logged out."""
    db.conn.execute(
        "ALTER TABLE moderators ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0"
    )


def _v6(db: sqlite_utils.Database) -> None:
    """What each imported post and comment was called in the blog it came from, so that an
    import run twice adds nothing twice (comments/store/imports.py); plain SQL, as ``_v4``."""
    for statement in (
        """CREATE TABLE import_sources (
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        source_id TEXT NOT NULL,
        target TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (source, kind, source_id)
    )""",
        # the privacy purge asks whether a comment was imported, and when
        "CREATE INDEX import_sources_target ON import_sources (kind, target)",
    ):
        db.execute(statement)


def _v7(db: sqlite_utils.Database) -> None:
    """Issue #13: when a confirmation mail last went to each commenter's address (at most one
    per address per CONFIRMATION_MAIL_INTERVAL_MINUTES, however many workers), and whose
    comment an audit entry concerns (so a commenter's erasure can scrub their words from it)."""
    conn = db.conn
    conn.execute("ALTER TABLE commenters ADD COLUMN confirmation_sent_at TEXT")
    conn.execute("ALTER TABLE audit_log ADD COLUMN commenter_id INTEGER")
    conn.execute("CREATE INDEX idx_audit_log_commenter_id ON audit_log (commenter_id)")


MIGRATIONS = [_v1, _v2, _v3, _v4, _v5, _v6, _v7]


def schema_version(db: sqlite_utils.Database) -> int:
    """The schema version stored in ``PRAGMA user_version``."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the schema up to date, one migration per transaction; returns the new version."""
    for number, step in enumerate(MIGRATIONS, start=1):
        with transaction(db) as conn:
            # Checked inside the write lock: several workers may start at once.
            if schema_version(db) < number:
                step(db)
                conn.execute(f"PRAGMA user_version = {number}")
    return schema_version(db)
