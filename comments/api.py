"""Public blueprint: comment submission (form or JSON), the service's own form page, the form
token, and email confirmation.

Submission checks run cheapest first and nothing is stored until every check has passed: content
type (415), size (413), parsing (400), fields (422), article and parent (422), links (422), form
token, honeypot, duplicate (422), rate limits (429, checked by flask-limiter before the view), then
the comment policy. JSON clients always get errors as ``{"errors": {field: message}}``; a plain
form post gets the form page again with every value kept and each error next to its field.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
)
from flask_wtf.csrf import CSRFError
from jinja2 import ChoiceLoader, FileSystemLoader
from werkzeug.exceptions import HTTPException

from comments import notifications, store, tokens
from comments.articles import ArticleRef, find_article
from comments.extensions import client_ip, csrf, limiter
from comments.finnish_dates import format_date, format_datetime
from comments.mail import render_mail, send_mail
from comments.policy import Evaluation, Submission, evaluate
from comments.policy_context import build_policy_context
from comments.render import render_comment

log = logging.getLogger(__name__)

bp = Blueprint("api", __name__)

ACCEPTED_TYPES = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")
TEXT_FIELDS = ("name", "email", "website", "body", "article", "homepage", "form_token")
CONFIRMED_COOKIE = "vastine_vahvistettu"
CONFIRMED_COOKIE_MAX_AGE = 365 * 24 * 3600
CONFIRMED_COOKIE_MAX_EMAILS = 5
PURGE_INTERVAL_SECONDS = 3600
SEVERITY_RISK = {"info": 0, "mild": 1, "strong": 5, "refuse": 25}
EMAIL_MAX_CHARS = 254
SUCCESS_MESSAGE = "Kiitos! Kommenttisi odottaa moderointia."
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LINK = re.compile(r"<a\s", re.IGNORECASE)

MESSAGES = {
    "name_missing": "Kirjoita nimesi: etu- ja sukunimi tai tunnistettu nimimerkki.",
    "name_long": "Nimi on liian pitkä: enintään {limit} merkkiä.",
    "name_control": "Nimessä voi olla vain yksi rivi tekstiä.",
    "email_missing": "Kirjoita sähköpostiosoitteesi. Emme julkaise sitä.",
    "email_invalid": "Tarkista sähköpostiosoite: sen pitää olla muotoa nimi@esimerkki.fi.",
    "website_long": "Verkkosivun osoite on liian pitkä: enintään {limit} merkkiä.",
    "website_invalid": "Tarkista verkkosivun osoite: sen pitää alkaa http:// tai https://.",
    "body_missing": "Kirjoita kommenttisi.",
    "body_long": "Kommentti on liian pitkä: siinä on {length} merkkiä, enintään {limit} mahtuu.",
    "body_links": (
        "Kommentissa on liikaa linkkejä ({count}). Yhteen kommenttiin mahtuu enintään {limit}."
    ),
    "article_unknown": (
        "Kommentoitavaa artikkelia ei löytynyt. Kirjoita kommenttisi artikkelin omalla sivulla."
    ),
    "parent_invalid": (
        "Kommenttia, johon vastaat, ei ole julkaistu tämän artikkelin yhteydessä. "
        "Voit kirjoittaa kommenttisi suoraan artikkeliin."
    ),
    "type": "Tämän kentän arvo on väärää muotoa.",
    "duplicate": (
        "Olet jo lähettänyt saman kommentin tähän artikkeliin. Se odottaa moderointia, "
        "joten sitä ei tarvitse lähettää uudelleen."
    ),
    "duplicate_unconfirmed": (
        "Olet jo lähettänyt saman kommentin tähän artikkeliin. Se pääsee moderoitavaksi, kun "
        "olet vahvistanut sähköpostiosoitteesi. Lähetimme vahvistuslinkin uudelleen – katso "
        "tarvittaessa myös roskapostikansio."
    ),
    "refused": "Kommenttia ei voi julkaista tällaisenaan. Tarkista kentän sisältö.",
    "bad_request": "Lähetystä ei voitu lukea. Lataa sivu uudelleen ja yritä vielä kerran.",
    "too_large": (
        "Lähetys on liian suuri. Lyhennä kommenttia ja lähetä se uudelleen. "
        "Yhteen kommenttiin mahtuu {limit} merkkiä."
    ),
    "unsupported": "Kommentin voi lähettää vain lomakkeella tai JSON-muodossa.",
    "rate_limited": (
        "Lähetit kommentteja hyvin tiuhaan. Odota hetki ja yritä sitten uudelleen – "
        "kirjoittamasi teksti on tallessa, jos et sulje sivua."
    ),
    "csrf": (
        "Lomake ehti vanhentua tai se avattiin toisessa selaimessa. Lataa sivu uudelleen "
        "ja paina painiketta vielä kerran."
    ),
    "origin": "Lähetys tuli toiselta sivustolta, joten emme ottaneet sitä vastaan.",
}
FORM_TOKEN_MESSAGES = {
    tokens.FormTokenProblem.MISSING: (
        "Vielä yksi vaihe: tarkista tietosi ja lähetä kommentti uudelleen. "
        "Näin varmistamme, että lähettäjä on ihminen eikä ohjelma."
    ),
    tokens.FormTokenProblem.INVALID: (
        "Lomakkeen tarkiste ei kelpaa. Tietosi ovat tallessa: lähetä kommentti uudelleen."
    ),
    tokens.FormTokenProblem.TOO_OLD: (
        "Lomake oli auki niin kauan, että sen tarkiste vanheni. Tietosi ovat tallessa: "
        "lähetä kommentti uudelleen."
    ),
    tokens.FormTokenProblem.TOO_FAST: (
        "Lomake lähetettiin poikkeuksellisen nopeasti. Tietosi ovat tallessa: tarkista ne ja "
        "lähetä kommentti uudelleen."
    ),
}


@bp.record_once
def _configure_app(state) -> None:
    """Let the service's pages include the theme's ``comment_form.html`` and use its filters."""
    app = state.app
    theme = app.config.get("THEME_TEMPLATES")
    if theme:
        app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(theme)])
    app.jinja_env.filters.setdefault("fi_date", format_date)
    app.jinja_env.filters.setdefault("fi_datetime", format_datetime)


# --- responses shared by the public pages ---------------------------------------------------------


def security_headers(response: Response) -> Response:
    """Headers every public page carries; HTML pages also get a strict CSP."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        sources = " ".join(filter(None, ("'self'", _origin(_site_prefix()))))
        response.headers.setdefault(
            "Content-Security-Policy",
            f"default-src 'self'; style-src {sources}; img-src {sources}; script-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def wants_json() -> bool:
    """Whether to answer with JSON: JSON was sent, or JSON is preferred over HTML."""
    if request.mimetype == "application/json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_page(status: int, title: str, message: str, **context: Any) -> tuple[str, int]:
    """The service's Finnish error page."""
    return render_template(
        "public/error.html", title=title, message=message, **page_context(), **context
    ), status


def error_response(status: int, errors: dict[str, str], title: str) -> Any:
    """``{"errors": ...}`` for JSON clients, the error page for browsers."""
    if wants_json():
        return jsonify({"errors": errors}), status
    return error_page(status, title, " ".join(errors.values()))


def page_context() -> dict[str, Any]:
    """What every public template needs: where the site and its stylesheet are."""
    return {"site_url": _site_prefix(), "service_url": _service_prefix()}


def absolute_url(path: str) -> str:
    """An absolute link to a service path, for mails."""
    base = current_app.config.get("SERVICE_URL") or current_app.config.get("SITE_URL") or ""
    return base.rstrip("/") + path


def _site_prefix() -> str:
    """Prefix for links to the static site: '' when the service runs on the site's origin."""
    if current_app.config.get("SERVICE_URL"):
        return (current_app.config.get("SITE_URL") or "").rstrip("/")
    return ""


def _service_prefix() -> str:
    return (current_app.config.get("SERVICE_URL") or "").rstrip("/")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


bp.after_request(security_headers)


@bp.errorhandler(413)
def _too_large(_error: HTTPException):
    limit = current_app.config["COMMENT_MAX_CHARS"]
    message = MESSAGES["too_large"].format(limit=limit)
    return error_response(413, {"form": message}, "Lähetys on liian suuri")


@bp.errorhandler(429)
def _rate_limited(_error: HTTPException):
    return error_response(429, {"form": MESSAGES["rate_limited"]}, "Hetki, ole hyvä")


@bp.errorhandler(CSRFError)
def _csrf_failed(_error: CSRFError):
    return error_response(400, {"form": MESSAGES["csrf"]}, "Lomake vanheni")


@bp.errorhandler(400)
def _bad_request(_error: HTTPException):
    return error_response(400, {"form": MESSAGES["bad_request"]}, "Lähetystä ei voitu lukea")


# --- the form token and the form page -------------------------------------------------------------


@bp.get("/api/comments/form-token")
def form_token() -> Response:
    """A fresh signed form timestamp for the enhanced form."""
    response = jsonify({"token": tokens.form_token()})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/kommentit/<slug>/uusi")
def form_page(slug: str):
    """The comment form on the service's own page (no-JS replies, and errors)."""
    article = find_article(current_app.config["SITE_OUTPUT"], slug)
    if article is None:
        return error_page(404, "Artikkelia ei löytynyt", MESSAGES["article_unknown"])
    parent = _approved_parent(store.get_db(), article, request.args.get("vastaa", ""))
    return _render_form(article, {}, {}, parent, status=200)


def _render_form(
    article: ArticleRef,
    values: dict[str, Any],
    errors: dict[str, str],
    parent: store.Row | None,
    status: int,
):
    html = render_template(
        "public/form.html",
        article=article,
        article_href=_article_href(article),
        form=values,
        errors=errors,
        form_token=tokens.form_token(),
        parent=parent["id"] if parent else "",
        parent_name=parent["name"] if parent else "",
        **page_context(),
    )
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


# --- submission -----------------------------------------------------------------------------------


def _ip_limit() -> str:
    return current_app.config["RATELIMIT_SUBMIT_PER_IP"]


def _email_limit() -> str:
    return current_app.config["RATELIMIT_SUBMIT_PER_EMAIL"]


def _email_key() -> str:
    """The rate-limit key of the submitted email (the client IP when there is none)."""
    try:
        fields = _read_fields()
    except HTTPException:
        fields = None
    email = fields.get("email") if fields else None
    if isinstance(email, str) and email.strip():
        return "email:" + email.strip().lower()
    return "no-email:" + client_ip()


@dataclass
class CommentForm:
    """A submission after its fields have been read and checked."""

    name: str
    email: str
    website: str
    body: str
    html: str  # the body rendered by render_comment, once per submission
    article: ArticleRef
    parent_id: int | None
    notify_replies: bool


@bp.post("/api/comments")
@csrf.exempt
@limiter.limit(_ip_limit, key_func=client_ip, scope="submit-ip")
@limiter.limit(_email_limit, key_func=_email_key, scope="submit-email")
def submit():
    """Take a comment from the article's form or the enhanced form (JSON)."""
    if request.mimetype not in ACCEPTED_TYPES:
        return error_response(415, {"form": MESSAGES["unsupported"]}, "Väärä lähetysmuoto")
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if limit and request.content_length and request.content_length > limit:
        abort(413)
    if not _origin_allowed():
        return error_response(403, {"form": MESSAGES["origin"]}, "Lähetys estettiin")
    raw = _read_fields()
    if raw is None:
        abort(400)
    as_json = wants_json()
    values = _form_values(raw)
    db = store.get_db()

    form, errors, article = _check_fields(db, raw)
    if errors:
        return _refuse(as_json, article, values, errors, raw)
    assert form is not None

    problem = tokens.check_form_token(
        values.get("form_token"),
        current_app.config["FORM_MIN_SECONDS"],
        current_app.config["FORM_MAX_SECONDS"],
    )
    if problem is not None:
        return _refuse(as_json, form.article, values, {"form": FORM_TOKEN_MESSAGES[problem]}, raw)

    if values.get("homepage"):
        comment_id = _store_honeypot(db, form)  # answered like any comment: nothing to learn
        return _success(as_json, form.article, confirm_email=False, comment_id=comment_id)

    fingerprint = _fingerprint(form)
    window = timedelta(hours=current_app.config["DUPLICATE_WINDOW_HOURS"])
    since = (datetime.now(UTC) - window).isoformat(timespec="microseconds")
    duplicate = store.find_duplicate(db, fingerprint, since)
    if duplicate is not None:
        resent = _resend_confirmation(db, duplicate, form)
        message = MESSAGES["duplicate_unconfirmed" if resent else "duplicate"]
        return _refuse(as_json, form.article, values, {"body": message}, raw)

    evaluation = evaluate(
        Submission(name=form.name, email=form.email, body=form.body, website=form.website),
        build_policy_context(db, current_app.config),
    )
    if evaluation.decision == "refused":
        return _refuse(as_json, form.article, values, _refusals(evaluation), raw)

    comment_id = _store(db, form, evaluation, fingerprint)
    _purge_now_and_then(db)
    confirm = False
    if evaluation.decision == "pending":
        confirm = _after_pending(db, comment_id, form)
    return _success(as_json, form.article, confirm_email=confirm, comment_id=comment_id)


def _origin_allowed() -> bool:
    """A browser's ``Origin`` header, when sent, must be this host (or the site's origin)."""
    origin = request.headers.get("Origin")
    if not origin:
        return True
    allowed = {request.host_url.rstrip("/"), _origin(current_app.config.get("SITE_URL") or "")}
    return origin.rstrip("/") in allowed


def _read_fields() -> dict[str, Any] | None:
    """The submitted fields, or None when the body can not be read as an object."""
    if request.mimetype == "application/json":
        data = request.get_json(silent=True, cache=True)
        return data if isinstance(data, dict) else None
    if request.mimetype in ACCEPTED_TYPES:
        return request.form.to_dict()
    return None


def _form_values(raw: dict[str, Any]) -> dict[str, Any]:
    """What the form page shows again: the submitted text of each field, as strings."""
    values: dict[str, Any] = {}
    for name in (*TEXT_FIELDS, "parent"):
        value = raw.get(name)
        values[name] = value if isinstance(value, str) else ("" if value is None else str(value))
    values["notify_replies"] = _truthy(raw.get("notify_replies"))
    return values


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value == 1
    return isinstance(value, str) and value.strip().lower() in {"1", "on", "true", "yes", "kyllä"}


class FieldError(ValueError):
    """A field's value is not acceptable; the argument is the Finnish message."""


def _check_fields(
    db, raw: dict[str, Any]
) -> tuple[CommentForm | None, dict[str, str], ArticleRef | None]:
    """The checked form, the errors by field, and the article when it is known."""
    config = current_app.config
    errors: dict[str, str] = {}
    text: dict[str, str] = {}
    for name in TEXT_FIELDS:
        value = "" if raw.get(name) is None else raw[name]
        if isinstance(value, str):
            text[name] = unicodedata.normalize("NFC", value)
        else:
            errors[name] = MESSAGES["type"]
    notify = raw.get("notify_replies")
    if notify is not None and not isinstance(notify, bool | int | str):
        errors["notify_replies"] = MESSAGES["type"]

    checked: dict[str, str] = {}
    for name, check in _FIELD_CHECKS.items():
        if name in text:
            try:
                checked[name] = check(text[name], config)
            except FieldError as error:
                errors[name] = str(error)
    html = ""
    if "body" in checked:
        html = render_comment(checked["body"])  # rendered once: checked here, stored as is
        try:
            _checked_links(html, config)
        except FieldError as error:
            errors["body"] = str(error)

    article = find_article(config["SITE_OUTPUT"], text.get("article", "").strip())
    if article is None:
        errors["article"] = MESSAGES["article_unknown"]

    parent_id: int | None = None
    if raw.get("parent") not in (None, "") and article is not None:
        parent = _approved_parent(db, article, raw.get("parent"))
        if parent is None:
            errors["parent"] = MESSAGES["parent_invalid"]
        else:
            parent_id = parent["id"]

    if errors or article is None:
        return None, errors, article
    form = CommentForm(
        name=checked["name"],
        email=checked["email"],
        website=checked["website"],
        body=checked["body"],
        html=html,
        article=article,
        parent_id=parent_id,
        notify_replies=_truthy(notify),
    )
    return form, {}, article


def _checked_name(value: str, config: Mapping[str, Any]) -> str:
    name = value.strip()
    if not name:
        raise FieldError(MESSAGES["name_missing"])
    if _CONTROL.search(name) or "\n" in name:
        raise FieldError(MESSAGES["name_control"])
    if len(name) > config["NAME_MAX_CHARS"]:
        raise FieldError(MESSAGES["name_long"].format(limit=config["NAME_MAX_CHARS"]))
    return name


def _checked_email(value: str, config: Mapping[str, Any]) -> str:
    email = value.strip()
    if not email:
        raise FieldError(MESSAGES["email_missing"])
    normalised = _normalise_email(email)
    if normalised is None:
        raise FieldError(MESSAGES["email_invalid"])
    return normalised


def _checked_website(value: str, config: Mapping[str, Any]) -> str:
    website = value.strip()
    if not website:
        return ""
    if len(website) > config["WEBSITE_MAX_CHARS"]:
        raise FieldError(MESSAGES["website_long"].format(limit=config["WEBSITE_MAX_CHARS"]))
    normalised = _normalise_website(website)
    if normalised is None:
        raise FieldError(MESSAGES["website_invalid"])
    return normalised


def _checked_body(value: str, config: Mapping[str, Any]) -> str:
    body = value.replace("\r\n", "\n").replace("\x00", "").strip()
    limit = config["COMMENT_MAX_CHARS"]
    if not body:
        raise FieldError(MESSAGES["body_missing"])
    if len(body) > limit:
        raise FieldError(MESSAGES["body_long"].format(length=len(body), limit=limit))
    return body


def _checked_links(html: str, config: Mapping[str, Any]) -> None:
    """Links are counted in the rendered comment, so bare URLs count as well as Markdown links."""
    links = len(_LINK.findall(html))
    if links > config["COMMENT_MAX_LINKS"]:
        raise FieldError(
            MESSAGES["body_links"].format(count=links, limit=config["COMMENT_MAX_LINKS"])
        )


_FIELD_CHECKS = {
    "name": _checked_name,
    "email": _checked_email,
    "website": _checked_website,
    "body": _checked_body,
}


def _normalise_email(email: str) -> str | None:
    if len(email) > EMAIL_MAX_CHARS or _CONTROL.search(email) or "\n" in email:
        return None
    try:
        checked = validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return None
    return checked.normalized.lower()


def _normalise_website(website: str) -> str | None:
    """An http(s) address with a host name, or None; characters that only an attack needs
    (quotes, angle brackets, backslashes, white space) are refused outright."""
    if _CONTROL.search(website) or any(c.isspace() or c in "<>\"'\\`" for c in website):
        return None
    if "://" not in website:
        website = "https://" + website
    try:
        parts = urlsplit(website)
        host = parts.hostname
        parts.port  # noqa: B018 (raises ValueError for a malformed port)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not host or "." not in host:
        return None
    return website


def _approved_parent(db, article: ArticleRef, value: Any) -> store.Row | None:
    """The approved comment ``value`` of ``article``, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit() or len(value) > 12:
            return None
        value = int(value)
    if not isinstance(value, int):
        return None
    parent = store.get_comment(db, value)
    if parent is None or parent["status"] != "approved" or parent["article"] != article.slug:
        return None
    return parent


def _refusals(evaluation: Evaluation) -> dict[str, str]:
    """The commenter's messages of the refusing findings, joined per field."""
    errors: dict[str, list[str]] = {}
    for finding in evaluation.findings:
        if finding.severity == "refuse":
            message = finding.public_message or MESSAGES["refused"]
            field = finding.field or "form"
            if message not in errors.setdefault(field, []):
                errors[field].append(message)
    return {field: " ".join(messages) for field, messages in errors.items()} or {
        "form": MESSAGES["refused"]
    }


def _refuse(
    as_json: bool,
    article: ArticleRef | None,
    values: dict[str, Any],
    errors: dict[str, str],
    raw: dict[str, Any],
):
    """422 with the errors: JSON, the form page, or (no article) the error page."""
    if as_json:
        return jsonify({"errors": errors}), 422
    if article is None:
        return error_page(422, "Artikkelia ei löytynyt", " ".join(errors.values()))
    parent = _approved_parent(store.get_db(), article, raw.get("parent"))
    shown = dict(errors)
    if "parent" in shown or "article" in shown:
        shown["form"] = " ".join(
            m
            for m in (shown.get("form"), shown.pop("parent", None), shown.pop("article", None))
            if m
        )
    return _render_form(article, values, shown, parent, status=422)


def _success(as_json: bool, article: ArticleRef, *, confirm_email: bool, comment_id: int):
    if as_json:
        return jsonify(
            {
                "status": "pending",
                "id": comment_id,
                "message": SUCCESS_MESSAGE,
                "confirm_email": confirm_email,
            }
        ), 201
    anchor = "#kiitos-vahvista" if confirm_email else "#kiitos"
    return redirect(_article_href(article) + anchor, code=303)


def _article_href(article: ArticleRef) -> str:
    """The article's page on the static site (its URL comes from the built page, never input)."""
    return _site_prefix() + "/" + article.url.lstrip("/")


def _fingerprint(form: CommentForm) -> str:
    """Same email, article and (case- and space-insensitive) text give the same fingerprint."""
    text = " ".join(unicodedata.normalize("NFKC", form.body).casefold().split())
    material = "\x1f".join((form.email, form.article.slug, text))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def ip_hash(ip: str) -> str:
    """A keyed hash of the client IP: lets moderators see repeats without storing the address."""
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(key, ip.encode("utf-8"), hashlib.sha256).hexdigest()


def _store(db, form: CommentForm, evaluation: Evaluation, fingerprint: str) -> int:
    findings = [asdict(finding) for finding in evaluation.findings]
    return store.add_comment(
        db,
        article=form.article.slug,
        name=form.name,
        email=form.email,
        website=form.website,
        body=form.body,
        html=form.html,
        status=evaluation.decision,
        parent_id=form.parent_id,
        findings=findings,
        substance=evaluation.substance.score,
        substance_reasons=list(evaluation.substance.reasons),
        risk=sum(SEVERITY_RISK.get(f.severity, 0) for f in evaluation.findings),
        ip_hash=ip_hash(client_ip()),
        fingerprint=fingerprint,
        notify_replies=form.notify_replies,
    )


def _store_honeypot(db, form: CommentForm) -> int:
    finding = {
        "code": "spam.honeypot",
        "severity": "strong",
        "message": "Lomakkeen piilokenttä oli täytetty: lähettäjä on todennäköisesti ohjelma.",
        "public_message": None,
        "field": "homepage",
        "spans": [],
    }
    return store.add_comment(
        db,
        article=form.article.slug,
        name=form.name,
        email=form.email,
        website=form.website,
        body=form.body,
        html=form.html,
        status="spam",
        parent_id=form.parent_id,
        findings=[finding],
        risk=SEVERITY_RISK["strong"],
        ip_hash=ip_hash(client_ip()),
        fingerprint=_fingerprint(form),
    )


def _after_pending(db, comment_id: int, form: CommentForm) -> bool:
    """Tell moderators of a comment whose email is known to be the commenter's; otherwise mail
    a confirmation link. Returns True when a confirmation mail was sent."""
    commenter = store.get_commenter(db, form.email)
    confirmed = bool(commenter and commenter["confirmed_at"])
    if not confirmed and form.email in confirmed_emails():
        confirmed = store.confirm_email(db, form.email)
    if confirmed:
        notify_pending(comment_id)
        return False
    _send_confirmation(comment_id, form)
    return True


def _resend_confirmation(db, duplicate_id: int, form: CommentForm) -> bool:
    """Mail the confirmation link again when the same comment is sent again while it waits for
    its unconfirmed email: the way to a new link when the first one was lost (a background mail
    dies with its process) or expired. The per-email rate limit bounds how often."""
    comment = store.get_comment(db, duplicate_id)
    if comment is None or comment["status"] != "pending" or comment["email_confirmed_at"]:
        return False
    if form.email in confirmed_emails():
        return False
    _send_confirmation(duplicate_id, form)
    return True


def _send_confirmation(comment_id: int, form: CommentForm) -> None:
    """Mail the link that confirms ``form.email`` and lets comment ``comment_id`` into the queue;
    sent in the background, so a mail problem is logged and the comment is kept."""
    token = tokens.sign("confirm", {"email": form.email, "comment": comment_id})
    subject, body = render_mail(
        "confirm",
        name=form.name,
        article_title=form.article.title,
        article_url=absolute_site_url(form.article),
        confirm_url=absolute_url(f"/kommentit/vahvista/{token}"),
        valid_until=format_datetime(
            datetime.now(UTC) + timedelta(seconds=current_app.config["TOKEN_MAX_AGE_SECONDS"])
        ),
        expiry_hours=current_app.config["UNCONFIRMED_TTL_HOURS"],
    )
    try:
        send_mail(form.email, subject, body, background=True)
    except (OSError, ValueError):
        log.exception("confirmation mail for comment %s could not be sent", comment_id)


def absolute_site_url(article: ArticleRef) -> str:
    """The article's absolute address, for mails."""
    base = (current_app.config.get("SITE_URL") or "").rstrip("/")
    return base + "/" + article.url.lstrip("/")


def notify_pending(comment_id: int) -> None:
    """Tell moderators that a comment waits; a mail problem never fails the commenter's
    request (the comment is stored and the queue shows it)."""
    try:
        notifications.notify_pending(comment_id)
    except Exception:
        log.exception("notify_pending(%s) failed", comment_id)


def _purge_now_and_then(db) -> None:
    """Delete expired data at most once an hour, piggybacking on submissions."""
    state = current_app.extensions.setdefault("vastine_purge", {"last": 0.0})
    if time.monotonic() - state["last"] < PURGE_INTERVAL_SECONDS and state["last"]:
        return
    state["last"] = time.monotonic()
    from comments.privacy import purge_by_policy

    try:
        purge_by_policy(db, current_app.config)
    except Exception:
        log.exception("opportunistic purge failed")


# --- email confirmation ---------------------------------------------------------------------------


def confirmed_emails() -> list[str]:
    """Emails this browser has confirmed (from the signed cookie)."""
    token = request.cookies.get(CONFIRMED_COOKIE, "")
    emails = tokens.verify("confirmed", token, CONFIRMED_COOKIE_MAX_AGE) if token else None
    return [e for e in emails if isinstance(e, str)] if isinstance(emails, list) else []


@bp.get("/kommentit/vahvista/<token>")
def confirm_page(token: str):
    """The confirmation page: a button, so that link scanners confirm nothing."""
    payload = _confirm_payload(token)
    if payload is None:
        return _confirm_invalid()
    return render_template(
        "public/confirm.html", token=token, email=payload["email"], **page_context()
    )


@bp.post("/kommentit/vahvista/<token>")
def confirm(token: str):
    """Confirm the email, remember it in this browser and put the comment in the queue."""
    payload = _confirm_payload(token)
    db = store.get_db()
    if payload is None or not store.confirm_email(db, payload["email"]):
        return _confirm_invalid()
    comment = store.get_comment(db, payload["comment"])
    if comment is not None and comment["status"] == "pending":
        notify_pending(comment["id"])
    article = (
        find_article(current_app.config["SITE_OUTPUT"], comment["article"]) if comment else None
    )
    response = Response(
        render_template(
            "public/confirmed.html",
            comment=comment,
            article=article,
            article_href=_article_href(article) if article else None,
            **page_context(),
        ),
        mimetype="text/html",
    )
    emails = [payload["email"], *(e for e in confirmed_emails() if e != payload["email"])]
    response.set_cookie(
        CONFIRMED_COOKIE,
        tokens.sign("confirmed", emails[:CONFIRMED_COOKIE_MAX_EMAILS]),
        max_age=CONFIRMED_COOKIE_MAX_AGE,
        path="/",
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        httponly=True,
        samesite="Lax",
    )
    return response


def _confirm_payload(token: str) -> dict[str, Any] | None:
    payload = tokens.verify("confirm", token, current_app.config["TOKEN_MAX_AGE_SECONDS"])
    if (
        not isinstance(payload, dict)
        or not isinstance(payload.get("email"), str)
        or not isinstance(payload.get("comment"), int)
    ):
        return None
    return payload


def _confirm_invalid():
    return error_page(
        400,
        "Vahvistuslinkki ei kelpaa",
        "Linkki on vanhentunut tai se on kopioitunut vajaasti. Vahvistamaton kommentti "
        "poistuu aikanaan itsestään. Voit kirjoittaa kommenttisi uudelleen artikkelin sivulla, "
        "niin lähetämme uuden vahvistuslinkin.",
    )
