"""Comments: adding, reading, deciding, editing and deleting them.

Example::

    db = connect("instance/comments.sqlite3")
    migrate(db)
    comment_id = add_comment(db, article="asiakaspolku", name="Aino Lehtinen", ...)
    decide(db, comment_id, "approved", actor="moderaattori")
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from comments.store.audit import write_audit
from comments.store.commenters import ensure_commenter
from comments.store.connection import Row, now, transaction

STATUSES = ("pending", "approved", "rejected", "spam")


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
        commenter_id = ensure_commenter(conn, email) if email else None
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
            write_audit(conn, actor, "create", "comment", comment_id, None, {"status": status})
    return comment_id


COMMENT_COLUMNS = """c.*, m.email AS email, m.confirmed_at AS email_confirmed_at,
    m.nickname AS recognised_nickname"""


def get_comment(db: sqlite_utils.Database, comment_id: int) -> Row | None:
    """One comment with its commenter's email and confirmation, or None."""
    rows = list(
        db.query(
            f"""SELECT {COMMENT_COLUMNS} FROM comments c
                LEFT JOIN commenters m ON m.id = c.commenter_id WHERE c.id = ?""",
            [comment_id],
        )
    )
    return decode_comment(rows[0]) if rows else None


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
        write_audit(
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
    """Replace a comment's text; the original is kept in the audit log until the commenter
    erases their data (``scrub_commenter``)."""
    with transaction(db) as conn:
        row = conn.execute(
            "SELECT body, commenter_id FROM comments WHERE id = ?", [comment_id]
        ).fetchone()
        if row is None:
            return False
        conn.execute(
            "UPDATE comments SET body = ?, html = ?, updated_at = ? WHERE id = ?",
            [body, html, now(), comment_id],
        )
        write_audit(
            conn, actor, "edit", "comment", comment_id, {"body": row[0]}, {"body": body}, row[1]
        )
    return True


def delete_comment(db: sqlite_utils.Database, comment_id: int, actor: str) -> str | None:
    """Delete a comment; its replies move up to its parent. Returns the article slug or None.

    The audit entry keeps the deleted text only when a moderator deletes; a commenter's own
    deletion (``actor`` starting with ``commenter:``) keeps no text, as the privacy page promises.
    """
    with transaction(db) as conn:
        return delete_in(conn, comment_id, actor)


def delete_in(conn: sqlite3.Connection, comment_id: int, actor: str) -> str | None:
    """Delete one comment inside the caller's transaction (see ``delete_comment``)."""
    row = conn.execute(
        "SELECT article, parent_id, status, name, body, commenter_id FROM comments WHERE id = ?",
        [comment_id],
    ).fetchone()
    if row is None:
        return None
    article, parent_id, status, name, body, commenter_id = row
    conn.execute("UPDATE comments SET parent_id = ? WHERE parent_id = ?", [parent_id, comment_id])
    conn.execute("DELETE FROM comments WHERE id = ?", [comment_id])
    before = {"article": article, "status": status}
    if not actor.startswith("commenter:"):
        before |= {"name": name, "body": body}
    write_audit(conn, actor, "delete", "comment", comment_id, before, None, commenter_id)
    return article


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


def decode_comment(row: Row) -> Row:
    """A comment row with its JSON columns decoded."""
    return row | {
        "findings": json.loads(row.get("findings") or "[]"),
        "substance_reasons": json.loads(row.get("substance_reasons") or "[]"),
    }
