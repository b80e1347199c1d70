"""Finnish morphology: Voikko readings of a word, and stems of words Voikko does not know.

Voikko is created once per process (it loads the dictionary) and every analysis is cached per
word, since comments repeat words and the policy must stay well under 2 ms per comment.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from libvoikko import Voikko

# Voikko's names of the cases a subject, a predicative or a partial object takes.
NOMINATIVE_OR_PARTITIVE = frozenset({"nimento", "osanto"})
_lock = threading.RLock()
_voikko: Voikko | None = None

_PART = re.compile(r"\+([^+(]+)(?:\((\+?[^)]*)\))?")


@dataclass(frozen=True)
class Reading:
    """One way Voikko understands a word: its lemma and the lemmas of its compound parts."""

    baseform: str  # lowercase, without Voikko's "=" marks
    word_class: str  # nimisana, teonsana, etunimi, sukunimi, paikannimi, ...
    parts: tuple[str, ...]  # lowercase compound-part lemmas, last one is the head
    person: str = ""  # "1", "2", "3", "4" (passive) for verbs
    mood: str = ""
    tense: str = ""
    possessive: str = ""  # "1s", "2s", "2p", ...
    case: str = ""
    number: str = ""  # "singular" | "plural"

    @property
    def proper_noun(self) -> bool:
        return self.word_class in ("etunimi", "sukunimi", "paikannimi", "nimi")


def voikko() -> Voikko:
    """The process-wide Voikko instance, created on first use."""
    global _voikko
    if _voikko is None:
        with _lock:
            if _voikko is None:
                _voikko = Voikko("fi")
    return _voikko


@lru_cache(maxsize=65536)
def readings(word: str) -> tuple[Reading, ...]:
    """All of Voikko's readings of `word` (as written; Voikko cares about capitals)."""
    if not word or len(word) > 60:
        return ()
    with _lock:
        analyses = voikko().analyze(word)
    return tuple(_reading(a) for a in analyses)


def is_known(word: str) -> bool:
    """Whether Voikko recognises `word` in any case form."""
    return bool(readings(word)) or bool(readings(word.lower()))


def _reading(analysis: dict[str, str]) -> Reading:
    parts: list[str] = []
    for surface, base in _PART.findall(analysis.get("WORDBASES", "")):
        if base.startswith("+"):
            continue  # a derivational suffix, not a compound part
        parts.append((base or surface).replace("=", "").lower())
    baseform = analysis.get("BASEFORM", "").replace("=", "").lower()
    return Reading(
        baseform=baseform,
        word_class=analysis.get("CLASS", ""),
        parts=tuple(parts) or (baseform,),
        person=analysis.get("PERSON", ""),
        mood=analysis.get("MOOD", ""),
        tense=analysis.get("TENSE", ""),
        possessive=analysis.get("POSSESSIVE", ""),
        case=analysis.get("SIJAMUOTO", ""),
        number=analysis.get("NUMBER", ""),
    )


# Endings stripped from words Voikko does not know (slang, coinages), outermost first.
_CLITICS = ("kaan", "kään", "kin", "han", "hän", "pa", "pä", "ko", "kö", "s")
_POSSESSIVES = ("mme", "nne", "nsa", "nsä", "ni", "si", "an", "än", "en")
_CASES = (
    "ihin", "iden", "itten", "ista", "istä", "issa", "issä", "ilta", "iltä", "illa", "illä",
    "ille", "iksi", "ineen", "ita", "itä", "ina", "inä", "iin", "jen", "ien", "den", "tten",
    "seen", "hin", "hen", "han", "hun", "hon", "ssa", "ssä", "sta", "stä", "lla", "llä", "lta",
    "ltä", "lle", "ksi", "tta", "ttä", "na", "nä", "ta", "tä", "ja", "jä", "ia", "iä", "in",
    "en", "n", "t", "a", "ä", "i",
    # spoken forms: "vituiks", "paskast", "perseelt"
    "iks", "ks", "ist", "st", "lt", "ihi",
)  # fmt: skip
_MIN_STEM = 3


@lru_cache(maxsize=65536)
def stems(word: str) -> frozenset[str]:
    """Possible stems of an unknown lowercase word after stripping Finnish endings.

    Over-generates on purpose: stems are only ever compared with stems of listed terms.
    """
    found = {word}
    layer = {word}
    for endings in (_CLITICS, _POSSESSIVES, _CASES):
        next_layer = set(layer)
        for w in layer:
            for ending in endings:
                if w.endswith(ending) and len(w) - len(ending) >= _MIN_STEM:
                    next_layer.add(w[: -len(ending)])
        layer = next_layer
        found |= layer
    return frozenset(found)


def free_forms(term: str) -> frozenset[str]:
    """Stems of `term` that are words on their own (the others need an ending: "vitu-n")."""
    forms = {term}
    if term.endswith("inen") and len(term) > 6:
        forms |= {term[:-4] + "nen", term[:-4] + "ne"}
    return frozenset(forms)


# Consonant gradation, strong -> weak, for the stem of a term ("vittu" -> "vitu-n").
_GRADATION = (
    ("tt", "t"), ("kk", "k"), ("pp", "p"), ("nt", "nn"), ("nk", "ng"), ("mp", "mm"),
    ("lt", "ll"), ("rt", "rr"), ("rp", "rv"), ("lp", "lv"), ("ht", "hd"), ("lk", "lj"),
)  # fmt: skip


def term_stems(term: str) -> frozenset[str]:
    """Stems an inflected form of the lowercase `term` can have once endings are stripped."""
    base = {term}
    if term[-1:] in "aeiouyäö":
        base.add(term[:-1])
    if term.endswith("i"):
        base.add(term[:-1] + "e")
    if term.endswith("e"):
        base.add(term + "e")
    if term.endswith("nen"):
        base |= {term[:-3] + "se", term[:-3] + "s"}
    if term.endswith("is") and len(term) > 4:
        base |= {term[:-1] + "kse", term[:-1] + "ks"}  # slang "uskis" -> "uskikset"
    if term.endswith("inen") and len(term) > 6:
        # Spoken forms drop the i: "vammainen" -> "vammanen", "vammasia".
        spoken = term[:-4]
        base |= {spoken + "nen", spoken + "ne", spoken + "se", spoken + "s"}
    graded = set(base)
    for stem in base:
        for strong, weak in _GRADATION:
            idx = stem.rfind(strong)
            if idx != -1 and idx >= len(stem) - len(strong) - 2:
                graded.add(stem[:idx] + weak + stem[idx + len(strong) :])
    return frozenset(s for s in graded if len(s) >= _MIN_STEM)


class Word(NamedTuple):
    """A word of normalised text: offsets into it and whether it starts a sentence."""

    text: str
    start: int
    end: int
    sentence: int
    sentence_start: bool
    lower: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


_WORD = re.compile(r"[^\W\d_]+")
# With "*" allowed inside a word as masked letters ("v*ttu", "p***a", "helv*ett*ä"), and dots
# too where they cannot end a sentence: two or three inside a word ("v..tun", "pers...stä"),
# one after a short start ("pask.assa") or a trailing run after a start ("helv...").
# "*" is matched as a stand-in letter, so that one character class serves ("ʘ" is a letter
# no Finnish text uses, and it keeps the offsets).
_MASK_LETTER = "\u0298"
_MASKED_WORD = re.compile(
    r"[^\W\d_]+(?:(?:\.{2,3}|(?<=\b[^\W\d_]{4})\.(?=[^\W\d_]{3}))[^\W\d_]+)*"
    r"(?:\.{2,3}(?![^\W\d_]))?"
)
_MASKS = re.compile(r"\.+")
_DOT_INSIDE = re.compile(r"[^\W\d_]\.[^\W\d_]")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n\s*\n")


@lru_cache(maxsize=256)
def words(text: str) -> tuple[Word, ...]:
    """The words of `text` in order, with sentence numbers."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    if "*" in text or ".." in text or _DOT_INSIDE.search(text):
        matches = []
        for m in _MASKED_WORD.finditer(text.replace("*", _MASK_LETTER)):
            token = m.group()
            if "." in token or _MASK_LETTER in token:
                matches += _unmask(m)
            else:
                matches.append((m.start(), m.end(), token))
    else:
        matches = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    result: list[Word] = []
    previous = -1
    new_word = tuple.__new__  # Word(...) through its generated __new__ costs nearly twice as much
    for start, end, token in matches:
        if "*" in token and token.count("*") == len(token):
            continue
        sentence = bisect_right(ends, start)
        result.append(
            new_word(Word, (token, start, end, sentence, sentence != previous, token.lower()))
        )
        previous = sentence
    return tuple(result)


def _unmask(match: re.Match[str]) -> list[tuple[int, int, str]]:
    """A masked word as (start, end, text) with masks as "*"; or its pieces, when the dots
    only stand between words ("kiva..mutta") or end one ("niin...")."""
    token, start = match.group().replace(_MASK_LETTER, "*"), match.start()
    if "." not in token:
        return [(start, match.end(), token)]
    base = token.rstrip(".")
    if "." not in base and (len(base) < 4 or is_known(base)):
        return [(start, start + len(base), base)]  # "sut...", "niin..."
    pieces = [(m.start() + start, m.end() + start, m.group()) for m in _WORD.finditer(token)]
    if all(len(t) > 1 and is_known(t) for _, _, t in pieces):
        return pieces
    return [(start, match.end(), _MASKS.sub("*", token))]


@lru_cache(maxsize=65536)
def lemmas(lower: str) -> frozenset[str]:
    """Everything a lowercase word may stand for: itself, its lemmas and compound parts, or
    (for a word Voikko does not know) its possible stems."""
    found = {lower}
    analyses = readings(lower)
    for reading in analyses:
        found.add(reading.baseform)
        found.update(reading.parts)
    if not analyses:
        found |= stems(lower)
    return frozenset(found)


class PhraseIndex:
    """Lemma sequences to find in text ("halpa laina" matches "Halvat lainat").

    A lemma written with a leading "=" must match the word as written ("=tilaa" is the
    imperative, not every form of "tilata").
    """

    def __init__(self, phrases: Iterable[tuple[str, ...]]) -> None:
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            self._by_first.setdefault(phrase[0], []).append(phrase)
        self._starting: dict[str, tuple[tuple[str, ...], ...]] = {}

    def matches(self, text_words: tuple[Word, ...]) -> list[tuple[int, int, tuple[str, ...]]]:
        """(first word index, last word index + 1, phrase) for every occurrence."""
        found = []
        n = len(text_words)
        starting = self._starting
        for i, word in enumerate(text_words):
            candidates = starting.get(word.lower)
            if candidates is None:
                candidates = self._phrases_starting(word.lower)
            for phrase in candidates:
                end = i + len(phrase)
                if end > n or text_words[end - 1].sentence != word.sentence:
                    continue
                if all(
                    _lemma_fits(part, text_words[i + k].lower)
                    for k, part in enumerate(phrase[1:], 1)
                ):
                    found.append((i, end, phrase))
        return found

    def _phrases_starting(self, lower: str) -> tuple[tuple[str, ...], ...]:
        cached = self._starting.get(lower)
        if cached is None:
            by_first = self._by_first
            cached = tuple(p for lemma in lemmas(lower) for p in by_first.get(lemma, ()))
            cached += tuple(by_first.get("=" + lower, ()))
            if len(self._starting) > 100_000:
                self._starting.clear()
            self._starting[lower] = cached
        return cached


def _lemma_fits(part: str, written: str) -> bool:
    if part.startswith("="):
        return written == part[1:]
    return part in lemmas(written)
