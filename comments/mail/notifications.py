"""Mails about comments: to moderators (a new pending comment, immediately or as a digest) and to
commenters (published, a reply to their comment, a rejection with the moderator's reason).

Every function runs inside an app context. A mail that cannot be sent is logged and never undoes
or blocks the decision that caused it. Commenters are mailed only at confirmed addresses. The
notices sent while a request is answered are written to the outbox (comments/mail/sender.py),
so nobody waits for SMTP and a notice survives an SMTP outage; the digest is sent at once,
since it needs to know whether the mail went.
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from flask import current_app

from comments import store
from comments.site.articles import find_article

log = logging.getLogger(__name__)

DIGEST_MAX_ITEMS = 100


def notify_pending(comment_id: int) -> None:
    """Tell the moderators who want immediate notice that a comment waits in the queue."""
    db = store.get_db()
    comment = store.get_comment(db, comment_id)
    if comment is None or comment["status"] != "pending":
        return
    context = {
        "comment": comment,
        "article_title": article_title(comment["article"]),
        "comment_url": service_link(f"/moderointi/kommentti/{comment_id}"),
        "queue_url": service_link("/moderointi/"),
        "settings_url": service_link("/moderointi/asetukset"),
    }
    for moderator in store.moderators(db):
        if moderator["notify"] == "immediate" and moderator["email"]:
            _send(
                moderator["email"],
                "moderation_pending",
                about=comment_id,
                moderator=moderator,
                **context,
            )


def notify_published(comment_id: int) -> None:
    """Tell the commenter their comment is published, and the parent's commenter (if they
    asked for it) that someone replied; each reply notice carries a signed unsubscribe link."""
    db = store.get_db()
    comment = store.get_comment(db, comment_id)
    if comment is None or comment["status"] != "approved":
        return
    title = article_title(comment["article"])
    link = comment_link(comment["article"], comment_id)
    if comment["email"] and comment["email_confirmed_at"] and not comment["is_author"]:
        _send(
            comment["email"],
            "published",
            about=comment_id,
            comment=comment,
            article_title=title,
            link=link,
            privacy_url=service_link("/kommentit/omat-tiedot/"),
        )
    for subscriber in store.reply_subscribers(db, comment_id):
        if subscriber["email"] == comment["email"]:
            continue  # nobody needs to hear of their own reply
        _send(
            subscriber["email"],
            "reply",
            about=comment_id,
            comment=comment,
            subscriber=subscriber,
            article_title=title,
            link=link,
            unsubscribe_url=unsubscribe_link(subscriber["email"]),
        )


def notify_rejected(comment_id: int, reason: str) -> None:
    """Send the moderator's reason for a rejection to the commenter."""
    comment = store.get_comment(store.get_db(), comment_id)
    if comment is None or not comment["email"] or not comment["email_confirmed_at"]:
        return
    _send(
        comment["email"],
        "rejected",
        about=comment_id,
        comment=comment,
        article_title=article_title(comment["article"]),
        reason=reason,
        policy_url=site_link("/sivut/kommentointiohjeet/"),
    )


def send_digests(until: str | None = None) -> int:
    """Send each digest moderator the pending comments that arrived since their last digest;
    returns how many mails were sent."""
    db = store.get_db()
    until = until or store.now()
    sent = 0
    for moderator in store.moderators(db):
        if moderator["notify"] != "digest" or not moderator["email"]:
            continue
        comments = store.pending_for_digest(
            db, moderator["last_digest_at"], until, limit=DIGEST_MAX_ITEMS + 1
        )
        if comments:
            items = [
                {
                    "comment": comment,
                    "article_title": article_title(comment["article"]),
                    "url": service_link(f"/moderointi/kommentti/{comment['id']}"),
                }
                for comment in comments[:DIGEST_MAX_ITEMS]
            ]
            delivered = _send(
                moderator["email"],
                "moderation_digest",
                background=False,
                moderator=moderator,
                items=items,
                more=len(comments) > DIGEST_MAX_ITEMS,
                pending_total=store.queue_count(db, status="pending"),
                queue_url=service_link("/moderointi/"),
                settings_url=service_link("/moderointi/asetukset"),
            )
            if not delivered:
                continue  # try again next time with the same comments
            sent += 1
        store.update_moderator(db, moderator["id"], "system:digest", last_digest_at=until)
    return sent


def article_title(slug: str) -> str:
    """The article's title from the built site, or its slug if the page is not built."""
    article = find_article(current_app.config["SITE_OUTPUT"], slug)
    return article.title if article else slug


def comment_link(slug: str, comment_id: int) -> str:
    """The absolute address of a published comment on its article page."""
    article = find_article(current_app.config["SITE_OUTPUT"], slug)
    path = article.url if article else f"/{slug}/"
    if path.startswith(("http://", "https://")):
        return f"{path}#kommentti-{comment_id}"
    return site_link(f"/{path.lstrip('/')}#kommentti-{comment_id}")


def site_link(path: str) -> str:
    """An absolute address on the static site."""
    return current_app.config["SITE_URL"].rstrip("/") + path


def service_link(path: str) -> str:
    """An absolute address on the comment service (same origin as the site by default)."""
    base = current_app.config.get("SERVICE_URL") or current_app.config["SITE_URL"]
    return base.rstrip("/") + path


def unsubscribe_link(email: str) -> str:
    """A one-click link that stops all reply notifications to ``email``."""
    from comments.tokens import sign

    return service_link(f"/kommentit/peru-ilmoitukset/{sign('unsubscribe', email)}")


def _send(
    to: str, template: str, *, background: bool = True, about: int | None = None, **context: Any
) -> bool:
    """Render and send one mail about comment ``about``; False when it could not be sent. With
    ``background`` (the request paths) True only means it was checked and queued in the
    outbox."""
    from comments.mail.message import render_mail
    from comments.mail.sender import send_mail

    try:
        subject, body = render_mail(template, **context)
        send_mail(to, subject, body, background=background, about=about)
    except (OSError, smtplib.SMTPException, ValueError):
        log.exception("could not send the %s mail for comment notifications", template)
        return False
    return True
