"""Undo common disguises of words before analysis, keeping a map back to the original offsets.

People hide words with look-alike characters ("p4sk4", "v!ttu", Cyrillic "а"), zero-width
characters, accents ("pâska") and separators between letters ("p.a.s.k.a", "v i t t u"). The
normalised text has the same words as the writer meant; `origin[i]` is the index in the original
text of the normalised character `i`, so findings can highlight what the writer typed.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")

# Letters from other scripts that look like Latin ones.
_HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ο": "o",
    "α": "a", "ν": "v", "τ": "t", "ι": "i", "κ": "k", "ρ": "p", "υ": "u", "ε": "e", "ɑ": "a",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ο": "O", "Α": "A", "Ε": "E", "Κ": "K", "Τ": "T",
}  # fmt: skip

# Digits and symbols standing for letters, applied only inside words that have letters.
_LEET = {
    "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
    "@": "a", "$": "s", "€": "e", "!": "i", "|": "i", "£": "l",
}  # fmt: skip
_KEEP_ACCENTED = frozenset("åäöÅÄÖ")

_LEET_NEXT_TO_LETTER = re.compile(r"[^\W\d_][0-9@$€!|£]|[0-9@$€!|£][^\W\d_]")
_NEEDS_FOLDING = re.compile(r"[^\x00-\x7fåäöÅÄÖ€£–—’”“…«»]")
# Single letters (or masking stars) joined by separators: "p.a.s.k.a", "v i t t u", "k-y-r-p-ä".
# The same separator throughout, so "p.a.s.k.a p.a.s.k.a" stays two words.
_LETTER = r"(?:[^\W\d_*]|\*)"
_SPACED = re.compile(
    rf"(?<![^\W\d_]){_LETTER}(?P<sep>[\s.\-_·,:;/\\~+]{{1,3}}){_LETTER}"
    rf"(?:(?P=sep){_LETTER})+(?![^\W\d_])"
)


@dataclass(frozen=True)
class NormalisedText:
    text: str
    origin: Sequence[int]
    original: str
    # Where letters written apart were joined ("v i t t u"): offsets into `text`.
    joined: tuple[tuple[int, int], ...] = ()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text that produced normalised `text[start:end]`."""
        if start >= end:
            return (self.origin[start], self.origin[start]) if start < len(self.origin) else (0, 0)
        return self.origin[start], self.origin[end - 1] + 1


def normalise(text: str) -> NormalisedText:
    """Return `text` with disguises undone; case is kept (names and sentence starts matter)."""
    if not (
        _NEEDS_FOLDING.search(text)
        or _LEET_NEXT_TO_LETTER.search(text)
        or _SPACED.search(text)
        or any(c in text for c in _ZERO_WIDTH)
    ):
        return NormalisedText(text, range(len(text)), text)
    folded, origin = _fold_characters(text)
    folded, origin, joined = _join_spaced_letters(_undo_leet(folded), origin)
    return NormalisedText(folded, tuple(origin), text, joined)


def _fold_characters(text: str) -> tuple[str, Sequence[int]]:
    """Every character that may fold is one `_NEEDS_FOLDING` finds; the runs between them are
    copied as they are."""
    if not _NEEDS_FOLDING.search(text):
        return text, range(len(text))
    chars: list[str] = []
    origin: list[int] = []
    copied = 0
    for m in _NEEDS_FOLDING.finditer(text):
        i, ch = m.start(), m.group()
        chars += text[copied:i]
        origin += range(copied, i)
        copied = i + 1
        if ch in _ZERO_WIDTH:
            continue
        if unicodedata.category(ch) == "Mn":
            # Keep decomposed Finnish letters ("a" + U+0308 is "ä"); drop other marks.
            if chars and ch in "\u0308\u030a":
                composed = unicodedata.normalize("NFC", chars[-1] + ch)
                if composed in _KEEP_ACCENTED:
                    chars[-1] = composed
            continue
        ch = _HOMOGLYPHS.get(ch, ch)
        if ch not in _KEEP_ACCENTED and not ch.isascii() and ch.isalpha():
            base = unicodedata.normalize("NFKD", ch)[0]
            if base.isascii():
                ch = base
        chars.append(ch)
        origin.append(i)
    chars += text[copied:]
    origin += range(copied, len(text))
    return "".join(chars), origin


def _undo_leet(text: str) -> str:
    """`text` with leet letters inside words replaced, one character for one."""
    out: list[str] | None = None
    done_until = -1
    for hit in _LEET_NEXT_TO_LETTER.finditer(text):
        if hit.start() < done_until:
            continue
        start = hit.start()
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = hit.end()
        while end < len(text) and not text[end].isspace():
            end += 1
        done_until = end
        token = text[start:end]
        if sum(c.isalpha() for c in token) < 2:
            continue
        for j, c in enumerate(token):
            if c not in _LEET:
                continue
            before = token[j - 1] if j else ""
            after = token[j + 1] if j + 1 < len(token) else ""
            # "!" and "|" are punctuation at a word's edge; digits count anywhere in a word.
            if c in "!|" and not (before.isalpha() and after.isalpha()):
                continue
            if c.isdigit() and not (before.isalpha() or after.isalpha()):
                continue
            if out is None:
                out = list(text)
            out[start + j] = _LEET[c]
    return text if out is None else "".join(out)


def _join_spaced_letters(
    text: str, origin: Sequence[int]
) -> tuple[str, Sequence[int], tuple[tuple[int, int], ...]]:
    spaced = list(_SPACED.finditer(text))
    if not spaced:
        return text, origin, ()
    keep = [True] * len(text)
    for m in spaced:
        for j in range(m.start(), m.end()):
            if not (text[j].isalpha() or text[j] == "*"):
                keep[j] = False
    new_index = list(itertools.accumulate(keep, initial=0))  # kept characters before each
    joined = tuple((new_index[m.start()], new_index[m.end()]) for m in spaced)
    return (
        "".join(c for c, k in zip(text, keep, strict=True) if k),
        [o for o, k in zip(origin, keep, strict=True) if k],
        joined,
    )
