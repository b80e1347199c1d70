"""The comment policy engine: pure functions from a submission to findings and a decision.

    >>> from comments.policy import Submission, evaluate
    >>> evaluate(Submission("Aino Virtanen", "aino@example.fi", "Hyvä kirjoitus.")).decision
    'pending'

No Flask, no database and no network (unless `PolicyContext.check_deliverability` is on).
"""

from typing import Any

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


def __getattr__(name: str) -> Any:
    """``evaluate`` is imported on first use: the engine loads Voikko and the word lists, which
    the Pelican plugin (through ``policy.website``'s messages in the form) never needs."""
    if name == "evaluate":
        from comments.policy.engine import evaluate

        return evaluate
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
