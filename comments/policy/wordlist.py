"""The word list (`data/wordlist.tsv`) as a lexicon, joined at run time by moderators' words."""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from comments.policy.finnish import PhraseIndex, free_forms, readings, term_stems

Scope = Literal["any", "head", "word", "address", "modified"]
CATEGORIES = frozenset(
    {"vulgar", "insult", "slur", "harassment", "threat", "incitement", "blocked"}
)
SCOPES = frozenset({"any", "head", "word", "address", "modified"})
# Stems this short match too many unrelated words; such terms match only in full.
_MIN_UNKNOWN_STEM = 4
_MAX_LEMMAS_PER_WORD = 3
_MAX_PHRASE_VARIANTS = 16


@dataclass(frozen=True)
class Entry:
    term: str
    category: str
    severity: str  # "mild" | "strong"
    scope: Scope
    note: str = ""


class Lexicon:
    """Terms by lemma, and by stem for words Voikko does not know."""

    def __init__(self, entries: list[Entry]) -> None:
        self.by_term: dict[str, Entry] = {}
        # Terms of several words ("halvat lainat") are found as lemma sequences instead.
        self.by_phrase: dict[tuple[str, ...], Entry] = {}
        for entry in entries:
            if " " in entry.term:
                for lemmas in phrase_lemmas(entry.term):
                    self.by_phrase.setdefault(lemmas, entry)
            else:
                self.by_term.setdefault(entry.term, entry)
        self.phrases = PhraseIndex(self.by_phrase)
        self.by_stem: dict[str, tuple[Entry, ...]] = {}
        # (stem, term) pairs where the stem needs an ending: "hint" alone is not "hintti".
        self.bound: set[tuple[str, str]] = set()
        for entry in self.by_term.values():
            free = free_forms(entry.term)
            for stem in term_stems(entry.term):
                if stem not in free:
                    self.bound.add((stem, entry.term))
                if len(stem) < _MIN_UNKNOWN_STEM and stem != entry.term:
                    continue
                self.by_stem[stem] = (*self.by_stem.get(stem, ()), entry)
        # (stem, entries) by first letter: masked words ("v*tun") are matched against these.
        self.stems_by_initial: dict[str, list[tuple[str, tuple[Entry, ...]]]] = {}
        for stem, stem_entries in self.by_stem.items():
            self.stems_by_initial.setdefault(stem[0], []).append((stem, stem_entries))
        # Insults said of a person that make a compound with a word for a person insulting
        # ("pöpipää"); head-only insults do not ("narttukoira", "idioottivarma").
        self.address_insults = frozenset(
            t for t, e in self.by_term.items() if e.category == "insult" and e.scope == "address"
        )
        # Per-word judgements of this lexicon, filled by the civility module.
        self.judged: dict[tuple[str, bool], tuple] = {}

    def __len__(self) -> int:
        return len(self.by_term)


def phrase_lemmas(phrase: str) -> list[tuple[str, ...]]:
    """Lemma sequences a phrase may stand for ("halvat" is "halpa" or "halva")."""
    choices = []
    for word in phrase.split():
        lemmas = dict.fromkeys(r.baseform for r in readings(word)) or {word: None}
        choices.append(list(lemmas)[:_MAX_LEMMAS_PER_WORD])
    return list(itertools.product(*choices))[:_MAX_PHRASE_VARIANTS]


def load_entries(text: str) -> list[Entry]:
    """Parse the TSV word list; lines starting with '#' are comments."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    entries = []
    for row in csv.DictReader(lines, delimiter="\t"):
        term = row["term"].strip().lower()
        category, severity, scope = row["category"], row["severity"], row["scope"]
        if category not in CATEGORIES or severity not in ("mild", "strong") or scope not in SCOPES:
            raise ValueError(f"bad word list row: {row}")
        entries.append(Entry(term, category, severity, scope, (row.get("note") or "").strip()))
    return entries


@lru_cache(maxsize=1)
def base_entries() -> tuple[Entry, ...]:
    """The packaged word list."""
    text = resources.files("comments.policy").joinpath("data/wordlist.tsv").read_text("utf-8")
    return tuple(load_entries(text))


@lru_cache(maxsize=32)
def lexicon(blocked_words: frozenset[str] = frozenset()) -> Lexicon:
    """The packaged list plus moderators' blocked words (category "blocked", strong).

    A blocked word typed in an inflected form ("lainoja") also blocks its lemma ("laina").
    """
    extra = []
    for word in sorted(w.strip().lower() for w in blocked_words if w.strip()):
        terms = {word}
        if " " not in word:
            terms |= {r.baseform for r in readings(word) if not r.proper_noun}
        extra += [
            Entry(t, "blocked", "strong", "any", "moderaattorin estämä") for t in sorted(terms)
        ]
    return Lexicon([*base_entries(), *extra])
