"""What recognising (or withdrawing) a nickname does to the commenter's waiting comments: their
name findings are checked again, so the queue no longer shows "not a person's name" for a
nickname a moderator has just accepted (and shows it again when the recognition is withdrawn)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from comments import store
from comments.policy.context import build_policy_context
from comments.policy.identity import check_name
from comments.policy.model import SEVERITY_RANK
from comments.public.submit import SEVERITY_RISK


def refresh_name_findings(db: store.Database, email: str, config: Mapping[str, Any]) -> int:
    """Re-check the name of every pending comment from ``email`` with what moderators have
    taught the policy now; returns how many comments' findings changed."""
    email = email.strip().lower()
    context = build_policy_context(store.policy_lists(db), store.recognised_nicknames(db), config)
    changed = 0
    waiting = [c for c in store.comments_by_email(db, email) if c["status"] == "pending"]
    for comment in waiting:
        kept = [
            f for f in comment["findings"] if not str(f.get("code", "")).startswith("identity.")
        ]
        names = [asdict(finding) for finding in check_name(comment["name"], email, context)]
        findings = sorted(names + kept, key=lambda f: -SEVERITY_RANK.get(f.get("severity"), 0))
        if findings == comment["findings"]:
            continue
        risk = sum(SEVERITY_RISK.get(f.get("severity"), 0) for f in findings)
        changed += store.set_findings(db, comment["id"], findings, risk)
    return changed
