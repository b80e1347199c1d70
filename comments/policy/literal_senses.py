"""Listed words used in their literal sense, where they swear at nobody.

Three kinds pass that the word list alone would flag:

- a mild oath as the genitive modifier of a noun names a thing, a place or a creature:
  "Helvetinkone" (a fairground ride), "Pirunpelto", "helvetintuli"; the adjective
  "helvetinmoinen" and strong words ("paskanjauhanta") stay vulgar;
- hell and the devil in talk about religion or literature: "pappi puhui helvetistä ja
  taivaasta", "Dante kuvaa helvetin piirejä", but not "mitä helvettiä", an exclamation or
  the intensifier "helvetin hyvä", "saatanan kyttääjiä" beside it;
- an insult noun in the genitive before a word for a deed judges the deed, not a person:
  "idiootin hommaa tuollainen lomake" is as civil as "idioottimainen lomake"; said to the
  reader ("sinun ideasi on idiootin hommaa") it stays an insult.
"""

from __future__ import annotations

from functools import lru_cache

from comments.policy.constructions import is_person_head
from comments.policy.finnish import NOMINATIVE_OR_PARTITIVE, Reading, Word, readings
from comments.policy.wordlist import Entry

# Oaths that are first of all names of the other world.
_OTHER_WORLD = frozenset({"helvetti", "perkele", "saatana", "piru", "hitto", "hiisi"})
_RELIGIOUS = frozenset({
    "taivas", "pappi", "saarna", "saarnata", "kirkko", "jumala", "raamattu", "synti", "kadotus",
    "paratiisi", "enkeli", "uskonto", "usko", "jeesus", "kristus", "piispa", "teologia",
    "kiirastuli", "sielu", "pelastus", "rukous", "virsi", "dante", "helvetinkuvaus", "tuonela",
    "paholainen", "demoni", "kristinusko", "luterilainen", "katolinen", "seurakunta", "runoelma",
    "jumalainen", "näytelmä", "mytologia", "myytti", "kiusaus", "erämaa", "evankeliumi", "alttari",
    "rippi",
})  # fmt: skip
# Words before the oath that make it an oath whatever the topic: "mitä helvettiä", "hyi".
_OATH_CUES = frozenset({"mitä", "hyi", "voi", "no", "ihan", "aivan", "niin", "kuin", "päin"})
_HELL_HAS = frozenset({
    "liekki", "tuli", "portti", "piiri", "valta", "syvyys", "kita", "kattila", "pohja", "ovi",
    "kuvaus", "vaiva", "ruhtinas", "asukas", "esikartano",
})  # fmt: skip
_DEEDS = frozenset({
    "homma", "touhu", "puuha", "työ", "meininki", "tuotos", "ratkaisu", "suunnitelma", "idea",
    "keksintö", "logiikka", "tekele", "säätö", "sekoilu",
})  # fmt: skip
_READER = frozenset({
    "sinä", "sinun", "sun", "sä", "sää", "te", "teidän", "sinulla", "teillä", "olet", "olette",
})  # fmt: skip
_MILD_VULGAR = ("vulgar", "mild")


def names_a_thing(reading: Reading, entry: Entry, index: int) -> bool:
    """A mild oath joined in the genitive to a noun head that is no person: "helvetinkone"."""
    if (entry.category, entry.severity) != _MILD_VULGAR or reading.word_class != "nimisana":
        return False
    head = reading.parts[-1]
    if index == len(reading.parts) - 1 or is_person_head(head):
        return False
    modifier = reading.baseform[: len(reading.baseform) - len(head)]
    return len(reading.parts) == 2 and modifier.endswith("n") and reading.baseform.endswith(head)


def hell_as_place(text_words: tuple[Word, ...], index: int, entry: Entry, text: str) -> bool:
    """Hell or the devil named in a sentence about religion or literature, not exclaimed
    ("Perkele, kirkon ovi oli lukossa")."""
    if entry.term not in _OTHER_WORLD:
        return False
    word = text_words[index]
    if text[word.end : word.end + 2].lstrip()[:1] in (",", "!"):
        return False
    if index > 0 and _cues_an_oath(text_words[index - 1].lower):
        return False  # "mitä helvettiä", "painu helvettiin"
    sentence = [w for w in text_words if w.sentence == word.sentence and w is not word]
    if _intensifies(text_words, index):
        return False
    return any(_religious(w.lower) for w in sentence)


def judges_a_deed(text_words: tuple[Word, ...], index: int) -> bool:
    """An insult in the genitive before a deed: "idiootin hommaa"."""
    word = text_words[index]
    if index + 1 >= len(text_words) or not _genitive_noun(word.lower):
        return False
    deed = text_words[index + 1]
    if deed.sentence != word.sentence or not _is_deed(deed.lower):
        return False
    return not any(w.sentence == word.sentence and w.lower in _READER for w in text_words)


def _intensifies(text_words: tuple[Word, ...], index: int) -> bool:
    """The genitive is the intensifier's form ("helvetin hyvä", "saatanan kyttääjiä") unless
    it owns something hell has: "helvetin liekit", "Dante kuvaa helvetin piirejä"."""
    if not _genitive_noun(text_words[index].lower):
        return False
    if index + 1 >= len(text_words):
        return True
    return not any(r.baseform in _HELL_HAS for r in readings(text_words[index + 1].lower))


@lru_cache(maxsize=65536)
def _cues_an_oath(lower: str) -> bool:
    return lower in _OATH_CUES or any(r.mood == "imperative" for r in readings(lower))


@lru_cache(maxsize=65536)
def _religious(lower: str) -> bool:
    # By any compound part of a noun too ("alttaritaulu", "rippikoulu"), not of an adjective
    # that only describes someone ("sieluton").
    analyses = readings(lower)
    return lower in _RELIGIOUS or any(
        r.baseform in _RELIGIOUS
        or r.word_class == "nimisana"
        and bool(_RELIGIOUS.intersection(r.parts))
        for r in analyses
    )


@lru_cache(maxsize=65536)
def _genitive_noun(lower: str) -> bool:
    analyses = readings(lower)
    return bool(analyses) and all(r.case == "omanto" and len(r.parts) == 1 for r in analyses)


@lru_cache(maxsize=65536)
def _is_deed(lower: str) -> bool:
    return any(r.baseform in _DEEDS and r.case in NOMINATIVE_OR_PARTITIVE for r in readings(lower))
