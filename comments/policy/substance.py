"""How well-argued a comment is: an explainable score for ranking the moderation queue.

Points come from things a moderator can check at a glance: reasoning words ("koska",
"siksi"), examples, concrete details (numbers, dates), references, length and paragraphs.
Shouting and uncivil language take points away. Every point has a Finnish reason.

Only what the comment says once counts: a sentence repeated (even with a changing number) counts
once, a word counts at most three times towards the length (so padding adds nothing), and each
reasoning or example word counts once however often it recurs; repetition itself costs points.
So padding a comment never raises its score, and a short comment that gives a reason and an
example is "tiivis mutta perusteltu", not a short one.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from comments.policy.ads import find_links
from comments.policy.finnish import Word, lemmas, words
from comments.policy.model import Finding, Substance

_REASONING = frozenset({
    "koska", "siksi", "sillä", "joten", "näin", "perustella", "peruste", "syy", "johtua",
    "siis", "tämän", "vuoksi", "takia", "seurauksena", "ansiosta", "päätellä", "koskea",
})  # fmt: skip
_CONTRAST = frozenset({
    "toisaalta", "kuitenkin", "vaikka", "silti", "mutta", "sen", "sijaan", "päinvastoin",
})  # fmt: skip
_EXAMPLE = frozenset({"esimerkiksi", "esimerkki", "kuten", "esim", "mm", "muun", "muassa"})
_SOURCE = frozenset({"lähde", "tutkimus", "selvitys", "tilasto", "raportti", "artikkeli"})
_OPINION = frozenset({"mielestäni", "minusta", "mielipide", "näkemys", "kokemus", "ehdottaa"})
_NUMBER = re.compile(r"\d")
_SENTENCE = re.compile(r"[^.!?\n]+")
_LETTER_RUN = re.compile(r"[a-zåäöüéà]+")
_SHOUTING = re.compile(r"[A-ZÅÄÖ]{3,}\W+[A-ZÅÄÖ]{3,}")
_KINDS = {
    "reasoning": _REASONING,
    "contrast": _CONTRAST,
    "example": _EXAMPLE,
    "source": _SOURCE,
    "opinion": _OPINION,
}


def score_substance(body: str, findings: list[Finding]) -> Substance:
    """Score 0..100 with the reasons behind it."""
    all_words = words(body)
    said, repeated_sentences = _said_once(body, all_words)
    uses = Counter(w.lower for w in said)
    distinct = set(uses)
    n = sum(min(3, count) for count in uses.values())
    score = 0
    reasons: list[str] = []

    def add(points: int, reason: str) -> None:
        nonlocal score
        score += points
        reasons.append(reason)

    kinds = dict.fromkeys(_KINDS, 0)
    for lower in distinct:
        for kind in _kinds(lower):
            kinds[kind] += 1
    argued = kinds["reasoning"] and kinds["example"]
    if n >= 150:
        add(20, f"Pitkä ja perusteellinen ({n} sanaa)")
    elif n >= 60:
        add(15, f"Riittävän pitkä ({n} sanaa)")
    elif n >= 15 and argued:
        add(15, f"Tiivis mutta perusteltu ({n} sanaa)")
    elif n >= 20:
        add(10, f"Tiivis ({n} sanaa)")
    elif n:
        add(2, f"Hyvin lyhyt ({n} sanaa)")
    if kinds["reasoning"]:
        add(min(30, 12 * kinds["reasoning"]),
            f"Perustelee näkemystään ({kinds['reasoning']} perustelusanaa)")  # fmt: skip
    if kinds["contrast"]:
        add(min(10, 5 * kinds["contrast"]), "Punnitsee eri puolia")
    if kinds["example"]:
        add(12, "Antaa esimerkin")
    if kinds["opinion"]:
        add(5, "Kertoo oman näkemyksensä tai kokemuksensa")
    if _NUMBER.search(body):
        add(5, "Mainitsee konkreettisia yksityiskohtia (lukuja tai päivämääriä)")
    links = find_links(body)
    if kinds["source"] or (links and len(links) <= 2):
        add(10, "Viittaa lähteeseen")
    if "\n\n" in body and len({_key(part) for part in body.split("\n\n")} - {""}) >= 2:
        add(5, "Jäsennelty kappaleisiin")
    if "?" in body:
        add(3, "Esittää kysymyksen")
    if repeated_sentences or len(said) > 2 * n:
        add(-min(20, 5 + 5 * repeated_sentences), "Toistaa samaa: toistot eivät nosta pisteitä")
    if _SHOUTING.search(body) and _mostly_upper(body):
        add(-20, "Huutaa isoin kirjaimin")
    uncivil = [f for f in findings if f.code.startswith(("civility.", "illegal.", "ads."))]
    uncivil = [f for f in uncivil if f.severity in ("mild", "strong")]
    if uncivil:
        add(-15 * len(uncivil), "Sisältää ohjeiden vastaista sisältöä")
    return Substance(max(0, min(100, score)), tuple(reasons))


def _said_once(body: str, all_words: list[Word]) -> tuple[list[Word], int]:
    """The words of the sentences said for the first time, and how many sentences repeat an
    earlier one (compared by their letters only, so "Hyvä 1." and "Hyvä 2." are the same)."""
    seen: set[str] = set()
    spans: list[tuple[int, int]] = []
    repeats = 0
    for sentence in _SENTENCE.finditer(body):
        key = _key(sentence.group())
        if not key:
            continue
        if key in seen:
            repeats += key.count(" ") >= 3  # "Kiitos!" twice is not padding
        else:
            seen.add(key)
            spans.append(sentence.span())
    said, index = [], 0
    for word in all_words:
        while index < len(spans) and spans[index][1] <= word.start:
            index += 1
        if index < len(spans) and spans[index][0] <= word.start:
            said.append(word)
    return said, repeats


def _key(text: str) -> str:
    return " ".join(_LETTER_RUN.findall(text.lower()))


@lru_cache(maxsize=65536)
def _kinds(lower: str) -> tuple[str, ...]:
    found = lemmas(lower)
    return tuple(kind for kind, lexicon in _KINDS.items() if found & lexicon)


def _mostly_upper(body: str) -> bool:
    letters = sum(map(str.isalpha, body))
    return letters >= 20 and sum(map(str.isupper, body)) > 0.6 * letters
