"""The moderators' block and allow lists (emails, domains, words) the policy engine reads."""

from __future__ import annotations

from comments.store.audit import write_audit
from comments.store.connection import Database, Row, now, transaction

LIST_KINDS = ("block_email", "allow_email", "block_domain", "allow_domain", "block_word")


def add_list_entry(db: Database, kind: str, value: str, actor: str) -> bool:
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
            write_audit(conn, actor, "list_add", kind, value, None, {"value": value})
    return bool(cursor.rowcount)


def remove_list_entry(db: Database, kind: str, value: str, actor: str) -> bool:
    """Remove ``value`` from a policy list; returns False if it was not there."""
    value = value.strip().lower()
    with transaction(db) as conn:
        cursor = conn.execute(
            "DELETE FROM policy_lists WHERE kind = ? AND value = ?", [kind, value]
        )
        if cursor.rowcount:
            write_audit(conn, actor, "list_remove", kind, value, {"value": value}, None)
    return bool(cursor.rowcount)


def list_entries(db: Database, kind: str | None = None) -> list[Row]:
    """Policy list entries, newest first, optionally of one kind."""
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    return list(db.query(f"SELECT * FROM policy_lists {where} ORDER BY id DESC", params))


def policy_lists(db: Database) -> dict[str, frozenset[str]]:
    """Kind -> set of values, for building the policy context."""
    values: dict[str, set[str]] = {kind: set() for kind in LIST_KINDS}
    for row in db.query("SELECT kind, value FROM policy_lists"):
        values.setdefault(row["kind"], set()).add(row["value"])
    return {kind: frozenset(v) for kind, v in values.items()}
