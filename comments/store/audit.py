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
) -> None:
    """Append an audit entry inside the caller's transaction."""
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
