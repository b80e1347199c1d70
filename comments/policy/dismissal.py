"""Telling the reader to shut up or go away, in words that are innocent one by one.

"Pidä suusi kiinni", "tuki turpasi", "ole hiljaa", "painu pois", "mene kuuseen", "häpeä!" and
"haista kukkanen" contain no listed word, yet each dismisses the reader. The command is what makes
them rude: a second-person imperative of a silencing or leaving verb with the mouth, "hiljaa"
or a place one is sent to. The same words elsewhere pass: "pidä suusi auki" at the dentist,
"painoin nappia", "mene kauppaan ennen kuutta", "haista kukkaa" (smelling takes the partitive,
the insult the nominative: "haista paska", "haista kukkanen").
"""

from __future__ import annotations

from functools import lru_cache

from comments.policy.finnish import Word, readings

_MOUTHS = frozenset({"suu", "turpa", "kita", "läppä", "leipäläpi", "klaffi", "kuono", "pärstä"})
_SHUT_VERBS = frozenset({"pitää", "tukkia", "sulkea", "panna", "laittaa"})
# "Pidä suusi kiinni" silences, "pidä suusi auki" is the dentist; "sulje suusi" needs nothing.
_SHUT_WORDS = frozenset({"kiinni", "supussa", "tukossa", "tukkoon", "umpeen"})
_NEEDS_SHUT_WORD = frozenset({"pitää", "panna", "laittaa"})
_QUIET_VERBS = frozenset({"olla", "pysyä"})
_QUIET = frozenset({"hiljaa", "vaiti"})
_GOING_VERBS = frozenset({"painua", "mennä", "lähteä", "häipyä", "kadota", "suksia"})
# Where only the reader is sent: "mene kuuseen", "lähde hiiteen", "painu tiehesi".
_SENT_TO = frozenset({
    "hiiteen", "hittoon", "helvettiin", "vittuun", "kuuseen", "suohon", "suolle", "perkeleeseen",
    "hemmettiin", "hornaan", "jorpakkoon", "tiehesi", "tiehenne", "matkoihisi", "matkoihinne",
})  # fmt: skip
# "Painu" and "suksi" are rude with any way out: "painu pois", "suksi muualle".
_RUDE_ANYWHERE = frozenset({"painua", "suksia"})
_OUT = frozenset({"pois", "ulos", "muualle", "takaisin", "kotiin", "täältä", "metsään"})
_PRONOUNS = frozenset({"sinä", "sä", "sää", "te", "itse", "ite", "vaan", "vain", "nyt"})
_OPENERS = frozenset({"no", "ja", "niin", "joo", "hei", "mene"})
_WINDOW = 3
# Inessive and adessive nouns say where or when one keeps quiet: "kirjastossa", "yöllä".
_WHERE_OR_WHEN = frozenset({"sisaolento", "ulkoolento"})
_DURING = frozenset({"aikana", "ajan", "ajaksi"})


def dismissal(text_words: tuple[Word, ...], text: str = "") -> list[tuple[str, list[Word]]]:
    """(Finnish reason, words) for each command telling the reader to shut up or go away;
    `text` is what the words were read from."""
    found = []
    for i, word in enumerate(text_words):
        verbs = _commanded_verbs(word.lower)
        if not verbs:
            continue
        near = [w for w in text_words[i + 1 : i + 1 + _WINDOW] if w.sentence == word.sentence]
        lowers = {w.lower for w in near}
        mouths = [w for w in near if _names_mouth(w.lower)]
        shut_told = lowers & _SHUT_WORDS or verbs - _NEEDS_SHUT_WORD
        if verbs & _SHUT_VERBS and mouths and shut_told:
            found.append(("Käskee lukijan vaikenemaan", [word, *mouths]))
        elif "vaieta" in verbs or verbs & _QUIET_VERBS and lowers & _QUIET:
            quiet = [w for w in near if w.lower in _QUIET]
            if not (quiet and _rule_of_conduct(text_words, quiet[-1], text)):
                found.append(("Käskee lukijan vaikenemaan", [word, *quiet]))
        elif verbs & _GOING_VERBS and (
            lowers & _SENT_TO or verbs & _RUDE_ANYWHERE and lowers & _OUT
        ):
            away = [w for w in near if w.lower in _SENT_TO | _OUT]
            found.append(("Käskee lukijan häipymään", [word, *away]))
        elif "hävetä" in verbs and _starts_clause(text_words, i) and not _stated(near):
            found.append(("Käskee lukijaa häpeämään", [word]))  # "Häpeä!", "hävetkää"
        elif "haistaa" in verbs and _starts_clause(text_words, i) and _smelled_insult(near):
            found.append(("Käskee lukijaa haistamaan", [word, *near[:2]]))
    return found


def _rule_of_conduct(text_words: tuple[Word, ...], quiet: Word, text: str) -> bool:
    """ "Ole hiljaa kirjastossa", "olkaa hiljaa konsertin aikana", "ole hiljaa (ei
    tulostusta)": a place, a time or an explanation in brackets makes the command an
    instruction for a situation, not the reader silenced."""
    if text[quiet.end : quiet.end + 3].lstrip().startswith("("):
        return True
    index = text_words.index(quiet)
    after = [w.lower for w in text_words[index + 1 : index + 3] if w.sentence == quiet.sentence]
    if not after:
        return False
    if len(after) == 2 and after[1] in _DURING and _is_case(after[0], frozenset({"omanto"})):
        return True
    return _is_case(after[0], _WHERE_OR_WHEN)


@lru_cache(maxsize=65536)
def _is_case(lower: str, cases: frozenset[str]) -> bool:
    analyses = readings(lower)
    return bool(analyses) and all(r.word_class == "nimisana" and r.case in cases for r in analyses)


def _starts_clause(text_words: tuple[Word, ...], index: int) -> bool:
    """First in its sentence, or after a particle ("no haista", "ja haista")."""
    word = text_words[index]
    if word.sentence_start or text_words[index - 1].sentence != word.sentence:
        return True
    return text_words[index - 1].lower in _OPENERS


def _smelled_insult(near: list[Word]) -> bool:
    """ "Haista paska", "haista sinä kukkanen", "haista pitkä": the nominative, not the
    partitive of real smelling ("haista kukkaa")."""
    objects = [w for w in near if w.lower not in _PRONOUNS]
    return bool(objects) and _nominative(objects[0].lower)


def _stated(near: list[Word]) -> bool:
    """ "Häpeä on raskas tunne": a verb follows, so "häpeä" is the noun."""
    return bool(near) and any(
        r.word_class in ("teonsana", "kieltosana") for r in readings(near[0].lower)
    )


@lru_cache(maxsize=65536)
def _commanded_verbs(lower: str) -> frozenset[str]:
    """Base forms of the verbs `lower` commands the reader to do ("pidä", "painukaa")."""
    return frozenset(
        r.baseform
        for r in readings(lower)
        if r.word_class == "teonsana" and r.mood == "imperative" and r.person == "2"
    )


@lru_cache(maxsize=65536)
def _names_mouth(lower: str) -> bool:
    return any(r.baseform in _MOUTHS for r in readings(lower))


@lru_cache(maxsize=65536)
def _nominative(lower: str) -> bool:
    analyses = readings(lower)
    return not analyses or any(r.case == "nimento" for r in analyses)
