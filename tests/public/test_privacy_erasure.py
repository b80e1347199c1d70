"""Omat kommenttini (issue #13, point 8): one name for the pages, a link under every form, an
export with everything the Tietosuoja page says is stored, and an erasure that leaves no copy of
the commenter's words anywhere in the database file or its write-ahead log."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup
from comment_fixtures import payload

from comments import PROJECT_ROOT, store, tokens
from comments.render import render_comment

EMAIL = "unohdettava.kommentoija@esimerkki.fi"
FIRST = "Ensimmäinen ajatukseni: jonotusnumero kertoo asiakkaalle enemmän kuin hymy."
EDITED = "Moderaattorin korjaama versio: jonotusnumero kertoo asiakkaalle paljon."
DELETED = "Tämän kommentin moderaattori poisti: tarjoilija unohti tilaukseni kahdesti."
NICKNAME = "Jonottaja-Juhani"


def privacy_path(app, email: str = EMAIL) -> str:
    with app.app_context():
        return f"/kommentit/omat-tiedot/{tokens.sign('privacy', {'email': email})}"


def csrf_token(html: str) -> str:
    return BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrf_token"})["value"]


def stored_bytes(app) -> bytes:
    database = Path(app.config["DATABASE"])
    wal = database.with_name(database.name + "-wal")
    return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_the_export_holds_decisions_reasons_findings_and_choices(app, client, slug):
    body = "Helvetin pitkä jono, mutta henkilökunta hoiti sen hyvin ja kertoi odotusajan."
    sent = client.post(
        "/api/comments",
        json=payload(app, slug, email=EMAIL, body=body, notify_replies=True, send_anyway=True),
    )
    assert sent.status_code == 201
    with app.app_context():
        db = store.get_db()
        assert store.decide(db, sent.get_json()["id"], "rejected", "moderaattori", reason="Kiroilu")
    data = json.loads(client.get(privacy_path(app) + "/kommentit.json").data)
    assert data["confirmation_mail_sent_at"]
    [comment] = data["comments"]
    assert comment["status"] == "rejected" and comment["decided_at"]
    assert comment["reason"] == "Kiroilu"
    assert comment["notify_replies"] == 1
    codes = [finding["code"] for finding in comment["findings"]]
    assert "civility.vulgar" in codes and "review.sent_anyway" in codes
    assert isinstance(comment["substance"], int) and "substance_reasons" in comment
    listing = BeautifulSoup(client.get(privacy_path(app)).text, "html.parser").get_text(" ")
    assert "Moderaattorin perustelu: Kiroilu" in listing
    assert "Alatyylistä kieltä" in listing
    assert "Ilmoitukset vastauksista: kyllä" in listing


def test_after_erasure_no_copy_of_the_text_is_in_the_file(app, client, slug):
    with app.app_context():
        db = store.get_db()
        kept = store.add_comment(
            db,
            article=slug,
            name="Juhani Jonottaja",
            email=EMAIL,
            body=FIRST,
            html=render_comment(FIRST),
            status="approved",
            actor="moderaattori",
        )
        assert store.edit_comment(db, kept, EDITED, render_comment(EDITED), "moderaattori")
        gone = store.add_comment(
            db,
            article=slug,
            name="Juhani Jonottaja",
            email=EMAIL,
            body=DELETED,
            html=render_comment(DELETED),
            status="pending",
        )
        assert store.delete_comment(db, gone, "moderaattori") == slug
        store.set_nickname(db, EMAIL, NICKNAME, "moderaattori")
    words = [FIRST, EDITED, DELETED, NICKNAME, EMAIL]
    before = stored_bytes(app)
    assert all(word.encode() in before for word in words)  # the test can see them

    path = privacy_path(app)
    listing = client.get(path)
    done = client.post(
        path + "/poista", data={"csrf_token": csrf_token(listing.text), "vahvistus": "kylla"}
    )
    assert done.status_code == 200

    after = stored_bytes(app)
    assert [word for word in words if word.encode() in after] == []
    with app.app_context():
        entries = store.audit_entries(store.get_db(), limit=100)
    # Who did what and when is kept: the edit, the deletion, the nickname.
    assert {"edit", "delete", "nickname"} <= {entry["action"] for entry in entries}
    assert all(entry["actor"] for entry in entries)


def test_one_name_for_the_pages_and_a_link_under_the_form(built_site, slug):
    page = BeautifulSoup((built_site / slug / "index.html").read_text(), "html.parser")
    form = page.find("form", id="kommenttilomake")
    link = form.find("a", string="Omat kommenttini")
    assert link["href"] == "/kommentit/omat-tiedot/"
    assert page.find("footer", class_="site-footer").find("a", string="Omat kommenttini")
    for source in (PROJECT_ROOT / "content" / "pages").glob("*.md"):
        assert "Omat tiedot" not in source.read_text(encoding="utf-8"), source.name


def test_the_privacy_forms_leave_errors_to_our_finnish_messages(client):
    page = BeautifulSoup(client.get("/kommentit/omat-tiedot/").text, "html.parser")
    assert page.find("form", class_="comment-form").has_attr("novalidate")
    answer = client.post(
        "/kommentit/omat-tiedot/", data={"email": "", "csrf_token": csrf_token(str(page))}
    )
    assert answer.status_code == 422
    assert "Tarkista sähköpostiosoite" in answer.text
