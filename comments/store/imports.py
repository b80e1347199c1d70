"""The store's side of importing a blog and exporting it again: the only SQL the importers use.

An import runs in one transaction (``store.transaction``) and passes its connection to these
functions. Every imported post and comment is remembered in ``import_sources`` under the blog it
came from (``source``, e.g. ``wordpress:example.fi``) and its id there, so that running the same
import again adds nothing and a newer export of the same blog adds only what is new.

Replies are linked to their parents at the end of the run (``link_imported_replies``), because
an export may list a reply before its parent; a reply whose parent never arrived becomes a
top-level comment and is reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from comments.store.audit import write_audit
from comments.store.commenters import ensure_commenter
from comments.store.comments import STATUSES, insert_comment
from comments.store.connection import Connection, Database, Row, now


def start_import(conn: Connection) -> None:
    """Prepare this connection for one import run (inside its transaction)."""
    conn.execute(
        """CREATE TEMP TABLE IF NOT EXISTS import_parent_links
           (comment_id INTEGER PRIMARY KEY, parent_source_id TEXT NOT NULL)"""
    )
    conn.execute("DELETE FROM import_parent_links")


def imported_target(conn: Connection, source: str, kind: str, source_id: str) -> str | None:
    """What an item imported before became (a slug, a comment id), or None when it is new."""
    row = conn.execute(
        "SELECT target FROM import_sources WHERE source = ? AND kind = ? AND source_id = ?",
        [source, kind, source_id],
    ).fetchone()
    return row[0] if row else None


def remember_import(conn: Connection, source: str, kind: str, source_id: str, target: str) -> None:
    """Remember that ``source_id`` of ``source`` became ``target``."""
    conn.execute(
        """INSERT INTO import_sources (source, kind, source_id, target, imported_at)
           VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, kind, source_id) DO NOTHING""",
        [source, kind, source_id, target, now()],
    )


def add_imported_comment(
    conn: Connection,
    *,
    source: str,
    source_id: str,
    parent_source_id: str | None,
    article: str,
    name: str,
    email: str | None,
    website: str,
    body: str,
    html: str,
    status: str,
    created_at: str,
    actor: str,
    findings: Sequence[Mapping[str, Any]] = (),
    substance: int = 0,
    substance_reasons: Sequence[str] = (),
    risk: int = 0,
) -> int | None:
    """Store an imported comment as it was in the old blog (its date, its status, carried over
    by ``actor`` now) and return its id; None when this source id was imported before.

    The commenter's address is stored unconfirmed, as any new address: confirming it takes a
    comment of their own. What the privacy page keeps for a limited time (spam, pending comments
    of unconfirmed addresses) counts from the import, not from the old date (store/privacy.py)."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    if imported_target(conn, source, "comment", source_id) is not None:
        return None
    decided = status != "pending"
    comment_id = insert_comment(
        conn,
        {
            "article": article,
            "commenter_id": ensure_commenter(conn, email) if email else None,
            "name": name,
            "website": website,
            "body": body,
            "html": html,
            "status": status,
            "findings": findings,
            "substance": substance,
            "substance_reasons": substance_reasons,
            "risk": risk,
            "created_at": created_at,
            "decided_at": now() if decided else None,
            "decided_by": actor if decided else None,
        },
    )
    remember_import(conn, source, "comment", source_id, str(comment_id))
    if parent_source_id:
        conn.execute(
            "INSERT INTO import_parent_links (comment_id, parent_source_id) VALUES (?, ?)",
            [comment_id, parent_source_id],
        )
    return comment_id


def link_imported_replies(conn: Connection, source: str) -> list[int]:
    """Give this run's replies their parents; returns the ids of replies whose parent is not in
    the store (or is under another article): they stay top-level comments."""
    conn.execute(
        """UPDATE comments SET parent_id = (
               SELECT CAST(s.target AS INTEGER) FROM import_parent_links l
               JOIN import_sources s ON s.source = ? AND s.kind = 'comment'
                    AND s.source_id = l.parent_source_id
               JOIN comments p ON p.id = CAST(s.target AS INTEGER)
               WHERE l.comment_id = comments.id AND p.article = comments.article)
           WHERE id IN (SELECT comment_id FROM import_parent_links)""",
        [source],
    )
    orphans = conn.execute(
        """SELECT c.id FROM comments c JOIN import_parent_links l ON l.comment_id = c.id
           WHERE c.parent_id IS NULL ORDER BY c.id"""
    ).fetchall()
    conn.execute("DELETE FROM import_parent_links")
    return [row[0] for row in orphans]


def audit_import(conn: Connection, actor: str, source: str, summary: Mapping) -> None:
    """One audit entry for a whole import (not one per comment)."""
    write_audit(conn, actor, "import", "import", source, None, dict(summary))


def comments_for_export(db: Database) -> list[Row]:
    """Every comment with its commenter's email, oldest first, for the exporters."""
    return list(
        db.query(
            """SELECT c.id, c.article, c.parent_id, c.name, c.website, c.body, c.html, c.status,
                      c.is_author, c.created_at, m.email AS email
               FROM comments c LEFT JOIN commenters m ON m.id = c.commenter_id
               ORDER BY c.created_at, c.id"""
        )
    )
