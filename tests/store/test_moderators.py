"""comments/store/moderators.py on both engines."""

from __future__ import annotations

import pytest

from comments import store


def test_moderators_are_added_found_changed_and_deleted(db):
    first = store.add_moderator(db, "veera", "hash-1", "admin", email="veera@esimerkki.fi")
    second = store.add_moderator(db, "aatu", "hash-2")
    assert second > first
    assert [m["username"] for m in store.moderators(db)] == ["aatu", "veera"]
    assert store.get_moderator(db, "aatu")["notify"] == "immediate"
    assert store.update_moderator(db, second, "veera", role="admin", password_hash="hash-3")
    changed = store.get_moderator_by_id(db, second)
    assert (changed["role"], changed["password_hash"]) == ("admin", "hash-3")
    [entry] = store.audit_entries(db, action="update_moderator")
    assert entry["after"] == {"role": "admin", "password": "vaihdettu"}
    assert "hash-3" not in repr(entry)
    assert store.delete_moderator(db, first, "aatu")
    assert store.get_moderator(db, "veera") is None
    assert not store.delete_moderator(db, first, "aatu")


def test_bad_changes_are_refused(db):
    moderator = store.add_moderator(db, "veera", "hash")
    with pytest.raises(ValueError):
        store.update_moderator(db, moderator, "x", username="toinen")
    with pytest.raises(ValueError):
        store.add_moderator(db, "eero", "hash", role="pomo")
    assert not store.update_moderator(db, moderator + 5, "x", notify="digest")
    assert not store.update_moderator(db, moderator, "x")


def test_a_username_is_unique(db):
    store.add_moderator(db, "veera", "hash")
    with pytest.raises(store.database_errors(db.url)):
        store.add_moderator(db, "veera", "toinen")
    assert db.count("moderators") == 1
