"""POST /api/comments and the service's form page: real SQLite file, real built site, real SMTP.

Every refused input is checked twice: the Finnish message the commenter sees, and that nothing
was stored.
"""

from __future__ import annotations

import re
import time

import pytest
from bs4 import BeautifulSoup
from comment_fixtures import GOOD, payload, sent_mail, token

from comments import store, tokens
from comments.public.submit import MESSAGES

# Every test here runs on SQLite and on PostgreSQL (tests/conftest.py's store_url).
pytestmark = pytest.mark.usefixtures("store_url")


def comment_count(app) -> int:
    db = store.connect(app.config["DATABASE"])
    try:
        return db.count("comments")
    finally:
        db.close()


def stored(app) -> list[dict]:
    db = store.connect(app.config["DATABASE"])
    try:
        return [store.get_comment(db, row["id"]) for row in db.rows("comments")]
    finally:
        db.close()


def approve(app, comment_id: int) -> None:
    db = store.connect(app.config["DATABASE"])
    try:
        assert store.decide(db, comment_id, "approved", "testi")
    finally:
        db.close()


@pytest.fixture
def slug(article_slugs) -> str:
    return article_slugs[0]


@pytest.fixture
def other_slug(article_slugs) -> str:
    return article_slugs[1]


# --- success ----------------------------------------------------------------------------------


def test_json_submission_is_stored_pending_with_findings(app, client, slug):
    response = client.post("/api/comments", json=payload(app, slug))
    assert response.status_code == 201
    data = response.get_json()
    assert data["status"] == "pending"
    assert data["message"] == "Kiitos! Kommenttisi odottaa moderointia."
    assert data["confirm_email"] is True
    [row] = stored(app)
    assert row["id"] == data["id"]
    assert row["status"] in {"pending", "spam"}
    assert row["article"] == slug
    assert row["email"] == GOOD["email"]
    assert row["html"].startswith("<p>Hyvä kirjoitus.")
    assert isinstance(row["findings"], list)
    assert all({"code", "severity", "message", "spans"} <= set(f) for f in row["findings"])
    assert 0 <= row["substance"] <= 100
    assert re.fullmatch(r"[0-9a-f]{64}", row["ip_hash"])
    assert re.fullmatch(r"[0-9a-f]{64}", row["fingerprint"])


def test_the_client_ip_is_never_stored(app, client, slug):
    client.post(
        "/api/comments", json=payload(app, slug), environ_base={"REMOTE_ADDR": "203.0.113.77"}
    )
    [row] = stored(app)
    assert "203.0.113.77" not in repr(row)
    db = store.connect(app.config["DATABASE"])
    dump = repr([db.rows(table) for table in db.table_names()])
    db.close()
    assert "203.0.113.77" not in dump


def test_form_submission_redirects_to_the_article(app, client, slug):
    response = client.post("/api/comments", data=payload(app, slug, notify_replies="1"))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{slug}/#kiitos-vahvista"
    [row] = stored(app)
    assert row["notify_replies"] == 1


def test_multipart_form_is_accepted(app, client, slug):
    response = client.post(
        "/api/comments", data=payload(app, slug), content_type="multipart/form-data"
    )
    assert response.status_code == 303
    assert comment_count(app) == 1


def test_website_without_scheme_gets_https(app, client, slug):
    response = client.post("/api/comments", json=payload(app, slug, website="esimerkki.fi"))
    assert response.status_code == 201
    assert stored(app)[0]["website"] == "https://esimerkki.fi"


def test_redirect_goes_to_the_site_when_the_service_has_its_own_origin(make_app, slug):
    app = make_app(
        SERVICE_URL="https://kommentit.vastine.example.fi",
        SITE_URL="https://vastine.example.fi",
    )
    response = app.test_client().post("/api/comments", data=payload(app, slug))
    assert response.status_code == 303
    assert response.headers["Location"] == f"https://vastine.example.fi/{slug}/#kiitos-vahvista"


# --- field errors: Finnish message, nothing stored ------------------------------------------


FIELD_ERRORS = [
    ({"name": ""}, "name", "Kirjoita nimesi"),
    ({"name": "   "}, "name", "Kirjoita nimesi"),
    ({"name": "Aino\nLehtinen"}, "name", "vain yksi rivi"),
    ({"name": "A" * 81}, "name", "enintään 80 merkkiä"),
    ({"email": ""}, "email", "Kirjoita sähköpostiosoitteesi"),
    ({"email": "aino.esimerkki.fi"}, "email", "Tarkista sähköpostiosoite"),
    ({"email": "aino@"}, "email", "Tarkista sähköpostiosoite"),
    ({"email": "aino@esimerkki.fi\nBcc: x@y.fi"}, "email", "Tarkista sähköpostiosoite"),
    ({"website": "javascript:alert(1)"}, "website", "http:// tai https://"),
    ({"website": "https://[::1/"}, "website", "verkkotunnus ei kelpaa"),
    ({"website": "https://a.fi:99999999/"}, "website", "porttinumero ei kelpaa"),
    ({"website": 'https://a.fi/" onmouseover="alert(1)'}, "website", "välilyönti"),
    ({"website": 'https://a.fi/"onmouseover="alert(1)'}, "website", 'voi olla: "'),
    ({"website": "localhost"}, "website", "puuttuu pääte"),
    ({"website": "Kernel.exit(1)"}, "website", "ei voi olla: ( )"),
    ({"website": "%*.*s"}, "website", "ei voi olla: % *"),
    ({"website": "https://"}, "website", "puuttuu verkkotunnus"),
    ({"website": "https://aino@esimerkki.fi"}, "website", "käyttäjätunnusta"),
    ({"website": "https://" + "a" * 200 + ".fi"}, "website", "enintään 200 merkkiä"),
    ({"body": ""}, "body", "Kirjoita kommenttisi"),
    ({"body": "x" * 5001}, "body", "5001 merkkiä, enintään 5000"),
    (
        {"body": "Lähteet: https://a.fi https://b.fi https://c.fi https://d.fi"},
        "body",
        "liikaa linkkejä (4)",
    ),
    ({"article": "ei-tallaista-artikkelia"}, "article", "artikkelia ei löytynyt"),
    ({"article": "../../etc/passwd"}, "article", "artikkelia ei löytynyt"),
    ({"article": ""}, "article", "artikkelia ei löytynyt"),
    ({"parent": "999"}, "parent", "ei ole julkaistu"),
    ({"parent": "yksi"}, "parent", "ei ole julkaistu"),
]


@pytest.mark.parametrize(("changes", "field", "message"), FIELD_ERRORS)
def test_bad_json_fields_are_refused(app, client, slug, changes, field, message):
    response = client.post("/api/comments", json=payload(app, slug, **changes))
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert message.lower() in errors[field].lower()
    assert comment_count(app) == 0
    assert sent_mail(app) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": 5}, "name"),
        ({"email": ["a@b.fi"]}, "email"),
        ({"body": {"text": "hei"}}, "body"),
        ({"notify_replies": [1]}, "notify_replies"),
    ],
)
def test_wrong_json_types_are_refused(app, client, slug, changes, field):
    response = client.post("/api/comments", json=payload(app, slug, **changes))
    assert response.status_code == 422
    assert response.get_json()["errors"][field] == "Tämän kentän arvo on väärää muotoa."
    assert comment_count(app) == 0


def test_form_errors_show_the_form_again_with_every_value(app, client, slug):
    response = client.post(
        "/api/comments",
        data=payload(
            app,
            slug,
            email="aino(at)esimerkki.fi",
            website="https://aino.example.fi/",
            body="Kommentti <b>tallessa</b>",
            notify_replies="1",
        ),
    )
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    form = page.find("form", id="kommenttilomake")
    assert form["action"] == "/api/comments"
    assert form.find("input", attrs={"name": "name"})["value"] == "Aino Lehtinen"
    assert form.find("input", attrs={"name": "email"})["value"] == "aino(at)esimerkki.fi"
    assert form.find("input", attrs={"name": "website"})["value"] == "https://aino.example.fi/"
    assert form.find("textarea").text == "Kommentti <b>tallessa</b>"
    assert form.find("input", attrs={"name": "notify_replies"}).has_attr("checked")
    email_input = form.find("input", attrs={"name": "email"})
    assert email_input["aria-invalid"] == "true"
    error = page.find(id="virhe-email")
    assert "Tarkista sähköpostiosoite" in error.text
    assert "virhe-email" in email_input["aria-describedby"]
    # No fresh token: fixing a typo within seconds must not be refused as "too fast".
    assert form.find("input", attrs={"name": "form_token"})["value"] == ""
    assert "<b>tallessa</b>" not in response.text  # kept as text, escaped
    assert comment_count(app) == 0


def test_form_with_unknown_article_gets_a_finnish_page(app, client):
    response = client.post("/api/comments", data=GOOD | {"article": "ei-ole", "form_token": "x"})
    assert response.status_code == 422
    assert "Kommentoitavaa artikkelia ei löytynyt" in response.text
    assert response.mimetype == "text/html"
    assert comment_count(app) == 0


# --- content type, size, parsing ------------------------------------------------------------


def test_wrong_content_type_is_415(app, client, slug):
    response = client.post(
        "/api/comments",
        data="name=Aino",
        content_type="text/plain",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 415
    assert response.get_json() == {
        "errors": {"form": "Kommentin voi lähettää vain lomakkeella tai JSON-muodossa."}
    }
    assert comment_count(app) == 0


def test_oversized_json_is_413_in_finnish(app, client, slug):
    body = payload(app, slug, body="ä" * 70_000)
    response = client.post("/api/comments", json=body)
    assert response.status_code == 413
    assert "Lähetys on liian suuri" in response.get_json()["errors"]["form"]
    assert comment_count(app) == 0


def test_oversized_form_is_413_page_in_finnish(app, client, slug):
    response = client.post(
        "/api/comments",
        data=payload(app, slug, body="x" * 70_000),
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "Lähetys on liian suuri" in response.text
    assert comment_count(app) == 0


@pytest.mark.parametrize("raw", ["{ei jsonia", "[1, 2]", '"teksti"', ""])
def test_unreadable_json_is_400(app, client, raw):
    response = client.post("/api/comments", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["errors"]["form"].startswith("Lähetystä ei voitu lukea")
    assert comment_count(app) == 0


# --- replies ----------------------------------------------------------------------------------


def test_replies_nest_three_levels_deep(app, client, slug):
    parent = None
    ids = []
    for level in range(4):
        changes = {"body": f"Tason {level} kommentti: perustelen näkemykseni esimerkillä."}
        if parent:
            changes["parent"] = str(parent)
        response = client.post("/api/comments", json=payload(app, slug, **changes))
        assert response.status_code == 201, response.get_json()
        parent = response.get_json()["id"]
        ids.append(parent)
        approve(app, parent)
    rows = {row["id"]: row for row in stored(app)}
    assert rows[ids[0]]["parent_id"] is None
    assert [rows[i]["parent_id"] for i in ids[1:]] == ids[:-1]


def test_reply_to_a_pending_comment_is_refused(app, client, slug):
    first = client.post("/api/comments", json=payload(app, slug)).get_json()["id"]
    response = client.post(
        "/api/comments", json=payload(app, slug, parent=first, body="Vastaus odottavaan.")
    )
    assert response.status_code == 422
    assert "ei ole julkaistu" in response.get_json()["errors"]["parent"]
    assert comment_count(app) == 1


def test_reply_to_a_comment_of_another_article_is_refused(app, client, slug, other_slug):
    first = client.post("/api/comments", json=payload(app, other_slug)).get_json()["id"]
    approve(app, first)
    response = client.post(
        "/api/comments", json=payload(app, slug, parent=first, body="Väärä artikkeli.")
    )
    assert response.status_code == 422
    assert "ei ole julkaistu tämän artikkelin yhteydessä" in response.get_json()["errors"]["parent"]
    assert comment_count(app) == 1


def test_form_reply_to_an_unpublished_comment_keeps_values_and_says_why(app, client, slug):
    first = client.post("/api/comments", json=payload(app, slug)).get_json()["id"]
    response = client.post(
        "/api/comments", data=payload(app, slug, parent=str(first), body="Vastaukseni")
    )
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    assert "ei ole julkaistu" in page.find(id="lomake-virhe").text
    assert page.find("textarea").text == "Vastaukseni"
    assert comment_count(app) == 1


# --- form token -------------------------------------------------------------------------------


def test_no_js_form_without_token_is_taken_on_the_first_press(app, client, slug):
    response = client.post("/api/comments", data=payload(app, slug, form_token=""))
    assert response.status_code == 303
    assert response.headers["Location"].endswith("#kiitos-vahvista")
    assert comment_count(app) == 1


def test_no_js_form_is_checked_by_the_policy_on_the_first_press(app, client, slug):
    response = client.post(
        "/api/comments", data=payload(app, slug, form_token="", email="aino@mailinator.com")
    )
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    assert page.find(id="virhe-email").text.strip()
    assert "uudelleen" not in page.find(id="lomake-virhe").text
    assert page.find("textarea").text == GOOD["body"]
    assert comment_count(app) == 0


def test_too_fast_tokens_are_refused_and_expired_ones_are_no_evidence(app, client, slug):
    response = client.post("/api/comments", json=payload(app, slug, form_token=token(app, 0.0)))
    assert response.status_code == 422
    assert "poikkeuksellisen nopeasti" in response.get_json()["errors"]["form"]
    assert comment_count(app) == 0
    # A tab left open for a day is a person's: taken like the plain form's submission.
    old = token(app, 25 * 3600.0)
    response = client.post("/api/comments", json=payload(app, slug, form_token=old))
    assert response.status_code == 201
    assert comment_count(app) == 1


def test_forged_tokens_are_refused(app, client, slug):
    forged = token(app)[:-3] + "AAA"
    other_purpose = None
    with app.app_context():
        other_purpose = tokens.sign("privacy", {"issued": time.time() - 60})
    for bad in (forged, other_purpose):
        response = client.post("/api/comments", json=payload(app, slug, form_token=bad))
        assert response.status_code == 422
        assert "tarkiste ei kelpaa" in response.get_json()["errors"]["form"]
    assert comment_count(app) == 0


def test_form_token_endpoint_hands_out_fresh_tokens(app, client):
    response = client.get("/api/comments/form-token")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        issued = tokens.verify("form", response.get_json()["token"], 60)["issued"]
    assert abs(issued - time.time()) < 60


# --- anti-spam --------------------------------------------------------------------------------


def test_honeypot_is_stored_as_spam_and_answered_like_success(app, client, slug):
    response = client.post(
        "/api/comments", json=payload(app, slug, homepage="https://halvat-lainat.example")
    )
    assert response.status_code == 201
    assert response.get_json()["message"] == "Kiitos! Kommenttisi odottaa moderointia."
    [row] = stored(app)
    assert response.get_json()["id"] == row["id"]
    assert row["status"] == "spam"
    assert [f["code"] for f in row["findings"]] == ["spam.honeypot"]
    assert sent_mail(app) == []


def test_honeypot_form_redirects_like_success(app, client, slug):
    response = client.post("/api/comments", data=payload(app, slug, homepage="x"))
    assert response.status_code == 303
    assert response.headers["Location"].endswith("#kiitos")
    assert stored(app)[0]["status"] == "spam"


def test_duplicate_is_refused(app, client, slug):
    assert client.post("/api/comments", json=payload(app, slug)).status_code == 201
    again = payload(app, slug, body="  " + GOOD["body"].upper().replace(" ", "   ") + "\n")
    response = client.post("/api/comments", json=again)
    assert response.status_code == 422
    assert "Olet jo lähettänyt saman kommentin" in response.get_json()["errors"]["body"]
    assert comment_count(app) == 1
    elsewhere = client.post("/api/comments", json=payload(app, slug, email="toinen@esimerkki.fi"))
    assert elsewhere.status_code == 201


def test_rate_limit_per_ip(make_app, slug):
    app = make_app(RATELIMIT_SUBMIT_PER_IP="2 per hour")
    client = app.test_client()
    for number in range(2):
        body = payload(app, slug, email=f"lukija{number}@esimerkki.fi")
        assert client.post("/api/comments", json=body).status_code == 201
    response = client.post("/api/comments", json=payload(app, slug, email="kolmas@esimerkki.fi"))
    assert response.status_code == 429
    assert "Lähetit kommentteja hyvin tiuhaan" in response.get_json()["errors"]["form"]
    page = client.post("/api/comments", data=payload(app, slug, email="neljas@esimerkki.fi"))
    assert page.status_code == 429
    assert page.mimetype == "text/html"
    assert "Lähetit kommentteja hyvin tiuhaan" in page.text
    # The limit's window is an hour: the wait is told and sent, and the form keeps the text.
    assert 3500 < int(page.headers["Retry-After"]) <= 3600
    assert "Odota 1 tunti" in page.text
    form = BeautifulSoup(page.text, "html.parser").find("form", id="kommenttilomake")
    assert form.find("textarea").text == GOOD["body"]
    assert form.find("input", attrs={"name": "email"})["value"] == "neljas@esimerkki.fi"
    other_ip = client.post(
        "/api/comments",
        json=payload(app, slug, email="viides@esimerkki.fi"),
        environ_base={"REMOTE_ADDR": "198.51.100.9"},
    )
    assert other_ip.status_code == 201
    assert comment_count(app) == 3


def test_rate_limit_per_email(make_app, slug):
    app = make_app(RATELIMIT_SUBMIT_PER_EMAIL="1 per hour")
    client = app.test_client()
    first = payload(app, slug)
    assert client.post("/api/comments", json=first).status_code == 201
    second = payload(app, slug, email=GOOD["email"].upper(), body="Toinen, eri kommentti.")
    response = client.post(
        "/api/comments", json=second, environ_base={"REMOTE_ADDR": "198.51.100.10"}
    )
    assert response.status_code == 429
    assert "Odota 1 tunti" in response.get_json()["errors"]["form"]
    assert int(response.headers["Retry-After"]) > 3500
    other = payload(app, slug, email="joku.muu@esimerkki.fi", body="Kolmas kommentti.")
    assert client.post("/api/comments", json=other).status_code == 201
    assert comment_count(app) == 2


@pytest.mark.parametrize(("proxies", "limited"), [(0, True), (1, False)])
def test_forwarded_address_counts_only_behind_a_trusted_proxy(make_app, slug, proxies, limited):
    app = make_app(
        TRUSTED_PROXY_COUNT=proxies,
        RATELIMIT_SUBMIT_PER_IP="1 per hour",
    )
    client = app.test_client()
    statuses = []
    for number, forwarded in enumerate(("198.51.100.1", "198.51.100.2")):
        response = client.post(
            "/api/comments",
            json=payload(app, slug, email=f"lukija{number}@esimerkki.fi"),
            headers={"X-Forwarded-For": forwarded},
        )
        statuses.append(response.status_code)
    assert statuses == ([201, 429] if limited else [201, 201])
    hashes = {row["ip_hash"] for row in stored(app)}
    assert len(hashes) == len(stored(app))


def test_foreign_origin_is_refused(app, client, slug):
    response = client.post(
        "/api/comments", json=payload(app, slug), headers={"Origin": "https://paha.example"}
    )
    assert response.status_code == 403
    assert "toiselta sivustolta" in response.get_json()["errors"]["form"]
    assert comment_count(app) == 0
    same = client.post(
        "/api/comments", json=payload(app, slug), headers={"Origin": "http://localhost"}
    )
    assert same.status_code == 201


# --- the comment policy -----------------------------------------------------------------------


def test_policy_refusal_names_the_field_and_stores_nothing(app, client, slug):
    response = client.post(
        "/api/comments", json=payload(app, slug, email="aino.lehtinen@mailinator.com")
    )
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {"email"}
    assert errors["email"]  # the policy's own Finnish public message
    assert comment_count(app) == 0


def test_clear_spam_is_kept_for_review_and_answered_like_success(app, client, slug):
    advert = payload(
        app,
        slug,
        name="Halvat Lainat",
        email="myynti@lainat-heti.fi",
        body="Halvat lainat heti tilille! Osta nyt: https://lainat.example.fi "
        "Tarjous voimassa vain tänään!",
    )
    response = client.post("/api/comments", json=advert)
    assert response.status_code == 201
    assert response.get_json()["status"] == "pending"
    assert response.get_json()["confirm_email"] is False
    [row] = stored(app)
    assert row["status"] == "spam"
    assert any(f["code"].startswith("ads.") for f in row["findings"])
    assert sent_mail(app) == []


def test_findings_are_stored_with_spans_and_raise_the_risk(app, client, slug):
    body = "Naapurini henkilötunnus on 131052-308T, soittakaa hänelle."
    response = client.post("/api/comments", json=payload(app, slug, body=body, send_anyway=True))
    assert response.status_code == 201
    [row] = stored(app)
    [finding] = [f for f in row["findings"] if f["code"] == "illegal.hetu"]
    assert finding["severity"] == "strong" and finding["field"] == "body"
    [span] = finding["spans"]
    assert body[span["start"] : span["end"]] == span["text"] == "131052-308T"
    assert row["risk"] > 0
    calm = client.post("/api/comments", json=payload(app, slug, email="rauha@esimerkki.fi"))
    assert stored(app)[1]["risk"] < row["risk"]
    assert calm.status_code == 201


# --- the form page ----------------------------------------------------------------------------


def test_form_page_for_a_reply(app, client, slug):
    first = client.post("/api/comments", json=payload(app, slug)).get_json()["id"]
    approve(app, first)
    response = client.get(f"/kommentit/{slug}/uusi?vastaa={first}")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    assert page.find("input", attrs={"name": "parent"})["value"] == str(first)
    assert page.find("input", attrs={"name": "article"})["value"] == slug
    assert "Vastaat kommenttiin: Aino Lehtinen" in page.find(id="vastaus-kohde").text


def test_form_page_ignores_an_unpublished_parent(app, client, slug):
    first = client.post("/api/comments", json=payload(app, slug)).get_json()["id"]
    page = BeautifulSoup(client.get(f"/kommentit/{slug}/uusi?vastaa={first}").text, "html.parser")
    assert page.find("input", attrs={"name": "parent"})["value"] == ""


def test_form_page_for_an_unknown_article_is_404(client):
    response = client.get("/kommentit/ei-tallaista/uusi")
    assert response.status_code == 404
    assert "Artikkelia ei löytynyt" in response.text


def test_service_pages_carry_security_headers(client, slug):
    response = client.get(f"/kommentit/{slug}/uusi")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "<script>" not in response.text and "style=" not in response.text
    api = client.get("/api/comments/form-token")
    assert api.headers["X-Content-Type-Options"] == "nosniff"


def test_submissions_purge_expired_comments_now_and_then(app, client, slug):
    long_ago = "2020-01-01T00:00:00.000000+00:00"
    db = store.connect(app.config["DATABASE"])
    expired = store.add_comment(
        db,
        article=slug,
        name="Unohtunut Vahvistus",
        email="unohtui@esimerkki.fi",
        body="Vanha",
        html="<p>Vanha</p>",
        status="pending",
        created_at=long_ago,
    )
    db.close()
    assert client.post("/api/comments", json=payload(app, slug)).status_code == 201
    assert expired not in {row["id"] for row in stored(app)}
    db = store.connect(app.config["DATABASE"])
    again = store.add_comment(
        db,
        article=slug,
        name="Toinen Unohtaja",
        email="toinen@esimerkki.fi",
        body="Vanha",
        html="<p>Vanha</p>",
        status="pending",
        created_at=long_ago,
    )
    db.close()
    other = payload(app, slug, email="kolmas@esimerkki.fi")
    assert client.post("/api/comments", json=other).status_code == 201
    assert again in {row["id"] for row in stored(app)}  # at most once an hour


def test_form_duplicate_and_policy_refusal_show_the_message_next_to_the_field(app, client, slug):
    assert client.post("/api/comments", data=payload(app, slug)).status_code == 303
    duplicate = client.post("/api/comments", data=payload(app, slug))
    assert duplicate.status_code == 422
    page = BeautifulSoup(duplicate.text, "html.parser")
    assert "Olet jo lähettänyt saman kommentin" in page.find(id="virhe-body").text
    assert page.find("textarea").text == GOOD["body"]

    disposable = client.post(
        "/api/comments",
        data=payload(app, slug, email="kerta@mailinator.com", body="Eri teksti tällä kertaa."),
    )
    assert disposable.status_code == 422
    page = BeautifulSoup(disposable.text, "html.parser")
    assert page.find(id="virhe-email").text.strip()
    assert page.find("input", attrs={"name": "email"})["value"] == "kerta@mailinator.com"
    assert comment_count(app) == 1


def test_form_data_asking_for_json_gets_json(app, client, slug):
    response = client.post(
        "/api/comments", data=payload(app, slug), headers={"Accept": "application/json"}
    )
    assert response.status_code == 201
    assert response.get_json()["status"] == "pending"
    bad = client.post(
        "/api/comments",
        data=payload(app, slug, name="", body="Toinen."),
        headers={"Accept": "application/json"},
    )
    assert bad.status_code == 422
    assert bad.get_json() == {"errors": {"name": MESSAGES["name_missing"]}}
