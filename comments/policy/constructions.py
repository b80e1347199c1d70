"""Insults aimed at a person: words that are abusive only when said of someone.

A word like "pelle", "hullu" or "rotta" is innocent on its own ("sirkuksen pelle", "hullu
hinta", "rotta juoksi"). It becomes an insult when it is said of someone: in the second person
("olet pelle", "senkin apina"), with an intensifier that labels a person ("täys pelle"), as an
exclamation ("mikä mäntti!"), as the predicate noun of a copula ("juuso on pelle") or as what
the reader is held to be ("pidän sinua idioottina"). Attacks on groups are in `group_attacks`,
sexual remarks to the reader in `harassment`, belittling without abusive words in
`belittling`, commands to shut up or leave in `dismissal`, comparisons with animals in
`dehumanising`.
"""

from __future__ import annotations

from functools import lru_cache

from comments.policy.finnish import NOMINATIVE_OR_PARTITIVE, Reading, Word, readings
from comments.policy.group_attacks import is_group, roles

_ADDRESS_LEMMAS = frozenset({"sinä", "te", "senkin", "sinäkin", "tekin"})
_ADDRESS_WORDS = frozenset({
    "senkin", "sä", "sää", "sie", "oot", "ootte", "oletko", "senki", "sun", "sulla", "sut",
    "sua", "sulle", "teil", "teit", "ootko", "ootteko", "ootsä", "ootsää", "ootsie", "oletsä",
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
_SECOND_COPULA = frozenset({"olet", "oot", "olette", "ootte", "ootko", "oletko", "senkin"})
# "Juuso on pelle" labels a person; "jotkut ihmistyypit ovat valehtelijoita" generalises.
# The participle is the perfect tense's copula: "hän on aina ollut pelle".
_SINGULAR_COPULA = frozenset({"on", "oli", "oot", "olet", "oon", "ollut"})
_COPULA_WINDOW = 3
_CALLED_WINDOW = 6
# Essive, translative and accusative: "pidän sinua idioottina", "teki sinusta valehtelijan".
_CALLED_CASES = frozenset({"olento", "tulento", "omanto"})
_READER_OBJECTS = ("sinua", "sinusta", "sua", "susta", "teitä", "teistä")
_NOUN_CLASSES = frozenset({"nimisana"})


def aimed_at_person(text_words: tuple[Word, ...], index: int) -> bool:
    """Whether the word at `index` is said of a person: "olet pelle", "senkin apina",
    "typerä ämmä, mene kotiin", "täys pelle", "mikä mäntti", "juuso on pelle"."""
    word = text_words[index]
    sentence = word.sentence
    if _pointed_at(text_words, index):
        return True
    if _called_by_the_reader_object(text_words, index):
        return True  # "pidän sinua idioottina", "se teki sinusta valehtelijan"
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


def _called_by_the_reader_object(text_words: tuple[Word, ...], index: int) -> bool:
    """The reader made or held to be the word: "pidän sinua idioottina", "kutsun teitä
    valehtelijoiksi", "usko teki sinusta säälittävän valehtelijan"."""
    word = text_words[index]
    if not any(r.case in _CALLED_CASES for r in readings(word.lower)):
        return False
    before = [
        w for w in text_words[max(0, index - _CALLED_WINDOW) : index] if w.sentence == word.sentence
    ]
    if any(_passive(w.lower) for w in before):
        return False  # "sinua pidettiin hulluna" reports what others thought
    return any(w.lower.startswith(_READER_OBJECTS) for w in before)


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
def _passive(lower: str) -> bool:
    return any(r.word_class == "teonsana" and r.person == "4" for r in readings(lower))


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
    return not analyses or any(r.case in NOMINATIVE_OR_PARTITIVE or not r.case for r in analyses)


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
