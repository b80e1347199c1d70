"""Attacks on groups of people: a group called vermin, disease or crime ("maahanmuuttajat
ovat loisia", "homous on sairautta"), a crime generalised to a whole group ("X:t varastavat
aina"), a group sent away ("X:t pois") or denied its place ("ei kuulu tänne"), and a compound
of a group word and an animal or insult ("muslimikoira", "somalielukka"). Neutral sentences
about groups ("maahanmuuttajien työllisyys") have no such predicate and pass. The word classes
come from data/constructions.tsv.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from comments.policy.finnish import NOMINATIVE_OR_PARTITIVE, Word, lemmas, readings

_COPULA_FORMS = frozenset({"on", "ovat", "oli", "olivat", "oot", "ootte", "olet", "olette", "oon"})
_NEGATION = frozenset({"ei", "eivät", "en", "et", "emme", "ette", "eikä", "eivätkä"})
_PREDICATE_WINDOW = 6
_OUT_WORDS = frozenset({"pois", "ulos", "takaisin", "kotiin", "häipykää", "painukaa"})
_HERE_WORDS = frozenset({"tänne", "suomeen", "eurooppaan", "meille", "tähän", "maahan"})
# Group words that head everyday compounds: "esimies" and "palomies" are not men as a group.
_GENERIC_HEADS = frozenset({"mies", "nainen", "musta"})
_COUNTRIES = frozenset({"suomi", "eurooppa", "maamme", "isänmaa", "kotimaa", "ruotsi", "norja"})
_ONLY = frozenset({"vain", "pelkästään", "ainoastaan", "yksin"})


@lru_cache(maxsize=1)
def roles() -> dict[str, frozenset[str]]:
    """Lemmas by role, from data/constructions.tsv."""
    text = resources.files("comments.policy").joinpath("data/constructions.tsv")
    lines = [
        line
        for line in text.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    found: dict[str, set[str]] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        found.setdefault(row["role"], set()).add(row["lemma"].strip())
    return {role: frozenset(words) for role, words in found.items()}


def group_attacks(text_words: tuple[Word, ...]) -> list[tuple[str, list[Word]]]:
    """(Finnish reason, words) for each sentence that calls a group vermin, disease or crime,
    or generalises a crime to a whole group; and for each group-and-animal compound."""
    found: list[tuple[str, list[Word]]] = []
    by_sentence: dict[int, list[Word]] = {}
    naming_a_group: set[int] = set()
    for word in text_words:
        by_sentence.setdefault(word.sentence, []).append(word)
        if is_group(word.lower):
            naming_a_group.add(word.sentence)
        if _group_compound(word.lower):
            found.append(("ihmisryhmän nimitys yhdistettynä eläimeen tai haukkumasanaan", [word]))
    for number in sorted(naming_a_group):  # a sentence without a group attacks none
        hit = _group_predicate(by_sentence[number])
        if hit:
            found.append(hit)
    return found


def _group_predicate(sentence: list[Word]) -> tuple[str, list[Word]] | None:
    groups = [i for i, w in enumerate(sentence) if is_group(w.lower)]
    if not groups:
        return None
    lowers = [w.lower for w in sentence]
    out = [w for w in sentence if w.lower in _OUT_WORDS]
    if out and not any(_finite_statement(w) for w in lowers if w not in _OUT_WORDS):
        # "Ählämit pois!", "neekerit takaisin Afrikkaan": a group sent away, no verb needed.
        return ("vaatii ihmisryhmää pois maasta", [sentence[groups[0]], *out])
    if any(_falls_ill(lower) for lower in lowers) and any(
        _illative(w.lower) for w in (sentence[g] for g in groups)
    ):
        return ("ihmisryhmä rinnastetaan sairauteen", [sentence[groups[0]]])  # "homouteen"
    if "kuulu" in lowers and any(lower in _HERE_WORDS for lower in lowers):
        return ("kiistää ihmisryhmän paikan maassa", [sentence[groups[0]]])  # "ei kuulu tänne"
    if _country_not_for(lowers):
        return ("kiistää ihmisryhmän paikan maassa", [sentence[groups[0]]])  # "ei ole X:iä varten"
    if any(lower in _NEGATION for lower in lowers):
        return None
    role = roles()
    copula = any(lower in _COPULA_FORMS or lower in ("kuin", "niinku", "ku") for lower in lowers)
    for i, word in enumerate(sentence):
        if not any(abs(i - g) <= _PREDICATE_WINDOW for g in groups):
            continue
        first = sentence[groups[0]]
        if copula and i not in groups and _predicate_noun(word.lower, role["dehumanising"]):
            return ("ihmisryhmä rinnastetaan tuholaisiin, sairauteen tai rikokseen", [first, word])
        if i > groups[0] and _finite_verb(word.lower, role["pejorative_verb"]):
            return ("yleistys, joka leimaa koko ihmisryhmän", [first, word])
    return None


@lru_cache(maxsize=65536)
def is_group(lower: str) -> bool:
    """Whether the lowercase word names a group of people by every reading."""
    groups = roles()["group"]
    analyses = readings(lower)
    if not analyses:
        return bool(lemmas(lower) & groups)
    return all(
        r.baseform in groups or (r.parts[-1] in groups and r.parts[-1] not in _GENERIC_HEADS)
        for r in analyses
    )


@lru_cache(maxsize=65536)
def _group_compound(lower: str) -> bool:
    role = roles()
    heads = role["person_head"] | role["dehumanising"]
    return any(
        len(r.parts) > 1
        and r.parts[0] in role["group"]
        and r.parts[-1] in heads
        and r.parts[-1] not in role["group"]
        for r in readings(lower)
    )


def _country_not_for(lowers: list[str]) -> bool:
    """ "Suomi ei ole muslimeja varten": a country denied to a group. "Ei ole vain X:iä
    varten" includes instead."""
    return (
        "varten" in lowers
        and any(lower in ("ei", "eikä") for lower in lowers)
        and not any(lower in _ONLY for lower in lowers)
        and any(lower in _COUNTRIES for lower in lowers)
    )


def _falls_ill(lower: str) -> bool:
    return lower.startswith("sairastu")  # "sairastui", "sairastunut", "sairastuneet"


@lru_cache(maxsize=65536)
def _illative(lower: str) -> bool:
    return any(r.case == "sisatulento" for r in readings(lower))


@lru_cache(maxsize=65536)
def _finite_statement(lower: str) -> bool:
    """A finite verb that states (not an imperative or a jussive, which call)."""
    return any(
        r.word_class == "teonsana" and r.person and r.mood in ("indicative", "conditional")
        for r in readings(lower)
    )


@lru_cache(maxsize=65536)
def _predicate_noun(lower: str, predicates: frozenset[str]) -> bool:
    return any(
        r.baseform in predicates and r.case in NOMINATIVE_OR_PARTITIVE for r in readings(lower)
    )


@lru_cache(maxsize=65536)
def _finite_verb(lower: str, verbs: frozenset[str]) -> bool:
    return any(r.baseform in verbs and r.person in ("3",) for r in readings(lower))
