"""The comment store: the one module that talks SQL.

SQLite through sqlite-utils, in WAL mode with a busy timeout and foreign keys on. Every write runs
in ``BEGIN IMMEDIATE`` so that concurrent writers (gunicorn workers, the moderator UI, the Pelican
plugin reading) queue on the busy timeout instead of failing with "database is locked".

Example::

    db = connect("instance/comments.sqlite3")
    migrate(db)
    comment_id = add_comment(db, article="asiakaspolku", name="Aino Lehtinen", ...)
    decide(db, comment_id, "approved", actor="moderaattori")
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

STATUSES = ("pending", "approved", "rejected", "spam")
MODERATOR_ROLES = ("moderator", "admin")
LIST_KINDS = ("block_email", "allow_email", "block_domain", "allow_domain", "block_word")
BUSY_TIMEOUT_MS = 10_000

Row = dict[str, Any]


# --- connections -------------------------------------------------------------------------------


def connect(path: str | Path, readonly: bool = False) -> sqlite_utils.Database:
    """Open the store at ``path``; ``readonly`` opens it with ``mode=ro`` (the Pelican plugin)."""
    if readonly:
        conn = sqlite3.connect(
            f"file:{Path(path).resolve()}?mode=ro", uri=True, isolation_level=None
        )
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    db = sqlite_utils.Database(conn)
    if not readonly:
        db.enable_wal()
        conn.execute("PRAGMA synchronous = NORMAL")
    return db


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """A write transaction taken with BEGIN IMMEDIATE; commits on success, rolls back on error."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def now() -> str:
    """The current time as an ISO 8601 UTC string, the one format stored."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


# --- schema --------------------------------------------------------------------------------------


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
    """Rate-limit counters shared by every worker process (comments/rate_limits.py); keys are
    keyed hashes, never addresses."""
    db["rate_limits"].create(
        {"key": str, "hits": int, "expires_at": float},
        pk="key",
        not_null={"hits", "expires_at"},
    )


MIGRATIONS = [_v1, _v2, _v3]


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


# --- commenters ----------------------------------------------------------------------------------


def get_commenter(db: sqlite_utils.Database, email: str) -> Row | None:
    """The commenter with this (case-insensitive) email, or None."""
    rows = list(db.query("SELECT * FROM commenters WHERE email = ?", [email.strip().lower()]))
    return rows[0] if rows else None


def _ensure_commenter(conn: sqlite3.Connection, email: str) -> int:
    email = email.strip().lower()
    conn.execute(
        "INSERT INTO commenters (email, created_at) VALUES (?, ?) ON CONFLICT(email) DO NOTHING",
        [email, now()],
    )
    return conn.execute("SELECT id FROM commenters WHERE email = ?", [email]).fetchone()[0]


def confirm_email(db: sqlite_utils.Database, email: str) -> bool:
    """Mark the email confirmed; returns False when no commenter has it."""
    with transaction(db) as conn:
        cursor = conn.execute(
            "UPDATE commenters SET confirmed_at = COALESCE(confirmed_at, ?) WHERE email = ?",
            [now(), email.strip().lower()],
        )
    return cursor.rowcount == 1


def recognised_nicknames(db: sqlite_utils.Database) -> dict[str, str]:
    """Email -> recognised nickname, for the policy context."""
    return {
        row["email"]: row["nickname"]
        for row in db.query("SELECT email, nickname FROM commenters WHERE nickname IS NOT NULL")
    }


def set_nickname(db: sqlite_utils.Database, email: str, nickname: str | None, actor: str) -> None:
    """Recognise ``nickname`` for ``email`` (None withdraws it); audited."""
    with transaction(db) as conn:
        commenter_id = _ensure_commenter(conn, email)
        before = conn.execute(
            "SELECT nickname FROM commenters WHERE id = ?", [commenter_id]
        ).fetchone()[0]
        conn.execute("UPDATE commenters SET nickname = ? WHERE id = ?", [nickname, commenter_id])
        _audit(
            conn,
            actor,
            "nickname",
            "commenter",
            email.strip().lower(),
            {"nickname": before},
            {"nickname": nickname},
        )


# --- comments ------------------------------------------------------------------------------------


def add_comment(
    db: sqlite_utils.Database,
    *,
    article: str,
    name: str,
    body: str,
    html: str,
    status: str,
    email: str | None = None,
    website: str = "",
    parent_id: int | None = None,
    findings: list[Mapping[str, Any]] = (),
    substance: int = 0,
    substance_reasons: list[str] = (),
    risk: int = 0,
    ip_hash: str | None = None,
    fingerprint: str | None = None,
    notify_replies: bool = False,
    is_author: bool = False,
    actor: str | None = None,
    created_at: str | None = None,
) -> int:
    """Store a comment and return its id. ``email`` None is allowed only for author replies."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    stamp = created_at or now()
    with transaction(db) as conn:
        commenter_id = _ensure_commenter(conn, email) if email else None
        cursor = conn.execute(
            """INSERT INTO comments (article, parent_id, commenter_id, name, website, body, html,
                   status, findings, substance, substance_reasons, risk, ip_hash, fingerprint,
                   notify_replies, is_author, created_at, updated_at, decided_at, decided_by)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                article,
                parent_id,
                commenter_id,
                name,
                website,
                body,
                html,
                status,
                json.dumps(list(findings), ensure_ascii=False),
                substance,
                json.dumps(list(substance_reasons), ensure_ascii=False),
                risk,
                ip_hash,
                fingerprint,
                int(notify_replies),
                int(is_author),
                stamp,
                stamp,
                stamp if status == "approved" else None,
                actor if status == "approved" else None,
            ],
        )
        comment_id = cursor.lastrowid
        if actor:
            _audit(conn, actor, "create", "comment", comment_id, None, {"status": status})
    return comment_id


_COMMENT_COLUMNS = """c.*, m.email AS email, m.confirmed_at AS email_confirmed_at,
    m.nickname AS recognised_nickname"""


def get_comment(db: sqlite_utils.Database, comment_id: int) -> Row | None:
    """One comment with its commenter's email and confirmation, or None."""
    rows = list(
        db.query(
            f"""SELECT {_COMMENT_COLUMNS} FROM comments c
                LEFT JOIN commenters m ON m.id = c.commenter_id WHERE c.id = ?""",
            [comment_id],
        )
    )
    return _decode(rows[0]) if rows else None


def find_duplicate(db: sqlite_utils.Database, fingerprint: str, since: str) -> int | None:
    """The id of a comment with the same fingerprint created after ``since``, if any."""
    row = db.execute(
        "SELECT id FROM comments WHERE fingerprint = ? AND created_at >= ? LIMIT 1",
        [fingerprint, since],
    ).fetchone()
    return row[0] if row else None


def approved_comments(db: sqlite_utils.Database, article: str | None = None) -> list[Row]:
    """Approved comments, oldest first, for one article or all of them (no emails).

    One article's are looked up through the (article, status) index: otherwise SQLite walks every
    approved comment in date order, and the fast path's cost would grow with the site."""
    columns = "id, article, parent_id, name, website, html, is_author, created_at"
    if article is None:
        sql = f"SELECT {columns} FROM comments WHERE status = 'approved' ORDER BY created_at, id"
        return list(db.query(sql))
    return list(
        db.query(
            f"""SELECT {columns} FROM comments INDEXED BY idx_comments_article_status
                WHERE article = ? AND status = 'approved' ORDER BY created_at, id""",
            [article],
        )
    )


def comment_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Article slug -> number of approved comments."""
    return {
        row["article"]: row["n"]
        for row in db.query(
            "SELECT article, COUNT(*) AS n FROM comments WHERE status = 'approved' GROUP BY article"
        )
    }


QUEUE_SORTS = {
    "substance": "c.substance DESC, c.created_at ASC, c.id ASC",
    "age": "c.created_at ASC, c.id ASC",
    "newest": "c.created_at DESC, c.id DESC",
    "risk": "c.risk DESC, c.created_at ASC, c.id ASC",
}


def _queue_filter(
    status: str | None, finding: str | None, article: str | None, search: str | None
) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if status:
        clauses.append("c.status = ?")
        params.append(status)
    if finding:
        clauses.append(
            "EXISTS (SELECT 1 FROM json_each(c.findings) f "
            "WHERE json_extract(f.value, '$.code') LIKE ? ESCAPE '\\')"
        )
        params.append(_like_prefix(finding))
    if article:
        clauses.append("c.article = ?")
        params.append(article)
    if search:
        pattern = f"%{_escape_like(search)}%"
        clauses.append(
            "(c.body LIKE ? ESCAPE '\\' OR c.name LIKE ? ESCAPE '\\' OR m.email LIKE ? ESCAPE '\\')"
        )
        params += [pattern, pattern, pattern]
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def queue(
    db: sqlite_utils.Database,
    *,
    status: str | None = "pending",
    sort: str = "substance",
    finding: str | None = None,
    article: str | None = None,
    search: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Row]:
    """A page of the moderation queue, filtered and sorted (``QUEUE_SORTS``)."""
    where, params = _queue_filter(status, finding, article, search)
    order = QUEUE_SORTS.get(sort, QUEUE_SORTS["substance"])
    rows = db.query(
        f"""SELECT {_COMMENT_COLUMNS} FROM comments c
            LEFT JOIN commenters m ON m.id = c.commenter_id{where}
            ORDER BY {order} LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    )
    return [_decode(row) for row in rows]


def queue_count(
    db: sqlite_utils.Database,
    *,
    status: str | None = "pending",
    finding: str | None = None,
    article: str | None = None,
    search: str | None = None,
) -> int:
    """How many comments ``queue`` would page through with these filters."""
    where, params = _queue_filter(status, finding, article, search)
    return db.execute(
        f"""SELECT COUNT(*) FROM comments c
            LEFT JOIN commenters m ON m.id = c.commenter_id{where}""",
        params,
    ).fetchone()[0]


def status_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Status -> number of comments."""
    return {
        row["status"]: row["n"]
        for row in db.query("SELECT status, COUNT(*) AS n FROM comments GROUP BY status")
    }


def commenter_history(db: sqlite_utils.Database, commenter_id: int | None) -> dict[str, int]:
    """Status -> number of this commenter's comments (earlier decisions)."""
    if commenter_id is None:
        return {}
    return {
        row["status"]: row["n"]
        for row in db.query(
            "SELECT status, COUNT(*) AS n FROM comments WHERE commenter_id = ? GROUP BY status",
            [commenter_id],
        )
    }


def queue_findings(db: sqlite_utils.Database, status: str | None = "pending") -> dict[str, int]:
    """Finding code -> number of comments with it (in ``status``), for the queue's filter."""
    where, params = ("WHERE c.status = ?", [status]) if status else ("", [])
    return {
        row["code"]: row["n"]
        for row in db.query(
            f"""SELECT json_extract(f.value, '$.code') AS code, COUNT(DISTINCT c.id) AS n
                FROM comments c, json_each(c.findings) f {where}
                GROUP BY code HAVING code IS NOT NULL ORDER BY code""",
            params,
        )
    }


def queue_articles(db: sqlite_utils.Database, status: str | None = "pending") -> dict[str, int]:
    """Article slug -> number of comments (in ``status``), for the queue's filter."""
    where, params = ("WHERE status = ?", [status]) if status else ("", [])
    return {
        row["article"]: row["n"]
        for row in db.query(
            f"""SELECT article, COUNT(*) AS n FROM comments {where}
                GROUP BY article ORDER BY article""",
            params,
        )
    }


def pending_for_digest(
    db: sqlite_utils.Database, since: str | None, until: str, limit: int = 100
) -> list[Row]:
    """Pending comments with a confirmed email that entered the queue (were created or had their
    email confirmed) after ``since`` (None: ever) and not after ``until``, oldest first."""
    since = since or ""
    return [
        _decode(row)
        for row in db.query(
            f"""SELECT {_COMMENT_COLUMNS} FROM comments c
                JOIN commenters m ON m.id = c.commenter_id
                WHERE c.status = 'pending' AND m.confirmed_at IS NOT NULL
                  AND MAX(c.created_at, m.confirmed_at) > ?
                  AND MAX(c.created_at, m.confirmed_at) <= ?
                ORDER BY c.created_at, c.id LIMIT ?""",
            [since, until, limit],
        )
    ]


def decide(
    db: sqlite_utils.Database,
    comment_id: int,
    status: str,
    actor: str,
    *,
    expected: tuple[str, ...] = ("pending",),
    reason: str | None = None,
    action: str = "decide",
) -> bool:
    """Set a comment's status if it is still in one of ``expected``; audited.

    Returns False when another moderator got there first (or the comment is gone): the update is a
    compare-and-swap, so of two concurrent decisions exactly one wins.
    """
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    placeholders = ", ".join("?" for _ in expected)
    with transaction(db) as conn:
        row = conn.execute(
            f"SELECT status FROM comments WHERE id = ? AND status IN ({placeholders})",
            [comment_id, *expected],
        ).fetchone()
        if row is None:
            return False
        stamp = now()
        conn.execute(
            """UPDATE comments SET status = ?, decided_at = ?, decided_by = ?, reason = ?,
                   updated_at = ? WHERE id = ?""",
            [status, stamp, actor, reason, stamp, comment_id],
        )
        _audit(
            conn,
            actor,
            action,
            "comment",
            comment_id,
            {"status": row[0]},
            {"status": status, "reason": reason},
        )
    return True


def edit_comment(
    db: sqlite_utils.Database, comment_id: int, body: str, html: str, actor: str
) -> bool:
    """Replace a comment's text; the original is kept in the audit log."""
    with transaction(db) as conn:
        row = conn.execute("SELECT body FROM comments WHERE id = ?", [comment_id]).fetchone()
        if row is None:
            return False
        conn.execute(
            "UPDATE comments SET body = ?, html = ?, updated_at = ? WHERE id = ?",
            [body, html, now(), comment_id],
        )
        _audit(conn, actor, "edit", "comment", comment_id, {"body": row[0]}, {"body": body})
    return True


def delete_comment(db: sqlite_utils.Database, comment_id: int, actor: str) -> str | None:
    """Delete a comment; its replies move up to its parent. Returns the article slug or None.

    The audit entry keeps the deleted text only when a moderator deletes; a commenter's own
    deletion (``actor`` starting with ``commenter:``) keeps no text, as the privacy page promises.
    """
    with transaction(db) as conn:
        return _delete(conn, comment_id, actor)


def _delete(conn: sqlite3.Connection, comment_id: int, actor: str) -> str | None:
    row = conn.execute(
        "SELECT article, parent_id, status, name, body FROM comments WHERE id = ?", [comment_id]
    ).fetchone()
    if row is None:
        return None
    article, parent_id, status, name, body = row
    conn.execute("UPDATE comments SET parent_id = ? WHERE parent_id = ?", [parent_id, comment_id])
    conn.execute("DELETE FROM comments WHERE id = ?", [comment_id])
    before = {"article": article, "status": status}
    if not actor.startswith("commenter:"):
        before |= {"name": name, "body": body}
    _audit(conn, actor, "delete", "comment", comment_id, before, None)
    return article


def comments_by_email(db: sqlite_utils.Database, email: str) -> list[Row]:
    """Every comment of the commenter with this email, oldest first (for export and deletion)."""
    return [
        _decode(row)
        for row in db.query(
            f"""SELECT {_COMMENT_COLUMNS} FROM comments c
                JOIN commenters m ON m.id = c.commenter_id
                WHERE m.email = ? ORDER BY c.created_at, c.id""",
            [email.strip().lower()],
        )
    ]


def delete_commenter(db: sqlite_utils.Database, email: str) -> list[Row]:
    """Delete all of a commenter's comments and the commenter; returns the deleted comments'
    ``id``, ``article`` and ``status`` so the caller can republish the affected pages."""
    email = email.strip().lower()
    with transaction(db) as conn:
        rows = conn.execute(
            """SELECT c.id, c.article, c.status FROM comments c
               JOIN commenters m ON m.id = c.commenter_id WHERE m.email = ?
               ORDER BY c.id DESC""",
            [email],
        ).fetchall()
        for comment_id, _, _ in rows:
            _delete(conn, comment_id, f"commenter:{comment_id}")
        conn.execute("DELETE FROM commenters WHERE email = ?", [email])
    return [{"id": r[0], "article": r[1], "status": r[2]} for r in rows]


def reply_subscribers(db: sqlite_utils.Database, comment_id: int) -> list[Row]:
    """The parent's commenter if they asked to hear of replies (id, email, name, article)."""
    return list(
        db.query(
            """SELECT p.id, p.name, p.article, m.email FROM comments c
               JOIN comments p ON p.id = c.parent_id
               JOIN commenters m ON m.id = p.commenter_id
               WHERE c.id = ? AND p.notify_replies = 1 AND m.confirmed_at IS NOT NULL""",
            [comment_id],
        )
    )


def unsubscribe_replies(db: sqlite_utils.Database, email: str) -> int:
    """Stop reply notifications for every comment of this email; returns how many changed."""
    with transaction(db) as conn:
        cursor = conn.execute(
            """UPDATE comments SET notify_replies = 0 WHERE notify_replies = 1 AND commenter_id =
               (SELECT id FROM commenters WHERE email = ?)""",
            [email.strip().lower()],
        )
    return cursor.rowcount


def purge_expired(
    db: sqlite_utils.Database, *, unconfirmed_before: str, refused_before: str, audit_before: str
) -> dict[str, int]:
    """Delete what the privacy page says is kept no longer; returns counts per kind."""
    with transaction(db) as conn:
        stale = conn.execute(
            """SELECT c.id FROM comments c JOIN commenters m ON m.id = c.commenter_id
               WHERE c.status = 'pending' AND m.confirmed_at IS NULL AND c.created_at < ?""",
            [unconfirmed_before],
        ).fetchall()
        for (comment_id,) in stale:
            _delete(conn, comment_id, "system:expiry")
        refused = conn.execute(
            """SELECT id FROM comments WHERE status IN ('rejected', 'spam')
               AND COALESCE(decided_at, created_at) < ?""",
            [refused_before],
        ).fetchall()
        for (comment_id,) in refused:
            _delete(conn, comment_id, "system:expiry")
        audit = conn.execute("DELETE FROM audit_log WHERE at < ?", [audit_before]).rowcount
        conn.execute("DELETE FROM rate_limits WHERE expires_at <= ?", [time.time()])
    return {"unconfirmed": len(stale), "refused": len(refused), "audit": audit}


# --- rate limits ---------------------------------------------------------------------------------


def hit_rate_limit(db: sqlite_utils.Database, key: str, expiry: float, amount: int = 1) -> int:
    """Add ``amount`` hits to ``key``'s window, starting a new window of ``expiry`` seconds when
    it has none or its window has ended; returns the window's hits. One statement, so processes
    sharing the file never lose a hit."""
    moment = time.time()
    with transaction(db) as conn:
        (hits,) = conn.execute(
            """INSERT INTO rate_limits (key, hits, expires_at) VALUES (?, ?, ?)
               ON CONFLICT (key) DO UPDATE SET
                 hits = CASE WHEN expires_at <= ? THEN excluded.hits
                             ELSE hits + excluded.hits END,
                 expires_at = CASE WHEN expires_at <= ? THEN excluded.expires_at
                                   ELSE expires_at END
               RETURNING hits""",
            [key, amount, moment + expiry, moment, moment],
        ).fetchone()
    return hits


def rate_limit_window(db: sqlite_utils.Database, key: str) -> tuple[int, float]:
    """``key``'s hits in its current window and when the window ends (0 hits and now when it
    has no window)."""
    moment = time.time()
    row = db.execute(
        "SELECT hits, expires_at FROM rate_limits WHERE key = ? AND expires_at > ?", [key, moment]
    ).fetchone()
    return (row[0], row[1]) if row else (0, moment)


def clear_rate_limits(db: sqlite_utils.Database, key: str | None = None) -> None:
    """Forget ``key``'s window, or every window."""
    with transaction(db) as conn:
        if key is None:
            conn.execute("DELETE FROM rate_limits")
        else:
            conn.execute("DELETE FROM rate_limits WHERE key = ?", [key])


# --- moderators ----------------------------------------------------------------------------------


def add_moderator(
    db: sqlite_utils.Database,
    username: str,
    password_hash: str,
    role: str = "moderator",
    email: str = "",
    display_name: str = "",
    actor: str = "system",
) -> int:
    """Create a moderator account and return its id."""
    if role not in MODERATOR_ROLES:
        raise ValueError(f"unknown role {role!r}")
    with transaction(db) as conn:
        cursor = conn.execute(
            """INSERT INTO moderators (username, password_hash, role, email, display_name,
                   created_at) VALUES (?, ?, ?, ?, ?, ?)""",
            [username, password_hash, role, email, display_name, now()],
        )
        _audit(
            conn,
            actor,
            "add_moderator",
            "moderator",
            username,
            None,
            {"role": role, "email": email},
        )
    return cursor.lastrowid


def get_moderator(db: sqlite_utils.Database, username: str) -> Row | None:
    """The moderator with this username, or None."""
    rows = list(db.query("SELECT * FROM moderators WHERE username = ?", [username]))
    return rows[0] if rows else None


def get_moderator_by_id(db: sqlite_utils.Database, moderator_id: int) -> Row | None:
    """The moderator with this id, or None."""
    rows = list(db.query("SELECT * FROM moderators WHERE id = ?", [moderator_id]))
    return rows[0] if rows else None


def moderators(db: sqlite_utils.Database) -> list[Row]:
    """All moderators, by username."""
    return list(db.query("SELECT * FROM moderators ORDER BY username"))


def update_moderator(
    db: sqlite_utils.Database, moderator_id: int, actor: str, **changes: Any
) -> bool:
    """Change a moderator's ``role``, ``email``, ``display_name``, ``notify``,
    ``password_hash`` or ``last_digest_at``; audited (without the hash)."""
    allowed = {"role", "email", "display_name", "notify", "password_hash", "last_digest_at"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)}")
    if not changes:
        return False
    with transaction(db) as conn:
        row = conn.execute(
            "SELECT username, role, email, display_name, notify FROM moderators WHERE id = ?",
            [moderator_id],
        ).fetchone()
        if row is None:
            return False
        assignments = ", ".join(f"{column} = ?" for column in changes)
        conn.execute(
            f"UPDATE moderators SET {assignments} WHERE id = ?", [*changes.values(), moderator_id]
        )
        visible = {k: v for k, v in changes.items() if k not in {"password_hash", "last_digest_at"}}
        if visible or "password_hash" in changes:
            before = dict(zip(("role", "email", "display_name", "notify"), row[1:], strict=True))
            _audit(
                conn,
                actor,
                "update_moderator",
                "moderator",
                row[0],
                {k: before[k] for k in visible},
                visible | ({"password": "vaihdettu"} if "password_hash" in changes else {}),
            )
    return True


def delete_moderator(db: sqlite_utils.Database, moderator_id: int, actor: str) -> bool:
    """Remove a moderator account; audited."""
    with transaction(db) as conn:
        row = conn.execute(
            "SELECT username, role FROM moderators WHERE id = ?", [moderator_id]
        ).fetchone()
        if row is None:
            return False
        conn.execute("DELETE FROM moderators WHERE id = ?", [moderator_id])
        _audit(conn, actor, "delete_moderator", "moderator", row[0], {"role": row[1]}, None)
    return True


# --- policy lists --------------------------------------------------------------------------------


def add_list_entry(db: sqlite_utils.Database, kind: str, value: str, actor: str) -> bool:
    """Add ``value`` to a policy list; returns False if it was there already."""
    if kind not in LIST_KINDS:
        raise ValueError(f"unknown list {kind!r}")
    value = value.strip().lower()
    with transaction(db) as conn:
        cursor = conn.execute(
            """INSERT INTO policy_lists (kind, value, created_by, created_at) VALUES (?, ?, ?, ?)
               ON CONFLICT(kind, value) DO NOTHING""",
            [kind, value, actor, now()],
        )
        if cursor.rowcount:
            _audit(conn, actor, "list_add", kind, value, None, {"value": value})
    return bool(cursor.rowcount)


def remove_list_entry(db: sqlite_utils.Database, kind: str, value: str, actor: str) -> bool:
    """Remove ``value`` from a policy list; returns False if it was not there."""
    value = value.strip().lower()
    with transaction(db) as conn:
        cursor = conn.execute(
            "DELETE FROM policy_lists WHERE kind = ? AND value = ?", [kind, value]
        )
        if cursor.rowcount:
            _audit(conn, actor, "list_remove", kind, value, {"value": value}, None)
    return bool(cursor.rowcount)


def list_entries(db: sqlite_utils.Database, kind: str | None = None) -> list[Row]:
    """Policy list entries, newest first, optionally of one kind."""
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    return list(db.query(f"SELECT * FROM policy_lists {where} ORDER BY id DESC", params))


def policy_lists(db: sqlite_utils.Database) -> dict[str, frozenset[str]]:
    """Kind -> set of values, for building the policy context."""
    values: dict[str, set[str]] = {kind: set() for kind in LIST_KINDS}
    for row in db.query("SELECT kind, value FROM policy_lists"):
        values.setdefault(row["kind"], set()).add(row["value"])
    return {kind: frozenset(v) for kind, v in values.items()}


# --- audit ---------------------------------------------------------------------------------------


def audit(
    db: sqlite_utils.Database,
    actor: str,
    action: str,
    target_type: str | None = None,
    target_id: Any = None,
    before: Any = None,
    after: Any = None,
) -> None:
    """Record an action that no other store function records (e.g. an override or a login)."""
    with transaction(db) as conn:
        _audit(conn, actor, action, target_type, target_id, before, after)


def _audit(
    conn: sqlite3.Connection,
    actor: str,
    action: str,
    target_type: str | None,
    target_id: Any,
    before: Any,
    after: Any,
) -> None:
    conn.execute(
        """INSERT INTO audit_log (at, actor, action, target_type, target_id, before, after)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [
            now(),
            actor,
            action,
            target_type,
            None if target_id is None else str(target_id),
            None if before is None else json.dumps(before, ensure_ascii=False),
            None if after is None else json.dumps(after, ensure_ascii=False),
        ],
    )


def audit_entries(
    db: sqlite_utils.Database,
    *,
    limit: int = 50,
    offset: int = 0,
    actor: str | None = None,
    action: str | None = None,
    target_id: str | None = None,
) -> list[Row]:
    """Audit log entries, newest first, with ``before``/``after`` decoded."""
    clauses, params = [], []
    for column, value in (("actor", actor), ("action", action), ("target_id", target_id)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    rows = db.query(
        f"SELECT * FROM audit_log{where} ORDER BY id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [
        row
        | {
            "before": json.loads(row["before"]) if row["before"] else None,
            "after": json.loads(row["after"]) if row["after"] else None,
        }
        for row in rows
    ]


# --- maintenance ---------------------------------------------------------------------------------


def backup(db: sqlite_utils.Database, destination: str | Path) -> None:
    """Copy the live database to ``destination`` with SQLite's online backup API."""
    target = sqlite3.connect(str(destination))
    try:
        db.conn.backup(target)
    finally:
        target.close()


def integrity_check(db: sqlite_utils.Database) -> str:
    """SQLite's ``PRAGMA integrity_check`` result ("ok" when healthy)."""
    return db.execute("PRAGMA integrity_check").fetchone()[0]


def _decode(row: Row) -> Row:
    return row | {
        "findings": json.loads(row.get("findings") or "[]"),
        "substance_reasons": json.loads(row.get("substance_reasons") or "[]"),
    }


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_prefix(code: str) -> str:
    """A finding filter: "civility" matches every civility.* code, "civility.vulgar" just that."""
    return _escape_like(code) + ("%" if "." not in code else "")


# --- Flask integration ---------------------------------------------------------------------------


def get_db() -> sqlite_utils.Database:
    """The request's connection to the configured database, opened on first use."""
    from flask import current_app, g

    if "db" not in g:
        path = str(current_app.config["DATABASE"])
        g.db = connect(path)
        _keep_open(current_app._get_current_object(), path)
    return g.db


_KEEPER = "vastine_store_keeper"
_keeper_lock = threading.Lock()


def _keep_open(app, path: str) -> None:
    """Hold one idle connection per app, process and database, so that a request's connection
    is never the last one to close.

    When the last connection to a WAL database closes, SQLite checkpoints the WAL into the
    database and deletes it: open, write and close took about 7 ms that way on the development
    machine, 0.4 ms with another connection open. The idle connection has read once, so
    it holds the shared lock that stops that; it never holds a transaction, so it blocks no
    checkpoint (SQLite's automatic one runs on commit every 1000 pages). Durability is the
    same: with WAL and ``synchronous = NORMAL`` a committed transaction is in the WAL file and
    survives the process being killed (tests/test_load.py kills gunicorn mid-load); only an OS
    crash or power cut can lose the last commits, as before.

    Opened after the request's connection (which creates the file and sets WAL), per process id
    and database path: a connection must not cross a fork (gunicorn --preload), so a worker
    opens its own and never touches one it inherited. Never shared between threads
    (it runs no statement after its first read); closed when the app is collected or at exit.
    """
    key = (os.getpid(), path)
    keepers = app.extensions.get(_KEEPER)
    if keepers is not None and key in keepers:
        return
    with _keeper_lock:
        keepers = app.extensions.setdefault(_KEEPER, {})
        if key in keepers:
            return
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        keepers[key] = conn
        weakref.finalize(app, _close_in_process, key[0], conn)


def _close_in_process(pid: int, conn: sqlite3.Connection) -> None:
    if os.getpid() == pid:
        conn.close()


def close_db(_exc: BaseException | None = None) -> None:
    """Close the request's connection, if one was opened."""
    from flask import g

    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def init_app(app) -> None:
    """Register teardown and make sure the schema is current."""
    app.teardown_appcontext(close_db)
    db = connect(app.config["DATABASE"])
    try:
        migrate(db)
    finally:
        db.conn.close()
