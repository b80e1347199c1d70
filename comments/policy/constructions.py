"""Constructions that make words abusive only in context: an insult aimed at a person, a group
of people called vermin or disease, and a group word compounded with an animal or insult.

A word like "pelle", "hullu" or "rotta" is innocent on its own ("sirkuksen pelle", "hullu
hinta", "rotta juoksi"). It becomes an insult when it is said of someone: in the second person
("olet pelle", "senkin apina"), with an intensifier that labels a person ("täys pelle"), as an
exclamation ("mikä mäntti!") or as the predicate noun of a copula ("juuso on pelle"). A group
word becomes an identity attack when the same sentence says the group *is* vermin, disease or
crime ("maahanmuuttajat ovat loisia", "homous on sairautta"), and a compound of a group word
and an animal ("muslimikoira", "somalielukka") is a slur by construction. Neutral sentences
about groups ("maahanmuuttajien työllisyys") have no such predicate and pass. Sexual remarks
to the reader are in `harassment`, belittling without abusive words in `belittling`.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from comments.policy.finnish import Reading, Word, lemmas, readings

_ADDRESS_LEMMAS = frozenset({"sinä", "te", "senkin", "sinäkin", "tekin"})
_ADDRESS_WORDS = frozenset({
    "senkin", "sä", "sää", "sie", "oot", "ootte", "oletko", "senki", "sun", "sulla", "sut",
    "sua", "sulle", "teil", "teit", "ootko", "ootteko",
})  # fmt: skip
_ADDRESS_WINDOW = 3
# Words that label a person by what follows: "täys pelle", "senkin apina", "oikea idiootti".
_LABELLING = frozenset({
    "täys", "täysi", "senkin", "senki", "aikamoinen", "melkoinen", "oikea", "oikee", "pelkkä",
    "kunnon", "varsinainen", "ihme",
})  # fmt: skip
# Demonstratives that point at people: "tuo pelle", "noiden akkojen", "toi idiootti".
_POINTING = frozenset({
    "tuo", "tuon", "tuota", "nuo", "noiden", "noita", "noille", "noilta", "toi", "ton", "tota",
    "noi", "noitten", "tollanen", "tollaset", "tuollainen", "tuollaiset", "tuommoinen",
})  # fmt: skip
_FIRST_PERSON = frozenset({
    "minä", "mä", "mie", "mää", "me", "olin", "olen", "oon", "olimme", "itseni", "itteni",
    "itseäni", "minua", "mua",
})  # fmt: skip
_SELF_WINDOW = 3
# Discourse words that are imperative in form only: "sillon kuule kloppi".
_PARTICLE_IMPERATIVES = frozenset({"kuule", "kuulkaa", "katso", "kato", "hei"})
_EXCLAIMING = frozenset({"mikä", "mitkä", "mikälie", "mokoma"})
_COPULA_FORMS = frozenset({"on", "ovat", "oli", "olivat", "oot", "ootte", "olet", "olette", "oon"})
_SECOND_COPULA = frozenset({"olet", "oot", "olette", "ootte", "ootko", "oletko", "senkin"})
# "Juuso on pelle" labels a person; "jotkut ihmistyypit ovat valehtelijoita" generalises.
_SINGULAR_COPULA = frozenset({"on", "oli", "oot", "olet", "oon"})
_COPULA_WINDOW = 3
_NEGATION = frozenset({"ei", "eivät", "en", "et", "emme", "ette", "eikä", "eivätkä"})
_PREDICATE_WINDOW = 6
_OUT_WORDS = frozenset({"pois", "ulos", "takaisin", "kotiin", "häipykää", "painukaa"})
_HERE_WORDS = frozenset({"tänne", "suomeen", "eurooppaan", "meille", "tähän", "maahan"})
_NOMINATIVE_OR_PARTITIVE = frozenset({"nimento", "osanto"})
_NOUN_CLASSES = frozenset({"nimisana"})
# Group words that head everyday compounds: "esimies" and "palomies" are not men as a group.
_GENERIC_HEADS = frozenset({"mies", "nainen", "musta"})


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


def aimed_at_person(text_words: tuple[Word, ...], index: int) -> bool:
    """Whether the word at `index` is said of a person: "olet pelle", "senkin apina",
    "typerä ämmä, mene kotiin", "täys pelle", "mikä mäntti", "juuso on pelle"."""
    word = text_words[index]
    sentence = word.sentence
    if _pointed_at(text_words, index):
        return True
    if not _may_describe_person(word.lower) or _judges_a_matter(word.lower):
        return False  # "oletko ollut sairaana", "Naurettavaa.": a state or a matter
    if _second_person_verb(word.lower):
        return True  # "höpötät", "älä höpötä": the belittling verb is the reader's
    same = [w for w in text_words[max(0, index - 2) : index + 3] if w.sentence == sentence]
    if len(same) <= 2 and not any(w is not word and _is_imperative(w.lower) for w in same):
        return True  # the insult is the whole sentence: "Valehtelija!", "Läski ämmä."
    before = [w for w in text_words[max(0, index - 2) : index] if w.sentence == sentence]
    if any(w.lower in _LABELLING for w in before):
        return True
    if before and before[-1].lower in _EXCLAIMING:
        return True
    if is_group(word.lower):
        # A group word is a name only when the reader is called it: "oot homo", not
        # "kaksi homoa menee naimisiin, oletko käynyt häissä".
        return any(w.lower in _SECOND_COPULA for w in before)
    after = text_words[index + 1] if index + 1 < len(text_words) else None
    if after is not None and after.sentence == sentence:
        if _person_noun(after.lower):
            return True  # "moukka asiakaspalvelija", "säälittävä ihminen"
        if _is_adjective(word.lower) and _agrees(word.lower, after.lower):
            return False  # "hullu sattuma": the adjective describes the next word
    window = text_words[max(0, index - _ADDRESS_WINDOW) : index + _ADDRESS_WINDOW + 1]
    for other in window:
        if other is word or other.sentence != sentence:
            continue
        if (
            other is text_words[index - 1]
            and _is_imperative(other.lower)
            and other.lower not in _PARTICLE_IMPERATIVES
        ):
            continue  # "määrittele hullu": the word is the verb's object, not the reader
        if other.lower in _ADDRESS_WORDS:
            return True
        if other is after and _states_in_third_person(other.lower):
            continue  # "Sika möyri tarhassa": the word is the subject of "möyri", no command
        for reading in readings(other.lower):
            if reading.baseform in _ADDRESS_LEMMAS or reading.person == "2":
                return True
    for at in range(max(0, index - _COPULA_WINDOW), index):
        other = text_words[at]
        if other.sentence != sentence or other.lower not in _SINGULAR_COPULA:
            continue
        subject = text_words[at - 1] if at else None
        if subject is not None and subject.sentence == sentence and _names_animal(subject.lower):
            return False  # "koiramme on narttu", "tamma on aasi": said of an animal
        if _is_singular_noun(word.lower):
            return True  # "juuso on pelle"
        if subject is not None and subject.sentence == sentence and _names_person(subject):
            return True  # "bloggaaja on aivoton", "joku on noin tyhmä"
    return False


def _pointed_at(text_words: tuple[Word, ...], index: int) -> bool:
    """A person word pointed at with "tuo", "noiden" ..., adjectives between: "tuo pelle",
    "noiden vanhojen akkojen". Animals pointed at are animals ("nuo apinat")."""
    word = text_words[index]
    if _names_animal(word.lower):
        return False
    after = text_words[index + 1] if index + 1 < len(text_words) else None
    if after is not None and _is_adjective(word.lower) and _agrees(word.lower, after.lower):
        return False  # "tuo hullu hinta": the adjective describes the next word
    for at in range(index - 1, max(-1, index - 4), -1):
        other = text_words[at]
        if other.sentence != word.sentence:
            return False
        if other.lower in _POINTING:
            return True
        if not _is_adjective(other.lower):
            return False
    return False


def labelled_by_senkin(text_words: tuple[Word, ...]) -> list[Word]:
    """Nouns after "senkin": "senkin hukkapätkä" calls the reader names whatever the noun."""
    return [
        text_words[i + 1]
        for i, word in enumerate(text_words[:-1])
        if word.lower in ("senkin", "senki")
        and text_words[i + 1].sentence == word.sentence
        and _is_noun_like(text_words[i + 1].lower)
    ]


def said_of_oneself(text_words: tuple[Word, ...], index: int) -> bool:
    """ "Minä idiootti unohdin", "olin niin tyhmä", "tunnen itseni idiootiksi": the writer
    calls themself names."""
    sentence = text_words[index].sentence
    before = text_words[max(0, index - _SELF_WINDOW) : index]
    return any(w.sentence == sentence and w.lower in _FIRST_PERSON for w in before)


def group_attacks(text_words: tuple[Word, ...]) -> list[tuple[str, list[Word]]]:
    """(Finnish reason, words) for each sentence that calls a group vermin, disease or crime,
    or generalises a crime to a whole group; and for each group-and-animal compound."""
    found: list[tuple[str, list[Word]]] = []
    by_sentence: dict[int, list[Word]] = {}
    for word in text_words:
        by_sentence.setdefault(word.sentence, []).append(word)
        if _group_compound(word.lower):
            found.append(("ihmisryhmän nimitys yhdistettynä eläimeen tai haukkumasanaan", [word]))
    for sentence in by_sentence.values():
        hit = _group_predicate(sentence)
        if hit:
            found.append(hit)
    return found


def is_person_head(word: str) -> bool:
    """Whether `word` is a compound head naming a person or a creature ("pää", "aivo")."""
    return word in roles()["person_head"]


def insulting_compound(reading: Reading, address_insults: frozenset[str]) -> bool:
    """A compound of an insult and a word for a person or a creature: "pöpipää", "natsipelle"."""
    if len(reading.parts) < 2:
        return False
    role = roles()
    *modifiers, head = reading.parts
    if head in _ANIMALS:
        return False  # "narttukoira" is a female dog
    return head in role["person_head"] and any(
        m in address_insults and m not in role["group"] for m in modifiers
    )


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
        r.baseform in predicates and r.case in _NOMINATIVE_OR_PARTITIVE for r in readings(lower)
    )


@lru_cache(maxsize=65536)
def _finite_verb(lower: str, verbs: frozenset[str]) -> bool:
    return any(r.baseform in verbs and r.person in ("3",) for r in readings(lower))


_PERSON_SUBJECTS = frozenset({
    "hän", "tyyppi", "mies", "nainen", "äijä", "ukko", "akka", "jätkä", "poika", "tyttö",
    "kaveri", "heppu", "mimmi", "muija", "tuo", "toi", "joku", "jokainen",
})  # fmt: skip
_PERSON_SUFFIXES = ("ja", "jä", "ija", "ijä")
# Animals: as the subject they make an animal word literal ("koira on narttu"), and an
# animal pointed at may be the animal itself ("nuo apinat").
_ANIMALS = frozenset({
    "koira", "kissa", "hevonen", "tamma", "ori", "lehmä", "lammas", "pentu", "eläin",
    "lemmikki", "lemmikkieläin", "koiranpentu", "kasvatti", "apina", "rotta", "sika", "aasi",
    "torakka", "täi", "gorilla", "simpanssi", "elukka", "lisko", "kana", "hanhi",
    "mato", "käärme", "hyeena", "peto", "susi", "kettu", "kameli", "possu", "porsas", "pässi",
})  # fmt: skip
_PERSON_WORDS = frozenset({
    "ihminen", "henkilö", "olento", "otus", "tyyppi", "mies", "nainen", "äijä", "akka", "ukko",
    "jätkä", "poika", "tyttö", "kaveri", "heppu", "muija", "kirjoittaja", "bloggaaja",
    "toimittaja", "myyjä", "asiakaspalvelija", "kommentoija", "poliitikko", "ministeri",
})  # fmt: skip


@lru_cache(maxsize=65536)
def _names_animal(lower: str) -> bool:
    return any(r.baseform in _ANIMALS for r in readings(lower))


def _names_person(word: Word) -> bool:
    """A subject that is a person: a pronoun, a name or an agent noun ("kirjoittaja")."""
    if word.capitalised and not word.sentence_start:
        return True
    return _person_noun(word.lower)


@lru_cache(maxsize=65536)
def _person_noun(lower: str) -> bool:
    """A common noun for a person: "ihminen", "tyyppi", "kirjoittaja", "asiakaspalvelija"."""
    if lower in _PERSON_SUBJECTS:
        return True
    analyses = readings(lower)
    if any(r.baseform in _PERSON_WORDS or r.parts[-1] in _PERSON_WORDS for r in analyses):
        return True
    return len(lower) > 5 and lower.endswith(_PERSON_SUFFIXES) and _is_noun_like(lower)


@lru_cache(maxsize=65536)
def _agrees(adjective: str, noun: str) -> bool:
    """Whether `adjective` may stand as an attribute of the common noun `noun` (same case)."""
    nouns = [r for r in readings(noun) if r.word_class == "nimisana"]
    cases = {r.case for r in readings(adjective)}
    return any(r.case in cases for r in nouns)


@lru_cache(maxsize=65536)
def _judges_a_matter(lower: str) -> bool:
    """An adjective in the singular partitive judges a matter, never a person: "Typerää!"."""
    analyses = readings(lower)
    return bool(analyses) and all(
        r.word_class in ("laatusana", "nimisana_laatusana")
        and r.case == "osanto"
        and r.number != "plural"
        for r in analyses
    )


@lru_cache(maxsize=65536)
def _states_in_third_person(lower: str) -> bool:
    return any(r.word_class == "teonsana" and r.person == "3" for r in readings(lower))


@lru_cache(maxsize=65536)
def _second_person_verb(lower: str) -> bool:
    return any(r.word_class == "teonsana" and r.person == "2" for r in readings(lower))


@lru_cache(maxsize=65536)
def _is_adjective(lower: str) -> bool:
    return any(r.word_class in ("laatusana", "nimisana_laatusana") for r in readings(lower))


@lru_cache(maxsize=65536)
def _is_imperative(lower: str) -> bool:
    analyses = readings(lower)
    return bool(analyses) and all(r.mood == "imperative" for r in analyses)


@lru_cache(maxsize=65536)
def _may_describe_person(lower: str) -> bool:
    analyses = readings(lower)
    return not analyses or any(r.case in _NOMINATIVE_OR_PARTITIVE or not r.case for r in analyses)


@lru_cache(maxsize=65536)
def _is_noun_like(lower: str) -> bool:
    analyses = readings(lower)
    return not analyses or any(r.word_class.startswith("nimisana") for r in analyses)


@lru_cache(maxsize=65536)
def _is_singular_noun(lower: str) -> bool:
    analyses = readings(lower)
    if not analyses:
        return True  # slang Voikko does not know is nearly always a noun
    return any(
        r.word_class in _NOUN_CLASSES and r.case == "nimento" and r.number != "plural"
        for r in analyses
    )
