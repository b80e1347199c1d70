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
    conn.execute(_REMEMBER, [source, kind, source_id, target, now()])


_REMEMBER = """INSERT INTO import_sources (source, kind, source_id, target, imported_at)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, kind, source_id) DO NOTHING"""


class ImportedComments:
    """Writes one run's imported comments for one ``source``, with what the run can answer from
    memory kept there: the source ids imported before (one query per run), the commenter id of
    each address met, and the ``import_sources`` and parent rows, written in batches
    (`flush`; `link_imported_replies` needs them all written)."""

    def __init__(self, conn: Connection, source: str) -> None:
        self.conn = conn
        self.source = source
        rows = conn.execute(
            "SELECT source_id FROM import_sources WHERE source = ? AND kind = 'comment'",
            [source],
        ).fetchall()
        self._known = {row[0] for row in rows}
        self._commenters: dict[str, int] = {}
        self._sources: list[tuple[str, str, str, str, str]] = []
        self._parents: list[tuple[int, str]] = []

    def claim(self, source_id: str) -> bool:
        """True the first time a comment's source id is met, in any run; False when it was
        imported before (or earlier in this run): it is not imported again."""
        if source_id in self._known:
            return False
        self._known.add(source_id)
        return True

    def add(
        self,
        *,
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
        reason: str | None = None,
    ) -> int:
        """Store a claimed comment as it was in the old blog (its date, its status, carried
        over by ``actor`` now) and return its id.

        The commenter's address is stored unconfirmed, as any new address: confirming it takes
        a comment of their own. What the privacy page keeps for a limited time (spam, pending
        comments of unconfirmed addresses) counts from the import, not from the old date
        (store/privacy.py). ``reason`` is a rejected comment's reason, kept as a moderator's
        decision keeps it."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        decided_at = now()
        decided = status != "pending"
        comment_id = insert_comment(
            self.conn,
            {
                "article": article,
                "commenter_id": self._commenter(email) if email else None,
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
                "decided_at": decided_at if decided else None,
                "decided_by": actor if decided else None,
                "reason": reason,
            },
        )
        self._sources.append((self.source, "comment", source_id, str(comment_id), decided_at))
        if parent_source_id:
            self._parents.append((comment_id, parent_source_id))
        return comment_id

    def flush(self) -> None:
        """Write the remembered source ids and parent links of the comments added so far."""
        if self._sources:
            self.conn.executemany(_REMEMBER, self._sources)
            self._sources.clear()
        if self._parents:
            self.conn.executemany(
                "INSERT INTO import_parent_links (comment_id, parent_source_id) VALUES (?, ?)",
                self._parents,
            )
            self._parents.clear()

    def _commenter(self, email: str) -> int:
        commenter_id = self._commenters.get(email)
        if commenter_id is None:
            commenter_id = self._commenters[email] = ensure_commenter(self.conn, email)
        return commenter_id


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
                      c.reason, c.is_author, c.created_at, m.email AS email
               FROM comments c LEFT JOIN commenters m ON m.id = c.commenter_id
               ORDER BY c.created_at, c.id"""
        )
    )
