"""The commenter's own pages (GDPR self-service): ask for a link by email, then see, export and
delete every comment of that address; stop reply notifications; and the retention rules that
``flask purge`` and submissions apply.

Asking for a link always gives the same answer, so the page does not reveal which addresses have
commented; the link itself is signed and short-lived.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Response, current_app, render_template, request

from comments import store, tokens
from comments.extensions import client_ip, limiter
from comments.mail.message import render_mail
from comments.mail.sender import send_mail
from comments.public.confirmation import (
    CONFIRMED_COOKIE,
    CONFIRMED_COOKIE_MAX_AGE,
    confirmed_emails,
)
from comments.public.pages import (
    MESSAGES,
    absolute_url,
    error_page,
    error_response,
    page_context,
    public_blueprint,
)
from comments.site.articles import find_article
from comments.site.finnish_dates import format_datetime
from comments.site.publish import publish_article_comments

log = logging.getLogger(__name__)

bp = public_blueprint("privacy", __name__)

UNSUBSCRIBE_MAX_AGE_SECONDS = 2 * 365 * 24 * 3600
STATUS_NAMES = {
    "pending": "Odottaa moderointia",
    "approved": "Julkaistu",
    "rejected": "Ei julkaistu",
    "spam": "Merkitty roskapostiksi",
}
EXPORT_FIELDS = (
    "id",
    "article",
    "parent_id",
    "name",
    "website",
    "body",
    "status",
    "notify_replies",
    "created_at",
    "updated_at",
    "decided_at",
    "reason",
    "findings",
    "substance",
    "substance_reasons",
    "ip_hash",
)


@bp.errorhandler(413)
def _too_large(_error):
    message = "Lähetys on liian suuri. Lataa sivu uudelleen ja yritä vielä kerran."
    return error_response(413, {"form": message}, "Lähetys on liian suuri")


# --- asking for a link ----------------------------------------------------------------------------


def _ip_limit() -> str:
    return current_app.config["RATELIMIT_SUBMIT_PER_IP"]


def _email_limit() -> str:
    return current_app.config["RATELIMIT_SUBMIT_PER_EMAIL"]


def _email_key() -> str:
    email = request.form.get("email", "").strip().lower()
    return ("email:" + email) if email else ("no-email:" + client_ip())


@bp.get("/kommentit/omat-tiedot/")
def request_page():
    """Ask for a link to one's own comments."""
    return _no_store(render_template("public/privacy_request.html", **page_context()))


@bp.post("/kommentit/omat-tiedot/")
@limiter.limit(_ip_limit, key_func=client_ip, methods=["POST"], scope="privacy-ip")
@limiter.limit(_email_limit, key_func=_email_key, methods=["POST"], scope="privacy-email")
def request_link():
    """Mail a signed link if the address has comments; the answer is the same either way."""
    email = request.form.get("email", "").strip().lower()
    if not email or "@" not in email or len(email) > 254 or "\n" in email or "\r" in email:
        html = render_template(
            "public/privacy_request.html",
            email=email,
            error=MESSAGES["email_invalid"],
            **page_context(),
        )
        return _no_store(html, status=422)
    db = store.get_db()
    if store.comments_by_email(db, email):
        link = absolute_url(f"/kommentit/omat-tiedot/{tokens.sign('privacy', {'email': email})}")
        seconds = current_app.config["PRIVACY_LINK_MAX_AGE_SECONDS"]
        valid_until = format_datetime(datetime.now(UTC) + timedelta(seconds=seconds))
        subject, body = render_mail("privacy", email=email, link=link, valid_until=valid_until)
        try:
            send_mail(email, subject, body, background=True)
        except (OSError, ValueError):
            log.exception("privacy link mail could not be sent")
    return _no_store(render_template("public/privacy_sent.html", **page_context()))


# --- the link: see, export, delete ----------------------------------------------------------------


@bp.get("/kommentit/omat-tiedot/<token>")
def own_comments(token: str):
    """Every comment of the address, with export and deletion."""
    email = _privacy_email(token)
    if email is None:
        return _link_invalid()
    return _own_comments_page(token, email, error=None, status=200)


@bp.get("/kommentit/omat-tiedot/<token>/kommentit.json")
def export(token: str):
    """All of the address's comments as a JSON download."""
    email = _privacy_email(token)
    if email is None:
        return _link_invalid()
    data = export_commenter(store.get_db(), email)
    response = Response(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", mimetype="application/json"
    )
    response.headers["Content-Disposition"] = 'attachment; filename="vastine-kommentit.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/kommentit/omat-tiedot/<token>/poista")
def delete(token: str):
    """Delete every comment of the address and the address itself, and republish the pages."""
    email = _privacy_email(token)
    if email is None:
        return _link_invalid()
    if request.form.get("vahvistus") != "kylla":
        error = "Vahvista poisto rastittamalla ruutu. Poistoa ei voi perua."
        return _own_comments_page(token, email, error=error, status=422)
    deleted = store.delete_commenter(store.get_db(), email)
    for slug in sorted({row["article"] for row in deleted if row["status"] == "approved"}):
        publish_article_comments(slug)
    response = _no_store(
        render_template("public/privacy_deleted.html", count=len(deleted), **page_context())
    )
    _forget_confirmed(response, email)
    return response


def export_commenter(db: store.Database, email: str) -> dict[str, Any]:
    """What the store holds of one commenter, in the export's shape: everything the Tietosuoja
    page lists (texts, times, decisions with their reasons, automatic findings, the substance
    score, reply-notification choices)."""
    commenter = store.get_commenter(db, email) or {}
    return {
        "email": email,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "email_confirmed_at": commenter.get("confirmed_at"),
        "confirmation_mail_sent_at": commenter.get("confirmation_sent_at"),
        "recognised_nickname": commenter.get("nickname"),
        "comments": [
            {field: row.get(field) for field in EXPORT_FIELDS}
            for row in store.comments_by_email(db, email)
        ],
    }


def _own_comments_page(token: str, email: str, error: str | None, status: int) -> Response:
    rows = store.comments_by_email(store.get_db(), email)
    output = current_app.config["SITE_OUTPUT"]
    titles: dict[str, str] = {}
    for row in rows:
        if row["article"] not in titles:
            article = find_article(output, row["article"])
            titles[row["article"]] = article.title if article else row["article"]
    html = render_template(
        "public/privacy_list.html",
        token=token,
        email=email,
        comments=rows,
        titles=titles,
        status_names=STATUS_NAMES,
        error=error,
        **page_context(),
    )
    return _no_store(html, status=status)


def _privacy_email(token: str) -> str | None:
    payload = tokens.verify("privacy", token, current_app.config["PRIVACY_LINK_MAX_AGE_SECONDS"])
    email = payload.get("email") if isinstance(payload, dict) else None
    return email if isinstance(email, str) and email else None


def _link_invalid():
    return error_page(
        400,
        "Linkki ei kelpaa",
        "Linkki on vanhentunut tai se on kopioitunut vajaasti. Pyydä uusi linkki "
        "Omat kommenttini -sivulta.",
        retry_url=page_context()["service_url"] + "/kommentit/omat-tiedot/",
    )


def _forget_confirmed(response: Response, email: str) -> None:
    """Drop a deleted address from this browser's "confirmed" cookie."""
    remaining = [e for e in confirmed_emails() if e != email]
    if remaining:
        response.set_cookie(
            CONFIRMED_COOKIE,
            tokens.sign("confirmed", remaining),
            max_age=CONFIRMED_COOKIE_MAX_AGE,
            path="/",
            secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
            httponly=True,
            samesite="Lax",
        )
    elif request.cookies.get(CONFIRMED_COOKIE):
        response.delete_cookie(CONFIRMED_COOKIE, path="/")


def _no_store(html: str, status: int = 200) -> Response:
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


# --- reply notifications --------------------------------------------------------------------------


@bp.get("/kommentit/peru-ilmoitukset/<token>")
def unsubscribe_page(token: str):
    """A button that stops reply notifications (a GET changes nothing)."""
    email = _unsubscribe_email(token)
    if email is None:
        return _unsubscribe_invalid()
    return _no_store(
        render_template("public/unsubscribe.html", email=email, done=False, **page_context())
    )


@bp.post("/kommentit/peru-ilmoitukset/<token>")
def unsubscribe(token: str):
    """Stop every reply notification for the address."""
    email = _unsubscribe_email(token)
    if email is None:
        return _unsubscribe_invalid()
    store.unsubscribe_replies(store.get_db(), email)
    return _no_store(
        render_template("public/unsubscribe.html", email=email, done=True, **page_context())
    )


def _unsubscribe_email(token: str) -> str | None:
    email = tokens.verify("unsubscribe", token, UNSUBSCRIBE_MAX_AGE_SECONDS)
    return email if isinstance(email, str) and email else None


def _unsubscribe_invalid():
    return error_page(
        400,
        "Linkki ei kelpaa",
        "Peruutuslinkki on vanhentunut tai kopioitunut vajaasti. Voit lopettaa ilmoitukset "
        "myös Omat kommenttini -sivulla.",
        retry_url=page_context()["service_url"] + "/kommentit/omat-tiedot/",
    )


# --- retention ------------------------------------------------------------------------------------


def purge_by_policy(db: store.Database, config: Mapping[str, Any]) -> dict[str, int]:
    """Delete what the privacy page promises not to keep: unconfirmed comments after
    UNCONFIRMED_TTL_HOURS, rejected and spam after REFUSED_RETENTION_DAYS, audit entries after
    AUDIT_RETENTION_DAYS, sent and failed mails after MAIL_RETENTION_DAYS. Returns how many of
    each were deleted."""
    moment = datetime.now(UTC)

    def before(delta: timedelta) -> str:
        return (moment - delta).isoformat(timespec="microseconds")

    return store.purge_expired(
        db,
        unconfirmed_before=before(timedelta(hours=config["UNCONFIRMED_TTL_HOURS"])),
        refused_before=before(timedelta(days=config["REFUSED_RETENTION_DAYS"])),
        audit_before=before(timedelta(days=config["AUDIT_RETENTION_DAYS"])),
        mail_before=before(timedelta(days=config["MAIL_RETENTION_DAYS"])),
    )
