"""Vulgar and abusive language: words of the word list found by lemma and compound part.

Each word is judged with all of Voikko's readings in view: it is flagged only when every
reading contains a listed lemma (in the place the entry's scope allows), so a word with an
innocent reading ("homogeeninen", "kusiainen", "narttukoira") passes. Words Voikko does not
know (slang, coinages, disguises) go through stems and a compound-part search instead, with a
minimum part length and a known-word partner so that place names such as "Kiimassalmi" and
words that merely contain a bad substring pass. Masked letters ("v*tun", "v..tun",
"helv*ett*ä") and a letter split off ("v itun") are matched against the listed stems.

Words that are insults only when said of someone, and the constructions that make a sentence
abusive whatever its words (a group called vermin, "senkin" + any noun, a sexual remark to the
reader), come from `constructions`; listed words in their literal sense ("Helvetinkone", hell
in a sermon, "idiootin hommaa" of a form) pass by `literal_senses`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from comments.policy.belittling import belittling
from comments.policy.constructions import (
    aimed_at_person,
    insulting_compound,
    is_person_head,
    labelled_by_senkin,
    said_of_oneself,
)
from comments.policy.dehumanising import dehumanising
from comments.policy.dismissal import dismissal
from comments.policy.finnish import Reading, Word, is_known, readings, stems, words
from comments.policy.group_attacks import group_attacks
from comments.policy.harassment import harassment
from comments.policy.literal_senses import hell_as_place, judges_a_deed, names_a_thing
from comments.policy.model import Finding, Span
from comments.policy.normalise import NormalisedText
from comments.policy.wordlist import Entry, Lexicon

_MIN_COMPOUND_PART = 4
_MAX_UNKNOWN_WORD = 48
_LONG_JOINED = 12
_MAX_RUN_VARIANTS = 3
# The inflected forms of Finnish family names in -nen: "Paskanen", "Paskaselle", "Paskasesta".
_SURNAME_ENDINGS = ("nen", "sen", "selle", "sella", "sellä", "sesta", "sestä", "sta", "stä")
_RUN = re.compile(r"([^*])\1{2,}")
_SPOKEN_ENDINGS = (
    ("it", "ita"), ("ii", "ia"), ("ee", "ea"), ("oo", "oa"), ("uu", "ua"),
    ("nu", "nut"), ("ny", "nyt"),
)  # fmt: skip
_FRONT = str.maketrans("aou", "äöy")
_MASK_RUN = re.compile(r"(?:\\\*)+")
# Modifiers that make a compound of a "modified" head plain anatomy or size: "pikkuaivot".
_PLAIN_MODIFIERS = frozenset({"pikku", "iso", "väli", "etu", "taka", "ihminen", "eläin", "oma"})

_CATEGORY_MESSAGES = {
    "vulgar": "Alatyylistä kieltä",
    "insult": "Henkilöön kohdistuva loukkaus",
    "slur": "Herjaava nimitys ihmisryhmälle",
    "harassment": "Seksuaalinen häirintä",
    "threat": "Uhkaava ilmaus",
    "incitement": "Kiihottava ilmaus ihmisryhmää vastaan",
    "blocked": "Moderaattorin estämä sana",
}
_PUBLIC_MESSAGE = (
    "Kommentissasi on ilmauksia, jotka rikkovat kommentointiohjeiden hyviä tapoja. "
    "Saman asian voi sanoa asiallisesti."
)


@dataclass(frozen=True)
class Hit:
    entry: Entry
    how: str  # "lemma" | "part" | "stem" | "compound"


def find_civility(norm: NormalisedText, lexicon: Lexicon, field: str = "body") -> list[Finding]:
    """Findings for listed words in `norm`, one per category, with a span per word."""
    text_words = words(norm.text)
    by_category: dict[str, list[tuple[Word, Hit]]] = {}
    judged = lexicon.judged
    for i, word in enumerate(text_words):
        following = text_words[i + 1] if i + 1 < len(text_words) else None
        key = (word.text, word.text[0].isupper() and _may_be_name(word, following))
        hits = judged.get(key)
        if hits is None:
            hits = judge_word(lexicon, *key)
        if not hits and norm.joined and len(word.text) > _LONG_JOINED:
            hits = _joined_hits(lexicon, word, norm.joined)
        if not hits and len(word.text) == 1 and following and following.start == word.end + 1:
            hits = _split_off_letter_hits(lexicon, word, following)
            if hits:  # "v itun", "p askoista": the rest of the word is flagged with it
                by_category.setdefault(hits[0].entry.category, []).append((following, hits[0]))
        for hit in hits:
            if hit.entry.scope == "address" and not aimed_at_person(text_words, i):
                continue
            if hit.entry.category == "insult" and (
                said_of_oneself(text_words, i)
                or _after_first_name(lexicon, text_words, i)
                or judges_a_deed(text_words, i)
            ):
                continue
            if hit.entry.category == "vulgar" and hell_as_place(
                text_words, i, hit.entry, norm.text
            ):
                continue
            by_category.setdefault(hit.entry.category, []).append((word, hit))
    if lexicon.by_phrase:
        for first, end, phrase in lexicon.phrases.matches(text_words):
            entry = lexicon.by_phrase[phrase]
            for word in text_words[first:end]:
                by_category.setdefault(entry.category, []).append((word, Hit(entry, "phrase")))
    insulted = {id(w) for w, _ in by_category.get("insult", ())}
    senkin = [w for w in labelled_by_senkin(text_words) if id(w) not in insulted]
    constructions = [
        ("insult", "mild", [("senkin + nimitys", senkin)] if senkin else []),
        ("insult", "mild", belittling(text_words, norm.text)),
        ("insult", "mild", dismissal(text_words, norm.text)),
        ("harassment", "strong", harassment(text_words, norm.text)),
        ("slur", "strong", group_attacks(text_words)),
    ]
    for category, reason, compared in dehumanising(text_words):
        severity = "strong" if category == "slur" else "mild"
        constructions.append((category, severity, [(reason, compared)]))
    for category, severity, found in constructions:
        for reason, construction_words in found:
            entry = Entry(reason, category, severity, "word")
            hits = [(word, Hit(entry, "construction")) for word in construction_words]
            by_category.setdefault(category, []).extend(hits)
    return [_finding(category, hits, norm, field) for category, hits in sorted(by_category.items())]


def _split_off_letter_hits(lexicon: Lexicon, letter: Word, rest: Word) -> tuple[Hit, ...]:
    common = any(not r.proper_noun for r in readings(rest.lower))
    if judge_word(lexicon, rest.text) or (len(rest.text) > 3 and common):
        return ()  # "s iltä" is a slip of the keyboard before a real word
    return tuple(
        h for h in judge_word(lexicon, letter.lower + rest.lower) if h.entry.scope != "address"
    )


def judge_word(lexicon: Lexicon, word: str, may_be_name: bool = False) -> tuple[Hit, ...]:
    """Listed terms that `word` is an inflected form or compound of; () when innocent."""
    key = (word, may_be_name)
    cached = lexicon.judged.get(key)
    if cached is not None:
        return cached
    result = _judge(lexicon, word, may_be_name)
    if len(lexicon.judged) > 200_000:
        lexicon.judged.clear()
    lexicon.judged[key] = result
    return result


def _judge(lexicon: Lexicon, word: str, may_be_name: bool) -> tuple[Hit, ...]:
    capitalised = word[:1].isupper()
    lower = word.lower()
    for variant in _run_variants(lower):
        analyses = readings(variant)
        if capitalised and not analyses:
            analyses = readings(variant.capitalize())
        if not analyses:
            continue
        # The first known variant decides: elongation doubles a letter more often than not.
        hits = _hits_if_every_reading_bad(lexicon, analyses, capitalised, may_be_name)
        listed = lexicon.by_term.get(variant)
        if not hits and listed is not None and not may_be_name:
            hits = [Hit(listed, "lemma")]  # written as listed, whatever else Voikko reads
        return tuple(dict.fromkeys(hits))
    return _judge_unknown(lexicon, lower, may_be_name)


def _hits_if_every_reading_bad(
    lexicon: Lexicon, analyses: tuple[Reading, ...], capitalised: bool, may_be_name: bool
) -> list[Hit]:
    hits: list[Hit] = []
    for reading in analyses:
        if reading.proper_noun:
            listed = lexicon.by_term.get(reading.baseform)
            if listed is not None and not may_be_name:
                hits.append(Hit(listed, "lemma"))  # "urpo" is a name, but not here
                continue
            if not capitalised:
                continue  # "lainaa" is not the name Laina here
        found = _reading_hits(lexicon, reading)
        if not found:
            return []
        hits.extend(found)
    return hits


def _reading_hits(lexicon: Lexicon, reading: Reading) -> list[Hit]:
    if reading.proper_noun:
        return []
    found = []
    entry = lexicon.by_term.get(reading.baseform)
    if entry is not None:
        found.append(Hit(entry, "lemma"))
    if entry is not None and entry.scope == "modified" and len(reading.parts) < 2:
        found.pop()  # "aivot" alone is no insult, "kananaivo" is
    last = len(reading.parts) - 1
    if last > 0:
        for idx, part in enumerate(reading.parts):
            entry = lexicon.by_term.get(part)
            if entry is None or entry.scope == "word":
                continue
            if entry.scope == "modified" and reading.parts[0] in _PLAIN_MODIFIERS:
                continue
            if (entry.scope == "any" or idx == last) and not names_a_thing(reading, entry, idx):
                found.append(Hit(entry, "part"))
        if insulting_compound(reading, lexicon.address_insults):
            # Said of a person by construction ("natsipelle"): no address needed.
            modifier = next(p for p in reading.parts if p in lexicon.address_insults)
            listed = lexicon.by_term[modifier]
            found = [h for h in found if h.entry.scope != "address"]
            found.append(Hit(replace(listed, scope="head"), "compound"))
    return found


def _judge_unknown(lexicon: Lexicon, lower: str, may_be_name: bool) -> tuple[Hit, ...]:
    if len(lower) > _MAX_UNKNOWN_WORD:
        return ()  # not a word anyone reads; searching it would only cost time
    if may_be_name and lower.endswith(_SURNAME_ENDINGS):
        return ()  # a family name such as "Paskanen", not a derivation
    variants = _run_variants(lower)
    if "w" in lower:  # slang spelling: "wittu", "perkelewww"
        variants += _run_variants(lower.replace("w", "v"))
    for variant in variants:
        if "*" in variant:
            hits = _wildcard_hits(lexicon, variant)
            unmasked = variant.replace("*", "")
            if not hits and len(unmasked) >= _MIN_COMPOUND_PART:
                hits = list(_judge(lexicon, unmasked, may_be_name))  # "p*askahousu"
        else:
            hits = _stem_hits(lexicon, variant)
            if not hits and not may_be_name:
                hits = _compound_hits(lexicon, variant)
        if hits:
            return tuple(dict.fromkeys(hits))
    for standard in _standard_forms(lower):
        hits = list(_judge(lexicon, standard, may_be_name))
        if hits:
            return tuple(dict.fromkeys(hits))
    return ()


def _standard_forms(lower: str) -> list[str]:
    """Written forms of a spoken ending that Voikko knows: spoken Finnish assimilates the
    last vowels ("tyhmii" for "tyhmiä", "pellee" for "pelleä"), drops a final vowel
    ("ääliöit" for "ääliöitä") and the "t" of a participle ("jälkeenjääny", "sekaantunu")."""
    forms = []
    for spoken, written in _SPOKEN_ENDINGS:
        if lower.endswith(spoken) and len(lower) > len(spoken) + 2:
            stem = lower[: -len(spoken)]
            forms += [stem + written, stem + written.translate(_FRONT)]
    return [f for f in dict.fromkeys(forms) if is_known(f)]


def _joined_hits(
    lexicon: Lexicon, word: Word, joined: tuple[tuple[int, int], ...]
) -> tuple[Hit, ...]:
    """Listed words inside a long run of letters written apart ("v i t t u v i t t u ...").

    Such runs are disguises by construction, so here, and only here, a listed term counts
    anywhere inside the run.
    """
    if not any(start <= word.start and word.end <= end for start, end in joined):
        return ()
    found = [
        Hit(entry, "joined")
        for stem, entries in lexicon.by_stem.items()
        if len(stem) >= _MIN_COMPOUND_PART and stem in word.lower
        for entry in entries
        if entry.scope != "address"
    ]
    return tuple(dict.fromkeys(found))


def _stem_hits(lexicon: Lexicon, word: str, scopes: Iterable[str] = ()) -> list[Hit]:
    allowed = set(scopes)
    return [
        Hit(entry, "stem")
        for stem in stems(word)
        for entry in lexicon.by_stem.get(stem, ())
        if (not allowed or entry.scope in allowed)
        and not (stem == word and (stem, entry.term) in lexicon.bound)
    ]


def _compound_hits(lexicon: Lexicon, word: str) -> list[Hit]:
    """A listed term as one part of an unknown compound whose other part is a real word."""
    n = len(word)
    for i in range(3, n - 2):
        left, right = word[:i], word[i:]
        if len(left) >= _MIN_COMPOUND_PART:
            for modifier in (left, left[:-1] if left[-1] in "ns" else ""):
                candidates = lexicon.by_stem.get(modifier, ())
                if not candidates:
                    continue
                person = any(is_person_head(s) for s in stems(right))
                entries = [e for e in candidates if e.scope == "any"]
                # A strong vulgar modifier of five letters or more needs no known partner:
                # "paskapaperullanvaihto" has a typo in its head.
                bold = len(modifier) >= 5 and len(right) >= 5
                bold = bold and any(
                    e.severity == "strong" and e.category == "vulgar" for e in entries
                )
                if entries and (bold or person or is_known(right) or _stem_hits(lexicon, right)):
                    return [Hit(e, "compound") for e in entries]  # "paskahousu"
                insults = [e for e in candidates if e.category == "insult"]
                if insults and person:
                    return [Hit(e, "compound") for e in insults]  # "pöpipää", "dillepää"
        if len(right) >= _MIN_COMPOUND_PART:
            heads = _stem_hits(lexicon, right, scopes=("any", "head", "address", "modified"))
            if heads and (is_known(left) or _stem_hits(lexicon, left)):
                return [Hit(h.entry, "compound") for h in heads if h.entry.scope != "address"]
    return []


def _wildcard_hits(lexicon: Lexicon, word: str) -> list[Hit]:
    """Masked letters ("v*ttu", "p***a") stand for one letter each; failing that, a run of
    masks stands for a few letters or none ("helv*ett*ä", "v*tun" for "vitun"), and masks at
    the end of at least four letters for the rest of the word ("helv*")."""
    letters = sum(c != "*" for c in word)
    if letters < 2 or word[0] == "*":
        return []
    trailing = word.endswith("*")
    candidates = sorted(stems(word), key=len, reverse=True)
    for loose in (False, True):
        if loose and trailing and len(word.rstrip("*")) < _MIN_COMPOUND_PART:
            break
        for candidate in candidates:
            pattern = _mask_pattern(candidate, loose, loose and trailing and candidate == word)
            hits = [
                Hit(e, "stem")
                for stem, entries in lexicon.stems_by_initial.get(word[0], ())
                if (loose or len(stem) == len(candidate))
                and len(stem) >= (_MIN_COMPOUND_PART if loose else 0)
                and pattern.fullmatch(stem)
                for e in entries
                if e.scope != "address"
            ]
            if hits:
                return hits
    return []


def _mask_pattern(word: str, loose: bool, open_end: bool) -> re.Pattern[str]:
    letter = "[^\\W\\d_]"
    if not loose:
        return re.compile(re.escape(word).replace(r"\*", letter))
    body = _MASK_RUN.sub(lambda m: f"{letter}{{0,{len(m.group()) // 2 + 2}}}", re.escape(word))
    return re.compile(body + (f"{letter}{{0,8}}" if open_end else ""))


def _run_variants(word: str) -> list[str]:
    """The word with each run of 3+ same letters shortened to two or one ("paaaska")."""
    runs = list(_RUN.finditer(word))
    if not runs:
        return [word]
    runs = runs[:_MAX_RUN_VARIANTS]
    variants = []
    for lengths in itertools.product((2, 1), repeat=len(runs)):
        out, pos = [], 0
        for run, keep in zip(runs, lengths, strict=True):
            out.append(word[pos : run.start()])
            out.append(run.group(1) * keep)
            pos = run.end()
        out.append(word[pos:])
        variants.append("".join(out))
    return variants


def _may_be_name(word: Word, following: Word | None) -> bool:
    """A capitalised word inside a sentence, or at its start before another capitalised word
    ("Urpo Lehtinen voitti")."""
    if not word.capitalised or word.text.isupper():
        return False
    if not word.sentence_start:
        return True
    return following is not None and following.sentence == word.sentence and following.capitalised


def _after_first_name(lexicon: Lexicon, text_words: tuple[Word, ...], index: int) -> bool:
    """A capitalised word right after a first name is a family name: "Sami Hyypiä" is no
    "hyypiö". A listed insult written out ("Hei Matti Idiootti!") stays one unless Voikko
    knows it as a name too."""
    word = text_words[index]
    if index == 0 or not word.capitalised or word.text.isupper():
        return False
    first = text_words[index - 1]
    if not (
        first.sentence == word.sentence
        and first.capitalised
        and any(r.word_class == "etunimi" for r in readings(first.text))
    ):
        return False
    analyses = readings(word.text)
    if any(r.proper_noun for r in analyses):
        return True
    return not any(r.baseform in lexicon.by_term for r in analyses)


def _finding(
    category: str, hits: list[tuple[Word, Hit]], norm: NormalisedText, field: str
) -> Finding:
    severity = "strong" if any(h.entry.severity == "strong" for _, h in hits) else "mild"
    spans = []
    for word, _ in hits:
        start, end = norm.original_span(word.start, word.end)
        spans.append(Span(field, start, end, norm.original[start:end]))
    terms = ", ".join(dict.fromkeys(h.entry.term for _, h in hits))
    return Finding(
        code=f"civility.{category}",
        severity=severity,
        message=f"{_CATEGORY_MESSAGES.get(category, category)}: {terms}",
        public_message=_PUBLIC_MESSAGE,
        field=field,
        spans=tuple(dict.fromkeys(spans)),
    )
