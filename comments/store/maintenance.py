"""Maintenance of a SQLite store: online backup and the integrity check.

A PostgreSQL store has the server's own tools for both (``pg_dump``, ``pg_amcheck``); these
refuse it with ``SQLiteOnly`` rather than pretend.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from comments.store.connection import Database


class SQLiteOnly(Exception):
    """Raised by a maintenance function given a PostgreSQL store."""


def backup(db: Database, destination: str | Path) -> None:
    """Copy the live database to ``destination`` with SQLite's online backup API."""
    _require_sqlite(db, "backup")
    target = sqlite3.connect(str(destination))
    try:
        db.conn.backup(target)
    finally:
        target.close()


def integrity_check(db: Database) -> str:
    """SQLite's ``PRAGMA integrity_check`` result ("ok" when healthy)."""
    _require_sqlite(db, "integrity_check")
    return db.execute("PRAGMA integrity_check").fetchone()[0]


def _require_sqlite(db: Database, what: str) -> None:
    if db.is_postgresql:
        raise SQLiteOnly(f"{what} is for SQLite stores; use PostgreSQL's own tools")
