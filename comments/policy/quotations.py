"""Quotations and mentions: words someone else said, or a word talked about as a word.

"Myyjä sanoi minulle "olet idiootti", ja teen valituksen" reports abuse instead of committing it,
and so do "paskiainen-sanaa ei pitäisi käyttää", "Perkele-niminen yhtye" and the open
compound "Turpa kiinni -kampanja". Findings whose every span lies inside such a
quotation stay visible to the moderator but drop to severity "info", so they neither flag the
comment nor bother the commenter. Quotation marks around the whole comment are not a quotation
(forum exports often wrap every message in them).
"""

from __future__ import annotations

import re
from dataclasses import replace

from comments.policy.model import Finding, Span

_QUOTE_MARKS = re.compile(r"[\"”“„«»]+")
_MAX_QUOTATION = 200
# What a quotation can soften: words and threats, not an identity or card number.
_QUOTABLE = ("civility.", "illegal.threat", "illegal.incitement")
_MENTION = re.compile(
    r"[\"”»]?-(?:sana|sanaa|sanan|sanalla|sanasta|nimitys|nimitystä|nimi\w*)\b"
    # An open compound names what its first words are: "Turpa kiinni -kampanja".
    r"|(?:[ \t]+[^\W\d_]+){0,3}[ \t]+-[^\W\d_]{3,}",
    re.I,
)


def demote_quoted(findings: list[Finding], text: str) -> list[Finding]:
    """`findings` with those quoted or mentioned in `text` turned into "info" notes."""
    ranges = quoted_ranges(text)
    result = []
    for finding in findings:
        spans = [s for s in finding.spans if s.field == finding.field]
        if finding.code.startswith("illegal."):
            # A threat's first span is its verb; the words around it may lie outside the
            # quotation ("hän uhkasi minua sanomalla "tapan sut"").
            spans = spans[:1]
        if (
            finding.code.startswith(_QUOTABLE)
            and spans
            and all(_quoted(ranges, text, s) for s in spans)
        ):
            finding = replace(
                finding,
                severity="info",
                message=f"Lainauksessa tai mainintana: {finding.message}",
                public_message=None,
            )
        result.append(finding)
    return result


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the quotations in `text`, marks excluded."""
    marks = list(_QUOTE_MARKS.finditer(text))
    stripped = text.strip()
    first = len(text) - len(text.lstrip())
    if len(marks) >= 2 and marks[0].start() == first and marks[-1].end() == first + len(stripped):
        marks = marks[1:-1]  # the whole comment in quotation marks
    ranges = []
    for opening, closing in zip(marks[::2], marks[1::2], strict=False):
        start, end = opening.end(), closing.start()
        if 0 < end - start <= _MAX_QUOTATION:
            ranges.append((start, end))
    return ranges


def _quoted(ranges: list[tuple[int, int]], text: str, span: Span) -> bool:
    inside = any(low <= span.start and span.end <= high for low, high in ranges)
    return inside or bool(_MENTION.match(text, span.end))
