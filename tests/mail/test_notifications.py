"""Mails about comments, received by the real SMTP server from conftest."""

from __future__ import annotations

import re

import pytest
from comment_fixtures import add_comment

from comments import store
from comments.mail import notifications
from comments.mail.sender import flush_mail

ARTICLE = "asiakaspolun-kartoitus"


def add(app, body="Hyvä kirjoitus, kiitos.", confirmed=True, **fields) -> int:
    fields = {"article": ARTICLE, "name": "Aino Lehtinen", "email": "aino@example.fi"} | fields
    return add_comment(app, body, confirmed=confirmed, **fields)


def decide(auth, client, comment_id, action, **data):
    return client.post(
        f"/moderointi/kommentti/{comment_id}/paatos",
        data={"csrf_token": auth.csrf_token(client), "action": action, "tila": "pending"} | data,
        follow_redirects=True,
    )


def received(mail_server) -> list:
    """Every mail the SMTP server got, once this process has sent all it queued (the notices
    of a request go out from the outbox's sender)."""
    assert flush_mail(timeout=10)
    return mail_server.messages


def body_of(message) -> str:
    return message.get_body(("plain",)).get_content()


@pytest.fixture(autouse=True)
def no_background_builds(app):
    app.config["PUBLISH_FULL_BUILD"] = False


@pytest.fixture
def moderator(auth, client):
    auth.create("moderaattori", "moderator", display_name="Maija Moderaattori")
    auth.login("moderaattori")
    return auth


def test_published_notice_to_the_commenter(app, client, moderator, mail_server):
    comment_id = add(app, "Asiakaspolku kannattaa piirtää asiakkaan silmin.")
    decide(moderator, client, comment_id, "approve")
    [message] = received(mail_server)
    assert message["To"] == "aino@example.fi"
    assert message["Subject"].startswith("Kommenttisi on julkaistu")
    body = body_of(message)
    assert "Hei Aino Lehtinen," in body
    assert f"http://127.0.0.1:8000/{ARTICLE}/#kommentti-{comment_id}" in body
    assert "Asiakaspolku kannattaa piirtää asiakkaan silmin." in body
    assert "http://127.0.0.1:8000/kommentit/omat-tiedot/" in body
    assert re.search(r"\d{1,2}\. [a-zäö]+kuuta \d{4} klo \d{1,2}\.\d{2}", body)


def test_no_mail_to_an_unconfirmed_address(app, client, moderator, mail_server):
    comment_id = add(app, confirmed=False, email="kuka@example.fi")
    decide(moderator, client, comment_id, "approve", override_unconfirmed="1")
    with app.app_context():
        assert store.get_comment(store.get_db(), comment_id)["status"] == "approved"
    assert received(mail_server) == []


def test_reply_notice_with_a_working_unsubscribe_link(app, client, moderator, mail_server):
    parent = add(app, "Mitä mieltä olette?", notify_replies=True)
    with app.app_context():
        store.decide(store.get_db(), parent, "approved", "moderaattori")
    reply = add(
        app, "Olen samaa mieltä.", name="Pekka Virtanen", email="pekka@example.fi", parent_id=parent
    )
    decide(moderator, client, reply, "approve")
    messages = received(mail_server)
    by_recipient = {m["To"]: m for m in messages}
    notice = by_recipient["aino@example.fi"]
    assert notice["Subject"].startswith("Kommenttiisi on vastattu")
    body = body_of(notice)
    assert "Pekka Virtanen vastasi kommenttiisi" in body and "Olen samaa mieltä." in body
    link = re.search(r"http://127\.0\.0\.1:8000(/kommentit/peru-ilmoitukset/\S+)", body).group(1)
    page = client.get(link)
    assert page.status_code == 200
    form = page.get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    done = client.post(link, data={"csrf_token": token.group(1)} if token else {})
    assert done.status_code == 200
    with app.app_context():
        assert store.get_comment(store.get_db(), parent)["notify_replies"] == 0
        assert store.reply_subscribers(store.get_db(), reply) == []


def test_author_reply_notifies_the_parent_commenter(app, client, moderator, mail_server):
    parent = add(app, "Kysymys kirjoittajalle.", notify_replies=True)
    decide(moderator, client, parent, "approve")
    assert len(received(mail_server)) == 1
    mail_server.clear()
    client.post(
        f"/moderointi/kommentti/{parent}/vastaa",
        data={"csrf_token": moderator.csrf_token(client), "body": "Hyvä kysymys, kiitos!"},
    )
    [message] = received(mail_server)
    assert message["To"] == "aino@example.fi"
    assert "Maija Moderaattori (kirjoittaja) vastasi kommenttiisi" in body_of(message)


def test_no_reply_notice_without_opt_in_or_to_oneself(app, client, moderator, mail_server):
    parent = add(app, "Ei ilmoituksia, kiitos.")
    own = add(app, "Oma kommentti, jonka ilmoitukset ovat päällä.", notify_replies=True)
    with app.app_context():
        store.decide(store.get_db(), parent, "approved", "moderaattori")
        store.decide(store.get_db(), own, "approved", "moderaattori")
    first = add(app, "Vastaus ilman tilausta.", email="pekka@example.fi", parent_id=parent)
    second = add(app, "Vastaan itselleni.", parent_id=own)
    decide(moderator, client, first, "approve")
    decide(moderator, client, second, "approve")
    messages = received(mail_server)
    assert sorted(m["Subject"].split(" –")[0] for m in messages) == [
        "Kommenttisi on julkaistu",
        "Kommenttisi on julkaistu",
    ]


def test_rejection_reason_is_mailed(app, client, moderator, mail_server):
    with_reason = add(app)
    without_reason = add(app, "Toinen.", email="pekka@example.fi")
    decide(moderator, client, with_reason, "reject", reason="Kommentti ei liity artikkeliin.")
    decide(moderator, client, without_reason, "reject")
    [message] = received(mail_server)
    assert message["To"] == "aino@example.fi"
    assert message["Subject"].startswith("Kommenttiasi ei julkaistu")
    body = body_of(message)
    assert "Kommentti ei liity artikkeliin." in body
    assert "http://127.0.0.1:8000/sivut/kommentointiohjeet/" in body


def test_immediate_notice_to_moderators_who_want_it(app, auth, mail_server):
    auth.create("heti", email="heti@example.fi", display_name="Heikki")
    auth.create("kooste", email="kooste@example.fi")
    auth.create("hiljaa", email="hiljaa@example.fi")
    auth.create("ei-osoitetta")
    with app.app_context():
        db = store.get_db()
        store.update_moderator(db, store.get_moderator(db, "kooste")["id"], "t", notify="digest")
        store.update_moderator(db, store.get_moderator(db, "hiljaa")["id"], "t", notify="none")
    comment_id = add(
        app,
        "Uusi kommentti jonoon.",
        findings=[{"code": "identity.name", "severity": "mild", "message": "Nimi?"}],
        substance=55,
    )
    with app.app_context():
        notifications.notify_pending(comment_id)
    [message] = received(mail_server)
    assert message["To"] == "heti@example.fi"
    assert message["Subject"].startswith("Uusi kommentti odottaa")
    body = body_of(message)
    assert "Hei Heikki," in body and "Asiapitoisuus: 55/100" in body
    assert "identity.name" in body
    assert f"http://127.0.0.1:8000/moderointi/kommentti/{comment_id}" in body


def test_digest_lists_new_pending_comments_once(app, auth, runner, mail_server):
    moderator_id = auth.create("kooste", email="kooste@example.fi")
    with app.app_context():
        store.update_moderator(store.get_db(), moderator_id, "t", notify="digest")
    first = add(app, "Ensimmäinen odottava kommentti.")
    second = add(app, "Toinen odottava kommentti.", email="pekka@example.fi")
    add(app, "Vahvistamaton ei kuulu koosteeseen.", email="x@example.fi", confirmed=False)
    with app.app_context():
        result = runner.invoke(args=["send-digest"])
    assert result.exit_code == 0, result.output
    assert "Lähetettiin 1 kooste." in result.output
    [message] = mail_server.wait_for(1)
    assert message["To"] == "kooste@example.fi"
    assert message["Subject"] == "Moderointijonossa 2 uutta kommenttia"
    body = body_of(message)
    assert "Ensimmäinen odottava kommentti." in body and "Toinen odottava kommentti." in body
    assert "Vahvistamaton" not in body
    assert f"/moderointi/kommentti/{first}" in body and f"/moderointi/kommentti/{second}" in body

    with app.app_context():
        assert "Lähetettiin 0 koostetta." in runner.invoke(args=["send-digest"]).output
    third = add(app, "Kolmas, koosteiden välissä tullut.", email="kolmas@example.fi")
    with app.app_context():
        runner.invoke(args=["send-digest"])
    messages = mail_server.wait_for(2)
    assert len(messages) == 2
    latest = messages[1]
    assert latest["Subject"] == "Moderointijonossa yksi uusi kommentti"
    assert f"/moderointi/kommentti/{third}" in body_of(latest)
    assert "Ensimmäinen odottava" not in body_of(latest)


def test_a_failing_mail_server_does_not_undo_the_decision(app, client, moderator, mail_server):
    from service_process import free_port

    app.config["SMTP_PORT"] = free_port()  # nothing listens there
    comment_id = add(app)
    response = decide(moderator, client, comment_id, "approve")
    assert "Kommentti hyväksyttiin" in response.get_data(as_text=True)
    with app.app_context():
        assert store.get_comment(store.get_db(), comment_id)["status"] == "approved"
