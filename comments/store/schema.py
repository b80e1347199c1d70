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


def _readers_first_use(db: sqlite_utils.Database) -> None:
    """Issue #13: when a confirmation mail last went to each commenter's address (at most one
    per address per CONFIRMATION_MAIL_INTERVAL_MINUTES, however many workers), and whose
    comment an audit entry concerns (so a commenter's erasure can scrub their words from it)."""
    conn = db.conn
    conn.execute("ALTER TABLE commenters ADD COLUMN confirmation_sent_at TEXT")
    conn.execute("ALTER TABLE audit_log ADD COLUMN commenter_id INTEGER")
    conn.execute("CREATE INDEX idx_audit_log_commenter_id ON audit_log (commenter_id)")


MIGRATIONS = [_v1, _v2, _v3, _readers_first_use]


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
