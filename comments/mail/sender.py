"""Outgoing mail: plain-text Finnish messages from ``templates/mail/<name>.txt``, sent over SMTP,
or written to ``MAIL_OUTBOX`` as ``.eml`` files when no SMTP_HOST is configured (development).

A template's first line is ``Subject: ...``; the rest is the body. Headers never contain CR or LF,
so nothing a reader typed (a name in a subject) can add a header.

``send_mail(..., background=True)`` is for request paths: the mail is checked at once (a bad
header still raises ValueError in the request), then built and sent by one sender thread per
process, so the reader does not wait for the SMTP conversation (13 ms per mail in a profile
under load); mails queued together share one SMTP connection. A failure there is logged, never
raised. Without SMTP_HOST the outbox file is written at once either way.

At a normal exit (gunicorn's SIGTERM, the end of a CLI command) the queue is flushed for up to
``EXIT_FLUSH_SECONDS``. A mail still queued in memory is lost if the process is killed first
(SIGKILL, out of memory, a worker timeout); what it was about is stored all the same. A lost
confirmation link is got again by sending the same comment again (the duplicate check re-sends
the link while the address is unconfirmed, see comments/public/confirmation.py) or by writing a new
comment; moderators see the comment in the queue regardless of their notice. Without
``background`` the mail is sent before ``send_mail`` returns and its errors are raised (the CLI
and anything that needs to know whether the mail went).
"""

from __future__ import annotations

import atexit
import logging
import os
import smtplib
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from email.charset import QP, Charset
from email.header import Header
from email.message import Message
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any

from flask import current_app

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 10
EXIT_FLUSH_SECONDS = 10.0
SUBJECT_PREFIX = "Subject:"


def send_mail(to: str, subject: str, body: str, *, background: bool = False) -> None:
    """Send one plain-text mail; raises ValueError for CR/LF in a header or a bad address.

    ``background`` queues it for this process's sender thread instead of waiting for SMTP; the
    checks run here all the same, only building and sending the message happen there."""
    config = current_app.config
    mail = Mail(config["MAIL_FROM"], to, subject, body, formatdate(localtime=False))
    if not config.get("SMTP_HOST"):
        _write_outbox(mail.message())
    elif background:
        _sender().put(SmtpSettings.from_config(config), mail)
    else:
        _send_smtp(SmtpSettings.from_config(config), mail.message())


@dataclass(frozen=True)
class Mail:
    """A checked plain-text mail: no CR or LF in any header, a recipient with an address."""

    sender: str
    to: str
    subject: str
    body: str
    date: str

    def __post_init__(self) -> None:
        for name, value in (("To", self.to), ("Subject", self.subject), ("From", self.sender)):
            if "\r" in value or "\n" in value:
                raise ValueError(f"line break in the {name} header")
        if "@" not in parseaddr(self.to)[1]:
            raise ValueError("recipient is not an email address")

    def message(self) -> MIMEText:
        """The message, built with the email package's compat32 API: a third of the CPU of
        ``EmailMessage`` (whose header parsing was the costliest step of a submission's mail);
        non-ASCII in the subject or the sender's name is RFC 2047 encoded, the body is
        quoted-printable UTF-8."""
        message = MIMEText(self.body, "plain", _UTF8)
        message["From"] = formataddr(parseaddr(self.sender), charset="utf-8")
        message["To"] = self.to
        message["Subject"] = self.subject if self.subject.isascii() else Header(self.subject, _UTF8)
        message["Date"] = self.date
        domain = parseaddr(self.sender)[1].rpartition("@")[2]
        message["Message-ID"] = make_msgid(domain=domain or None)
        message["Auto-Submitted"] = "auto-generated"
        return message


_UTF8 = Charset("utf-8")
_UTF8.header_encoding = QP
_UTF8.body_encoding = QP


def flush_mail(timeout: float = EXIT_FLUSH_SECONDS) -> bool:
    """Wait until every mail queued in this process has been sent or has failed; False when
    ``timeout`` seconds pass first."""
    sender = _senders.get(os.getpid())
    return sender is None or sender.flush(timeout)


def render_mail(template: str, **context: Any) -> tuple[str, str]:
    """Subject and body rendered from ``templates/mail/<template>.txt``."""
    text = current_app.jinja_env.get_template(f"mail/{template}.txt").render(**context)
    first, _, rest = text.lstrip("\n").partition("\n")
    if not first.startswith(SUBJECT_PREFIX):
        raise ValueError(f"mail template {template!r} does not start with {SUBJECT_PREFIX!r}")
    subject = " ".join(first[len(SUBJECT_PREFIX) :].split())
    return subject, rest.strip("\n") + "\n"


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send, taken from the app config while it is at hand (the sender thread
    has no app context)."""

    host: str
    port: int
    starttls: bool
    username: str | None
    password: str

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SmtpSettings:
        return cls(
            host=config["SMTP_HOST"],
            port=int(config["SMTP_PORT"]),
            starttls=bool(config.get("SMTP_STARTTLS")),
            username=config.get("SMTP_USERNAME") or None,
            password=config.get("SMTP_PASSWORD") or "",
        )


def _send_smtp(settings: SmtpSettings, message: Message) -> None:
    with _open_smtp(settings) as smtp:
        smtp.send_message(message)
    log.info("mail sent to %s: %s", message["To"], message["Subject"])


def _open_smtp(settings: SmtpSettings) -> smtplib.SMTP:
    smtp = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS)
    try:
        if settings.starttls:
            smtp.starttls()
        if settings.username:
            smtp.login(settings.username, settings.password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


class _Sender:
    """One daemon thread sending queued mails in order; started on the first queued mail."""

    def __init__(self) -> None:
        self._queue: deque[tuple[SmtpSettings, Mail]] = deque()
        self._unsent = 0  # queued or being sent
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="vastine-mail", daemon=True)
        self._thread.start()

    def put(self, settings: SmtpSettings, mail: Mail) -> None:
        with self._changed:
            self._queue.append((settings, mail))
            self._unsent += 1
            self._changed.notify_all()

    def flush(self, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._unsent == 0, timeout)

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._queue)
                batch = list(self._queue)
                self._queue.clear()
            self._send(batch)

    def _send(self, batch: list[tuple[SmtpSettings, Mail]]) -> None:
        """Send what was queued, over one SMTP connection while the settings stay the same
        (a burst of submissions costs one handshake, not one each); after a failure the next
        mail opens a new connection."""
        smtp: smtplib.SMTP | None = None
        connected_to: SmtpSettings | None = None
        try:
            for settings, mail in batch:
                try:
                    if smtp is None or settings != connected_to:
                        if smtp is not None:
                            _quit(smtp)
                            smtp = None
                        smtp, connected_to = _open_smtp(settings), settings
                    smtp.send_message(mail.message())
                    log.info("mail sent to %s: %s", mail.to, mail.subject)
                except Exception:
                    log.exception("mail to %s could not be sent: %s", mail.to, mail.subject)
                    if smtp is not None:
                        smtp.close()
                    smtp = None
                finally:
                    with self._changed:
                        self._unsent -= 1
                        self._changed.notify_all()
        finally:
            if smtp is not None:
                _quit(smtp)


_senders: dict[int, _Sender] = {}
_senders_lock = threading.Lock()


def _sender() -> _Sender:
    """This process's sender: a forked worker starts its own (threads do not survive a fork)."""
    pid = os.getpid()
    with _senders_lock:
        sender = _senders.get(pid)
        if sender is None:
            sender = _senders[pid] = _Sender()
            atexit.register(_flush_at_exit, pid)
        return sender


def _flush_at_exit(pid: int) -> None:
    if os.getpid() == pid and not flush_mail(EXIT_FLUSH_SECONDS):
        log.error("mails still unsent at exit after %s s: they are lost", EXIT_FLUSH_SECONDS)


def _write_outbox(message: Message) -> None:
    outbox = Path(current_app.config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{time.time_ns()}.eml"
    path.write_bytes(bytes(message))
    log.info("no SMTP_HOST: mail to %s written to %s", message["To"], path)
