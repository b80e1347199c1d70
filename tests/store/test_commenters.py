"""comments/store/commenters.py on both engines: confirmation and recognised nicknames."""

from __future__ import annotations

from comments import store

EMAIL = "saara.nieminen@esimerkki.fi"


def test_confirmation_is_kept_once_and_needs_a_commenter(db):
    assert not store.confirm_email(db, EMAIL)
    store.add_comment(
        db, article="a", name="Saara Nieminen", body="b", html="b", status="pending", email=EMAIL
    )
    assert store.get_commenter(db, EMAIL)["confirmed_at"] is None
    assert store.confirm_email(db, EMAIL.upper())
    first = store.get_commenter(db, EMAIL)["confirmed_at"]
    assert first is not None
    assert store.confirm_email(db, EMAIL)
    assert store.get_commenter(db, EMAIL)["confirmed_at"] == first


def test_a_nickname_is_recognised_withdrawn_and_audited(db):
    store.set_nickname(db, EMAIL, "Kahvikuppi", "aino")
    assert store.recognised_nicknames(db) == {EMAIL: "Kahvikuppi"}
    store.set_nickname(db, EMAIL, None, "aino")
    assert store.recognised_nicknames(db) == {}
    entries = store.audit_entries(db, action="nickname")
    assert [e["after"] for e in entries] == [{"nickname": None}, {"nickname": "Kahvikuppi"}]
    assert entries[0]["before"] == {"nickname": "Kahvikuppi"}
    assert store.get_commenter(db, "ei.ole@esimerkki.fi") is None
