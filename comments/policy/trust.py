"""Trusted commenters: when a comment may be published without waiting in the queue.

Every comment is pre-moderated unless the site turns on ``AUTO_APPROVE_TRUSTED`` (off by
default). Then a comment skips the queue only when all of these hold:

- the policy found nothing worth a moderator's look (no finding above ``info``, and no
  quoted or mentioned abuse, which is ``info`` only so that it does not flag the comment);
- the commenter has proven their email address;
- moderators have approved at least ``min_approved`` of their earlier comments;
- moderators have never rejected one of their comments or marked one as spam.

Anything else goes to the queue as usual, so one bad decision by the rule costs at most one
comment, which a moderator can still take down (it is audited as an automatic approval).
"""

from __future__ import annotations

from collections.abc import Mapping

from comments.policy.model import Evaluation

# Civility and threat findings are "info" only when quoted; a person still reads those first.
_QUOTABLE = ("civility.", "illegal.")


def may_skip_queue(
    evaluation: Evaluation,
    history: Mapping[str, int],
    *,
    email_confirmed: bool,
    min_approved: int,
) -> bool:
    """Whether a comment with this ``evaluation``, from a commenter with this ``history``
    (status -> number of their earlier comments), may be published at once."""
    clean = evaluation.decision == "pending" and all(
        finding.severity == "info" and not finding.code.startswith(_QUOTABLE)
        for finding in evaluation.findings
    )
    proven = history.get("approved", 0) >= max(min_approved, 1)
    refused_before = history.get("rejected", 0) + history.get("spam", 0) > 0
    return clean and email_confirmed and proven and not refused_before
