"""People compared to animals or vermin: "ne käyttäytyvät kuin eläimet", "he ovat loisia".

An animal word is no insult in itself ("rotat juoksivat varastossa", "lapset leikkivät kuin
kissanpennut"). Two constructions make it one. A verb of conduct with "kuin" and an animal:
"käyttäytyvät kuin eläimet", "lisääntyvät kuin kanit", "elävät kuin siat" (but "elää kuin
sika pellossa" is the idiom of living well, and "heitä kohdellaan kuin eläimiä" criticises
the treatment, not the people). And people as the subject of a copula with an animal or
vermin: "he ovat loisia", "nuo ihmiset ovat rottia", "te olette lampaita". With a group word in
the sentence it is an identity attack ("maahanmuuttajat lisääntyvät kuin rotat").
"""

from __future__ import annotations

from functools import lru_cache

from comments.policy.finnish import Word, readings
from comments.policy.group_attacks import is_group

_CREATURES = frozenset({
    "eläin", "elukka", "peto", "apina", "gorilla", "simpanssi", "sika", "possu", "rotta", "kani",
    "torakka", "täi", "lude", "loinen", "parasiitti", "syöpäläinen", "tuholainen", "karja",
    "lauma", "lammas", "hyeena", "heinäsirkka", "mato", "rotanpoikanen", "villieläin",
    "loiseläjä", "barbaari", "ihmisroska", "saasta",
})  # fmt: skip
_CONDUCT = frozenset({
    "käyttäytyä", "elää", "lisääntyä", "riehua", "mellastaa", "sikiää", "öykkäröidä", "örveltää",
    "mölytä", "möykätä", "levitä", "pesiytyä",
})  # fmt: skip
_KUIN = frozenset({"kuin", "ku", "niinku", "niinkuin"})
# Subjects that are people whatever follows: "he ovat loisia", "te olette lampaita".
_PEOPLE = frozenset({"he", "te", "ihmiset", "tyypit", "jätkät", "ukot", "akat", "äijät"})
_POINTING = frozenset({"nuo", "noi", "ne", "nämä", "nää"})
_COPULAS = frozenset({"ovat", "olette", "ootte", "on", "oot", "olivat", "olitte"})
_COMPARISON_WINDOW = 3
_SUBJECT_WORDS = 2


def dehumanising(text_words: tuple[Word, ...]) -> list[tuple[str, str, list[Word]]]:
    """(category, Finnish reason, words) for each sentence that compares people to animals
    or vermin; category "slur" when the sentence names a group, else "insult"."""
    if not any(_creature(w.lower) for w in text_words):
        return []  # nearly every comment: no animal word at all
    by_sentence: dict[int, list[Word]] = {}
    for word in text_words:
        by_sentence.setdefault(word.sentence, []).append(word)
    found = []
    for sentence in by_sentence.values():
        hit = _compared(sentence) or _called(sentence)
        if hit:
            group = any(is_group(w.lower) for w in sentence)
            found.append(("slur" if group else "insult", *hit))
    return found


def _compared(sentence: list[Word]) -> tuple[str, list[Word]] | None:
    """ "Käyttäytyvät kuin eläimet": a verb of conduct, "kuin" and an animal after it."""
    for i, word in enumerate(sentence):
        if word.lower not in _KUIN:
            continue
        before = sentence[:i]
        conduct = [w for w in before if _conduct(w.lower)]
        if not conduct or any(_creature(w.lower) for w in before):
            continue  # no verb of conduct, or an animal is compared: "koirat ... kuin sudet"
        creatures = [w for w in sentence[i + 1 : i + 1 + _COMPARISON_WINDOW] if _creature(w.lower)]
        if not creatures:
            continue
        if _lives_well(conduct[-1].lower, creatures[0].lower):
            continue  # "elää kuin sika pellossa"
        return ("Rinnastaa ihmisiä eläimiin tai tuholaisiin", [conduct[-1], word, creatures[0]])
    return None


def _called(sentence: list[Word]) -> tuple[str, list[Word]] | None:
    """ "He ovat loisia", "nuo ihmiset ovat rottia": people as the subject, a creature as the
    predicate noun."""
    for i, word in enumerate(sentence[: _SUBJECT_WORDS + 1]):
        if word.lower not in _COPULAS or not i:
            continue
        subject = [w.lower for w in sentence[:i]]
        people = subject[-1] in _PEOPLE and (len(subject) == 1 or subject[0] in _POINTING)
        if not people:
            continue
        predicate = [w for w in sentence[i + 1 : i + 1 + _COMPARISON_WINDOW] if _creature(w.lower)]
        if predicate:
            return ("Rinnastaa ihmisiä eläimiin tai tuholaisiin", [*sentence[:i], predicate[0]])
    return None


def _lives_well(verb: str, creature: str) -> bool:
    lives = any(r.baseform == "elää" for r in readings(verb))
    return lives and all(r.number != "plural" for r in readings(creature))


@lru_cache(maxsize=65536)
def _creature(lower: str) -> bool:
    return any(
        r.word_class.startswith("nimisana")
        and (r.baseform in _CREATURES or r.parts[-1] in _CREATURES)
        for r in readings(lower)
    )


@lru_cache(maxsize=65536)
def _conduct(lower: str) -> bool:
    return any(r.word_class == "teonsana" and r.baseform in _CONDUCT for r in readings(lower))
