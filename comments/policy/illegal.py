"""Illegal content: Finnish personal identity numbers, payment card numbers, threats of
violence and incitement against a group of people."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from comments.policy.finnish import Reading, Word, lemmas, readings, words
from comments.policy.model import Finding, Span
from comments.policy.normalise import NormalisedText
from comments.policy.threat_frames import IDIOM_WORDS, may_frame, threat_frame

_HETU = re.compile(r"(?<![\w-])(\d{6})([-+ABCDEFUVWXYabcdefuvwxy])(\d{3})([0-9A-Ya-y])(?![\w])")
_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_CENTURY = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}
# Not inside a link or a word: "uutiset/2015112820745174_uu.shtml" is an address, not a card.
_CARD = re.compile(r"(?<![\w/=.-])\d(?:[ -]?\d){12,18}(?![\w/])")

_VIOLENT_VERBS = frozenset({
    "tappaa", "murhata", "ampua", "puukottaa", "hakata", "kuristaa", "hirttää", "polttaa",
    "raiskata", "listiä", "lahdata", "teurastaa", "nitistää", "teloittaa", "pahoinpidellä",
    "räjäyttää", "kaasuttaa", "lyödä", "potkia", "kostaa", "hukuttaa", "viiltää", "pieksää",
    "mukiloida", "tuhota", "hävittää", "likvidoida", "eliminoida", "lopettaa",
})  # fmt: skip
# Verbs of violence that are ordinary words elsewhere ("poltan tupakkaa", "lopetan tilauksen")
# need a person as their target.
_NEEDS_PERSON = frozenset({"polttaa", "lyödä", "tuhota", "hävittää", "eliminoida", "lopettaa"})
_EXPEL_VERBS = frozenset({"karkottaa", "häätää", "ajaa", "heittää", "potkia", "lähettää"})
_SECOND_PERSON = frozenset({"sinä", "te"})
_SECOND_PERSON_SLANG = frozenset({
    "sut", "sua", "sun", "sulle", "sult", "sulta", "sust", "susta", "sä", "sää", "teiät", "teit",
})  # fmt: skip
_HOME_WORDS = frozenset({
    "koti", "ovi", "osoite", "asunto", "talo", "piha", "työpaikka", "luokse", "perhe", "lapsi",
    "auto", "kotiovi", "kotipiha", "luo",
})  # fmt: skip
_MODALS = frozenset({"pitää", "täytyä", "kuulua", "tarvita", "saada", "pitäisi"})
_FIND_VERBS = frozenset({"tulla", "löytää", "tietää", "etsiä", "odottaa", "käydä", "hakea"})
_DEATH_WISH_CUES = frozenset({
    "toivottavasti", "ansaita", "pitää", "kunpa", "kumpa", "soisi", "toivoa", "hirsi", "saada",
    "pian", "kohta", "vielä",
})  # fmt: skip
_GROUPS = frozenset({
    "maahanmuuttaja", "pakolainen", "turvapaikanhakija", "muslimi", "juutalainen", "romani",
    "mustalainen", "homo", "homoseksuaali", "lesbo", "transihminen", "ulkomaalainen", "somali",
    "venäläinen", "ruotsalainen", "virolainen", "kristitty", "neekeri", "ryssä", "mamu",
    "matu", "vammainen", "kehitysvammainen", "nainen", "feministi", "saamelainen", "arabi",
    "afrikkalainen", "aasialainen", "kiinalainen", "intialainen", "ukrainalainen", "hintti",
    "persu", "vihervasemmisto", "kommunisti", "poliitikko", "maahantunkeutuja", "islamisti",
})  # fmt: skip
_ATTRIBUTE_CLASSES = frozenset({"laatusana", "nimisana_laatusana", "asemosana", "lukusana"})
# A sentence can be a threat or a call to violence only if one of its words has one of these.
_TRIGGERS = frozenset({"violent", "death", "death_inf", "home", "expel", "body_target"})
# "Vedän sua turpaan": a blow aimed at a body part.
_BODY_PARTS = frozenset({"turpa", "naama", "pää", "kallo", "leuka", "kurkku", "nenä", "kuono"})
_HIT_VERBS = frozenset({
    "vetää", "lyödä", "iskeä", "potkaista", "potkia", "hakata", "ampua", "antaa", "tälli",
    "hajottaa", "murskata", "jysäyttää", "pamauttaa", "läimäyttää",
})  # fmt: skip
_NEGATIONS = frozenset({"ei", "en", "et", "emme", "ette", "eivät", "älä", "älkää", "ettet"})
_PUBLIC_ID = "Poista kommentista henkilötunnus: sitä ei saa julkaista."
_PUBLIC_CARD = "Poista kommentista maksukortin numero: sitä ei saa julkaista."
_PUBLIC_THREAT = "Kommentissasi on uhkaus. Uhkauksia ei julkaista."


def find_illegal(norm: NormalisedText, field: str = "body") -> list[Finding]:
    """Identity numbers, card numbers, threats and incitement in the body."""
    text = norm.original
    findings: list[Finding] = []
    ids = [m for m in _HETU.finditer(text) if is_valid_hetu(m.group())]
    if ids:
        findings.append(
            Finding(
                "illegal.hetu",
                "strong",
                "Henkilötunnus, jonka tarkistusmerkki täsmää",
                _PUBLIC_ID,
                field,
                tuple(Span(field, m.start(), m.end(), m.group()) for m in ids),
            )
        )
    cards = [m for m in _CARD.finditer(text) if is_card_number(m.group())]
    if cards:
        findings.append(
            Finding(
                "illegal.card_number",
                "strong",
                "Maksukortin numero (Luhn-tarkiste täsmää)",
                _PUBLIC_CARD,
                field,
                tuple(Span(field, m.start(), m.end(), m.group()) for m in cards),
            )
        )
    text_words = words(norm.text)
    for code, message, sentence_words in _violent_sentences(text_words):
        spans = []
        for w in sentence_words:
            start, end = norm.original_span(w.start, w.end)
            spans.append(Span(field, start, end, text[start:end]))
        findings.append(Finding(code, "strong", message, _PUBLIC_THREAT, field, tuple(spans)))
    return _merge_same_code(findings)


def is_valid_hetu(candidate: str) -> bool:
    """A Finnish personal identity number (henkilötunnus) with a real date and check character.

    Accepts every century sign, including those in use since 2023 (Y X W V U and B-F).
    """
    if len(candidate) != 11:
        return False
    digits, sign, individual, check = (
        candidate[:6],
        candidate[6].upper(),
        candidate[7:10],
        candidate[10].upper(),
    )
    if sign not in _CENTURY or not (digits + individual).isdigit():
        return False
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:6]) + _CENTURY[sign]
    try:
        date(year, month, day)
    except ValueError:
        return False
    if individual in ("000", "001"):
        return False
    return _HETU_CHECK[int(digits + individual) % 31] == check


def is_card_number(candidate: str) -> bool:
    """13-19 digits (spaces or hyphens between) of a card network, with a valid Luhn sum."""
    digits = re.sub(r"[ -]", "", candidate)
    if not (13 <= len(digits) <= 19) or digits[0] not in "23456":
        return False
    return luhn_valid(digits)


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _violent_sentences(text_words: list[Word]) -> list[tuple[str, str, list[Word]]]:
    sentences: dict[int, list[Word]] = {}
    triggered: set[int] = set()
    framable: set[int] = set()
    for w in text_words:
        sentences.setdefault(w.sentence, []).append(w)
        triggers, frames = _marks(w.lower)
        if triggers:
            triggered.add(w.sentence)
        if frames:
            framable.add(w.sentence)
    found = []
    for number, sentence in sentences.items():
        result = _judge_sentence(sentence) if number in triggered else None
        if not result and number in framable:
            result = threat_frame(sentence)
        if result:
            found.append(result)
    return found


def _judge_sentence(sentence: list[Word]) -> tuple[str, str, list[Word]] | None:
    tagged = [(w, _features(w.lower)) for w in sentence]

    def having(tag: str) -> list[Word]:
        return [w for w, tags in tagged if tag in tags]

    all_tags = frozenset().union(*(tags for _, tags in tagged))
    second_person = having("second")
    death = having("death")
    # "kuole" (imperative) and "toivottavasti kuolet" wish death on the reader; "et kuole
    # nälkään" (the same form after a negation) does not.
    negated = {id(w) for i, w in enumerate(sentence) if i and sentence[i - 1].lower in _NEGATIONS}
    dying_now = [w for w in having("death_now") if id(w) not in negated]
    if dying_now or (death and "cue" in all_tags):
        return ("illegal.threat", "Toivoo lukijalle kuolemaa", death or dying_now)
    # "ansaitset kuolla", "sinun pitäisi kuolla"
    dying = having("death_inf")
    if dying and "cue" in all_tags and (second_person or having("verb2")):
        return ("illegal.threat", "Toivoo lukijalle kuolemaa", dying + having("verb2"))
    if second_person and having("home") and having("find"):
        return (
            "illegal.threat",
            "Uhkaus tulla kotiin tai tietää osoite",
            having("find") + having("home"),
        )
    if having("body_target") and having("hit") and (second_person or having("first_person")):
        return (
            "illegal.threat",
            "Väkivallalla uhkaaminen (lyönti)",
            having("hit") + having("body_target"),
        )
    nouns = {id(w) for i, w in enumerate(sentence) if i and _noun_after_attribute(sentence, i)}
    verbs = [
        (w, t[8:])
        for w, tags in tagged
        for t in tags
        if t.startswith("violent:") and id(w) not in nouns
    ]
    if "modal" in all_tags:  # "sinut pitäisi hakata", "kaikki pitäisi ampua"
        verbs += [(w, t[12:]) for w, tags in tagged for t in tags if t.startswith("violent_inf:")]
    if any(w.lower in IDIOM_WORDS for w in sentence):
        verbs = []  # "sinun pitäisi lyödä rahoiksi", "lyön vetoa"
    person_verbs = [(w, lemma) for w, lemma in verbs if lemma not in _NEEDS_PERSON]
    if person_verbs and second_person:
        return (
            "illegal.threat",
            "Väkivallalla uhkaaminen: " + ", ".join(dict.fromkeys(v for _, v in person_verbs)),
            [w for w, _ in person_verbs] + second_person,
        )
    # "poltan talosi" yes, "tuhosi" (your ruin) no: these verbs need "sinut", "teidät" ...
    # ... or speak in the first person of something of yours ("poltan talosi").
    pronouns = having("second_pronoun")
    if verbs and pronouns:
        return ("illegal.threat", "Väkivallalla uhkaaminen", [w for w, _ in verbs] + pronouns)
    mine = [w for w, _ in verbs if "violent_first" in _features(w.lower)]
    yours = [w for w in having("second_possessive") if w not in mine]
    if mine and yours:
        return ("illegal.threat", "Väkivallalla uhkaaminen", mine + yours)
    calls = [w for w, _ in verbs if "call" in _features(w.lower)]
    expel_calls = [w for w in having("expel") if "call" in _features(w.lower)]
    groups = having("group")
    if groups and (calls or (expel_calls and "country" in all_tags)):
        return (
            "illegal.incitement",
            "Kehotus väkivaltaan tai karkottamiseen ihmisryhmää vastaan",
            groups + calls + expel_calls,
        )
    # Without a group named, the verb must be unambiguous ("tapa" is also the noun "way")
    # or carried by a modal ("pitäisi tappaa").
    if "modal" not in all_tags:
        calls = [w for w in calls if "only_verb" in _features(w.lower)]
    calls = [w for w, lemma in verbs if w in calls and lemma not in _NEEDS_PERSON]
    if "everyone" in all_tags and calls:
        return ("illegal.incitement", "Kehotus väkivaltaan ihmisiä vastaan", calls)
    return None


def _noun_after_attribute(sentence: list[Word], index: int) -> bool:
    """Whether a verb form that is also a noun stands after an attribute in the same case,
    so that it is the noun: "surkea tapa kohdella", "tämä tapa" (not "tapa se")."""
    word, before = sentence[index].lower, sentence[index - 1].lower
    if "only_verb" in _features(word):
        return False
    cases = {r.case for r in readings(word) if r.word_class == "nimisana" and r.case}
    return any(r.word_class in _ATTRIBUTE_CLASSES and r.case in cases for r in readings(before))


@lru_cache(maxsize=65536)
def _marks(lower: str) -> tuple[bool, bool]:
    """Whether the word makes its sentence worth judging, and worth a frame's look."""
    return not _TRIGGERS.isdisjoint(_features(lower)), may_frame(lower)


@lru_cache(maxsize=65536)
def _features(lower: str) -> frozenset[str]:
    """What a word contributes to a threat or a call to violence, from all its readings."""
    tags: set[str] = set()
    word_readings = readings(lower)
    word_lemmas = lemmas(lower)
    for r in word_readings:
        if r.word_class == "teonsana":
            # "Tapan", "tapetaan", "pitäisi tappaa", "tappakaa" threaten or call; "stressi
            # tappaa sinut" and "ammuit itseäsi jalkaan" describe.
            if r.baseform in _VIOLENT_VERBS and (r.person in ("1", "4") or r.mood == "imperative"):
                tags |= {"violent", "violent:" + r.baseform}
                if r.person == "1":
                    tags.add("violent_first")
            elif r.baseform in _VIOLENT_VERBS and r.mood == "A-infinitive":
                tags |= {"violent", "violent_inf:" + r.baseform}  # counts with a modal
            if (r.person == "4" and r.tense != "past_imperfective") or r.mood in (
                "imperative",
                "conditional",
                "A-infinitive",
            ):
                tags.add("call")
        if r.baseform in _SECOND_PERSON:
            tags |= {"second", "second_pronoun"}
        if r.possessive in ("2s", "2p"):
            tags |= {"second", "second_possessive"}
            if r.baseform in _HOME_WORDS:
                tags.add("home")
        if r.baseform in _MODALS:
            tags.add("modal")
        if r.baseform in _FIND_VERBS and r.person in ("1", "4"):
            tags.add("find")  # "tulen", "tiedän", "sinut löydetään"; not "kun tulet kotiisi"
        if r.baseform == "asua" and r.person == "2":
            tags |= {"home", "second"}
        if r.baseform == "kuolla" and r.person == "2":
            tags.add("death")
            if r.mood == "imperative":
                tags.add("death_now")
        if r.baseform == "kuolla" and r.mood == "A-infinitive":
            tags.add("death_inf")
        if r.word_class == "teonsana" and r.person == "2":
            tags.add("verb2")
        if r.baseform in _EXPEL_VERBS:
            tags.add("expel")
        if r.baseform in _BODY_PARTS and r.case == "sisatulento":
            tags.add("body_target")
        if r.baseform in _HIT_VERBS and r.word_class == "teonsana":
            tags.add("hit")
            if r.person == "1":
                tags.add("first_person")
    if word_readings and all(r.word_class == "teonsana" for r in word_readings):
        tags.add("only_verb")
    if lower in _SECOND_PERSON_SLANG:
        tags |= {"second", "second_pronoun"}
    # A group of people by every reading: "kokonainen" can split into koko+nainen, but need not.
    if _is_group(word_readings, word_lemmas):
        tags.add("group")
    if lower in ("kaikki", "kaikkien", "kaikille", "jokainen"):
        tags.add("everyone")
    if word_lemmas & _DEATH_WISH_CUES:
        tags.add("cue")
    if word_lemmas & {"maa", "suomi", "ulos", "pois", "kotimaa", "raja"}:
        tags.add("country")
    return frozenset(tags)


def _is_group(word_readings: tuple[Reading, ...], word_lemmas: frozenset[str]) -> bool:
    if not word_readings:
        return bool(word_lemmas & _GROUPS)
    return all(
        r.baseform in _GROUPS or (len(r.parts) > 1 and r.parts[-1] in _GROUPS)
        for r in word_readings
    )


def _merge_same_code(findings: list[Finding]) -> list[Finding]:
    merged: dict[str, Finding] = {}
    for f in findings:
        if f.code in merged:
            old = merged[f.code]
            merged[f.code] = Finding(
                f.code,
                old.severity,
                old.message,
                old.public_message,
                old.field,
                old.spans + f.spans,
            )
        else:
            merged[f.code] = f
    return list(merged.values())
