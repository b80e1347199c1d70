"""Belittling the reader without a single abusive word: their mind, maturity or sanity.

"Järkesi ei riitä tähän", "itsetuntosi on olematon", "onko sulla aivot?", "kasva aikuiseksi"
and "mene hoitoon" contain no listed word, yet each tells the reader that they are stupid,
childish or ill. Such a sentence is an insult when it is said to the reader (the mind word
with a second-person possessive or pronoun, a second-person command or wish); the writer's
own "ymmärrykseni ei riitä" and talk about a third person ("lapsi kasvaa aikuiseksi", "äiti
pääsi hoitoon") pass.
"""

from __future__ import annotations

from functools import lru_cache

from comments.policy.finnish import Word, readings

# What a person thinks with: said to be lacking, it belittles the reader.
_MIND = frozenset({
    "järki", "ymmärrys", "äly", "aivo", "aivot", "älykkyys", "äo", "älykkyysosamäärä",
    "itsetunto", "lukutaito", "harkintakyky", "ajattelu", "logiikka",
})  # fmt: skip
_LACKING = frozenset({
    "mitätön", "heikko", "olematon", "puuttua", "vähäinen", "alhainen", "rajallinen", "surkea",
    "kehno", "nolla", "riittämätön", "kutistua", "lahota", "loppua", "hukassa", "säälittävä",
    "onneton", "kadota", "lahonnut", "surkastua", "surkastunut",
})  # fmt: skip
# "riittää" and "toimia" belittle only when negated: "järkesi ei riitä", "aivosi eivät toimi".
_NEGATED_ENOUGH = frozenset({"riittää", "toimia"})
_NEGATION = frozenset({"ei", "eivät", "eikä", "ettei"})
_ASKING_HAVE = frozenset({"onko", "onks", "oisko", "olisiko"})
_CARE = frozenset({"hoitoon", "psykiatrille", "mielisairaalaan", "suljetulle", "hoitoa"})
_SENDING_VERBS = frozenset({"mennä", "hakeutua", "painua", "marssia", "lähteä", "tarvita"})
_GROWN_UP = frozenset({"aikuiseksi", "aikuismaisesti", "aikuisten", "aikuisen"})
_GROW_VERBS = frozenset({"kasvaa", "käyttäytyä", "aikuistua", "varttua"})
# Verbs that tell the reader to grow up with an infinitive: "voisitko käyttäytyä", "yritä kasvaa".
_HELPERS = frozenset({"voida", "yrittää", "koettaa", "alkaa", "ruveta", "opetella"})
_YOUR = frozenset({
    "sun", "sinun", "sulla", "sinulla", "teillä", "teidän", "teil", "sul", "sinul", "sulta",
})  # fmt: skip


def belittling(text_words: tuple[Word, ...]) -> list[tuple[str, list[Word]]]:
    """(Finnish reason, words) for each sentence that belittles the reader's mind, maturity
    or sanity."""
    sentences: dict[int, list[Word]] = {}
    for word in text_words:
        sentences.setdefault(word.sentence, []).append(word)
    found = []
    for sentence in sentences.values():
        lowers = [w.lower for w in sentence]
        mind = [w for i, w in enumerate(sentence) if _readers_mind(sentence, i)]
        lacking = [w for w in sentence if _lacking(w.lower, lowers)]
        if mind and (lacking or any(lower in _ASKING_HAVE for lower in lowers)):
            found.append(("Vähättelee lukijan järkeä", mind + lacking))
            continue
        care = [w for w in sentence if w.lower in _CARE]
        sending = [w for w in sentence if _told(w.lower, _SENDING_VERBS)]
        if care and sending:
            found.append(("Käskee lukijan hoitoon", sending + care))
            continue
        grown = [w for w in sentence if w.lower in _GROWN_UP]
        growing = [w for w in sentence if _grow_verb(w.lower)]
        if grown and growing and any(_told(lower, _GROW_VERBS | _HELPERS) for lower in lowers):
            found.append(("Käskee lukijaa aikuistumaan", growing + grown))
    return found


def _readers_mind(sentence: list[Word], index: int) -> bool:
    """A word for the mind that is the reader's: "järkesi", "sun aivot", "sinulla järkeä"."""
    lower = sentence[index].lower
    analyses = [r for r in readings(lower) if r.baseform in _MIND and r.word_class != "teonsana"]
    if not analyses:
        return False
    if any(r.possessive in ("2s", "2p") for r in analyses):
        return True
    return any(w.lower in _YOUR for w in sentence[max(0, index - 2) : index])


def _lacking(lower: str, sentence: list[str]) -> bool:
    lemmas = {r.baseform for r in readings(lower)}
    if lemmas & _LACKING:
        return True
    return bool(lemmas & _NEGATED_ENOUGH) and any(w in _NEGATION for w in sentence)


@lru_cache(maxsize=65536)
def _told(lower: str, verbs: frozenset[str]) -> bool:
    """One of `verbs` told to or asked of the reader: "mene", "menisit", "voisitko",
    "tarvitset"."""
    return any(
        r.baseform in verbs
        and r.person == "2"
        and (r.mood in ("imperative", "conditional") or r.baseform == "tarvita")
        for r in readings(lower)
    )


@lru_cache(maxsize=65536)
def _grow_verb(lower: str) -> bool:
    return any(r.baseform in _GROW_VERBS for r in readings(lower))
