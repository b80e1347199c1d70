"""The policy engine's context: what moderators have taught it (block and allow lists,
recognised nicknames) plus the email checks' settings.

Pure: the caller reads the lists and nicknames from the store (``store.policy_lists``,
``store.recognised_nicknames``) and passes them in, so the policy imports nothing of the service.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from comments.policy.model import PolicyContext


def build_policy_context(
    lists: Mapping[str, frozenset[str]], nicknames: Mapping[str, str], config: Mapping[str, Any]
) -> PolicyContext:
    """A ``PolicyContext`` from list kind -> values, email -> nickname and the app ``config``."""
    recognised = {
        email.lower(): nickname.lower() for email, nickname in nicknames.items() if nickname
    }
    return PolicyContext(
        recognised_nicknames=MappingProxyType(recognised),
        blocked_emails=lists.get("block_email", frozenset()),
        allowed_emails=lists.get("allow_email", frozenset()),
        blocked_domains=lists.get("block_domain", frozenset()),
        allowed_domains=lists.get("allow_domain", frozenset()),
        blocked_words=lists.get("block_word", frozenset()),
        check_deliverability=bool(config.get("EMAIL_CHECK_DELIVERABILITY")),
        dns_timeout=float(config.get("EMAIL_DNS_TIMEOUT", 2.0)),
    )
