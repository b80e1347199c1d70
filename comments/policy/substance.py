"""How well-argued a comment is: an explainable score for ranking the moderation queue.

Points come from things a moderator can check at a glance: reasoning words ("koska",
"siksi"), examples, concrete details (numbers, dates), references, length and paragraphs.
Shouting and uncivil language take points away. Every point has a Finnish reason.
"""

from __future__ import annotations

import re
from functools import lru_cache

from comments.policy.ads import find_links
from comments.policy.finnish import lemmas, words
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
    text_words = words(body)
    n = len(text_words)
    score = 0
    reasons: list[str] = []

    def add(points: int, reason: str) -> None:
        nonlocal score
        score += points
        reasons.append(reason)

    if n >= 150:
        add(25, f"Pitkä ja perusteellinen ({n} sanaa)")
    elif n >= 60:
        add(18, f"Riittävän pitkä ({n} sanaa)")
    elif n >= 20:
        add(10, f"Lyhyt ({n} sanaa)")
    elif n:
        add(2, f"Hyvin lyhyt ({n} sanaa)")
    counts = dict.fromkeys(_KINDS, 0)
    for w in text_words:
        for kind in _kinds(w.lower):
            counts[kind] += 1
    if counts["reasoning"]:
        add(min(30, 10 * counts["reasoning"]),
            f"Perustelee näkemystään ({counts['reasoning']} perustelusanaa)")  # fmt: skip
    if counts["contrast"]:
        add(min(10, 5 * counts["contrast"]), "Punnitsee eri puolia")
    if counts["example"]:
        add(10, "Antaa esimerkin")
    if counts["opinion"]:
        add(5, "Kertoo oman näkemyksensä tai kokemuksensa")
    if _NUMBER.search(body):
        add(5, "Mainitsee konkreettisia yksityiskohtia (lukuja tai päivämääriä)")
    links = find_links(body)
    if counts["source"] or (links and len(links) <= 2):
        add(10, "Viittaa lähteeseen")
    if body.count("\n\n") >= 1:
        add(5, "Jäsennelty kappaleisiin")
    if "?" in body:
        add(3, "Esittää kysymyksen")
    if _SHOUTING.search(body) and _mostly_upper(body):
        add(-20, "Huutaa isoin kirjaimin")
    uncivil = [f for f in findings if f.code.startswith(("civility.", "illegal.", "ads."))]
    uncivil = [f for f in uncivil if f.severity in ("mild", "strong")]
    if uncivil:
        add(-15 * len(uncivil), "Sisältää ohjeiden vastaista sisältöä")
    return Substance(max(0, min(100, score)), tuple(reasons))


@lru_cache(maxsize=65536)
def _kinds(lower: str) -> tuple[str, ...]:
    found = lemmas(lower)
    return tuple(kind for kind, lexicon in _KINDS.items() if found & lexicon)


def _mostly_upper(body: str) -> bool:
    letters = sum(map(str.isalpha, body))
    return letters >= 20 and sum(map(str.isupper, body)) > 0.6 * letters
