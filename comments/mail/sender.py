"""Outgoing mail through the durable outbox in the store (``comments/store/outbox.py``).

``send_mail(..., background=True)`` is for request paths: the mail is checked at once (a bad
header still raises ValueError in the request) and written to the outbox; the reader does not
wait for SMTP. A confirmation mail is written in the same transaction as its comment
(``store.add_comment(mail=...)``). Nothing is lost when the process is killed or the SMTP
server is down: the row stays until it is sent.

Senders take due rows (``store.claim_mail``), send them over one SMTP connection, mark them
sent, and after a failure try again later, waiting twice as long each time from
``MAIL_RETRY_SECONDS`` up to ``MAIL_RETRY_MAX_SECONDS``; a mail still unsent
``MAIL_GIVE_UP_HOURS`` after it was written is marked failed, which admins see on the
moderation queue. Each process runs one sender thread per database (started by its first
request or first queued mail; it also looks every ``MAIL_POLL_SECONDS`` for mails that other
processes or a killed one left), and ``flask --app comments send-mail`` runs one pass from cron.
A claim is a lease: a killed sender's mails are taken again after ``MAIL_CLAIM_SECONDS``, so a
mail that was on the wire at the kill may arrive twice (with the same Message-ID); in normal
operation no two senders send the same mail.

At a normal exit (gunicorn's SIGTERM, the end of a CLI command) this process's sender gets up
to ``EXIT_FLUSH_SECONDS`` to send what is due; what is left is sent by another sender later.
Without ``background`` the mail is sent before ``send_mail`` returns and its errors are raised
(the digest and anything that needs to know whether the mail went). Without SMTP_HOST every
mail is written to ``MAIL_OUTBOX`` as an ``.eml`` file instead (development).
"""

from __future__ import annotations

import atexit
import logging
import os
import smtplib
import socket
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app

from comments import store
from comments.mail.delivery import Delivery, SmtpSettings
from comments.mail.message import Mail

log = logging.getLogger(__name__)

EXIT_FLUSH_SECONDS = 10.0
CLAIM_BATCH = 20


def send_mail(
    to: str, subject: str, body: str, *, background: bool = False, about: int | None = None
) -> None:
    """Send one plain-text mail; raises ValueError for CR/LF in a header or a bad address.

    ``background`` writes it to the outbox for a sender instead of waiting for SMTP;
    ``about`` is the comment it quotes or concerns (erasing the commenter erases the mail)."""
    config = current_app.config
    mail = Mail.new(config["MAIL_FROM"], to, subject, body)
    if background:
        store.queue_mail(store.get_db(), comment_id=about, **mail.to_outbox())
        wake_sender()
        return
    with Delivery(SmtpSettings.from_config(config), config["MAIL_OUTBOX"]) as delivery:
        delivery.deliver(mail.message())
    log.info("mail sent to %s: %s", mail.to, mail.subject)


def outbox_mail(to: str, subject: str, body: str) -> dict[str, Any]:
    """A checked mail as the outbox row ``store.add_comment(mail=...)`` writes; call
    ``wake_sender`` once the transaction has committed."""
    return Mail.new(current_app.config["MAIL_FROM"], to, subject, body).to_outbox()


def wake_sender() -> None:
    """Make sure this process's sender for the app's database runs, and have it look now."""
    _sender(SenderSettings.from_config(current_app.config)).wake()


def send_outbox_now() -> Counter:
    """Send every due mail of the app's outbox in this process, now (``send-mail`` from cron);
    counts as ``send_due``."""
    name = f"{socket.gethostname()}:{os.getpid()}:send-mail"
    return send_due(store.get_db(), SenderSettings.from_config(current_app.config), name)


def flush_mail(timeout: float = EXIT_FLUSH_SECONDS) -> bool:
    """Wait until this process's senders have nothing due (sent, or waiting for a retry);
    False when ``timeout`` seconds pass first."""
    with _senders_lock:
        senders = [s for (pid, _), s in _senders.items() if pid == os.getpid()]
    deadline = time.monotonic() + timeout
    return all(sender.flush(max(0.0, deadline - time.monotonic())) for sender in senders)


def stop_senders(timeout: float = EXIT_FLUSH_SECONDS) -> None:
    """Stop this process's sender threads (tests: a later test's server never gets an earlier
    test's retries); mails left in the outbox wait for the next sender."""
    with _senders_lock:
        senders = [s for (pid, _), s in list(_senders.items()) if pid == os.getpid()]
        for key in [key for key in _senders if key[0] == os.getpid()]:
            del _senders[key]
    for sender in senders:
        sender.stop(timeout)


def init_app(app) -> None:
    """Start this process's sender with the app's first request, so mails left by a killed
    process go out after a restart without waiting for a new mail."""

    @app.before_request
    def _start_sender() -> None:
        settings = app.extensions.get("vastine_mail")
        if settings is None:
            settings = app.extensions["vastine_mail"] = SenderSettings.from_config(app.config)
        _sender(settings)


@dataclass(frozen=True)
class SenderSettings:
    """What a sender needs from the app config."""

    database: str
    smtp: SmtpSettings | None
    outbox: str
    retry_seconds: float
    retry_max_seconds: float
    give_up_hours: float
    claim_seconds: float
    poll_seconds: float

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SenderSettings:
        return cls(
            database=str(config["DATABASE"]),
            smtp=SmtpSettings.from_config(config),
            outbox=str(config["MAIL_OUTBOX"]),
            retry_seconds=float(config["MAIL_RETRY_SECONDS"]),
            retry_max_seconds=float(config["MAIL_RETRY_MAX_SECONDS"]),
            give_up_hours=float(config["MAIL_GIVE_UP_HOURS"]),
            claim_seconds=float(config["MAIL_CLAIM_SECONDS"]),
            poll_seconds=float(config["MAIL_POLL_SECONDS"]),
        )


def retry_delay(attempts: int, first: float, longest: float) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt: ``first``, then twice as long
    each time, never more than ``longest``."""
    return min(first * 2 ** (attempts - 1), longest)


def send_due(db, settings: SenderSettings, name: str) -> Counter:
    """Take and send due mails until none is left; counts ``sent``, ``retrying`` (failed, tried
    again later) and ``failed`` (given up)."""
    outcome: Counter = Counter()
    with Delivery(settings.smtp, settings.outbox) as delivery:
        while batch := store.claim_mail(
            db, name, limit=CLAIM_BATCH, lease_seconds=settings.claim_seconds
        ):
            for row in batch:
                # one traceback per pass: a server that is down fails every mail the same way
                first_failure = not (outcome["retrying"] or outcome["failed"])
                outcome[_send_one(db, settings, name, delivery, row, first_failure)] += 1
    return outcome


def _send_one(
    db, settings: SenderSettings, name: str, delivery: Delivery, row, traceback: bool
) -> str:
    mail = Mail.from_outbox(row)
    try:
        delivery.deliver(mail.message())
    except (OSError, smtplib.SMTPException) as error:
        attempts = row["attempts"] + 1
        written = datetime.fromisoformat(row["created_at"])
        give_up = datetime.now(UTC) >= written + timedelta(hours=settings.give_up_hours)
        retry_in = (
            None
            if give_up
            else retry_delay(attempts, settings.retry_seconds, settings.retry_max_seconds)
        )
        store.mark_attempt_failed(db, row["id"], name, _reason(error, mail.to), retry_in=retry_in)
        if give_up:
            log.error("mail to %s given up after %s attempts: %s", mail.to, attempts, mail.subject)
            return "failed"
        log.warning(
            "mail to %s could not be sent: %s (attempt %s, next in %.0f s)",
            mail.to,
            mail.subject,
            attempts,
            retry_in,
            exc_info=traceback,
        )
        return "retrying"
    if not store.mark_sent(db, row["id"], name):
        log.warning(
            "mail to %s was sent, but it was no longer this sender's (its claim ran out, "
            "see MAIL_CLAIM_SECONDS, or it was erased): %s",
            mail.to,
            mail.subject,
        )
    log.info("mail sent to %s: %s", mail.to, mail.subject)
    return "sent"


def _reason(error: BaseException, recipient: str) -> str:
    """The error as admins see it on the queue page: only the recipient's domain, never the
    address (a refused recipient's address is in smtplib's message)."""
    domain = recipient.rpartition("@")[2]
    return f"{type(error).__name__}: {error}".replace(recipient, f"…@{domain}")


class _Sender:
    """One daemon thread sending this process's due mails from one database: at once when
    woken, when a retry or a lease falls due, and every ``poll_seconds`` otherwise."""

    def __init__(self, settings: SenderSettings) -> None:
        self.settings = settings
        self.name = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._woken = True  # the first look goes at once
        self._busy = False
        self._stopping = False
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="vastine-mail", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        with self._changed:
            self._woken = True
            self._changed.notify_all()

    def flush(self, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(
                lambda: not (self._woken or self._busy) or not self._thread.is_alive(), timeout
            )

    def stop(self, timeout: float) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        self._thread.join(timeout)

    def _run(self) -> None:
        db = store.connect(self.settings.database)
        try:
            while True:
                pause = self._pause(db)
                with self._changed:
                    self._changed.wait_for(lambda: self._woken or self._stopping, pause)
                    if self._stopping:
                        return
                    woken, self._woken = self._woken, False
                    self._busy = True
                try:
                    if woken or self._pause(db) == 0:
                        send_due(db, self.settings, self.name)
                except Exception:
                    log.exception("the mail sender failed; it looks again soon")
                finally:
                    with self._changed:
                        self._busy = False
                        self._changed.notify_all()
        finally:
            db.close()

    def _pause(self, db) -> float:
        """Seconds until the next queued mail falls due, at most ``poll_seconds``."""
        try:
            due = store.next_mail_due(db)
        except Exception:
            log.exception("could not read the mail outbox")
            return self.settings.poll_seconds
        if due is None:
            return self.settings.poll_seconds
        wait = (datetime.fromisoformat(due) - datetime.now(UTC)).total_seconds()
        return min(max(wait, 0.0), self.settings.poll_seconds)


_senders: dict[tuple[int, SenderSettings], _Sender] = {}
_senders_lock = threading.Lock()
_flushed_at_exit: set[int] = set()


def _sender(settings: SenderSettings) -> _Sender:
    """This process's sender for ``settings``: a forked worker starts its own (threads do not
    survive a fork)."""
    key = (os.getpid(), settings)
    sender = _senders.get(key)
    if sender is not None:
        return sender
    with _senders_lock:
        sender = _senders.get(key)
        if sender is None:
            if key[0] not in _flushed_at_exit:
                _flushed_at_exit.add(key[0])
                atexit.register(_flush_at_exit, key[0])
            sender = _senders[key] = _Sender(settings)
        return sender


def _flush_at_exit(pid: int) -> None:
    if os.getpid() == pid and not flush_mail(EXIT_FLUSH_SECONDS):
        log.warning(
            "mails still due at exit after %s s: another sender sends them", EXIT_FLUSH_SECONDS
        )
