"""Email confirmation end to end: the mail arrives at a real SMTP server, its link is followed,
the page's button confirms, and the browser is remembered."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import itsdangerous.timed
import pytest
from bs4 import BeautifulSoup

from comments import create_app, store, tokens
from comments.mail.sender import flush_mail
from comments.public.submit import MESSAGES

# Every test here runs on SQLite and on PostgreSQL (tests/conftest.py's store_url).
pytestmark = pytest.mark.usefixtures("store_url")

COMMENT = {
    "name": "Ville Korhonen",
    "email": "ville.korhonen@esimerkki.fi",
    "body": "Kiinnostava näkökulma, koska meillä palautteen käsittely jäi juuri kesken.",
}
LINK = re.compile(r"https?://\S+/kommentit/vahvista/(\S+)")


def submit(app, client, slug: str, **changes):
    with app.app_context():
        token = tokens.form_token(time.time() - 60)
    return client.post(
        "/api/comments", json=COMMENT | {"article": slug, "form_token": token} | changes
    )


def sent_mail(app) -> list:
    """Every mail the SMTP server got, once this process has sent all it queued."""
    assert flush_mail(timeout=10)
    return app.mail_server.messages


def confirmation_path(message) -> str:
    match = LINK.search(message.get_content())
    assert match, message.get_content()
    return urlsplit(match.group(0)).path


def csrf_token(html: str) -> str:
    return BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrf_token"})["value"]


def commenter(app, email: str):
    db = store.connect(app.config["DATABASE"])
    try:
        return store.get_commenter(db, email)
    finally:
        db.close()


@pytest.fixture
def slug(article_slugs) -> str:
    return article_slugs[0]


def test_confirmation_flow_end_to_end(app, client, slug):
    mail = app.mail_server
    response = submit(app, client, slug)
    assert response.status_code == 201
    assert response.get_json()["confirm_email"] is True

    [message] = mail.wait_for(1)
    assert message["To"] == COMMENT["email"]
    assert message["Subject"] == "Vahvista sähköpostiosoitteesi – kommentti Vastineessa"
    text = message.get_content()
    assert text.startswith("Hei Ville Korhonen,")
    assert "Vahvista vielä, että tämä sähköpostiosoite on sinun" in text
    assert "tunnin kuluttua" in text
    finnish_moment = r"Linkki on voimassa \d{1,2}\. [a-zäö]+kuuta \d{4} klo \d{1,2}\.\d{2} asti\."
    assert re.search(finnish_moment, text), text
    path = confirmation_path(message)

    page = client.get(path)
    assert page.status_code == 200
    assert "Vahvista osoite" in page.text
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert commenter(app, COMMENT["email"])["confirmed_at"] is None  # a GET confirms nothing

    done = client.post(path, data={"csrf_token": csrf_token(page.text)})
    assert done.status_code == 200
    assert "Kiitos, osoite on vahvistettu!" in done.text
    assert "odottaa nyt moderointia" in done.text
    assert commenter(app, COMMENT["email"])["confirmed_at"] is not None
    cookie = client.get_cookie("vastine_vahvistettu")
    assert cookie is not None
    assert cookie.http_only and cookie.same_site == "Lax" and not cookie.secure
    with app.app_context():
        assert tokens.verify("confirmed", cookie.value, 3600) == [COMMENT["email"]]

    mail.clear()
    again = submit(app, client, slug, body="Toinen kommentti, joka ei tarvitse vahvistusta.")
    assert again.status_code == 201
    assert again.get_json()["confirm_email"] is False
    assert sent_mail(app) == []

    with app.app_context():
        token = tokens.form_token(time.time() - 60)
    redirect = client.post(
        "/api/comments",
        data=COMMENT | {"article": slug, "form_token": token, "body": "Neljäs, ilman JS:ää."},
    )
    assert redirect.status_code == 303
    assert redirect.headers["Location"] == f"/{slug}/#kiitos"
    assert sent_mail(app) == []


def test_cookie_remembers_the_email_even_if_the_commenter_was_deleted(app, client, slug):
    with app.app_context():
        cookie = tokens.sign("confirmed", [COMMENT["email"]])
    client.set_cookie("vastine_vahvistettu", cookie)
    response = submit(app, client, slug)
    assert response.get_json()["confirm_email"] is False
    assert commenter(app, COMMENT["email"])["confirmed_at"] is not None
    assert sent_mail(app) == []


def test_a_cookie_for_another_email_does_not_help(app, client, slug):
    with app.app_context():
        cookie = tokens.sign("confirmed", ["joku.muu@esimerkki.fi"])
    client.set_cookie("vastine_vahvistettu", cookie)
    assert submit(app, client, slug).get_json()["confirm_email"] is True
    assert len(app.mail_server.wait_for(1)) == 1


def test_forged_cookie_is_ignored(app, client, slug):
    client.set_cookie("vastine_vahvistettu", "W10.ZZZZ.forged")
    assert submit(app, client, slug).get_json()["confirm_email"] is True


def test_post_without_csrf_token_confirms_nothing(app, client, slug):
    submit(app, client, slug)
    path = confirmation_path(app.mail_server.wait_for(1)[0])
    response = client.post(path)
    assert response.status_code == 400
    assert "Lomake ehti vanhentua" in response.text
    assert commenter(app, COMMENT["email"])["confirmed_at"] is None


def test_expired_link_is_a_clear_400(app, client, slug, monkeypatch):
    submit(app, client, slug)
    comment_id = 1
    past = int(time.time()) - app.config["TOKEN_MAX_AGE_SECONDS"] - 60
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: past)
    with app.app_context():
        old = tokens.sign("confirm", {"email": COMMENT["email"], "comment": comment_id})
    monkeypatch.undo()
    page = client.get(f"/kommentit/vahvista/{old}")
    assert page.status_code == 400
    assert "Vahvistuslinkki ei kelpaa" in page.text
    assert "vanhentunut" in page.text
    # The button of a page opened before expiry does not help either.
    fresh_page = client.get("/kommentit/omat-tiedot/")
    response = client.post(
        f"/kommentit/vahvista/{old}", data={"csrf_token": csrf_token(fresh_page.text)}
    )
    assert response.status_code == 400
    assert commenter(app, COMMENT["email"])["confirmed_at"] is None


@pytest.mark.parametrize("bad", ["roskaa", "eyJlbWFpbCI6ImFAYi5maSJ9.abc.def"])
def test_forged_link_is_a_clear_400(client, bad):
    response = client.get(f"/kommentit/vahvista/{bad}")
    assert response.status_code == 400
    assert "Vahvistuslinkki ei kelpaa" in response.text


def test_token_for_another_purpose_does_not_confirm(app, client, slug):
    submit(app, client, slug)
    with app.app_context():
        wrong = tokens.sign("privacy", {"email": COMMENT["email"], "comment": 1})
    assert client.get(f"/kommentit/vahvista/{wrong}").status_code == 400


def test_cookie_is_secure_when_sessions_are(tmp_path, app, slug):
    secure = create_app(app.config | {"SESSION_COOKIE_SECURE": True, "TESTING": True})
    client = secure.test_client()
    submit(secure, client, slug)
    path = confirmation_path(app.mail_server.wait_for(1)[0])
    page = client.get(path, base_url="https://localhost")
    done = client.post(
        path,
        data={"csrf_token": csrf_token(page.text)},
        base_url="https://localhost",
        headers={"Referer": "https://localhost" + path},
    )
    assert done.status_code == 200, done.text
    cookie = client.get_cookie("vastine_vahvistettu", domain="localhost")
    assert cookie.secure and cookie.http_only


def test_confirmed_commenter_needs_no_mail_in_another_browser(app, slug):
    first = app.test_client()
    submit(app, first, slug)
    path = confirmation_path(app.mail_server.wait_for(1)[0])
    page = first.get(path)
    first.post(path, data={"csrf_token": csrf_token(page.text)})
    app.mail_server.clear()
    second = app.test_client()
    response = submit(app, second, slug, body="Toisesta selaimesta, eri teksti.")
    assert response.get_json()["confirm_email"] is False
    assert sent_mail(app) == []


def test_comment_is_kept_when_the_mail_server_is_down(app, slug, caplog):
    from service_process import free_port

    down = create_app(app.config | {"SMTP_PORT": free_port()})
    response = submit(down, down.test_client(), slug)
    assert response.status_code == 201
    assert response.get_json()["confirm_email"] is True
    assert commenter(app, COMMENT["email"]) is not None
    assert flush_mail(timeout=10)  # the mail went to the outbox's sender, which logs
    failures = [r for r in caplog.records if r.name == "comments.mail.sender" and r.exc_info]
    assert [r.getMessage() for r in failures] == [
        f"mail to {COMMENT['email']} could not be sent: "
        "Vahvista sähköpostiosoitteesi – kommentti Vastineessa (attempt 1, next in 60 s)"
    ]
    db = store.connect(app.config["DATABASE"])
    [kept] = store.mail_rows(db)
    db.close()
    assert (kept["status"], kept["recipient"], kept["attempts"]) == ("queued", COMMENT["email"], 1)


def test_sending_the_same_comment_again_resends_the_link_while_unconfirmed(make_app, slug):
    # Once the interval between confirmation mails has passed (here: at once).
    app = make_app(CONFIRMATION_MAIL_INTERVAL_MINUTES=0)
    client = app.test_client()
    mail = app.mail_server
    assert submit(app, client, slug).status_code == 201
    [first] = mail.wait_for(1)
    again = submit(app, client, slug)
    assert again.status_code == 422
    assert again.get_json()["errors"]["body"] == MESSAGES["duplicate_unconfirmed"]
    first_again, second = mail.wait_for(2)
    assert first_again is first and second["To"] == COMMENT["email"]
    path = confirmation_path(second)
    page = client.get(path)
    done = client.post(path, data={"csrf_token": csrf_token(page.text)})
    assert "odottaa nyt moderointia" in done.text
    db = store.connect(app.config["DATABASE"])
    try:
        assert db.count("comments") == 1
        assert store.get_comment(db, 1)["email_confirmed_at"] is not None
    finally:
        db.close()

    mail.clear()
    third = submit(app, client, slug)
    assert third.get_json()["errors"]["body"] == MESSAGES["duplicate"]
    assert sent_mail(app) == []


def test_moderators_hear_of_the_comment_once_the_email_is_confirmed(app, client, slug):
    db = store.connect(app.config["DATABASE"])
    store.add_moderator(db, "moderaattori", "x", email="moderaattori@esimerkki.fi")
    db.close()
    mail = app.mail_server
    submit(app, client, slug)
    [confirmation] = mail.wait_for(1)
    assert confirmation["To"] == COMMENT["email"]  # the queue hears nothing before that
    path = confirmation_path(confirmation)
    page = client.get(path)
    client.post(path, data={"csrf_token": csrf_token(page.text)})
    messages = mail.wait_for(2)
    assert [m["To"] for m in messages] == [COMMENT["email"], "moderaattori@esimerkki.fi"]
    mail.clear()
    submit(app, client, slug, body="Toinen kommentti menee suoraan jonoon.")
    assert [m["To"] for m in mail.wait_for(1)] == ["moderaattori@esimerkki.fi"]


def test_confirming_after_the_comment_expired_says_so(app, client, slug):
    submit(app, client, slug)
    with app.app_context():
        stale = tokens.sign("confirm", {"email": COMMENT["email"], "comment": 999})
    page = client.get(f"/kommentit/vahvista/{stale}")
    done = client.post(f"/kommentit/vahvista/{stale}", data={"csrf_token": csrf_token(page.text)})
    assert done.status_code == 200
    assert "kommenttia ei enää löytynyt" in done.text
    assert commenter(app, COMMENT["email"])["confirmed_at"] is not None


# --- at most one confirmation mail per address per interval (issue #13, point 7) ----------------


def test_five_comments_from_one_address_send_one_confirmation_mail(make_app, slug):
    first_worker, second_worker = make_app(), make_app()  # one store, two apps: like two workers
    answers = []
    for number in range(5):
        app = (first_worker, second_worker)[number % 2]
        body = f"Kommentti numero {number + 1}: palautteen omistaja ratkaisi meillä paljon."
        answers.append(submit(app, app.test_client(), slug, body=body).get_json())
    assert [a["confirmation"] for a in answers] == ["sent"] + ["waiting"] * 4
    assert all(a["confirm_email"] for a in answers)
    assert "hetki sitten" in answers[1]["message"]
    [mail] = sent_mail(first_worker)
    assert mail["To"] == COMMENT["email"]
    # The one link lets every waiting comment into the queue.
    client = first_worker.test_client()
    path = confirmation_path(mail)
    client.post(path, data={"csrf_token": csrf_token(client.get(path).text)})
    db = store.connect(first_worker.config["DATABASE"])
    try:
        rows = store.comments_by_email(db, COMMENT["email"])
    finally:
        db.close()
    assert len(rows) == 5 and all(row["email_confirmed_at"] for row in rows)


def test_without_javascript_the_reader_is_told_the_link_is_on_its_way(app, client, slug):
    first = client.post("/api/comments", data=COMMENT | {"article": slug})
    assert first.headers["Location"].endswith("#kiitos-vahvista")
    body = "Toinen kommentti samalta osoitteelta, eri sanoin kuin ensimmäinen."
    second = client.post("/api/comments", data=COMMENT | {"article": slug, "body": body})
    assert second.headers["Location"].endswith("#kiitos-odottaa")
    assert len(sent_mail(app)) == 1


def test_a_duplicate_within_the_interval_sends_no_new_link(app, client, slug):
    assert submit(app, client, slug).status_code == 201
    again = submit(app, client, slug)
    assert again.get_json()["errors"]["body"] == MESSAGES["duplicate_waiting"]
    assert len(sent_mail(app)) == 1
