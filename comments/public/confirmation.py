"""Email confirmation: the mailed link, its page (a button, so that link scanners confirm
nothing), and the signed "confirmed" cookie that spares a browser from confirming the same
address again. A comment reaches the moderators' queue once its address is confirmed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Response, current_app, render_template, request

from comments import store, tokens
from comments.mail import notifications
from comments.mail.message import render_mail
from comments.mail.sender import outbox_mail, send_mail
from comments.public.pages import (
    absolute_url,
    article_href,
    bad_request,
    comment_too_large,
    error_page,
    page_context,
    public_blueprint,
)
from comments.site.articles import ArticleRef, find_article
from comments.site.finnish_dates import format_datetime

log = logging.getLogger(__name__)

bp = public_blueprint("confirmation", __name__)
bp.register_error_handler(413, comment_too_large)
bp.register_error_handler(400, bad_request)

CONFIRMED_COOKIE = "vastine_vahvistettu"
CONFIRMED_COOKIE_MAX_AGE = 365 * 24 * 3600
CONFIRMED_COOKIE_MAX_EMAILS = 5


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
            article_href=article_href(article) if article else None,
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


def confirmed_emails() -> list[str]:
    """Emails this browser has confirmed (from the signed cookie)."""
    token = request.cookies.get(CONFIRMED_COOKIE, "")
    emails = tokens.verify("confirmed", token, CONFIRMED_COOKIE_MAX_AGE) if token else None
    return [e for e in emails if isinstance(e, str)] if isinstance(emails, list) else []


def confirmation_mail(name: str, email: str, article: ArticleRef) -> Callable[[int], dict]:
    """The confirmation mail of a comment about to be stored, for
    ``store.add_comment(mail=...)``: written with the comment in one transaction, once its id
    (which the link carries) is known."""
    return lambda comment_id: outbox_mail(
        email, *_confirmation_text(comment_id, name, email, article)
    )


def send_confirmation(comment_id: int, name: str, email: str, article: ArticleRef) -> None:
    """Mail the link that confirms ``email`` and lets the stored comment ``comment_id`` into
    the queue again (a resend); queued in the outbox, so a mail problem is logged and the
    comment is kept."""
    try:
        send_mail(
            email,
            *_confirmation_text(comment_id, name, email, article),
            background=True,
            about=comment_id,
        )
    except (OSError, ValueError):
        log.exception("confirmation mail for comment %s could not be sent", comment_id)


def _confirmation_text(
    comment_id: int, name: str, email: str, article: ArticleRef
) -> tuple[str, str]:
    """Subject and body of the mail whose link confirms ``email`` for comment ``comment_id``."""
    token = tokens.sign("confirm", {"email": email, "comment": comment_id})
    return render_mail(
        "confirm",
        name=name,
        article_title=article.title,
        article_url=absolute_site_url(article),
        confirm_url=absolute_url(f"/kommentit/vahvista/{token}"),
        valid_until=format_datetime(
            datetime.now(UTC) + timedelta(seconds=current_app.config["TOKEN_MAX_AGE_SECONDS"])
        ),
        expiry_hours=current_app.config["UNCONFIRMED_TTL_HOURS"],
    )


def notify_pending(comment_id: int) -> None:
    """Tell moderators that a comment waits; a mail problem never fails the commenter's
    request (the comment is stored and the queue shows it)."""
    try:
        notifications.notify_pending(comment_id)
    except Exception:
        log.exception("notify_pending(%s) failed", comment_id)


def absolute_site_url(article: ArticleRef) -> str:
    """The article's absolute address, for mails."""
    base = (current_app.config.get("SITE_URL") or "").rstrip("/")
    return base + "/" + article.url.lstrip("/")


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
