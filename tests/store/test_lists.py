"""comments/store/lists.py on both engines: the moderators' block and allow lists."""

from __future__ import annotations

import pytest

from comments import store


def test_entries_are_added_once_removed_and_audited(db):
    assert store.add_list_entry(db, "block_domain", " Roskaposti.Example ", "aino")
    assert not store.add_list_entry(db, "block_domain", "roskaposti.example", "aino")
    assert store.add_list_entry(db, "block_word", "ilmaiseksi", "aino")
    assert [e["value"] for e in store.list_entries(db)] == ["ilmaiseksi", "roskaposti.example"]
    lists = store.policy_lists(db)
    assert lists["block_domain"] == frozenset({"roskaposti.example"})
    assert lists["allow_email"] == frozenset()
    assert store.remove_list_entry(db, "block_domain", "ROSKAPOSTI.example", "aino")
    assert not store.remove_list_entry(db, "block_domain", "roskaposti.example", "aino")
    actions = [e["action"] for e in store.audit_entries(db)]
    assert actions == ["list_remove", "list_add", "list_add"]


def test_an_unknown_list_is_refused(db):
    with pytest.raises(ValueError):
        store.add_list_entry(db, "block_everything", "x", "aino")
    assert store.list_entries(db) == []
