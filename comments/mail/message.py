"""A mail's text and headers: plain-text Finnish messages rendered from
``templates/mail/<name>.txt``, checked, and kept as the outbox row they are sent from.

A template's first line is ``Subject: ...``; the rest is the body. Headers never contain CR or LF,
so nothing a reader typed (a name in a subject) can add a header.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.charset import QP, Charset
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from typing import Any

from flask import current_app

SUBJECT_PREFIX = "Subject:"


def render_mail(template: str, **context: Any) -> tuple[str, str]:
    """Subject and body rendered from ``templates/mail/<template>.txt``."""
    text = current_app.jinja_env.get_template(f"mail/{template}.txt").render(**context)
    first, _, rest = text.lstrip("\n").partition("\n")
    if not first.startswith(SUBJECT_PREFIX):
        raise ValueError(f"mail template {template!r} does not start with {SUBJECT_PREFIX!r}")
    subject = " ".join(first[len(SUBJECT_PREFIX) :].split())
    return subject, rest.strip("\n") + "\n"


@dataclass(frozen=True)
class Mail:
    """A checked plain-text mail: no CR or LF in any header, a recipient with an address.

    Its Date and Message-ID are fixed when it is written, so a mail sent again after a crash
    between sending and recording it carries the same Message-ID (mail programs show one)."""

    sender: str
    to: str
    subject: str
    body: str
    date: str
    message_id: str

    def __post_init__(self) -> None:
        for name, value in (("To", self.to), ("Subject", self.subject), ("From", self.sender)):
            if "\r" in value or "\n" in value:
                raise ValueError(f"line break in the {name} header")
        if "@" not in parseaddr(self.to)[1]:
            raise ValueError("recipient is not an email address")

    @classmethod
    def new(cls, sender: str, to: str, subject: str, body: str) -> Mail:
        """A mail written now, with a new Message-ID in the sender's domain."""
        domain = parseaddr(sender)[1].rpartition("@")[2]
        return cls(sender, to, subject, body, formatdate(), make_msgid(domain=domain or None))

    @classmethod
    def from_outbox(cls, row: Mapping[str, Any]) -> Mail:
        """The mail an outbox row holds (``store.claim_mail``)."""
        headers = row["headers"]
        return cls(
            headers["From"],
            row["recipient"],
            row["subject"],
            row["body"],
            headers["Date"],
            headers["Message-ID"],
        )

    def to_outbox(self) -> dict[str, Any]:
        """The outbox row's fields (``store.add_mail``)."""
        return {
            "recipient": self.to,
            "subject": self.subject,
            "body": self.body,
            "headers": {"From": self.sender, "Date": self.date, "Message-ID": self.message_id},
        }

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
        message["Message-ID"] = self.message_id
        message["Auto-Submitted"] = "auto-generated"
        return message


_UTF8 = Charset("utf-8")
_UTF8.header_encoding = QP
_UTF8.body_encoding = QP
