"""Maintenance: online backup and the integrity check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils


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
