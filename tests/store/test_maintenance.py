"""comments/store/maintenance.py: backup and integrity check are SQLite's; a PostgreSQL store
is refused with SQLiteOnly (the CLI names pg_dump instead)."""

from __future__ import annotations

import pytest

from comments import store


def test_backup_and_integrity_check(db, tmp_path):
    store.add_comment(db, article="polku", name="Aino Aalto", body="b", html="b", status="pending")
    if db.is_postgresql:
        with pytest.raises(store.SQLiteOnly):
            store.backup(db, tmp_path / "kopio.sqlite3")
        with pytest.raises(store.SQLiteOnly):
            store.integrity_check(db)
        assert not (tmp_path / "kopio.sqlite3").exists()
        return
    store.backup(db, tmp_path / "kopio.sqlite3")
    copy = store.connect(tmp_path / "kopio.sqlite3")
    try:
        assert copy.count("comments") == 1
        assert store.integrity_check(copy) == "ok"
    finally:
        copy.close()
