"""Outgoing mail: ``message`` (rendering and checking a mail), ``delivery`` (SMTP, or files in
development), ``sender`` (the durable outbox's senders) and the notifications built on it
(``notifications``: moderators, commenters, digests)."""
