"""Attacks on the service, each refused with a clear Finnish error and nothing stored: XSS in
every field a reader controls (published through both paths and checked statically here, in
chromium in tests/browser/test_xss.py), CSRF, sessions, roles, redirects, path traversal,
oversized and malformed requests, mail header injection, rate limits and form tokens.

The app here is in-process (Flask's test client) with a real SQLite file, a real site build
and a real SMTP server.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from xss_corpus import xss_payloads

from comments import create_app, passwords, store, tokens
from comments.mail.sender import send_mail
from comments.render import render_comment
from comments.site.articles import END_MARKER, START_MARKER
from comments.site.publish import build_site, publish_article_comments

BODY_ARTICLE = "asiakaspolun-kartoitus"
NAME_ARTICLE = "nps-ja-sen-rajat"
WEBSITE_ARTICLE = "crm-on-tapa-toimia"
GOOD_NAME = "Aino Lehtinen"
GOOD_BODY = "Hyvä kirjoitus. Meillä asiakaspolun kartoitus paljasti odottamisen ongelmat."
MODERATOR = ("hyokkaysmoderaattori", "moderaattorin-salasana-9")
ADMIN = ("hyokkaysadmin", "ylläpitäjän-salasana-9")
SAFE_SCHEMES = {"http", "https", "mailto", ""}
CONTENT_TAGS = {
    "p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "del", "s", "sup", "sub", "b", "i", "abbr",
}  # fmt: skip
CONTENT_ATTRIBUTES = {"href", "rel", "title", "class"}


@functools.cache
def password_hash(password: str) -> str:
    return passwords.hash_password(password)


def make_app(tmp_path: Path, built_site: Path, mail_port: int, copy_site=False, **settings):
    """An app with its own store; rate limits off unless ``settings`` say so. It reads the
    shared build unless ``copy_site`` gives it its own copy to publish into."""
    output = tmp_path / "output" if copy_site else built_site
    if copy_site and not output.exists():
        shutil.copytree(built_site, output)
    config = {
        "TESTING": True,
        "SECRET_KEY": "attack-test-secret",
        "DATABASE": str(tmp_path / "comments.sqlite3"),
        "SITE_OUTPUT": str(output),
        "SITE_URL": "http://localhost",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": mail_port,
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        "SESSION_COOKIE_SECURE": False,
        "PUBLISH_FULL_BUILD": False,
        "RATELIMIT_ENABLED": False,
        "FORM_MIN_SECONDS": 0,
    }
    app = create_app(config | settings)
    with app.app_context():
        db = store.get_db()
        store.add_moderator(db, MODERATOR[0], password_hash(MODERATOR[1]), "moderator")
        store.add_moderator(db, ADMIN[0], password_hash(ADMIN[1]), "admin")
    return app


@pytest.fixture
def attack_app(tmp_path, built_site, mail_server):
    app = make_app(tmp_path, built_site, mail_server.port)
    app.mail_server = mail_server
    return app


@pytest.fixture
def client(attack_app):
    return attack_app.test_client()


def form_token(app, age: float = 10.0) -> str:
    with app.app_context():
        return tokens.form_token(time.time() - age)


def submission(app, **fields) -> dict:
    return {
        "name": GOOD_NAME,
        "email": "aino.lehtinen@lukijat-vastine.fi",
        "website": "",
        "body": GOOD_BODY,
        "article": BODY_ARTICLE,
        "parent": "",
        "form_token": form_token(app),
    } | fields


def comment_count(app) -> int:
    with app.app_context():
        return sum(store.status_counts(store.get_db()).values())


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no csrf_token on the page"
    return found.group(1)


def log_in(client, account=MODERATOR) -> str:
    """Log in through the form; returns a CSRF token valid for the session."""
    page = client.get("/moderointi/kirjaudu").get_data(as_text=True)
    response = client.post(
        "/moderointi/kirjaudu",
        data={"username": account[0], "password": account[1], "csrf_token": csrf_token(page)},
    )
    assert response.status_code == 302
    return csrf_token(client.get("/moderointi/").get_data(as_text=True))


# --- XSS -----------------------------------------------------------------------------------------


def test_xss_corpus_is_large_and_every_payload_is_distinct():
    payloads = xss_payloads()
    assert len(payloads) >= 200
    assert len(set(payloads)) == len(payloads)
    assert any("\x00" in p for p in payloads) and any("\u202e" in p for p in payloads)


def test_xss_payloads_in_every_field_are_published_inert(tmp_path, built_site, mail_server):
    """Each payload goes through the API in the body, the name and the website. What the API
    takes is approved; what it refuses leaves nothing stored and is then stored as approved
    directly (name and body: a moderator could have let it through), so every payload reaches
    the pages through the fast path and through the full build."""
    attack_app = make_app(tmp_path, built_site, mail_server.port, copy_site=True)
    client = attack_app.test_client()
    payloads = xss_payloads()
    outcomes = {"body": [0, 0], "name": [0, 0], "website": [0, 0]}
    with attack_app.app_context():
        db = store.get_db()
        for number, payload in enumerate(payloads):
            for field, article in (
                ("body", BODY_ARTICLE),
                ("name", NAME_ARTICLE),
                ("website", WEBSITE_ARTICLE),
            ):
                email = f"xss.{field}.{number}@lukijat-vastine.fi"
                body = payload if field == "body" else f"{GOOD_BODY} Numero {number}."
                before = comment_count(attack_app)
                fields = {"body": body, "email": email, "article": article, field: payload}
                response = client.post("/api/comments", json=submission(attack_app, **fields))
                assert response.status_code in (201, 422), (field, payload, response.data)
                if response.status_code == 201:
                    outcomes[field][0] += 1
                    comment_id = response.get_json()["id"]
                    stored = store.get_comment(db, comment_id)
                    store.decide(db, comment_id, "approved", "test", expected=(stored["status"],))
                    continue
                outcomes[field][1] += 1
                assert comment_count(attack_app) == before, (field, payload)
                assert response.get_json()["errors"], payload
                if field == "website":
                    continue  # a website the API refuses has no other way in
                store.add_comment(
                    db,
                    article=article,
                    name=payload if field == "name" else GOOD_NAME,
                    email=email,
                    body=body,
                    html=render_comment(body),
                    status="approved",
                    actor="test",
                )
        for article in (BODY_ARTICLE, NAME_ARTICLE, WEBSITE_ARTICLE):
            publish_article_comments(article)
    output = Path(attack_app.config["SITE_OUTPUT"])
    for article in (BODY_ARTICLE, NAME_ARTICLE):
        assert_thread_inert(output / article / "index.html", minimum=len(payloads))

    build_site(attack_app.config)
    for article in (BODY_ARTICLE, NAME_ARTICLE, WEBSITE_ARTICLE):
        assert_thread_inert(output / article / "index.html")
    assert outcomes["website"][1] > len(payloads) // 2, outcomes


def test_moderator_queue_shows_xss_payloads_inert(attack_app, client):
    with attack_app.app_context():
        db = store.get_db()
        for number, payload in enumerate(xss_payloads()):
            store.add_comment(
                db,
                article=BODY_ARTICLE,
                name=payload,
                email=f"jono.{number}@lukijat-vastine.fi",
                website=payload,
                body=payload,
                html=render_comment(payload),
                status="pending",
                findings=[
                    {
                        "code": "civility.test",
                        "severity": "mild",
                        "message": "Testihavainto",
                        "public_message": None,
                        "field": "body",
                        "spans": [[0, min(len(payload), 8)]],
                    }
                ],
            )
    log_in(client)
    pages = 0
    for page in range(1, 100):
        # Unconfirmed addresses: they wait under their own filter (issue #13).
        response = client.get(f"/moderointi/?tila=unconfirmed&sivu={page}&jarjestys=age")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert_page_inert(html, script_prefix="/moderointi/static/")
        pages += 1
        if 'rel="next"' not in html:
            break
    assert pages >= len(xss_payloads()) // 25


def assert_thread_inert(page: Path, minimum: int = 0) -> None:
    """The published thread holds only harmless markup."""
    html = page.read_text(encoding="utf-8")
    assert html.count(START_MARKER) == html.count(END_MARKER) == 1
    block = html[html.index(START_MARKER) : html.index(END_MARKER)]
    soup = BeautifulSoup(block, "html.parser")
    comments = soup.select("article.comment__body")
    assert len(comments) >= minimum, page
    assert not soup.find_all("script")
    for content in soup.select(".comment__content"):
        for element in content.find_all(True):
            assert element.name in CONTENT_TAGS, (page, str(element)[:200])
            assert set(element.attrs) <= CONTENT_ATTRIBUTES, (page, str(element)[:200])
    for element in soup.find_all(True):
        assert_attributes_inert(element)
    for author in soup.select(".comment__author a"):
        assert urlsplit(author["href"]).scheme in {"http", "https"}, author["href"]
    assert_page_inert(html, script_prefix="/theme/")


def assert_page_inert(html: str, script_prefix: str) -> None:
    """Only the site's own script files, no handlers, no script URLs anywhere on the page."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src", "").startswith(script_prefix), str(script)[:200]
        assert not script.string or not script.string.strip(), str(script)[:200]
    for element in soup.find_all(True):
        assert_attributes_inert(element)
    for dangerous in ("iframe", "object", "embed", "base", "meta[http-equiv]", "svg script"):
        assert not soup.select(dangerous), dangerous


def assert_attributes_inert(element) -> None:
    for name, value in element.attrs.items():
        assert not name.lower().startswith("on"), str(element)[:200]
        assert name.lower() not in {"srcdoc", "formaction", "xlink:href", "style"}, str(element)
        if name.lower() in {"href", "src", "action", "background", "data"}:
            assert url_scheme(value) in SAFE_SCHEMES, str(element)[:200]


def url_scheme(value) -> str:
    """The scheme a browser would see, after it drops whitespace and control characters."""
    text = "".join(ch for ch in str(value) if ord(ch) > 32 and ch not in "\u200b\ufeff").lower()
    found = re.match(r"^([a-z][a-z0-9+.-]*):", text)
    return found.group(1) if found else ""


# --- CSRF, sessions, roles ------------------------------------------------------------------------


def test_decision_without_or_with_forged_csrf_token_changes_nothing(attack_app, client):
    comment_id = _pending_comment(attack_app)
    log_in(client)
    for token in (None, "forged-token", csrf_token_of_other_session(attack_app)):
        data = {"action": "approve", "override_unconfirmed": "1"}
        if token:
            data["csrf_token"] = token
        response = client.post(f"/moderointi/kommentti/{comment_id}/paatos", data=data)
        assert response.status_code == 400
        assert "turvatunniste puuttui tai oli vanhentunut" in response.get_data(as_text=True)
        assert _status(attack_app, comment_id) == "pending"


def test_login_and_confirmation_without_csrf_token_are_refused(attack_app, client):
    response = client.post(
        "/moderointi/kirjaudu", data={"username": MODERATOR[0], "password": MODERATOR[1]}
    )
    assert response.status_code == 400
    assert client.get("/moderointi/").status_code == 302  # still logged out

    email = "vahvistamaton@lukijat-vastine.fi"
    comment_id = _pending_comment(attack_app, email=email)
    with attack_app.app_context():
        token = tokens.sign("confirm", {"email": email, "comment": comment_id})
    response = client.post(f"/kommentit/vahvista/{token}")
    assert response.status_code == 400
    assert "Lomake" in response.get_data(as_text=True)
    with attack_app.app_context():
        assert not store.get_commenter(store.get_db(), email)["confirmed_at"]


def test_cross_site_submission_is_refused(attack_app, client):
    response = client.post(
        "/api/comments",
        json=submission(attack_app),
        headers={"Origin": "https://hyokkaaja.example"},
    )
    assert response.status_code == 403
    assert response.get_json()["errors"]["form"] == (
        "Lähetys tuli toiselta sivustolta, joten emme ottaneet sitä vastaan."
    )
    assert comment_count(attack_app) == 0


@pytest.mark.parametrize(
    "cookie",
    [
        "",
        "tämä-ei-ole-istunto",
        "eyJtb2RlcmF0b3JfaWQiOjF9.ZZZZZZ.forgedsignatureforgedsignature",
    ],
    ids=["empty", "garbage", "forged-signature"],
)
def test_missing_or_forged_session_sees_only_the_login(attack_app, client, cookie):
    comment_id = _pending_comment(attack_app)
    client.set_cookie("session", cookie, domain="localhost")
    response = client.get("/moderointi/")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/moderointi/kirjaudu"
    response = client.post(f"/moderointi/kommentti/{comment_id}/paatos", data={"action": "approve"})
    assert response.status_code in (302, 400)
    assert _status(attack_app, comment_id) == "pending"


def test_session_signed_with_another_key_is_not_accepted(attack_app, client, tmp_path):
    other = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "another-key",
            "DATABASE": str(tmp_path / "other.sqlite3"),
            "SITE_OUTPUT": attack_app.config["SITE_OUTPUT"],
        }
    )
    with other.test_request_context():
        forged = other.session_interface.get_signing_serializer(other).dumps(
            {"moderator_id": 1, "password_stamp": "x"}
        )
    client.set_cookie("session", forged, domain="localhost")
    assert client.get("/moderointi/").status_code == 302


def test_moderator_cannot_reach_admin_pages_or_raise_their_role(attack_app, client):
    token = log_in(client, MODERATOR)
    with attack_app.app_context():
        db = store.get_db()
        me = store.get_moderator(db, MODERATOR[0])
        admin = store.get_moderator(db, ADMIN[0])
    for path in ("/moderointi/moderaattorit", "/moderointi/estolistat", "/moderointi/nimimerkit"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "Tämä sivu on vain ylläpitäjille." in response.get_data(as_text=True)
    attempts = [
        (f"/moderointi/moderaattorit/{me['id']}/rooli", {"role": "admin"}),
        ("/moderointi/moderaattorit/lisaa", {"username": "uusiadmin", "role": "admin"}),
        (f"/moderointi/moderaattorit/{admin['id']}/poista", {}),
        ("/moderointi/estolistat/lisaa", {"kind": "block_word", "value": "kiitos"}),
    ]
    for path, data in attempts:
        response = client.post(path, data=data | {"csrf_token": token})
        assert response.status_code == 403, path
    response = client.post(
        "/moderointi/asetukset",
        data={"notify": "none", "role": "admin", "csrf_token": token},
    )
    with attack_app.app_context():
        db = store.get_db()
        assert store.get_moderator(db, MODERATOR[0])["role"] == "moderator"
        assert store.get_moderator(db, "uusiadmin") is None
        assert store.get_moderator(db, ADMIN[0]) is not None
        assert store.list_entries(db) == []


# --- redirects -----------------------------------------------------------------------------------

EVIL_TARGETS = [
    "https://hyokkaaja.example/",
    "//hyokkaaja.example/",
    "/\\hyokkaaja.example/",
    "\\\\hyokkaaja.example",
    "https:hyokkaaja.example",
    "/moderointi/../../hyokkaaja",
    "/moderointi/\r\nLocation: https://hyokkaaja.example/",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_no_open_redirect_after_login_or_decision(attack_app, client, target):
    page = client.get("/moderointi/kirjaudu", query_string={"next": target})
    assert "hyokkaaja" not in page.get_data(as_text=True)
    response = client.post(
        "/moderointi/kirjaudu",
        data={
            "username": MODERATOR[0],
            "password": MODERATOR[1],
            "next": target,
            "csrf_token": csrf_token(page.get_data(as_text=True)),
        },
    )
    assert_local_redirect(response)
    comment_id = _pending_comment(attack_app)
    token = csrf_token(client.get("/moderointi/").get_data(as_text=True))
    response = client.post(
        f"/moderointi/kommentti/{comment_id}/paatos",
        data={"action": "reject", "paluu": target, "csrf_token": token},
    )
    assert_local_redirect(response)


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_no_open_redirect_after_submission(attack_app, client, target):
    data = submission(attack_app) | {"next": target, "paluu": target, "return_to": target}
    data["email"] = f"ohjaus{abs(hash(target))}@lukijat-vastine.fi"
    headers = {"Host": "hyokkaaja.example"}
    if "\n" not in target:
        headers["Referer"] = target
    response = client.post("/api/comments", data=data, headers=headers)
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location == f"/{BODY_ARTICLE}/#kiitos-vahvista"


def assert_local_redirect(response) -> None:
    assert response.status_code == 302
    location = response.headers["Location"]
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc, location
    assert parts.path.startswith("/moderointi/"), location
    assert "hyokkaaja" not in location and "\\" not in location


# --- path traversal ------------------------------------------------------------------------------

TRAVERSALS = [
    "../../../etc/passwd",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "%2e%2e/%2e%2e/etc/passwd",
    "/etc/passwd",
    f"{BODY_ARTICLE}/../../../etc/passwd",
    f"../{BODY_ARTICLE}",
    "..\\..\\windows\\win.ini",
    f"{BODY_ARTICLE}\x00",
    f"{BODY_ARTICLE}/",
    f"./{BODY_ARTICLE}",
    "sivut/tietosuoja",
    "theme",
    "",
]


@pytest.mark.parametrize("slug", TRAVERSALS)
def test_article_slug_traversal_is_refused(attack_app, client, slug):
    response = client.post("/api/comments", json=submission(attack_app, article=slug))
    assert response.status_code == 422
    assert response.get_json()["errors"]["article"] == (
        "Kommentoitavaa artikkelia ei löytynyt. Kirjoita kommenttisi artikkelin omalla sivulla."
    )
    response = client.post("/api/comments", data=submission(attack_app, article=slug))
    assert response.status_code == 422
    assert "Kommentoitavaa artikkelia ei löytynyt" in response.get_data(as_text=True)
    assert comment_count(attack_app) == 0


@pytest.mark.parametrize(
    "path",
    [
        "/kommentit/..%2F..%2Fetc%2Fpasswd/uusi",
        "/kommentit/%2e%2e/uusi",
        "/kommentit/..%5C..%5Cwin.ini/uusi",
        "/kommentit/%2Fetc%2Fpasswd/uusi",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/theme/../../../../etc/passwd",
    ],
)
def test_traversal_in_page_paths_reveals_nothing(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert "root:" not in response.get_data(as_text=True)


# --- oversized and malformed requests ------------------------------------------------------------


def test_oversized_request_is_refused_in_finnish(attack_app, client):
    huge = submission(attack_app, body="a" * (attack_app.config["MAX_CONTENT_LENGTH"] + 10))
    response = client.post("/api/comments", json=huge)
    assert response.status_code == 413
    assert "Lähetys on liian suuri" in response.get_json()["errors"]["form"]
    response = client.post("/api/comments", data=huge, headers={"Accept": "text/html"})
    assert response.status_code == 413
    assert "Lähetys on liian suuri" in response.get_data(as_text=True)
    assert comment_count(attack_app) == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body", "ö" * 5001, "Kommentti on liian pitkä"),
        ("name", "Aino " + "Lehtinen" * 20, "Nimi on liian pitkä"),
        ("website", "https://esimerkki.fi/" + "a" * 300, "Verkkosivun osoite on liian pitkä"),
        ("email", "a" * 250 + "@lukijat-vastine.fi", "Tarkista sähköpostiosoite"),
        ("body", " \n\t ", "Kirjoita kommenttisi."),
        ("name", 12345, "väärää muotoa"),
        ("body", {"teksti": "hei"}, "väärää muotoa"),
        ("email", ["a@b.fi"], "väärää muotoa"),
    ],
)
def test_field_limits_and_types(attack_app, client, field, value, message):
    response = client.post("/api/comments", json=submission(attack_app, **{field: value}))
    assert response.status_code == 422
    assert message in response.get_json()["errors"][field]
    assert comment_count(attack_app) == 0


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        (b'{"name": "Aino', "application/json", 400, "Lähetystä ei voitu lukea"),
        (b"[1, 2, 3]", "application/json", 400, "Lähetystä ei voitu lukea"),
        (b"null", "application/json", 400, "Lähetystä ei voitu lukea"),
        (b"\xff\xfe\x00\x00", "application/json", 400, "Lähetystä ei voitu lukea"),
        (b"name=Aino", "text/plain", 415, "vain lomakkeella tai JSON-muodossa"),
        (b"<comment/>", "application/xml", 415, "vain lomakkeella tai JSON-muodossa"),
    ],
)
def test_malformed_requests(attack_app, client, body, content_type, status, message):
    response = client.post(
        "/api/comments",
        data=body,
        headers={"Content-Type": content_type, "Accept": "application/json"},
    )
    assert response.status_code == status
    assert message in json.dumps(response.get_json(), ensure_ascii=False)
    assert comment_count(attack_app) == 0


# --- mail header injection -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Aino Lehtinen\r\nBcc: uhri@lukijat-vastine.fi"),
        ("name", "Aino Lehtinen\nSubject: Voitit"),
        ("email", "aino@lukijat-vastine.fi\r\nBcc: uhri@lukijat-vastine.fi"),
        ("email", "aino@lukijat-vastine.fi\nCc: uhri@lukijat-vastine.fi"),
        ("email", "aino@lukijat-vastine.fi%0ABcc:uhri@lukijat-vastine.fi"),
    ],
)
def test_newlines_in_names_and_addresses_are_refused(attack_app, client, field, value):
    response = client.post("/api/comments", json=submission(attack_app, **{field: value}))
    assert response.status_code == 422
    assert response.get_json()["errors"][field]
    assert comment_count(attack_app) == 0
    time.sleep(0.2)
    assert attack_app.mail_server.messages == []


@pytest.mark.parametrize(
    ("to", "subject"),
    [
        ("aino@lukijat-vastine.fi\r\nBcc: uhri@lukijat-vastine.fi", "Hei"),
        ("aino@lukijat-vastine.fi", "Hei\r\nBcc: uhri@lukijat-vastine.fi"),
        ("aino@lukijat-vastine.fi", "Hei\nX-Injected: 1"),
    ],
)
def test_send_mail_refuses_header_injection(attack_app, to, subject):
    with attack_app.app_context(), pytest.raises(ValueError):
        send_mail(to, subject, "Viestin runko.")
    time.sleep(0.2)
    assert attack_app.mail_server.messages == []


def test_reader_text_never_reaches_mail_headers(attack_app, client):
    name = "Aino Lehtinen"
    response = client.post("/api/comments", json=submission(attack_app, name=name))
    assert response.status_code == 201
    [message] = attack_app.mail_server.wait_for(1)
    for header, value in message.items():
        assert "\n" not in value and "\r" not in value, header
    assert message["To"] == "aino.lehtinen@lukijat-vastine.fi"
    assert len(message.keys()) == len(set(message.keys()))


# --- rate limits and form tokens -----------------------------------------------------------------


def test_rate_limit_per_address_refuses_in_finnish(tmp_path, built_site, mail_server):
    app = make_app(
        tmp_path,
        built_site,
        mail_server.port,
        RATELIMIT_ENABLED=True,
        RATELIMIT_SUBMIT_PER_IP="3 per minute",
        RATELIMIT_SUBMIT_PER_EMAIL="100 per minute",
    )
    client = app.test_client()
    statuses = []
    for number in range(5):
        data = submission(
            app, email=f"tiuha{number}@lukijat-vastine.fi", body=f"{GOOD_BODY} {number}"
        )
        response = client.post("/api/comments", json=data)
        statuses.append(response.status_code)
    assert statuses == [201, 201, 201, 429, 429]
    assert "Lähetit kommentteja hyvin tiuhaan" in response.get_json()["errors"]["form"]
    assert comment_count(app) == 3
    other = client.post(
        "/api/comments",
        json=submission(app, email="toinen@lukijat-vastine.fi"),
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )
    assert other.status_code == 201


def test_rate_limit_per_email_refuses_in_finnish(tmp_path, built_site, mail_server):
    app = make_app(
        tmp_path,
        built_site,
        mail_server.port,
        RATELIMIT_ENABLED=True,
        RATELIMIT_SUBMIT_PER_IP="100 per minute",
        RATELIMIT_SUBMIT_PER_EMAIL="2 per minute",
    )
    client = app.test_client()
    statuses = [
        client.post(
            "/api/comments",
            json=submission(app, body=f"{GOOD_BODY} Osoitteesta {number}."),
            environ_base={"REMOTE_ADDR": f"10.0.0.{number + 1}"},
        ).status_code
        for number in range(4)
    ]
    assert statuses == [201, 201, 429, 429]
    assert comment_count(app) == 2


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("väärennetty.tunniste", "Lomakkeen tarkiste ei kelpaa"),
        ("fresh", "poikkeuksellisen nopeasti"),
        ("other-purpose", "Lomakkeen tarkiste ei kelpaa"),
    ],
)
def test_form_token_problems_are_refused(tmp_path, built_site, mail_server, token, message):
    app = make_app(tmp_path, built_site, mail_server.port, FORM_MIN_SECONDS=3)
    with app.app_context():
        tokens_by_kind = {
            "fresh": tokens.form_token(),
            "other-purpose": tokens.sign("confirm", {"issued": time.time() - 60}),
        }
    value = tokens_by_kind.get(token, token)
    response = app.test_client().post("/api/comments", json=submission(app, form_token=value))
    assert response.status_code == 422
    assert message in response.get_json()["errors"]["form"]
    assert comment_count(app) == 0


# --- helpers -------------------------------------------------------------------------------------


def _pending_comment(app, email: str = "odottaja@lukijat-vastine.fi") -> int:
    with app.app_context():
        return store.add_comment(
            store.get_db(),
            article=BODY_ARTICLE,
            name=GOOD_NAME,
            email=email,
            body=GOOD_BODY,
            html=render_comment(GOOD_BODY),
            status="pending",
        )


def _status(app, comment_id: int) -> str:
    with app.app_context():
        return store.get_comment(store.get_db(), comment_id)["status"]


def csrf_token_of_other_session(app) -> str:
    """A real CSRF token, but from another browser's session."""
    other = app.test_client()
    return csrf_token(other.get("/moderointi/kirjaudu").get_data(as_text=True))
