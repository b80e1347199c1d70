"""Outgoing mail: plain-text Finnish messages from ``templates/mail/<name>.txt``, sent over SMTP,
or written to ``MAIL_OUTBOX`` as ``.eml`` files when no SMTP_HOST is configured (development).

A template's first line is ``Subject: ...``; the rest is the body. Headers never contain CR or LF,
so nothing a reader typed (a name in a subject) can add a header.
"""

from __future__ import annotations

import logging
import smtplib
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any

from flask import current_app

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 10
SUBJECT_PREFIX = "Subject:"


def send_mail(to: str, subject: str, body: str) -> None:
    """Send one plain-text mail; raises ValueError for CR/LF in a header or a bad address."""
    config = current_app.config
    sender = config["MAIL_FROM"]
    for name, value in (("To", to), ("Subject", subject), ("From", sender)):
        if "\r" in value or "\n" in value:
            raise ValueError(f"line break in the {name} header")
    if "@" not in parseaddr(to)[1]:
        raise ValueError("recipient is not an email address")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body, charset="utf-8")
    if config.get("SMTP_HOST"):
        _send_smtp(message)
    else:
        _write_outbox(message)


def render_mail(template: str, **context: Any) -> tuple[str, str]:
    """Subject and body rendered from ``templates/mail/<template>.txt``."""
    text = current_app.jinja_env.get_template(f"mail/{template}.txt").render(**context)
    first, _, rest = text.lstrip("\n").partition("\n")
    if not first.startswith(SUBJECT_PREFIX):
        raise ValueError(f"mail template {template!r} does not start with {SUBJECT_PREFIX!r}")
    subject = " ".join(first[len(SUBJECT_PREFIX) :].split())
    return subject, rest.strip("\n") + "\n"


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(
        config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=SMTP_TIMEOUT_SECONDS
    ) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD") or "")
        smtp.send_message(message)
    log.info("mail sent to %s: %s", message["To"], message["Subject"])


def _write_outbox(message: EmailMessage) -> None:
    outbox = Path(current_app.config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{time.time_ns()}.eml"
    path.write_bytes(bytes(message))
    log.info("no SMTP_HOST: mail to %s written to %s", message["To"], path)
