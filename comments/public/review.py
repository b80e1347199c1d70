"""What the policy found that the commenter can fix, shown to them before anything is stored.

Vulgar words, an insult, a threat or personal data (a HETU, a card number) do not refuse a
comment: a moderator decides. But the commenter may not have meant to publish them, so the first
submission answers with a review: the policy's own public messages, the words highlighted, and a
link to Kommentointiohjeet. The commenter edits the text or sends it anyway (``send_anyway``),
and then the comment waits for a moderator with the findings as usual. Criticism is never part
of a review: only civility and illegal findings are, and their texts say criticism is welcome.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from comments.policy import Evaluation, Finding
from comments.policy.model import merged_spans

REVIEWED_KINDS = ("civility.", "illegal.")
GUIDELINES_PATH = "/sivut/kommentointiohjeet/"
CONTEXT_CHARS = 40
FIELD_LABELS = {"name": "Nimi", "body": "Kommentti", "website": "Verkkosivu"}
INTRO = (
    "Tarkista vielä kommenttisi. Kritiikki on tervetullutta, mutta löysimme kohtia, jotka eivät "
    "ehkä sovi kommentointiohjeisiimme."
)
CHOICE = (
    "Voit muokata tekstiä ja lähettää sen uudelleen. Jos haluat lähettää sen sellaisenaan, "
    "valitse ”Lähetä silti moderaattorille”: moderaattori päättää sen julkaisemisesta."
)
SEND_ANYWAY_FINDING = Finding(
    "review.sent_anyway",
    "info",
    "Kommentoija näki huomautukset ja lähetti kommentin silti moderaattorin päätettäväksi",
)


@dataclass(frozen=True)
class Excerpt:
    """A field's text around what was found: ``parts`` are (text, highlighted) in order."""

    field: str
    label: str
    parts: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class Review:
    """What the commenter is shown before the comment is stored."""

    messages: tuple[str, ...]
    excerpts: tuple[Excerpt, ...]

    def to_json(self, site_prefix: str = "") -> dict[str, Any]:
        return {
            "intro": INTRO,
            "messages": list(self.messages),
            "excerpts": [
                {
                    "field": e.field,
                    "label": e.label,
                    "parts": [{"text": text, "mark": mark} for text, mark in e.parts],
                }
                for e in self.excerpts
            ],
            "choice": CHOICE,
            "guidelines": site_prefix + GUIDELINES_PATH,
        }


def review_of(evaluation: Evaluation, values: Mapping[str, str]) -> Review | None:
    """The review of a pending comment's findings, or None when there is nothing to show.

    ``values`` are the checked fields the spans point into."""
    if evaluation.decision != "pending":
        return None
    findings = [f for f in evaluation.findings if _reviewed(f)]
    if not findings:
        return None
    messages = tuple(dict.fromkeys(f.public_message for f in findings if f.public_message))
    excerpts = []
    for field in FIELD_LABELS:
        spans = [(s.start, s.end) for f in findings for s in f.spans if s.field == field]
        text = values.get(field, "")
        if spans and text:
            excerpts.append(Excerpt(field, FIELD_LABELS[field], highlighted(text, spans)))
    return Review(messages, tuple(excerpts))


def highlighted(text: str, spans: Iterable[tuple[int, int]]) -> tuple[tuple[str, bool], ...]:
    """``text`` around ``spans`` as (text, highlighted) parts: each span with up to
    CONTEXT_CHARS of context on either side, '…' where text is left out."""
    merged = merged_spans(len(text), spans)
    parts: list[tuple[str, bool]] = []
    shown_until = 0
    for index, (start, end) in enumerate(merged):
        before_from = max(shown_until, start - CONTEXT_CHARS)
        if before_from > shown_until or (index == 0 and before_from > 0):
            parts.append(("…", False))
        if before_from < start:
            parts.append((text[before_from:start], False))
        parts.append((text[start:end], True))
        following = merged[index + 1][0] if index + 1 < len(merged) else len(text)
        after_to = min(end + CONTEXT_CHARS, following)
        if end < after_to:
            parts.append((text[end:after_to], False))
        shown_until = after_to
    if merged and shown_until < len(text):
        parts.append(("…", False))
    return tuple(parts)


def _reviewed(finding: Finding) -> bool:
    return (
        finding.code.startswith(REVIEWED_KINDS)
        and finding.severity in ("mild", "strong")
        and bool(finding.public_message)
    )
