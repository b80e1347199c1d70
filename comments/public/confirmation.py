"""Email confirmation: the mailed link, its page (a button, so that link scanners confirm
nothing), and the signed "confirmed" cookie that spares a browser from confirming the same
address again. A comment reaches the moderators' queue once its address is confirmed.

At most one confirmation mail goes to an address per CONFIRMATION_MAIL_INTERVAL_MINUTES (claimed
in the store, so it holds across worker processes): nobody can flood someone else's inbox by
commenting in their name, and later comments wait for the same link, which confirms the address
and with it all of them.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Response, current_app, render_template, request

from comments import store, tokens
from comments.mail import notifications
from comments.mail.message import render_mail
from comments.mail.sender import outbox_mail, send_mail
from comments.public.fields import CommentForm
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
    commenter = store.get_commenter(db, payload["email"]) if payload else None
    if payload is None or not store.confirm_email(db, payload["email"]):
        return _confirm_invalid()
    comment = store.get_comment(db, payload["comment"])
    if commenter is not None and not commenter["confirmed_at"]:
        # One link confirms the address, so every comment that waited for it reaches the queue.
        for waiting in store.comments_by_email(db, payload["email"]):
            if waiting["status"] == "pending":
                notify_pending(waiting["id"])
    elif comment is not None and comment["status"] == "pending":
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


class ConfirmationMail:
    """The confirmation mail of a comment about to be stored, for ``store.add_comment(mail=...,
    mail_once_since=...)``: written in the comment's own transaction, once its id (which the
    link carries) is known, unless a link went to the address within
    CONFIRMATION_MAIL_INTERVAL_MINUTES. ``queued`` tells afterwards whether it was written."""

    def __init__(self, name: str, email: str, article: ArticleRef) -> None:
        self.name, self.email, self.article = name, email, article
        self.queued = False

    def __call__(self, comment_id: int) -> dict[str, Any]:
        self.queued = True
        return outbox_mail(
            self.email, *_confirmation_text(comment_id, self.name, self.email, self.article)
        )


def needs_confirmation(db, email: str) -> bool:
    """Whether ``email`` is neither confirmed in the store nor in this browser's cookie."""
    commenter = store.get_commenter(db, email)
    if commenter and commenter["confirmed_at"]:
        return False
    return email not in confirmed_emails()


def mail_interval_start() -> str:
    """The moment after which a confirmation link sent to an address means: send none now."""
    interval = timedelta(minutes=current_app.config["CONFIRMATION_MAIL_INTERVAL_MINUTES"])
    return (datetime.now(UTC) - interval).isoformat(timespec="microseconds")


def after_pending(
    db, comment_id: int, form: CommentForm, mail: ConfirmationMail | None
) -> str | None:
    """What the commenter of a waiting comment is told of the confirmation: "sent" (its mail
    was written with it), "waiting" (a link went to the address a moment ago: the comment waits
    for that same link), or None: the address needs no confirmation, so moderators are told."""
    if mail is not None:
        return "sent" if mail.queued else "waiting"
    commenter = store.get_commenter(db, form.email)
    if not (commenter and commenter["confirmed_at"]):
        store.confirm_email(db, form.email)  # confirmed in this browser (the cookie)
    notify_pending(comment_id)
    return None


def _confirm_by_mail(db, comment_id: int, form: CommentForm) -> bool:
    """Mail the confirmation link again unless one went to the address within
    CONFIRMATION_MAIL_INTERVAL_MINUTES (so nobody's address can be flooded with them); any
    link confirms the address, and with it every comment waiting for it. True when sent."""
    if not store.claim_confirmation_mail(db, form.email, mail_interval_start()):
        return False
    send_confirmation(comment_id, form.name, form.email, form.article)
    return True


def resend_confirmation(db, duplicate_id: int, form: CommentForm) -> str | None:
    """Mail the confirmation link again when the same comment is sent again while it waits for
    its unconfirmed email: the way to a new link when the first one was lost (a background mail
    dies with its process) or expired. Returns "sent", "waiting" (a link went a moment ago) or
    None (nothing waits for a confirmation)."""
    comment = store.get_comment(db, duplicate_id)
    if comment is None or comment["status"] != "pending" or comment["email_confirmed_at"]:
        return None
    if form.email in confirmed_emails():
        return None
    return "sent" if _confirm_by_mail(db, duplicate_id, form) else "waiting"


def confirmed_emails() -> list[str]:
    """Emails this browser has confirmed (from the signed cookie)."""
    token = request.cookies.get(CONFIRMED_COOKIE, "")
    emails = tokens.verify("confirmed", token, CONFIRMED_COOKIE_MAX_AGE) if token else None
    return [e for e in emails if isinstance(e, str)] if isinstance(emails, list) else []


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
