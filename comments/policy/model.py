"""The policy engine's data types: what goes in (a submission and what moderators have taught)
and what comes out (findings, a substance score and a decision)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

Severity = Literal["info", "mild", "strong", "refuse"]
Decision = Literal["pending", "spam", "refused"]

SEVERITY_RANK: Mapping[str, int] = MappingProxyType(
    {"info": 0, "mild": 1, "strong": 2, "refuse": 3}
)
# A comment's risk, the moderation queue's "riski" sort: the sum of its findings' weights.
SEVERITY_RISK: Mapping[str, int] = MappingProxyType(
    {"info": 0, "mild": 1, "strong": 5, "refuse": 25}
)


@dataclass(frozen=True)
class Submission:
    name: str
    email: str
    body: str
    website: str = ""


@dataclass(frozen=True)
class Span:
    """What triggered a finding: offsets into the original text of one form field."""

    field: str
    start: int
    end: int
    text: str


def merged_spans(length: int, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` (start, end) within a text of ``length`` characters, in order, overlapping
    ones merged and what lies outside the text dropped: safe to cut the text at."""
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    public_message: str | None = None
    field: str = "body"
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Substance:
    score: int
    reasons: tuple[str, ...]


def _empty_mapping() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class PolicyContext:
    """What moderators have taught the policy; every string is lowercase."""

    recognised_nicknames: Mapping[str, str] = field(default_factory=_empty_mapping)
    blocked_emails: frozenset[str] = frozenset()
    allowed_emails: frozenset[str] = frozenset()
    blocked_domains: frozenset[str] = frozenset()
    allowed_domains: frozenset[str] = frozenset()
    blocked_words: frozenset[str] = frozenset()
    check_deliverability: bool = False
    dns_timeout: float = 2.0


@dataclass(frozen=True)
class Evaluation:
    decision: Decision
    findings: tuple[Finding, ...]
    substance: Substance

    def to_json(self) -> dict[str, Any]:
        """The stable shape printed by `flask policy-check`."""
        return {
            "decision": self.decision,
            "findings": [
                {"code": f.code, "severity": f.severity, "message": f.message}
                for f in self.findings
            ],
            "substance": self.substance.score,
        }
