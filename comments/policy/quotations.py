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
from functools import lru_cache

from comments.policy.finnish import Word, readings, words
from comments.policy.model import Finding, Span

# Verbs that report what another said: "asiakas huusi myyjälle, että tämä on idiootti".
_SPEECH_VERBS = frozenset({
    "sanoa", "huutaa", "kertoa", "väittää", "kirjoittaa", "vastata", "huomauttaa", "todeta",
    "valittaa", "karjua", "kiljua", "ilmoittaa", "selittää", "uhata", "haukkua", "kutsua",
    "pyytää", "käskeä", "komentaa", "neuvoa", "kehottaa",
})  # fmt: skip
_SPEECH_WINDOW = 4
# At most this many words after the speech verb of a tag: "..., kertoi museon vanha opas."
_TAG_WORDS = 4
_SPEAKER_CLASSES = frozenset({"nimisana", "asemosana", "etunimi", "sukunimi", "nimi", "paikannimi"})
# Predicate nouns that make the subject a word or a name: "X on murteissa sana".
_NAMING = ("sana", "nimi", "nimitys", "ilmaus", "termi", "hahmo", "päähenkilö", "sanonta", "fraasi")
_COPULAS = frozenset({"on", "oli", "ovat", "olivat"})
_NAMED_AS = frozenset({"nimeltä", "nimeltään", "otsikolla", "otsikoltaan"})
_TITLE_WORDS = 6
_SUBJECT_WORDS = 1
_PREDICATE_WORDS = 5
_REPORTABLE = ("civility.insult", "illegal.threat", "illegal.incitement")
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
    if not any(f.code.startswith(_QUOTABLE) for f in findings):
        return findings
    text_words = words(text)
    ranges = (
        quoted_ranges(text)
        + tagged_speech_ranges(text, text_words)
        + defined_word_ranges(text_words)
        + named_ranges(text, text_words)
    )
    reported = reported_ranges(text, text_words)
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
            and all(_quoted(ranges + _reported_for(finding, reported), text, s) for s in spans)
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


def tagged_speech_ranges(text: str, text_words: tuple[Word, ...]) -> list[tuple[int, int]]:
    """(start, end) offsets of direct speech marked by a speech tag at the end of its sentence
    instead of quotation marks: "Perkeleen kylmä talvi, sanoi vanha isäntä." The words
    before the comma are the speaker's own, just as inside quotation marks."""
    ranges = []
    for i, word in enumerate(text_words):
        after_comma = i > 0 and "," in text[text_words[i - 1].end : word.start]
        if not after_comma or not _reports(word.lower, every_reading=False):
            continue
        rest = [
            w for w in text_words[i + 1 : i + 1 + _TAG_WORDS + 1] if w.sentence == word.sentence
        ]
        if len(rest) > _TAG_WORDS:
            continue  # the tag ends its sentence: "..., sanoi opas." not "..., sanoi että ..."
        if not any(_names_speaker(w.lower) for w in rest):
            continue  # "..., vastaa nyt" tells the reader to answer; a tag names its speaker
        first = next(w for w in text_words if w.sentence == word.sentence)
        if first is not word:
            ranges.append((first.start, text_words[i - 1].end))
    return ranges


def defined_word_ranges(text_words: tuple[Word, ...]) -> list[tuple[int, int]]:
    """(start, end) offsets of the words a sentence defines or names as words: "Paskajäykkä
    on murteissa sana, joka ...", "Paskahousu on piirretyn päähenkilö". The subject before
    the copula is talked about, not used; a sentence that turns to the reader ("idiootti on
    oikea sana sinulle") defines nothing."""
    ranges = []
    by_sentence: dict[int, list[Word]] = {}
    for word in text_words:
        by_sentence.setdefault(word.sentence, []).append(word)
    for sentence in by_sentence.values():
        copula = next(
            (i for i, w in enumerate(sentence[: _SUBJECT_WORDS + 1]) if w.lower in _COPULAS), 0
        )
        predicate = sentence[copula + 1 : copula + 1 + _PREDICATE_WORDS]
        if not copula or any(_second_person(w.lower) for w in predicate):
            continue
        if any(_names_a_word(w.lower) for w in predicate):
            ranges.append((sentence[0].start, sentence[copula - 1].end))
    return ranges


def named_ranges(text: str, text_words: tuple[Word, ...]) -> list[tuple[int, int]]:
    """(start, end) offsets of a title or a name given without quotation marks: "Kirjan nimi
    on Helvetin kauniit, ...", "laite nimeltä Pirunkeinu". A Finnish title capitalises only
    its first word, so the name runs from a capitalised word to the next comma or the end of
    the sentence."""
    ranges = []
    for i, word in enumerate(text_words[:-1]):
        named = word.lower in _NAMED_AS or (
            word.lower in _COPULAS and i > 0 and _is_name_noun(text_words[i - 1].lower)
        )
        first = text_words[i + 1]
        if not named or not first.capitalised or first.sentence != word.sentence:
            continue
        sentence = [w for w in text_words if w.sentence == word.sentence]
        if any(_second_person(w.lower) for w in sentence):
            continue  # "sinun nimesi on ..." names the reader
        last = first
        for other in text_words[i + 2 : i + 1 + _TITLE_WORDS]:
            if other.sentence != word.sentence or "," in text[last.end : other.start]:
                break
            last = other
        ranges.append((first.start, last.end))
    return ranges


@lru_cache(maxsize=65536)
def _is_name_noun(lower: str) -> bool:
    return any(r.baseform.endswith(("nimi", "otsikko")) for r in readings(lower))


def reported_ranges(text: str, text_words: tuple[Word, ...]) -> list[tuple[int, int]]:
    """(start, end) offsets of indirect speech that someone else said: from "että" after a
    speech verb in the third person or the passive up to the next comma or the sentence end.
    The writer's own "sanon, että ..." is not reported speech, nor a clause about the reader."""
    ranges = []
    for i, word in enumerate(text_words):
        if word.lower not in ("että", "et") or not _after_speech_verb(text_words, i):
            continue
        clause = []
        for other in text_words[i + 1 :]:
            if (
                other.sentence != word.sentence
                or "," in text[(clause or [word])[-1].end : other.start]
            ):
                break
            clause.append(other)
        if clause and not any(_second_person(w.lower) for w in clause):
            ranges.append((word.end, clause[-1].end))  # "kaikki sanovat, että olet ..." is not
    return ranges


@lru_cache(maxsize=65536)
def _names_a_word(lower: str) -> bool:
    # By the ending, since Voikko parts "murreilmaus" as "murre" + "ilmata".
    return any(r.baseform.endswith(_NAMING) for r in readings(lower))


def _after_speech_verb(text_words: tuple[Word, ...], index: int) -> bool:
    sentence = text_words[index].sentence
    before = text_words[max(0, index - _SPEECH_WINDOW) : index]
    return any(w.sentence == sentence and _reports(w.lower) for w in before)


@lru_cache(maxsize=65536)
def _reports(lower: str, every_reading: bool = True) -> bool:
    """A speech verb in the third person or the passive ("sanoi", "huusi", "kerrottiin"): by
    every reading, since "todeta" is also the infinitive; after the comma of a speech tag one
    reading will do ("..., totesi ystäväni", though "totesi" is also "your truth")."""
    analyses = readings(lower)
    speaking = [r.baseform in _SPEECH_VERBS and r.person in ("3", "4") for r in analyses]
    return bool(analyses) and (all(speaking) if every_reading else any(speaking))


def _reported_for(finding: Finding, reported: list[tuple[int, int]]) -> list[tuple[int, int]]:
    # Indirect speech is the writer's own wording: it reports an insult or a threat, but a
    # vulgar or a slurring word in it is still the writer's choice.
    return reported if finding.code.startswith(_REPORTABLE) else []


@lru_cache(maxsize=65536)
def _names_speaker(lower: str) -> bool:
    analyses = readings(lower)
    return not analyses or any(r.word_class in _SPEAKER_CLASSES for r in analyses)


@lru_cache(maxsize=65536)
def _second_person(lower: str) -> bool:
    return any(
        r.person == "2" or r.baseform in ("sinä", "te") or r.possessive.startswith("2")
        for r in readings(lower)
    )


def _quoted(ranges: list[tuple[int, int]], text: str, span: Span) -> bool:
    inside = any(low <= span.start and span.end <= high for low, high in ranges)
    return inside or bool(_MENTION.match(text, span.end))
