"""Self-service privacy end to end (link by mail, list, JSON export, deletion that also leaves
the published page), reply-notification unsubscribe, and retention."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import itsdangerous.timed
import pytest
from bs4 import BeautifulSoup
from comment_fixtures import add_comment

from comments import create_app, store, tokens
from comments.mail.sender import flush_mail
from comments.public.privacy import purge_by_policy

# Every test here runs on SQLite and on PostgreSQL (tests/conftest.py's store_url).
pytestmark = pytest.mark.usefixtures("store_url")

EMAIL = "helmi.nieminen@esimerkki.fi"
SAME_ANSWER = "Jos osoitteella on kommentteja, lähetimme siihen linkin."
LINK = re.compile(r"https?://\S+(/kommentit/omat-tiedot/\S+)")


@pytest.fixture
def app(make_app):
    """Like conftest's app, without the background full build (the fast path is enough)."""
    return make_app(PUBLISH_FULL_BUILD=False)


@pytest.fixture
def slugs(article_slugs) -> list[str]:
    return article_slugs[:2]


def add(app, slug: str, body: str, status: str = "pending", email: str = EMAIL, **extra) -> int:
    actor = "testi" if status == "approved" else None
    return add_comment(
        app,
        body,
        status=status,
        article=slug,
        name="Helmi Nieminen",
        email=email,
        html=f"<p>{body}</p>",
        actor=actor,
        **extra,
    )


def publish(app, slug: str) -> None:
    from comments.site.publish import publish_article_comments

    with app.app_context():
        publish_article_comments(slug)


def page_of(app, slug: str) -> str:
    return (Path(app.config["SITE_OUTPUT"]) / slug / "index.html").read_text(encoding="utf-8")


def csrf_token(html: str) -> str:
    return BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrf_token"})["value"]


def ask_for_link(client, email: str):
    form = client.get("/kommentit/omat-tiedot/")
    assert form.status_code == 200
    return client.post(
        "/kommentit/omat-tiedot/", data={"email": email, "csrf_token": csrf_token(form.text)}
    )


def sent_mail(app) -> list:
    """Every mail the SMTP server got, once this process has sent all it queued."""
    assert flush_mail(timeout=10)
    return app.mail_server.messages


def mailed_path(app) -> str:
    [message] = sent_mail(app)
    match = LINK.search(message.get_content())
    assert match, message.get_content()
    return urlsplit(match.group(0)).path


def rows(app) -> list[dict]:
    db = store.connect(app.config["DATABASE"])
    try:
        return list(db.rows("comments"))
    finally:
        db.close()


def test_link_export_and_delete_end_to_end(app, slugs):
    client = app.test_client()
    published = add(app, slugs[0], "Julkaistu mielipiteeni palautteesta.", status="approved")
    add(app, slugs[1], "Odottava kommenttini kanavista.")
    other = add(app, slugs[0], "Jonkun muun kommentti.", email="muu@esimerkki.fi")
    reply = add(app, slugs[0], "Vastaus Helmille.", email="muu@esimerkki.fi", parent_id=published)
    publish(app, slugs[0])
    assert "Julkaistu mielipiteeni palautteesta." in page_of(app, slugs[0])

    answer = ask_for_link(client, EMAIL.upper())
    assert answer.status_code == 200
    assert SAME_ANSWER in answer.text
    message = app.mail_server.wait_for(1)[0]
    assert message["To"] == EMAIL
    assert message["Subject"] == "Linkki omiin kommentteihisi – Vastine"
    path = mailed_path(app)

    listing = client.get(path)
    assert listing.status_code == 200
    assert listing.headers["Cache-Control"] == "no-store"
    assert listing.headers["Referrer-Policy"] == "same-origin"
    page = BeautifulSoup(listing.text, "html.parser")
    text = page.get_text(" ", strip=True)
    assert "Julkaistu mielipiteeni palautteesta." in text
    assert "Odottava kommenttini kanavista." in text
    assert "Jonkun muun kommentti." not in text
    assert "Julkaistu" in text and "Odottaa moderointia" in text
    assert "on 2 kommenttia" in text

    export = client.get(path + "/kommentit.json")
    assert export.status_code == 200
    assert export.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(export.data)
    assert data["email"] == EMAIL
    assert [c["body"] for c in data["comments"]] == [
        "Julkaistu mielipiteeni palautteesta.",
        "Odottava kommenttini kanavista.",
    ]

    refused = client.post(path + "/poista", data={"csrf_token": csrf_token(listing.text)})
    assert refused.status_code == 422
    assert "Vahvista poisto rastittamalla ruutu" in refused.text
    assert len(rows(app)) == 4

    done = client.post(
        path + "/poista", data={"csrf_token": csrf_token(listing.text), "vahvistus": "kylla"}
    )
    assert done.status_code == 200
    assert "Poistimme 2 kommenttia" in done.text
    left = {row["id"]: row for row in rows(app)}
    assert set(left) == {other, reply}
    assert left[reply]["parent_id"] is None  # the other commenter's reply stays
    db = store.connect(app.config["DATABASE"])
    assert store.get_commenter(db, EMAIL) is None
    assert all(EMAIL not in json.dumps(entry) for entry in store.audit_entries(db, limit=100))
    db.close()
    assert "Julkaistu mielipiteeni palautteesta." not in page_of(app, slugs[0])

    gone = client.get(path)
    assert gone.status_code == 200
    assert "on 0 kommenttia" in gone.text


def test_unknown_address_gets_the_same_answer_and_no_mail(app, slugs):
    add(app, slugs[0], "Kommentti.")
    answer = ask_for_link(app.test_client(), "tuntematon@esimerkki.fi")
    assert answer.status_code == 200
    assert SAME_ANSWER in answer.text
    assert sent_mail(app) == []


def test_malformed_address_is_refused_in_finnish(app):
    answer = ask_for_link(app.test_client(), "ei-osoite")
    assert answer.status_code == 422
    assert "Tarkista sähköpostiosoite" in answer.text
    assert sent_mail(app) == []


def test_request_without_csrf_is_refused(app, slugs):
    add(app, slugs[0], "Kommentti.")
    response = app.test_client().post("/kommentit/omat-tiedot/", data={"email": EMAIL})
    assert response.status_code == 400
    assert "Lomake ehti vanhentua" in response.text
    assert sent_mail(app) == []


def test_delete_without_csrf_deletes_nothing(app, slugs):
    add(app, slugs[0], "Kommentti.")
    with app.app_context():
        token = tokens.sign("privacy", {"email": EMAIL})
    response = app.test_client().post(
        f"/kommentit/omat-tiedot/{token}/poista", data={"vahvistus": "kylla"}
    )
    assert response.status_code == 400
    assert len(rows(app)) == 1


def test_expired_link_is_refused(app, slugs, monkeypatch):
    add(app, slugs[0], "Kommentti.")
    past = int(time.time()) - app.config["PRIVACY_LINK_MAX_AGE_SECONDS"] - 5
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda s: past)
    with app.app_context():
        token = tokens.sign("privacy", {"email": EMAIL})
    monkeypatch.undo()
    client = app.test_client()
    for path in (
        f"/kommentit/omat-tiedot/{token}",
        f"/kommentit/omat-tiedot/{token}/kommentit.json",
    ):
        response = client.get(path)
        assert response.status_code == 400
        assert "Linkki ei kelpaa" in response.text
        assert "Pyydä uusi linkki" in response.text


def test_a_confirmation_token_is_not_a_privacy_link(app, slugs):
    add(app, slugs[0], "Kommentti.")
    with app.app_context():
        token = tokens.sign("confirm", {"email": EMAIL})
    assert app.test_client().get(f"/kommentit/omat-tiedot/{token}").status_code == 400


def test_privacy_link_mail_is_rate_limited(tmp_path, app, slugs):
    limited = create_app(app.config | {"RATELIMIT_SUBMIT_PER_EMAIL": "1 per hour"})
    add(limited, slugs[0], "Kommentti.")
    client = limited.test_client()
    assert ask_for_link(client, EMAIL).status_code == 200
    second = ask_for_link(client, EMAIL)
    assert second.status_code == 429
    assert "Odota 1 tunti" in second.text
    assert int(second.headers["Retry-After"]) > 3500
    assert len(sent_mail(app)) == 1


# --- unsubscribe ----------------------------------------------------------------------------


def test_unsubscribe_needs_the_button(app, slugs):
    add(app, slugs[0], "Ilmoita vastauksista.", notify_replies=True)
    add(app, slugs[1], "Tästäkin.", notify_replies=True)
    with app.app_context():
        token = tokens.sign("unsubscribe", EMAIL)
    client = app.test_client()
    page = client.get(f"/kommentit/peru-ilmoitukset/{token}")
    assert page.status_code == 200
    assert "Lopeta ilmoitukset" in page.text
    assert all(row["notify_replies"] == 1 for row in rows(app))
    done = client.post(
        f"/kommentit/peru-ilmoitukset/{token}", data={"csrf_token": csrf_token(page.text)}
    )
    assert done.status_code == 200
    assert "Emme enää lähetä" in done.text
    assert all(row["notify_replies"] == 0 for row in rows(app))


@pytest.mark.parametrize("bad", ["roskaa", "eyJ4Ijp9.a.b"])
def test_forged_unsubscribe_link(app, bad):
    response = app.test_client().get(f"/kommentit/peru-ilmoitukset/{bad}")
    assert response.status_code == 400
    assert "Peruutuslinkki on vanhentunut" in response.text


# --- retention ------------------------------------------------------------------------------


def test_purge_removes_expired_unconfirmed_and_old_refused_comments(app, slugs):
    long_ago = (datetime.now(UTC) - timedelta(days=40)).isoformat()
    expired = add(app, slugs[0], "Vahvistamaton ja vanha.", created_at=long_ago)
    fresh = add(app, slugs[0], "Vahvistamaton mutta tuore.", email="tuore@esimerkki.fi")
    kept = add(
        app, slugs[0], "Vahvistettu ja vanha.", email="vahva@esimerkki.fi", created_at=long_ago
    )
    add(app, slugs[1], "Vanha roska.", status="spam", email="r@esimerkki.fi", created_at=long_ago)
    db = store.connect(app.config["DATABASE"])
    store.confirm_email(db, "vahva@esimerkki.fi")
    counts = purge_by_policy(db, app.config)
    db.close()
    assert counts["unconfirmed"] == 1 and counts["refused"] == 1
    assert {row["id"] for row in rows(app)} == {fresh, kept}
    assert expired not in {row["id"] for row in rows(app)}


def test_service_pages_wear_the_built_sites_header_and_footer(app, client):
    page = BeautifulSoup(
        client.get("/kommentit/omat-tiedot/").get_data(as_text=True), "html.parser"
    )
    assert page.find("nav", attrs={"aria-label": "Aiheet"}) is not None
    assert page.find("a", string="Kommentointiohjeet") is not None
    assert page.find(attrs={"aria-current": True}) is None
    front = Path(app.config["SITE_OUTPUT"]) / "index.html"
    front.write_text(
        front.read_text(encoding="utf-8").replace(">Arkisto<", ">Kaikki kirjoitukset<"),
        encoding="utf-8",
    )
    changed = client.get("/kommentit/omat-tiedot/").get_data(as_text=True)
    assert "Kaikki kirjoitukset" in changed and ">Arkisto<" not in changed
