"""comments/store/audit.py on both engines."""

from __future__ import annotations

from comments import store


def test_entries_are_newest_first_filtered_and_paged(db):
    for number in range(5):
        store.audit(
            db,
            "aino" if number % 2 else "eero",
            "login",
            "moderator",
            number,
            None,
            {"numero": number, "teksti": "ääkköset säilyvät"},
        )
    entries = store.audit_entries(db)
    assert [e["target_id"] for e in entries] == ["4", "3", "2", "1", "0"]
    assert entries[0]["after"] == {"numero": 4, "teksti": "ääkköset säilyvät"}
    assert entries[0]["before"] is None
    assert [e["target_id"] for e in store.audit_entries(db, actor="aino")] == ["3", "1"]
    assert [e["target_id"] for e in store.audit_entries(db, limit=2, offset=1)] == ["3", "2"]
    assert store.audit_entries(db, target_id="2")[0]["actor"] == "eero"
    assert store.audit_entries(db, action="logout") == []
