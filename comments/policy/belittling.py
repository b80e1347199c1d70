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
# Heads that keep a compound about the mind: "aivosolut", not "aivotutkimus".
_MIND_HEADS = frozenset({"solu", "kapasiteetti", "juoksu", "toiminta", "koppa", "kyky", "hiven"})
# "riittää" and "toimia" belittle only when negated: "järkesi ei riitä", "aivosi eivät toimi".
_NEGATED_ENOUGH = frozenset({"riittää", "toimia"})
_NEGATION = frozenset({"ei", "eivät", "eikä", "ettei"})
_ASKING_HAVE = frozenset({"onko", "onks", "oisko", "olisiko"})
_CARE = frozenset({"hoitoon", "psykiatrille", "mielisairaalaan", "suljetulle", "hoitoa"})
# "Mene lääkäriin" is advice; "mars lääkäriin" and "painu lääkäriin" send the reader away.
_DOCTOR = frozenset({"lääkäriin", "lääkärille", "terapiaan", "tohtorille"})
_HARSH_SENDING = frozenset({"mars", "painu", "painukaa"})
_SENDING_VERBS = frozenset({"mennä", "hakeutua", "painua", "marssia", "lähteä", "tarvita"})
_GROWN_UP = frozenset({"aikuiseksi", "aikuismaisesti", "aikuisten", "aikuisen"})
_GROW_VERBS = frozenset({"kasvaa", "käyttäytyä", "aikuistua", "varttua"})
# Verbs that tell the reader to grow up with an infinitive: "voisitko käyttäytyä", "yritä kasvaa".
_HELPERS = frozenset({"voida", "yrittää", "koettaa", "alkaa", "ruveta", "opetella"})
_YOU_NOT = frozenset({"et", "ette", "etkä", "ettekä"})
_KNOW = frozenset({"tietää", "ymmärtää", "tajuta", "käsittää", "osata", "tuntea"})
_NOTHING = frozenset({"mitään", "mistään", "mitäänhän"})
_CONDITIONS = frozenset({"jos", "kun", "vaikka", "jollei", "ellei", "mikäli", "jotta"})
_NOTHING_WINDOW = 6
_YOU_ARE = frozenset({"olet", "oot", "olette", "ootte", "olit", "olitte"})
_JUST = frozenset({"pelkkä", "pelkkää", "ihan", "täysi", "yksi", "aikamoinen", "oikea", "iso"})
# Nouns that make the reader a joke or a nothing: "olet vitsi", "olet nolla".
_JOKES = frozenset({"vitsi", "pila", "nolla", "farssi", "naurunaihe", "pilkka", "häpeäpilkku"})
# A sentence can belittle only if one of its words has one of these tags.
_TRIGGERS = frozenset({"mind", "care", "grown", "doctor"})
_YOUR = frozenset({
    "sun", "sinun", "sulla", "sinulla", "teillä", "teidän", "teil", "sul", "sinul", "sulta",
})  # fmt: skip


def belittling(text_words: tuple[Word, ...], text: str = "") -> list[tuple[str, list[Word]]]:
    """(Finnish reason, words) for each sentence that belittles the reader's mind, maturity
    or sanity, or calls the reader a joke; `text` is what the words were read from."""
    found = _knowing_nothing(text_words) + _called_a_joke(text_words, text)
    tags = [_tags(w.lower) for w in text_words]
    if all(_TRIGGERS.isdisjoint(t) for t in tags):
        return found  # nearly every comment: no word for the mind, care or growing up
    sentences: dict[int, list[tuple[Word, frozenset[str]]]] = {}
    for word, word_tags in zip(text_words, tags, strict=True):
        sentences.setdefault(word.sentence, []).append((word, word_tags))
    for tagged in sentences.values():
        every = frozenset().union(*(t for _, t in tagged))
        if _TRIGGERS.isdisjoint(every):
            continue

        def having(tag: str, tagged=tagged) -> list[Word]:
            return [w for w, t in tagged if tag in t]

        mind = [w for i, (w, t) in enumerate(tagged) if "mind" in t and _readers(tagged, i)]
        lacking = having("lacking") + (having("enough") if "negation" in every else [])
        if mind and (lacking or "asking" in every):
            found.append(("Vähättelee lukijan järkeä", mind + lacking))
        elif "care" in every and "sending" in every:
            found.append(("Käskee lukijan hoitoon", having("sending") + having("care")))
        elif "doctor" in every and "harsh" in every:
            found.append(("Käskee lukijan hoitoon", having("harsh") + having("doctor")))
        elif "grown" in every and "grow" in every and "growing_told" in every:
            found.append(("Käskee lukijaa aikuistumaan", having("grow") + having("grown")))
    return found


def _called_a_joke(text_words: tuple[Word, ...], text: str) -> list[tuple[str, list[Word]]]:
    """ "Olet vitsi", "te olette pelkkä farssi", "sinä olet aprillipila": the reader called a
    joke or a nothing. The noun must be the predicate itself, in the nominative: "olet
    vitsikäs", "olet vitsin kertoja", "olet pilalla" and "olit vitsi-illan juontaja" pass."""
    found = []
    for i, word in enumerate(text_words):
        if word.lower not in _YOU_ARE:
            continue
        after = [w for w in text_words[i + 1 : i + 3] if w.sentence == word.sentence]
        if after and after[0].lower in _JUST:
            after = after[1:]
        joined = after and text[after[0].end : after[0].end + 1] == "-"
        if after and not joined and _joke(after[0].lower):
            found.append(("Vähättelee lukijaa", [word, after[0]]))
    return found


@lru_cache(maxsize=65536)
def _joke(lower: str) -> bool:
    analyses = readings(lower)
    return bool(analyses) and all(
        r.word_class == "nimisana"
        and r.case == "nimento"
        and (r.baseform in _JOKES or r.parts[-1] in _JOKES)
        for r in analyses
    )


def _knowing_nothing(text_words: tuple[Word, ...]) -> list[tuple[str, list[Word]]]:
    """ "Et tiedä asiasta mitään", "ette ymmärrä yhtään mitään": the reader told they know
    nothing. A condition is advice, not a verdict: "jos et tiedä mitään autoista, ..."."""
    found = []
    for i, word in enumerate(text_words):
        if word.lower not in _YOU_NOT:
            continue
        clause = [
            w for w in text_words[i + 1 : i + 1 + _NOTHING_WINDOW] if w.sentence == word.sentence
        ]
        knowing = [w for w in clause[:2] if _knowing(w.lower)]
        nothing = [w for w in clause if w.lower in _NOTHING]
        before = [w.lower for w in text_words[max(0, i - 3) : i] if w.sentence == word.sentence]
        rest = clause[clause.index(knowing[0]) + 1 :] if knowing else []
        if rest and _infinitive(rest[0].lower):
            continue  # "et osaa sanoa mitään varmaa" is about saying, not knowing
        if knowing and nothing and not set(before) & _CONDITIONS:
            found.append(("Sanoo, ettei lukija tiedä mitään", [word, knowing[0], nothing[0]]))
    return found


@lru_cache(maxsize=65536)
def _knowing(lower: str) -> bool:
    return any(r.baseform in _KNOW and r.word_class == "teonsana" for r in readings(lower))


@lru_cache(maxsize=65536)
def _infinitive(lower: str) -> bool:
    return any(r.mood == "A-infinitive" for r in readings(lower))


def _readers(tagged: list[tuple[Word, frozenset[str]]], index: int) -> bool:
    """Whether the mind word at `index` is the reader's: "järkesi", "sun aivot"."""
    if "yours" in tagged[index][1]:
        return True
    return any(w.lower in _YOUR for w, _ in tagged[max(0, index - 2) : index])


@lru_cache(maxsize=65536)
def _tags(lower: str) -> frozenset[str]:
    tags = set()
    if lower in _NEGATION:
        tags.add("negation")
    if lower in _ASKING_HAVE:
        tags.add("asking")
    if lower in _CARE:
        tags.add("care")
    if lower in _DOCTOR:
        tags.add("doctor")
    if lower in _HARSH_SENDING:
        tags.add("harsh")
    if lower in _GROWN_UP:
        tags.add("grown")
    for r in readings(lower):
        # A compound of a mind word is one too: "aivosolut", "aivokapasiteetti", "järjenjuoksu".
        mind = r.baseform in _MIND or (r.parts[0] in _MIND and r.parts[-1] in _MIND_HEADS)
        if mind and r.word_class != "teonsana":
            tags.add("mind")
            if r.possessive in ("2s", "2p"):
                tags.add("yours")
        if r.baseform in _LACKING:
            tags.add("lacking")
        if r.baseform in _NEGATED_ENOUGH:
            tags.add("enough")
        if r.baseform in _GROW_VERBS:
            tags.add("grow")
        told = r.person == "2" and (
            r.mood in ("imperative", "conditional") or r.baseform == "tarvita"
        )
        if told and r.baseform in _SENDING_VERBS:
            tags.add("sending")  # "mene", "menisit", "tarvitset"
        if told and r.baseform in _GROW_VERBS | _HELPERS:
            tags.add("growing_told")  # "kasva", "voisitko", "yritä"
    return frozenset(tags)
