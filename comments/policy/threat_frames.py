"""Threats and calls to violence by their frame, with or without a named target.

A violent verb becomes a threat or a call by the frame around it: a deontic or optative verb
("pitäisi ampua", "tulee lahdata", "kuuluisi hirttää", "sais lyödä"), the imperative or jussive
("tappakaa", "kuolkoot"), the first person now or in a wish ("ammun", "tappaisin", "tulen
tappamaan"), a result that is injury or death ("piestä verille", "kuristaa kuoliaaksi"), a
wish of harm ("toivottavasti kärsit", "kunpa kuolisit") or a verbless sentence that sends people
to death ("kuolema kaikille X:lle", "hirteen koko porukka", "luoti kalloon").

Verbs that are ordinary words elsewhere ("lyön vetoa", "tuhotaan vanhat tiedostot", "hakkaa
päälle") count only with a sign of violence against people: a weapon, a blow to the head, a
result such as "verille", or a person or group as the target. Description ("poliisi ampui",
"metsästäjät ampuivat hirven") is neither a frame nor a wish and passes.
"""

from __future__ import annotations

from functools import lru_cache

from comments.policy.finnish import Word, readings
from comments.policy.group_attacks import is_group

# Verbs of violence against a person whatever their object.
_STRICT = frozenset({
    "tappaa", "murhata", "ampua", "puukottaa", "kuristaa", "hirttää", "raiskata", "teloittaa",
    "teurastaa", "lahdata", "kiduttaa", "piestä", "pahoinpidellä", "mukiloida", "kastroida",
    "listiä", "nitistää", "kivittää", "silpoa", "paloitella", "kaasuttaa", "likvidoida",
    "tappaminen", "ampuminen",
})  # fmt: skip
# Verbs that are violent only with a sign of violence against people.
_NEEDS_SIGN = frozenset({
    "lyödä", "hakata", "polttaa", "tuhota", "hävittää", "potkia", "lopettaa", "eliminoida",
    "hukuttaa", "räjäyttää", "vetää", "iskeä", "murskata", "potkaista", "pistää", "viiltää",
    "pamauttaa", "heittää", "tuikata", "puhdistaa",
})  # fmt: skip
# Idioms in which such a verb is harmless: "ampua alas", "hakkaa päälle", "lyödä vetoa".
# Words that make a violent verb an idiom: "lyödä vetoa", "lyödä rahoiksi", "tappaa aikaa".
IDIOM_WORDS = frozenset({
    "alas", "päälle", "vetoa", "aikaa", "tupakkaa", "rahaa", "alkuunsa", "lukkoon",
    "rahoiksi", "laimin", "leikiksi", "hynttyyt", "kättä", "pöytään",
})  # fmt: skip
_FRAME_IDIOM_WORDS = IDIOM_WORDS | {"aika"}
_MODAL_LEMMAS = frozenset({"pitää", "täytyä", "kuulua", "saada", "tarvita", "sietää"})
_MODAL_WORDS = frozenset({
    "pitäis", "pitäs", "pitäsi", "pitäiski", "pitäisikin", "täytyis", "kuulus", "kuuluis",
    "sais", "saa", "tulis", "tulisi", "tulee", "pitäisi", "pitää", "pitäisikö",
})  # fmt: skip
# Results and manners that make any blow violence: "piestä verille", "hävittää kiduttamalla".
_RESULTS = frozenset({
    "kuoliaaksi", "hengiltä", "henkihieveriin", "verille", "verillä", "tohjoksi", "rakoon",
    "kiduttamalla", "elävältä", "elävänä", "verissä", "mäsäksi",
})  # fmt: skip
_WEAPONS = frozenset({
    "vesuri", "kirves", "puukko", "veitsi", "ase", "pyssy", "kivääri", "nyrkki", "maila",
    "pesäpallomaila", "rautaputki", "kanki", "sorkkarauta", "moukari", "vasara", "haulikko",
    "luoti", "kivi", "bensa", "bensiini", "köysi",
})  # fmt: skip
_HEADS = frozenset({"naama", "pää", "turpa", "kallo", "otsa", "niska", "kurkku", "leuka", "selkä"})
# Only these make "saat ..." a blow: "saat turpaan", not "saat päähäsi idean".
_BLOWS = frozenset({"turpa", "naama", "kuono", "leuka"})
_PERSON_OBJECTS = frozenset({
    "sinut", "sut", "teidät", "teijät", "hänet", "heidät", "tuollaiset", "sellaiset",
    "tollaset", "tuommoset", "semmoset", "moiset", "jokainen", "jokaisen", "porukka", "sakki",
    "tuollainen", "sellainen", "tollanen", "semmonen",
})  # fmt: skip
# Words for "all of them" that name people only in a verbless call: "hirteen kaikki".
_ALL = frozenset({"kaikki", "ne", "nuo", "noi", "koko"})
_HARM_VERBS = frozenset({
    "kärsiä", "kuolla", "kitua", "kärvistellä", "mädäntyä", "tukehtua", "sairastua",
    "menehtyä", "palaa", "kuolettaa", "raiskata", "kuoleutua", "riutua",
})  # fmt: skip
# A sentence can hold a frame only if one of its words has one of these.
_TRIGGERS = frozenset({
    "strict", "loose", "harm", "jussive_death", "death_noun", "death_place", "bullet", "struck",
})  # fmt: skip
_TOLD_FORMS = frozenset({"infinitive", "imperative"})
_REFLEXIVE = frozenset({"itsesi", "ittes", "itses", "itseäsi", "itsenne", "itteesi", "ittesi"})
_WISH_WORDS = frozenset({"toivottavasti", "kunpa", "kumpa", "toivon", "toivoisin", "kunhan"})
_DEATH_PLACES = frozenset({"hirsi", "kaasu", "uuni", "rovio", "giljotiini", "sähkötuoli"})
_NEGATION = frozenset({
    "ei", "en", "et", "eivät", "emme", "ette", "älä", "älkää", "eikä", "ettei", "jottei", "eikö",
    "ellei", "eihän", "enkä", "etkä",
})  # fmt: skip
_PAST = frozenset({"past_imperfective"})


def threat_frame(sentence: list[Word]) -> tuple[str, str, list[Word]] | None:
    """(code, Finnish reason, words) when the sentence threatens or calls to violence."""
    lowers = [w.lower for w in sentence]
    tags = [_tags(lower) for lower in lowers]
    if all(_TRIGGERS.isdisjoint(t) for t in tags) or not _FRAME_IDIOM_WORDS.isdisjoint(lowers):
        return None
    # Finnish negation stands before its verb: "ei pidä tappaa", "en tapa".
    first_violent = next((i for i, t in enumerate(tags) if t & {"strict", "loose"}), len(tags))
    negated = any(lower in _NEGATION for lower in lowers[:first_violent])
    every = frozenset().union(*tags)
    strict = [w for w, t in zip(sentence, tags, strict=True) if "strict" in t]
    loose = [w for w, t in zip(sentence, tags, strict=True) if "loose" in t]
    signs = [w for w, t in zip(sentence, tags, strict=True) if t & {"result", "weapon", "head"}]
    targets = [w for w, t in zip(sentence, tags, strict=True) if "target" in t]
    violent = strict + (loose if signs or targets else [])
    code = "illegal.threat" if "second" in every else "illegal.incitement"
    if violent and not negated:
        framed = [w for w in violent if _tags(w.lower) & {"framed", "first_now", "wish_form"}]
        if "all" in every or targets or signs:
            framed += [w for w in violent if "passive_now" in _tags(w.lower)]
        modal = "modal" in every and any("infinitive" in _tags(w.lower) for w in violent)
        if framed or modal:
            reason = "Väkivaltaan kehottaminen tai sillä uhkaaminen"
            if modal:
                reason = "Väkivaltaa vaaditaan (pitäisi, tulee, kuuluisi ...)"
            return (code, reason, violent + signs + targets)
        # A sentence that opens with the bare infinitive is a call: "kuristaa kuoliaaksi".
        if signs and violent[0] is sentence[0] and "infinitive" in _tags(sentence[0].lower):
            return (code, "Väkivaltaa vaaditaan (kuoliaaksi, verille ...)", violent + signs)
    told = [
        (i, w) for i, w in enumerate(sentence) if tags[i] >= {"strict"} and tags[i] & _TOLD_FORMS
    ]
    selves = [
        sentence[j]
        for i, _ in told
        for j in range(max(0, i - 2), min(len(sentence), i + 3))
        if "reflexive" in tags[j]
    ]
    if selves and not negated:  # "ammu ittes", "tapa itsesi"
        told = [w for _, w in told]
        return ("illegal.threat", "Kehottaa toista vahingoittamaan itseään", told + selves)
    harm = [w for w, t in zip(sentence, tags, strict=True) if "harm" in t]
    hypothetical = "jos" in lowers  # "jos söisit tuota, kuolisit"
    if harm and "wish" in every and not negated and not hypothetical:
        wish = [w for w, t in zip(sentence, tags, strict=True) if "wish" in t]
        return ("illegal.threat", "Toivoo toiselle kärsimystä tai kuolemaa", wish + harm)
    jussive = [w for w, t in zip(sentence, tags, strict=True) if "jussive_death" in t]
    if jussive and not negated:
        return ("illegal.incitement", "Toivoo ihmisille kuolemaa", jussive)
    verbless = "finite" not in every
    death_to = _death_to(sentence, tags)
    if death_to:
        return ("illegal.incitement", "Toivoo ihmisille kuolemaa", death_to)
    places = [w for w, t in zip(sentence, tags, strict=True) if "death_place" in t]
    everyone = [w for w, t in zip(sentence, tags, strict=True) if "all" in t]
    if places and verbless and (targets or everyone or len(sentence) == 1):
        return ("illegal.incitement", "Kehotus surmata ihmisiä", places + targets + everyone)
    blows = [w for w, t in zip(sentence, tags, strict=True) if "you_get" in t]
    struck = [w for w, t in zip(sentence, tags, strict=True) if "struck" in t]
    if blows and struck and not negated:  # "saat vielä turpaasi"
        return ("illegal.threat", "Uhkaa lyödä lukijaa", blows + struck)
    heads = [w for w, t in zip(sentence, tags, strict=True) if "head" in t]
    bullets = [w for w, t in zip(sentence, tags, strict=True) if "bullet" in t]
    if bullets and heads:
        return (code, "Uhkaus ampua", bullets + heads)
    return None


@lru_cache(maxsize=65536)
def may_frame(lower: str) -> bool:
    """Whether a sentence with this word can hold a frame at all (most sentences cannot:
    `threat_frame` needs one of its words to trigger it)."""
    return not _TRIGGERS.isdisjoint(_tags(lower))


def _death_to(sentence: list[Word], tags: list[frozenset[str]]) -> list[Word]:
    """ "Kuolema kaikille", "kuolema petureille": death and, right after it, to whom."""
    for i, t in enumerate(tags[:-1]):
        for j in (i + 1, i + 2):
            if "death_noun" in t and j < len(tags) and "allative" in tags[j]:
                return [sentence[i], sentence[j]]
    return []


@lru_cache(maxsize=65536)
def _tags(lower: str) -> frozenset[str]:
    tags: set[str] = set()
    if lower in _MODAL_WORDS:
        tags.add("modal")
    if lower in _REFLEXIVE:
        tags |= {"reflexive", "second"}
    if lower in _WISH_WORDS:
        tags.add("wish")
    if lower in _RESULTS:
        tags.add("result")
    if lower in _PERSON_OBJECTS or is_group(lower):
        tags.add("target")
    if lower in _ALL:
        tags.add("all")
    if lower in ("sinut", "sut", "teidät", "sua", "sinua", "teitä", "sulle", "sinulle"):
        tags.add("second")
    analyses = readings(lower)
    if not analyses and len(lower) > 5 and lower.endswith("lle"):
        tags.add("allative")  # slang or a typo: "suvakeille", "petureille"
    for r in analyses:
        verb = r.word_class == "teonsana"
        if verb and r.mood in ("indicative", "conditional", "imperative") and r.person:
            tags.add("finite")
        if r.baseform in _MODAL_LEMMAS and verb and r.person == "3":
            tags.add("modal")
        if r.baseform == "tulla" and verb and r.person == "1":
            tags.add("modal")  # "tulen tappamaan"
        if r.baseform == "saada" and verb and r.person == "2" and r.mood == "indicative":
            tags.add("you_get")  # with a blow to the head: "saat turpaan"
        if r.baseform == "päästä" and r.mood == "conditional":
            tags.add("modal")  # "kunpa pääsisi kuristamaan"
        if r.baseform in _STRICT or r.baseform in _NEEDS_SIGN:
            tags.add("strict" if r.baseform in _STRICT else "loose")
            if r.mood in ("A-infinitive", "MA-infinitive") or (verb and not r.person):
                tags.add("infinitive")
            if r.mood == "imperative" and r.person in ("2", "3"):
                tags.add("imperative")
                if _only_verb(lower):
                    tags.add("framed")  # not "tapa" (the noun "way")
            if r.person == "1" and r.tense not in _PAST:
                tags.add("first_now")
            if r.person == "4" and r.tense not in _PAST and r.mood != "conditional":
                tags.add("passive_now")  # "tapetaan ne", but "kirjassa sankari murhataan"
            if r.mood == "conditional" and r.person in ("1", "4"):
                tags.add("wish_form")
        if r.parts[0] in _STRICT and "ttav" in lower.replace("ä", "a"):
            tags |= {"strict", "framed"}  # "ne on ammuttava"
        if r.baseform in _HARM_VERBS and verb and r.person == "2":
            tags.add("harm")
            tags.add("second")
            if r.baseform == "kuolla" and r.mood == "conditional":
                tags.add("wish")  # "kuolisit jo"
        if r.baseform in _HARM_VERBS and verb and r.person == "4" and r.baseform == "raiskata":
            tags.add("harm")
        if r.baseform in _STRICT and verb and r.person == "4":
            tags.add("harm")  # "toivottavasti sinut ammutaan"
        if r.baseform == "kuolla" and r.mood == "imperative" and r.person == "3":
            tags.add("jussive_death")  # "kuolkoot"
        if r.baseform == "kuolla" and verb and r.person == "3" and r.mood != "imperative":
            tags.add("harm_third")
        if r.baseform in _WEAPONS and r.case in ("ulkoolento", "keinonto"):
            tags.add("weapon")
        if r.baseform in _HEADS and r.case == "sisatulento":
            tags.add("head")
            if r.baseform in _BLOWS:
                tags.add("struck")
        if r.baseform == "kuolema" and r.case == "nimento":
            tags.add("death_noun")
        if r.case == "ulkotulento":
            tags.add("allative")
        if r.baseform in _DEATH_PLACES and r.case == "sisatulento":
            tags.add("death_place")
        if r.baseform == "luoti":
            tags.add("bullet")
        if r.baseform in ("sinä", "te"):
            tags.add("second")
        if r.possessive in ("2s", "2p") or (verb and r.person == "2"):
            tags.add("second")
    if "harm_third" in tags and lower.endswith(("kuolis", "kuolisi", "kuolee", "kuolevat")):
        tags.add("harm")  # "toivottavasti ne kaikki kuolee"
    return frozenset(tags)


def _only_verb(lower: str) -> bool:
    return all(r.word_class == "teonsana" for r in readings(lower))
