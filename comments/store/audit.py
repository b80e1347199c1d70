"""The audit log: who did what to which comment, commenter, moderator or list, and when."""

from __future__ import annotations

import json
from typing import Any

from comments.store.connection import Connection, Database, Row, now, transaction


def audit(
    db: Database,
    actor: str,
    action: str,
    target_type: str | None = None,
    target_id: Any = None,
    before: Any = None,
    after: Any = None,
) -> None:
    """Record an action that no other store function records (e.g. an override or a login)."""
    with transaction(db) as conn:
        write_audit(conn, actor, action, target_type, target_id, before, after)


def write_audit(
    conn: Connection,
    actor: str,
    action: str,
    target_type: str | None,
    target_id: Any,
    before: Any,
    after: Any,
    commenter_id: int | None = None,
) -> None:
    """Append an audit entry inside the caller's transaction; ``commenter_id`` is whose comment
    or address the entry concerns (see ``scrub_commenter``)."""
    conn.execute(
        """INSERT INTO audit_log (at, actor, action, target_type, target_id, before, after,
               commenter_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            now(),
            actor,
            action,
            target_type,
            None if target_id is None else str(target_id),
            None if before is None else json.dumps(before, ensure_ascii=False),
            None if after is None else json.dumps(after, ensure_ascii=False),
            commenter_id,
        ],
    )


# What of a commenter's own words an audit entry may hold, until the commenter erases them.
COMMENTER_WORDS = ("name", "body", "nickname")


def scrub_commenter(conn: Connection, commenter_id: int) -> int:
    """Remove the commenter's words (their name, text, nickname, address) from every audit
    entry about them, inside the caller's transaction; who did what and when stays. Returns
    how many entries changed."""
    rows = conn.execute(
        "SELECT id, target_type, before, after FROM audit_log WHERE commenter_id = ?",
        [commenter_id],
    ).fetchall()
    for entry_id, target_type, before, after in rows:
        conn.execute(
            "UPDATE audit_log SET before = ?, after = ?, target_id = CASE WHEN ? = 'commenter' "
            "THEN NULL ELSE target_id END WHERE id = ?",
            [_without_words(before), _without_words(after), target_type, entry_id],
        )
    return len(rows)


def _without_words(value: str | None) -> str | None:
    data = json.loads(value) if value else None
    if not isinstance(data, dict):
        return value
    kept = {key: item for key, item in data.items() if key not in COMMENTER_WORDS}
    return json.dumps(kept, ensure_ascii=False)


def audit_entries(
    db: Database,
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
