"""The comment policy engine: pure functions from a submission to findings and a decision.

    >>> from comments.policy import Submission, evaluate
    >>> evaluate(Submission("Aino Virtanen", "aino@example.fi", "Hyvä kirjoitus.")).decision
    'pending'

No Flask, no database and no network (unless `PolicyContext.check_deliverability` is on).
"""

from comments.policy.engine import evaluate
from comments.policy.model import (
    Evaluation,
    Finding,
    PolicyContext,
    Severity,
    Span,
    Submission,
    Substance,
)

__all__ = [
    "Evaluation",
    "Finding",
    "PolicyContext",
    "Severity",
    "Span",
    "Submission",
    "Substance",
    "evaluate",
]
