"""The policy engine's context: what moderators have taught it (lists, recognised nicknames),
read from the store, plus the email checks' settings from the app config."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import sqlite_utils

from comments import store
from comments.policy import PolicyContext


def build_policy_context(db: sqlite_utils.Database, config: Mapping[str, Any]) -> PolicyContext:
    """A ``PolicyContext`` from the store's policy lists and nicknames and ``config``."""
    lists = store.policy_lists(db)
    nicknames = {
        email.lower(): nickname.lower()
        for email, nickname in store.recognised_nicknames(db).items()
        if nickname
    }
    return PolicyContext(
        recognised_nicknames=MappingProxyType(nicknames),
        blocked_emails=lists.get("block_email", frozenset()),
        allowed_emails=lists.get("allow_email", frozenset()),
        blocked_domains=lists.get("block_domain", frozenset()),
        allowed_domains=lists.get("allow_domain", frozenset()),
        blocked_words=lists.get("block_word", frozenset()),
        check_deliverability=bool(config.get("EMAIL_CHECK_DELIVERABILITY")),
        dns_timeout=float(config.get("EMAIL_DNS_TIMEOUT", 2.0)),
    )
