"""Outgoing mail (``sender``: built, checked and sent by a background thread) and the
notifications built on it (``notifications``: moderators, commenters, digests)."""
