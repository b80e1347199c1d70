"""Where mails go: an SMTP server, or, with no SMTP_HOST (development), ``.eml`` files in
``MAIL_OUTBOX``. Settings are taken from the app config while it is at hand, since the sender
thread has no app context."""

from __future__ import annotations

import logging
import smtplib
import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send over SMTP."""

    host: str
    port: int
    starttls: bool
    username: str | None
    password: str

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SmtpSettings | None:
        """The config's SMTP server, or None when SMTP_HOST is not set."""
        if not config.get("SMTP_HOST"):
            return None
        return cls(
            host=config["SMTP_HOST"],
            port=int(config["SMTP_PORT"]),
            starttls=bool(config.get("SMTP_STARTTLS")),
            username=config.get("SMTP_USERNAME") or None,
            password=config.get("SMTP_PASSWORD") or "",
        )


class Delivery:
    """Delivers messages one by one: over one SMTP connection kept open between them (a burst
    of mails costs one handshake), reopened after a failure; or into ``outbox`` files when
    ``smtp`` is None. Use it as a context manager, which closes the connection."""

    def __init__(self, smtp: SmtpSettings | None, outbox: str | Path) -> None:
        self._settings = smtp
        self._outbox = Path(outbox)
        self._smtp: smtplib.SMTP | None = None

    def deliver(self, message: Message) -> None:
        """Send one message; raises OSError or smtplib.SMTPException when it did not go."""
        if self._settings is None:
            self._write(message)
            return
        try:
            if self._smtp is None:
                self._smtp = _open_smtp(self._settings)
            self._smtp.send_message(message)
        except BaseException:
            if self._smtp is not None:
                self._smtp.close()
            self._smtp = None
            raise

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None

    def __enter__(self) -> Delivery:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _write(self, message: Message) -> None:
        self._outbox.mkdir(parents=True, exist_ok=True)
        path = self._outbox / f"{time.time_ns()}.eml"
        path.write_bytes(bytes(message))
        log.info("no SMTP_HOST: mail to %s written to %s", message["To"], path)


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
